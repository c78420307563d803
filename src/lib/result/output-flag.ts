/** The `--output FILE` flag, the same on every command that makes a result document. */
import {Flags} from '@oclif/core';

import {FlagGroup} from '../flag-groups.js';

/** The long help: `csv` says what a .csv row is, or that there is none. */
const description = (csv: string) =>
  [
    `The format comes from the extension: .json writes the result document (the same one --json prints), .html a self-contained report to open offline, ${csv}; - prints the JSON document on stdout instead of the terminal report.`,
    'Every file is checked before the work starts, written atomically (a temporary file renamed when complete), and a file that cannot be written does not lose the report or the other files (exit 2).',
  ].join(' ');

/**
 * `rows`: what a .csv row is for this command, or undefined when it has none; `options.summary` replaces the one-line
 * summary (`report` commands), `options.required` makes the flag required.
 */
export function outputFlag(rows: string | undefined, options: {summary?: string; required?: boolean} = {}) {
  const csv = rows ? `, .csv (${rows})` : '';
  return Flags.string({
    multiple: true,
    required: options.required ?? false,
    multipleNonGreedy: true,
    helpGroup: FlagGroup.output,
    summary: options.summary ?? `Also write the result to this file: .json (the result document), .html (a report)${csv}, or - for stdout. Repeatable.`,
    description: description(rows ? `.csv one row per ${rows.replace(/^one row per /, '')}` : '.csv is not accepted here (this command keeps no rows)'),
  });
}
