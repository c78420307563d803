/**
 * What the result document's extra figures cost the analysis statistics phase: analyzeTasks of this checkout (with
 * the four histograms, backlog events and sparklines) against a baseline analyzeTasks (BASE_SRC=path/to/other/src,
 * when given: another checkout without them) on the same in-memory columns of COUNT synthetic tasks (24 h,
 * seven names, lognormal waits and runs, 92 % completed). Both run in this process, alternately, ROUNDS times; the
 * minimum of each is compared, which is robust to other load on the machine. Goal: ≤ ~50 ms more per million tasks.
 *
 * Run: npx tsx bench/statistics-overhead.ts [COUNT] [ROUNDS]
 */
import path from 'node:path';

import {analyzeTasks, backlog} from '../src/lib/analysis/analyze.js';
import {TaskColumns} from '../src/lib/analysis/columns.js';
import {histogramOfSortedSeconds} from '../src/lib/histogram.js';

const count = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 7);
const baseSrc = process.env.BASE_SRC;

/** A small seeded generator (mulberry32), so both sides see the same tasks run after run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function syntheticColumns(size: number): TaskColumns {
  const next = random(7);
  const lognormal = (median: number, sigma: number) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()));
  const columns = new TaskColumns();
  const names = ['no_op', 'general_update', 'rpm_sync', 'rpm_publish', 'file_sync', 'purge', 'orphan_cleanup'];
  const sinceUs = Date.UTC(2026, 10, 1) * 1000;
  for (let index = 0; index < size; index++) {
    const created = sinceUs + next() * 86_400e6;
    const unblocked = created + (next() < 0.85 ? next() * 5e3 : lognormal(20e6, 1.5));
    const started = unblocked + lognormal(1.5e6, 2);
    const finished = started + lognormal(2e6, 1);
    // Fill the columns the way TaskColumns.add does, without formatting and parsing a million timestamps.
    columns.add({pulp_created: '2026-11-01T00:00:00Z', state: next() < 0.92 ? 'completed' : 'failed', name: names[index % names.length]});
    columns.created[index] = created;
    columns.unblocked[index] = unblocked;
    columns.started[index] = started;
    columns.finished[index] = finished;
  }
  return columns;
}

type Analyze = typeof analyzeTasks;
const base: Analyze | undefined = baseSrc ? ((await import(path.join(baseSrc, 'lib/analysis/analyze.ts'))) as {analyzeTasks: Analyze}).analyzeTasks : undefined;

const columns = syntheticColumns(count);
const window = {sinceUs: Date.UTC(2026, 10, 1) * 1000, untilUs: Date.UTC(2026, 10, 2) * 1000};
const time = async (analyze: Analyze) => {
  const began = performance.now();
  await analyze(columns, window, 'human');
  return performance.now() - began;
};

const ours: number[] = [];
const theirs: number[] = [];
for (let round = 0; round < rounds; round++) {
  ours.push(await time(analyzeTasks));
  if (base) theirs.push(await time(base));
}
// The parts on their own: the four histograms (of the real durations, sorted), and the backlog sweep with and without
// its event counts.
const durationsOf = (from: Float64Array, to: Float64Array) => new Float64Array(count).map((_, row) => (to[row] - from[row]) / 1e6).sort();
const pairs: Array<[Float64Array, Float64Array]> = [
  [columns.created, columns.started],
  [columns.created, columns.unblocked],
  [columns.unblocked, columns.started],
  [columns.started, columns.finished],
];
const sortedDurations = pairs.map(([from, to]) => durationsOf(from.subarray(0, count), to.subarray(0, count)));
const histogramTimes: number[] = [];
for (let round = 0; round < rounds; round++) {
  const began = performance.now();
  for (const sorted of sortedDurations) await histogramOfSortedSeconds(sorted);
  histogramTimes.push(performance.now() - began);
}
type Backlog = typeof backlog;
const baseBacklog: Backlog | undefined = baseSrc ? ((await import(path.join(baseSrc, 'lib/analysis/analyze.ts'))) as {backlog: Backlog}).backlog : undefined;
const backlogTimes: number[] = [];
const baseBacklogTimes: number[] = [];
for (let round = 0; round < rounds; round++) {
  let began = performance.now();
  backlog(columns, window.sinceUs, window.untilUs);
  backlogTimes.push(performance.now() - began);
  if (baseBacklog) {
    began = performance.now();
    baseBacklog(columns, window.sinceUs, window.untilUs);
    baseBacklogTimes.push(performance.now() - began);
  }
}

const perMillion = (ms: number) => (ms * 1e6) / count;
console.log(`analyzeTasks over ${count.toLocaleString('en')} tasks, minimum of ${rounds} runs:`);
console.log(`  this checkout  ${Math.min(...ours).toFixed(0)} ms`);
if (base) {
  const added = Math.min(...ours) - Math.min(...theirs);
  console.log(`  baseline       ${Math.min(...theirs).toFixed(0)} ms (${baseSrc})`);
  console.log(`  added          ${added.toFixed(0)} ms = ${perMillion(added).toFixed(0)} ms per million tasks (goal ≤ ~50)`);
}
console.log(`  the four histograms (histogramOfSortedSeconds of the sorted durations): ${Math.min(...histogramTimes).toFixed(1)} ms`);
console.log(`  backlog sweep: ${Math.min(...backlogTimes).toFixed(1)} ms${baseBacklog ? ` (baseline without event counts ${Math.min(...baseBacklogTimes).toFixed(1)} ms)` : ''}`);
