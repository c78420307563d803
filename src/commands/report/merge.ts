import {Args} from '@oclif/core';

import {BenchCommand} from '../../lib/bench-command.js';
import {loadResult} from '../../lib/report/load-result.js';
import {mergeResults} from '../../lib/report/merge.js';
import {outputFlag} from '../../lib/report/output-flag.js';
import {parseReportOutputs, writeReportOutputs} from '../../lib/report/outputs.js';
import {renderResult} from '../../lib/report/show.js';

export default class ReportMerge extends BenchCommand<typeof ReportMerge> {
  static summary = 'Merge results of one command run on several machines at the same time into one result.';
  static description = [
    'Counts add, the run spans all runs (rates over that span), timelines align on wall-clock time, percentiles come',
    'from the merged histograms. The results must be of the same kind (insertion or analysis; analyses of the same',
    'window, filters and bins) and overlap in time. Prints the merged report; --output writes the merged document.',
  ].join(' ');

  static examples = [
    '<%= config.bin %> <%= command.id %> host1.json host2.json host3.json --output all.json',
    '<%= config.bin %> <%= command.id %> a.json b.json --output all.json --output all.html',
  ];

  static strict = false;

  static args = {
    files: Args.string({required: true, description: 'Result documents (.json), two or more.'}),
  };

  static flags = {
    output: outputFlag('Write the merged result to this file: .json or - (stdout); repeatable; required.', true),
  };

  async run(): Promise<void> {
    const json = this.jsonEnabled();
    const outputs = parseReportOutputs(this.flags.output ?? [], {json});
    const {argv} = await this.parse(ReportMerge);
    const files = argv as string[];
    const results = [];
    for (const file of files) results.push(await loadResult(file));
    const merged = await mergeResults(results, {name: 'pulp-bench', version: this.config.version, node: process.version});
    if (json) this.printDocument(merged);
    const written = await writeReportOutputs(outputs, merged);
    for (const file of written) this.note(`wrote ${file}`);
    if (!json && !outputs.some((output) => output.format === 'stdout')) this.log(await renderResult(merged));
  }
}
