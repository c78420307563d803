import {Args} from '@oclif/core';

import {BenchCommand} from '../../lib/bench-command.js';
import {afterResult} from '../../lib/errors.js';
import {loadResult} from '../../lib/report/load-result.js';
import {parseReportOutputs, renderResult} from '../../lib/report/show.js';
import {outputFlag} from '../../lib/result/output-flag.js';
import {deliverOutputs, documentToStdout} from '../../lib/result/outputs.js';

export default class ReportShow extends BenchCommand<typeof ReportShow> {
  static summary = 'Print the report of a saved result again, exactly as the run printed it (or write it with --output).';
  static description = [
    'Reads a result document (--output FILE.json or --json of test-task-insertion, task-analysis, demo, or report merge),',
    'checks it against the pulp-bench/result@1 schema, and prints its terminal report with the same code the run used.',
    '--output FILE.html writes the HTML report of the saved result.',
  ].join(' ');

  static examples = ['<%= config.bin %> <%= command.id %> run.json', '<%= config.bin %> <%= command.id %> run.json --output run.html', '<%= config.bin %> <%= command.id %> run.json --json | jq .latency'];

  static args = {
    file: Args.string({required: true, description: 'A result document (.json), or - to read one from standard input.'}),
  };

  static flags = {
    output: outputFlag(undefined, {summary: 'Also write the result to this file: .html (a report), .json (the document) or - (stdout). Repeatable.'}),
  };

  async run(): Promise<void> {
    const outputs = parseReportOutputs(this.flags.output ?? [], {json: this.jsonEnabled()});
    this.documentOnStdout = documentToStdout(outputs);
    const {document} = await loadResult(this.args.file);
    if (this.printsDocument()) this.printDocument(document);
    else this.log(await renderResult(document));
    const failure = await deliverOutputs(outputs, document, undefined, (line) => this.note(line));
    if (failure) throw afterResult(failure);
  }
}
