/** Writes one CSV row per analyzed task (completed, with started_at and finished_at) with its four durations. */
import type {TaskColumns} from '../analysis/columns.js';
import {writeFileAtomically} from '../atomic-file.js';
import {isoMicros} from '../time.js';

const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const seconds = (value: number) => (Number.isNaN(value) ? '' : String(value / 1e6));

/** Writes the rows to `path` (atomically: a temporary file renamed when complete); resolves with the row count. */
export async function writeDurationsCsv(path: string, columns: TaskColumns): Promise<number> {
  let rows = 0;
  await writeFileAtomically(path, async (write) => {
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
  });
  return rows;
}
