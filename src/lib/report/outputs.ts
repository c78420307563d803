/**
 * STAND-IN for the doc helper's src/lib/result/outputs.ts (parseOutputs / writeOutputs), which the report commands
 * switch to at merge: `--output FILE.json` (atomic) and `-` (the document on stdout). `.html` needs the html
 * helper's renderer and is refused here until then.
 */
import path from 'node:path';
import {existsSync, statSync} from 'node:fs';

import {writeFileAtomically} from '../atomic-file.js';
import {UsageError} from '../errors.js';
import {documentJson} from '../render/json.js';

export interface ReportOutput {
  path: string;
  format: 'json' | 'stdout';
}

/** Checks every --output target before any work: format by extension, an existing folder, no path twice. */
export function parseReportOutputs(values: string[], options: {json: boolean}): ReportOutput[] {
  const seen = new Set<string>();
  return values.map((value) => {
    if (value === '-') {
      if (options.json) throw new UsageError('--output - prints the document on stdout, as --json does: use one of them');
      if (seen.has('-')) throw new UsageError('--output - is given twice');
      seen.add('-');
      return {path: '-', format: 'stdout'};
    }
    const extension = path.extname(value).toLowerCase();
    if (extension === '.html') throw new UsageError(`--output ${value}: HTML reports are not available in this build yet (use .json)`);
    if (extension !== '.json') throw new UsageError(`--output ${value}: unknown format '${extension || '(none)'}'; use .json or - (stdout)`);
    const folder = path.dirname(path.resolve(value));
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--output ${value}: the folder ${folder} does not exist`);
    const resolved = path.resolve(value);
    if (seen.has(resolved)) throw new UsageError(`--output ${value} is given twice`);
    seen.add(resolved);
    return {path: value, format: 'json'};
  });
}

/** Writes the document to every target (files atomically); returns the files written. */
export async function writeReportOutputs(targets: ReportOutput[], document: unknown): Promise<string[]> {
  const written: string[] = [];
  for (const target of targets) {
    if (target.format === 'stdout') {
      process.stdout.write(`${documentJson(document)}\n`);
      continue;
    }
    await writeFileAtomically(target.path, (write) => write(`${documentJson(document)}\n`));
    written.push(target.path);
  }
  return written;
}
