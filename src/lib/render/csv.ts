/** Writes one CSV row per analyzed task (completed, with started_at and finished_at) with its four durations. */
import {once} from 'node:events';
import {accessSync, constants, statSync} from 'node:fs';
import path from 'node:path';

import type {TaskColumns} from '../analysis/columns.js';
import {writeFileAtomically} from '../atomic-file.js';
import {UsageError} from '../errors.js';
import {isoMicros} from '../time.js';

const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const seconds = (value: number) => (Number.isNaN(value) ? '' : String(value / 1e6));
const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/**
 * Checks a `--csv` target before any request, so a long fetch does not end in "cannot write": `-` is stdout (refused
 * with --json, whose one document needs stdout alone); otherwise the file's folder must exist and be writable (the file
 * itself may not exist yet) and the path must not be a folder or a file that cannot be written.
 */
export function checkCsvTarget(target: string, options: {json: boolean}): void {
  if (target === '-') {
    if (options.json) throw new UsageError('--csv - writes the CSV to stdout, which --json keeps for its one JSON document; give --csv a file instead');
    return;
  }
  if (target.trim() === '') throw new UsageError('--csv is empty; give a file, e.g. --csv waits.csv, or - for stdout');
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(target);
  } catch (error) {
    if (errorCode(error) === 'ENOTDIR') throw new UsageError(`cannot write --csv ${target}: a part of the path is not a folder`);
    // ENOENT: the file does not exist yet, which is fine; its folder is checked below.
  }
  if (existing?.isDirectory()) throw new UsageError(`cannot write --csv ${target}: it is a folder; give a file name`);
  const folder = path.dirname(path.resolve(target));
  try {
    if (existing) accessSync(target, constants.W_OK);
    else accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = errorCode(error);
    const reason = code === 'ENOENT' ? `folder ${folder} does not exist` : code === 'EROFS' ? `${folder} is on a read-only file system` : existing ? 'the file is not writable' : `folder ${folder} is not writable (${code})`;
    throw new UsageError(`cannot write --csv ${target}: ${reason}`);
  }
}

/** The header and one row per analyzed task, through `write`; resolves with how many rows were written. */
export async function writeDurationRows(columns: TaskColumns, write: (text: string) => Promise<void>): Promise<number> {
  let rows = 0;
  await write('pulp_created,name,state,waitTime,blockedTime,queueTime,runTime\n');
  for (let row = 0; row < columns.length; row++) {
    const started = columns.started[row];
    const finished = columns.finished[row];
    if (columns.stateOf(row) !== 'completed' || Number.isNaN(started) || Number.isNaN(finished)) continue;
    const created = columns.created[row];
    const unblocked = columns.unblocked[row];
    await write(`${isoMicros(created)},${quote(columns.nameOf(row))},completed,${seconds(started - created)},${seconds(unblocked - created)},${seconds(started - unblocked)},${seconds(finished - started)}\n`);
    rows++;
  }
  return rows;
}

/**
 * Writes the CSV to `target`: a file is written under a temporary name and renamed when complete (an interrupted or
 * failed write never leaves a truncated file); `-` is stdout, left open for the report that follows.
 */
export async function writeDurationsCsv(target: string, columns: TaskColumns): Promise<number> {
  if (target !== '-') {
    let rows = 0;
    await writeFileAtomically(target, async (write) => {
      rows = await writeDurationRows(columns, write);
    });
    return rows;
  }
  // stdout write errors (EPIPE, ENOSPC) end the process through output-errors.ts; only backpressure matters here.
  return writeDurationRows(columns, async (text) => {
    if (!process.stdout.write(text)) await once(process.stdout, 'drain');
  });
}
