import {Args} from '@oclif/core';

import {BenchCommand} from '../../lib/bench-command.js';
import {loadResult} from '../../lib/report/load-result.js';
import {outputFlag} from '../../lib/report/output-flag.js';
import {parseReportOutputs, writeReportOutputs} from '../../lib/report/outputs.js';
import {renderResult} from '../../lib/report/show.js';

export default class ReportShow extends BenchCommand<typeof ReportShow> {
  static summary = 'Print the report of a saved result again, exactly as the run printed it (or write it with --output).';
  static description = [
    'Reads a result document (--output FILE.json or --json of test-task-insertion, task-analysis, demo, or report merge),',
    'checks it against the pulp-bench/result@1 schema, and prints its terminal report with the same code the run used.',
  ].join(' ');

  static examples = ['<%= config.bin %> <%= command.id %> run.json', '<%= config.bin %> <%= command.id %> run.json --output run.html', '<%= config.bin %> <%= command.id %> run.json --json | jq .latency'];

  static args = {
    file: Args.string({required: true, description: 'A result document (.json).'}),
  };

  static flags = {
    output: outputFlag('Also write the result to this file: .json (the document) or - (stdout); repeatable.'),
  };

  async run(): Promise<void> {
    const json = this.jsonEnabled();
    const outputs = parseReportOutputs(this.flags.output ?? [], {json});
    const {document} = await loadResult(this.args.file);
    if (json) this.printDocument(document);
    const written = await writeReportOutputs(outputs, document);
    for (const file of written) this.note(`wrote ${file}`);
    if (!json && !outputs.some((output) => output.format === 'stdout')) this.log(await renderResult(document));
  }
}
