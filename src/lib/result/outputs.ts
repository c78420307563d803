/**
 * `--output FILE` (repeatable): where a result goes besides the terminal. The format comes from the extension —
 * `.json` the result document, `.html` a self-contained report, `.csv` the per-request (insertion) or per-task
 * (analysis) rows — and `-` is the JSON document on stdout (in place of the terminal report; with `--json` it is
 * still one document). Every target is checked before any request (parseOutputs), so a long run never ends in
 * "cannot write"; files are written atomically (atomic-file.ts); one target failing does not stop the others
 * (writeOutputs reports each).
 */
import {accessSync, constants, realpathSync, statSync} from 'node:fs';
import path from 'node:path';

import {writeFileAtomically} from '../atomic-file.js';
import {PulpBenchError, UsageError} from '../errors.js';
import {documentJson} from '../render/json.js';
import type {CompareDocument} from '../report/compare.js';
import type {ResultDocument, ResultKind} from './document.js';

/** What can be written: a result document, or the document of `report compare` (.json and .html only). */
export type WritableDocument = ResultDocument | CompareDocument;

export type OutputFormat = 'json' | 'html' | 'csv';

export interface OutputTarget {
  /** As given on the command line. */
  value: string;
  format: OutputFormat;
  /** `-`: the JSON document on stdout, printed by the command itself (writeOutputs leaves it out). */
  stdout: boolean;
  /** The absolute path of a file target. */
  path?: string;
}

/** Rows for a `.csv` target: `write` produces the header and every row through the writer and returns the rows. */
export interface CsvRows {
  write: (write: (text: string) => Promise<void>) => Promise<number>;
}

export interface OutputOptions {
  /** Whether --json is on (then `-` is the same one document, not a second one). */
  json: boolean;
  kind: ResultKind;
  /** Whether rows exist for `.csv` (default: yes for insertion and analysis, never for demo). */
  csvRows?: boolean;
  /** Other files the command writes (e.g. `--csv`), which no target may repeat: flag → path. */
  otherFiles?: Record<string, string | undefined>;
}

const FORMATS: Record<string, OutputFormat> = {'.json': 'json', '.html': 'html', '.csv': 'csv'};
const FORMAT_LIST = '.json (the result document), .html (a self-contained report), .csv (one row per request or task) or - (the JSON document on stdout)';

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/** The file's real location (its folder resolved through symbolic links), to find two names for one file. */
function canonicalPath(file: string): string {
  const absolute = path.resolve(file);
  try {
    return path.join(realpathSync(path.dirname(absolute)), path.basename(absolute));
  } catch {
    return absolute;
  }
}

/** Checks that `file` can be written: its folder exists and is writable, and it is not a folder itself. */
export function checkWritableFile(file: string, label: string): void {
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(file);
  } catch (error) {
    if (errorCode(error) === 'ENOTDIR') throw new UsageError(`cannot write ${label}: a part of the path is not a folder`);
    // ENOENT: the file does not exist yet, which is fine; its folder is checked below.
  }
  if (existing?.isDirectory()) throw new UsageError(`cannot write ${label}: it is a folder; give a file name`);
  const folder = path.dirname(path.resolve(file));
  try {
    accessSync(existing ? file : folder, constants.W_OK);
  } catch (error) {
    const code = errorCode(error);
    const reason = code === 'ENOENT' ? `folder ${folder} does not exist` : code === 'EROFS' ? `${folder} is on a read-only file system` : existing ? 'the file is not writable' : `folder ${folder} is not writable (${code})`;
    throw new UsageError(`cannot write ${label}: ${reason}`);
  }
}

/** The targets of the `--output` values, every one checked (exit 2 on the first problem). */
export function parseOutputs(values: readonly string[], options: OutputOptions): OutputTarget[] {
  const targets: OutputTarget[] = [];
  const seen = new Map<string, string>();
  for (const [flag, file] of Object.entries(options.otherFiles ?? {})) if (file !== undefined && file !== '-') seen.set(canonicalPath(file), `${flag} ${file}`);
  const csvRows = options.csvRows ?? options.kind !== 'demo';
  for (const value of values) {
    const label = `--output ${value}`;
    if (value === '-') {
      if (seen.has('-')) throw new UsageError('--output - is given twice; the JSON document goes to stdout once');
      seen.set('-', label);
      targets.push({value, format: 'json', stdout: true});
      continue;
    }
    if (value.trim() === '') throw new UsageError(`--output is empty; give a file ending in ${FORMAT_LIST}`);
    const extension = path.extname(value).toLowerCase();
    const format = FORMATS[extension];
    if (!format) throw new UsageError(`${label}: ${extension ? `unknown format '${extension}'` : 'no file extension'}; use ${FORMAT_LIST}`);
    if (format === 'csv' && !csvRows) {
      throw new UsageError(options.kind === 'demo' ? `${label}: use the insertion or analysis command for CSV rows` : `${label}: this result has no rows to write as CSV`);
    }
    const canonical = canonicalPath(value);
    const earlier = seen.get(canonical);
    if (earlier) throw new UsageError(`${label} is the same file as ${earlier}; give each output its own file`);
    seen.set(canonical, label);
    checkWritableFile(value, label);
    targets.push({value, format, stdout: false, path: path.resolve(value)});
  }
  return targets;
}

/** Whether the JSON document goes to stdout (`--output -`) in place of the terminal report. */
export function documentToStdout(targets: readonly OutputTarget[]): boolean {
  return targets.some((target) => target.stdout);
}

export interface OutputWritten {
  target: OutputTarget;
  /** Rows written, for `.csv`. */
  rows?: number;
}

export interface OutputFailed {
  target: OutputTarget;
  error: PulpBenchError;
}

/** A line for stderr: `wrote r.json (result document)`, `wrote r.csv (1,234 rows)`. */
export function describeWritten(written: OutputWritten): string {
  const {target} = written;
  const what = target.format === 'csv' ? `${(written.rows ?? 0).toLocaleString('en')} rows` : target.format === 'html' ? 'HTML report' : 'result document';
  return `wrote ${target.value} (${what})`;
}

async function writeTarget(target: OutputTarget, document: WritableDocument, rows: CsvRows | undefined): Promise<OutputWritten> {
  const file = target.path!;
  if (target.format === 'json') {
    const text = `${documentJson(document)}\n`;
    await writeFileAtomically(file, (write) => write(text));
    return {target};
  }
  if (target.format === 'html') {
    // Loaded only when an HTML report is asked for.
    const {renderHtmlReport} = await import('../report-html/index.js');
    const html = await renderHtmlReport(document);
    await writeFileAtomically(file, (write) => write(html));
    return {target};
  }
  if (!rows) throw new UsageError(`cannot write --output ${target.value}: this result has no rows to write as CSV`);
  let count = 0;
  await writeFileAtomically(file, async (write) => {
    count = await rows.write(write);
  });
  return {target, rows: count};
}

/**
 * Writes every file target (stdout targets are the caller's: it prints the document once), each atomically; a target
 * that fails is reported in `failed` and the others are still written.
 */
export async function writeOutputs(targets: readonly OutputTarget[], document: WritableDocument, rows?: CsvRows): Promise<{written: OutputWritten[]; failed: OutputFailed[]}> {
  const written: OutputWritten[] = [];
  const failed: OutputFailed[] = [];
  for (const target of targets) {
    if (target.stdout) continue;
    try {
      written.push(await writeTarget(target, document, rows));
    } catch (error) {
      const mapped = error instanceof PulpBenchError ? error : new UsageError(`cannot write --output ${target.value}: ${(error as Error).message}`, {cause: error});
      failed.push({target, error: mapped});
    }
  }
  return {written, failed};
}

/**
 * Writes the file targets and says on stderr (`note`) what was written and what failed. Returns the error the command
 * should end with after its report (exit 2), or undefined when every file was written.
 */
export async function deliverOutputs(targets: readonly OutputTarget[], document: WritableDocument, rows: CsvRows | undefined, note: (line: string) => void): Promise<PulpBenchError | undefined> {
  const {written, failed} = await writeOutputs(targets, document, rows);
  for (const item of written) note(describeWritten(item));
  if (failed.length === 0) return undefined;
  if (failed.length === 1) return failed[0].error;
  return new UsageError(`${failed.length} outputs could not be written: ${failed.map((item) => item.error.message).join('; ')}`);
}
