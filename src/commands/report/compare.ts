import {Args} from '@oclif/core';

import {BenchCommand} from '../../lib/bench-command.js';
import {afterResult} from '../../lib/errors.js';
import {renderCompare} from '../../lib/render/compare.js';
import {compareDocument, compareDocuments, compareScope, compareSubject, requireSameKind, settingDifferences} from '../../lib/report/compare.js';
import {loadResult} from '../../lib/report/load-result.js';
import {parseReportOutputs} from '../../lib/report/show.js';
import {outputFlag} from '../../lib/result/output-flag.js';
import {deliverOutputs, documentToStdout} from '../../lib/result/outputs.js';
import {failIfFlag} from '../../lib/threshold-flag.js';
import {evaluateThresholds, parseThresholds, thresholdFailure} from '../../lib/thresholds.js';

export default class ReportCompare extends BenchCommand<typeof ReportCompare> {
  static summary = 'Compare two saved results of the same kind: every headline figure, its change, better or worse.';
  static description = [
    'For each headline figure: base, new, the absolute change and the relative one, marked better or worse by the',
    "figure's direction (latency and waits: lower is better; rates: higher). --fail-if reads base.X, new.X, change.X",
    '(absolute; durations in seconds with units) and delta.X (relative: 20% = 0.2), e.g. a CI regression gate.',
  ].join(' ');

  static examples = [
    '<%= config.bin %> <%= command.id %> before.json after.json',
    '<%= config.bin %> <%= command.id %> before.json after.json --fail-if "delta.waitTime.p95 > 20%"',
    '<%= config.bin %> <%= command.id %> base.json new.json --fail-if "change.latency.p99 > 500 ms or delta.tasksPerSecond < -10%" --json',
    '<%= config.bin %> <%= command.id %> before.json after.json --output comparison.html',
  ];

  static args = {
    base: Args.string({required: true, description: 'The result to compare against (.json; - reads standard input).'}),
    new: Args.string({required: true, description: 'The result to compare (.json; - reads standard input).'}),
  };

  static flags = {
    'fail-if': failIfFlag('delta.waitTime.p95 > 20%', 'base.X, new.X, change.X and delta.X of every compared figure X, e.g. delta.latency.p99, change.waitTime.p95'),
    output: outputFlag(undefined, {summary: 'Also write the comparison to this file: .html (a report), .json (the compare document) or - (stdout). Repeatable.'}),
  };

  async run(): Promise<void> {
    const outputs = parseReportOutputs(this.flags.output ?? [], {json: this.jsonEnabled()});
    this.documentOnStdout = documentToStdout(outputs);
    const base = await loadResult(this.args.base);
    const next = await loadResult(this.args.new);
    requireSameKind([base, next]);
    const differences = settingDifferences(base.document, next.document);
    if (differences.length > 0) this.note(`note: the runs were made with other settings (${differences.join('; ')}): the comparison measures those too`);
    const figures = compareDocuments(base.document, next.document);
    const subject = compareSubject(figures);
    const thresholds = parseThresholds(this.flags['fail-if'] ?? [], subject);
    const outcomes = evaluateThresholds(thresholds, compareScope(figures), subject);
    const document = compareDocument(base, next, figures, outcomes);
    if (this.printsDocument()) this.printDocument(document);
    else this.log(await renderCompare(document));
    // As the measuring commands: a file that cannot be written (exit 2) comes before a crossed gate (exit 6).
    const outputFailure = await deliverOutputs(outputs, document, undefined, (line) => this.note(line));
    if (outputFailure) throw afterResult(outputFailure);
    const crossed = thresholdFailure(outcomes);
    if (crossed) throw afterResult(crossed);
  }
}
