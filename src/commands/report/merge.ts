import {Args} from '@oclif/core';

import {BenchCommand} from '../../lib/bench-command.js';
import {afterResult} from '../../lib/errors.js';
import {asWritten} from '../../lib/render/json.js';
import {loadResult} from '../../lib/report/load-result.js';
import {mergeResults} from '../../lib/report/merge.js';
import {parseReportOutputs, renderResult} from '../../lib/report/show.js';
import {outputFlag} from '../../lib/result/output-flag.js';
import {deliverOutputs, documentToStdout} from '../../lib/result/outputs.js';

export default class ReportMerge extends BenchCommand<typeof ReportMerge> {
  static summary = 'Merge results of one command run on several machines at the same time into one result.';
  static description = [
    'Counts add, the run spans all runs (rates over that span), timelines align on wall-clock time, percentiles come',
    'from the merged histograms. The results must be of the same kind (insertion or analysis; analyses of the same',
    'window, filters and bins) and overlap in time. Insertion runs that each polled the server keep one server view,',
    'the widest (noted in it). Prints the merged report; --output writes the merged document and its HTML report.',
  ].join(' ');

  static examples = [
    '<%= config.bin %> <%= command.id %> host1.json host2.json host3.json --output all.json',
    '<%= config.bin %> <%= command.id %> a.json b.json --output all.json --output all.html',
  ];

  static strict = false;

  static args = {
    files: Args.string({required: true, description: 'Result documents (.json), two or more; - reads one from standard input.'}),
  };

  static flags = {
    output: outputFlag(undefined, {summary: 'Write the merged result to this file: .json (the document), .html (a report) or - (stdout). Repeatable; required.', required: true}),
  };

  async run(): Promise<void> {
    const outputs = parseReportOutputs(this.flags.output ?? [], {json: this.jsonEnabled()});
    this.documentOnStdout = documentToStdout(outputs);
    const {argv} = await this.parse(ReportMerge);
    const results = [];
    for (const file of argv as string[]) results.push(await loadResult(file));
    // As the merged file will hold it, so `report show` of that file prints this report.
    const merged = asWritten(await mergeResults(results, {name: 'pulp-bench', version: this.config.version, node: process.version}, {note: (line) => this.note(line)}));
    if (this.printsDocument()) this.printDocument(merged);
    else this.log(await renderResult(merged));
    const failure = await deliverOutputs(outputs, merged, undefined, (line) => this.note(line));
    if (failure) throw afterResult(failure);
  }
}
