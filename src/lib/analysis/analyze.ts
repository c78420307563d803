/**
 * Turns task columns into what Pulp operators ask: how long tasks waited and why (blocked on locks, queued for a
 * worker), how long they ran, throughput, a distribution table, a per-name breakdown and the backlog over time.
 * The analyzed population is the original tool's: completed tasks with started_at and finished_at.
 */
import type {EncodedHistogram} from '../histogram.js';
import {collectGarbage} from '../memory.js';
import {type DurationFigures, durationFigures, groupedDurationFigures, ratePerSecond, type Summary} from '../stats.js';
import type {TaskColumns} from './columns.js';

export interface DurationReport extends Summary {
  /** Tasks with a duration greater than zero. */
  waited: number;
}

export interface DistributionRow {
  label: string;
  /** Seconds, inclusive; null = unbounded. */
  from: number | null;
  /** Seconds, exclusive; null = unbounded. */
  to: number | null;
  count: number;
}

export interface NameRow {
  name: string;
  count: number;
  analyzed: number;
  waitP50: number | null;
  waitP95: number | null;
  runP50: number | null;
  /** Tasks of this name created in each of SPARKLINE_SLICES equal slices of the window (all states). */
  sparkline: number[];
}

/** Slices of the window in a per-name sparkline. */
export const SPARKLINE_SLICES = 24;

export interface BacklogPoint {
  /** Seconds since the window start. */
  t: number;
  at: string;
  waiting: number;
  running: number;
  /** Tasks created, started and finished in [at, at + backlogBucketSeconds) (any state; the throughput over time). */
  created: number;
  started: number;
  finished: number;
}

/** The mergeable histograms of exactly the values each duration's figures were computed from. */
export interface AnalysisHistograms {
  waitTime: EncodedHistogram;
  blockedTime: EncodedHistogram;
  queueTime: EncodedHistogram;
  runTime: EncodedHistogram;
}

export interface Analysis {
  total: number;
  states: Record<string, number>;
  analyzed: number;
  throughput: {tasks: number; windowSeconds: number; tasksPerSecond: number};
  waitTime: DurationReport;
  blockedTime: DurationReport;
  queueTime: DurationReport;
  runTime: DurationReport;
  distribution: DistributionRow[];
  byName: NameRow[];
  backlogBucketSeconds: number;
  backlog: BacklogPoint[];
  histograms: AnalysisHistograms;
}

export type BinScheme = 'human' | 'hours';

const H = 3600;
const HUMAN_BINS: Array<[string, number | null, number | null]> = [
  ['<0s', null, 0],
  ['0–1 s', 0, 1],
  ['1–5 s', 1, 5],
  ['5–30 s', 5, 30],
  ['30 s–1 m', 30, 60],
  ['1–5 m', 60, 300],
  ['5–15 m', 300, 900],
  ['15–60 m', 900, H],
  ['1–2 h', H, 2 * H],
  ['2–4 h', 2 * H, 4 * H],
  ['4–8 h', 4 * H, 8 * H],
  ['>8 h', 8 * H, null],
];
/** The original tool's bins (pandas cut, right-open); `<0s` is added so counts add up. */
const HOUR_BINS: Array<[string, number | null, number | null]> = [
  ['<0s', null, 0],
  ['<1h', 0, H],
  ['1-2h', H, 2 * H],
  ['2-3h', 2 * H, 3 * H],
  ['3-4h', 3 * H, 4 * H],
  ['4-6h', 4 * H, 6 * H],
  ['6-8h', 6 * H, 8 * H],
  ['>8h', 8 * H, null],
];

/** The bins of a scheme as rows, with the counts computed by stats.ts (bins are [from, to)). */
function binRows(scheme: BinScheme): DistributionRow[] {
  return (scheme === 'hours' ? HOUR_BINS : HUMAN_BINS).map(([label, from, to]) => ({label, from, to, count: 0}));
}

/** The edges between a scheme's bins (every bin's lower bound but the first, open one). */
function binEdges(scheme: BinScheme): number[] {
  return binRows(scheme).slice(1).map((row) => row.from!);
}

function distributionRows(counts: number[], scheme: BinScheme): DistributionRow[] {
  const rows = binRows(scheme).map((row, index) => ({...row, count: counts[index] ?? 0}));
  return scheme === 'hours' && rows[0].count === 0 ? rows.slice(1) : rows;
}

const BUCKETS = [1, 5, 10, 30, 60, 300, 600, 900, 1800, H, 2 * H, 6 * H, 12 * H, 24 * H];

/** A bucket size giving at most ~60 points over the window. */
export function backlogBucketSeconds(windowSeconds: number): number {
  return BUCKETS.find((size) => windowSeconds / size <= 60) ?? 24 * H;
}

/**
 * Tasks waiting (created, not started) and running (started, not finished) at each bucket boundary, by a sweep over
 * difference arrays: O(tasks + buckets).
 */
export function backlog(columns: TaskColumns, sinceUs: number, untilUs: number): {bucketSeconds: number; points: BacklogPoint[]} {
  const bucketSeconds = backlogBucketSeconds((untilUs - sinceUs) / 1e6);
  const step = bucketSeconds * 1e6;
  const count = Math.floor((untilUs - sinceUs) / step) + 1;
  const waiting = new Float64Array(count + 1);
  const running = new Float64Array(count + 1);
  // Events per bucket [boundary k, boundary k + 1): index count collects the ones after the last bucket (dropped).
  const createdIn = new Float64Array(count + 1);
  const startedIn = new Float64Array(count + 1);
  const finishedIn = new Float64Array(count + 1);
  // Each timestamp's position in buckets, computed once: boundaries k = 0…count−1 are at sinceUs + k·step, and an
  // interval [a, b) covers boundaries ceil(a) … ceil(b)−1 (positions); an event at position p is in bucket floor(p)
  // (count: after the last bucket, or before the first, not counted). NaN (no timestamp, or an invalid one) stays NaN.
  const boundaryOf = (at: number, floor: number) => {
    const ceil = floor === at ? floor : floor + 1;
    return ceil < 0 ? 0 : ceil > count ? count : ceil;
  };
  const bucketOf = (floor: number) => (floor >= 0 && floor < count ? floor : count);
  const mark = (array: Float64Array, first: number, last: number) => {
    if (last > first) {
      array[first]++;
      array[last]--;
    }
  };
  const {length, created: createdUs, started: startedUs, finished: finishedUs} = columns;
  for (let row = 0; row < length; row++) {
    const created = (createdUs[row] - sinceUs) / step;
    if (Number.isNaN(created)) continue;
    const started = (startedUs[row] - sinceUs) / step;
    const finished = (finishedUs[row] - sinceUs) / step;
    const createdFloor = Math.floor(created);
    const startedFloor = Math.floor(started);
    const finishedFloor = Math.floor(finished);
    const hasStart = !Number.isNaN(started);
    const hasFinish = !Number.isNaN(finished);
    createdIn[bucketOf(createdFloor)]++;
    if (hasStart) startedIn[bucketOf(startedFloor)]++;
    if (hasFinish) finishedIn[bucketOf(finishedFloor)]++;
    // A task whose started_at or finished_at was invalid has no known interval: it is not placed in the backlog.
    if (columns.hasInvalidInterval(row)) continue;
    const first = boundaryOf(created, createdFloor);
    const end = hasFinish ? boundaryOf(finished, finishedFloor) : count;
    if (hasStart) {
      const start = boundaryOf(started, startedFloor);
      // The wait ends at max(created, started): boundaries are monotonic in the position.
      mark(waiting, first, Math.max(first, start));
      mark(running, start, end);
    } else mark(waiting, first, end);
  }
  const points: BacklogPoint[] = [];
  let waitingNow = 0;
  let runningNow = 0;
  for (let k = 0; k < count; k++) {
    waitingNow += waiting[k];
    runningNow += running[k];
    const at = sinceUs + k * step;
    points.push({t: k * bucketSeconds, at: new Date(at / 1000).toISOString(), waiting: waitingNow, running: runningNow, created: createdIn[k], started: startedIn[k], finished: finishedIn[k]});
  }
  return {bucketSeconds, points};
}

export async function analyzeTasks(columns: TaskColumns, window: {sinceUs: number; untilUs: number}, scheme: BinScheme): Promise<Analysis> {
  const perState = new Uint32Array(columns.states.values.length);
  for (let row = 0; row < columns.length; row++) perState[columns.state[row]]++;
  const states: Record<string, number> = {};
  columns.states.values.forEach((state, code) => (states[state] = perState[code]));

  // The analyzed population, as typed arrays (no per-task objects), one duration at a time so that only one
  // duration's values and their sorted copies are alive at once.
  const completedCode = columns.states.values.indexOf('completed');
  const isAnalyzed = (row: number) => columns.state[row] === completedCode && !Number.isNaN(columns.started[row]) && !Number.isNaN(columns.finished[row]);
  let n = 0;
  let withUnblocked = 0;
  let firstStart = Number.POSITIVE_INFINITY;
  let lastFinish = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < columns.length; row++) {
    if (!isAnalyzed(row)) continue;
    n++;
    if (!Number.isNaN(columns.unblocked[row])) withUnblocked++;
    if (columns.started[row] < firstStart) firstStart = columns.started[row];
    if (columns.finished[row] > lastFinish) lastFinish = columns.finished[row];
  }
  const windowSeconds = n > 0 ? (lastFinish - firstStart) / 1e6 : 0;
  const nameOf = new Uint32Array(n);
  for (let row = 0, index = 0; row < columns.length; row++) if (isAnalyzed(row)) nameOf[index++] = columns.name[row];

  /** Seconds from one timestamp column to another over the analyzed rows (with `unblocked` only: those having it). */
  const durations = (from: Float64Array, to: Float64Array, size: number, onlyUnblocked = false): Float64Array => {
    const values = new Float64Array(size);
    for (let row = 0, index = 0; row < columns.length; row++) {
      if (!isAnalyzed(row) || (onlyUnblocked && Number.isNaN(columns.unblocked[row]))) continue;
      values[index++] = (to[row] - from[row]) / 1e6;
    }
    return values;
  };

  // Per name: the quantiles of each name's waits and run times come with the overall figures, from one sort.
  // A large analysis collects what the fetch left behind (parsed pages) first, then each duration's copies before
  // the next one allocates: ~15 ms a collection, −20 to −30 MB of peak RSS for a million tasks.
  const release = n > 100_000 ? collectGarbage : () => {};
  const names = columns.names.values;
  release();
  // Each duration's histogram comes from the sorted values its figures were computed from (stats.ts).
  const histogram = {histogram: true};
  const wait = await groupedDurationFigures(durations(columns.created, columns.started, n), nameOf, names.length, [0.5, 0.95], binEdges(scheme), histogram);
  release();
  const run = await groupedDurationFigures(durations(columns.started, columns.finished, n), nameOf, names.length, [0.5], [], histogram);
  release();
  const blocked = await durationFigures(durations(columns.created, columns.unblocked, withUnblocked, true), [], histogram);
  release();
  const queue = await durationFigures(durations(columns.unblocked, columns.started, withUnblocked, true), [], histogram);
  const report = (figures: DurationFigures): DurationReport => ({...figures.summary, waited: figures.positive});

  const fetchedPerName = new Uint32Array(names.length);
  for (let row = 0; row < columns.length; row++) fetchedPerName[columns.name[row]]++;
  const sparklines = sparklineCounts(columns, window, names.length);
  const byName: NameRow[] = names.map((name, code) => {
    const [waitP50, waitP95] = wait.groups[code].quantiles;
    const [runP50] = run.groups[code].quantiles;
    const sparkline = Array.from(sparklines.subarray(code * SPARKLINE_SLICES, (code + 1) * SPARKLINE_SLICES));
    return {name, count: fetchedPerName[code], analyzed: wait.groups[code].count, waitP50, waitP95, runP50, sparkline};
  });
  byName.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));

  const {bucketSeconds, points} = backlog(columns, window.sinceUs, window.untilUs);
  return {
    total: columns.length,
    states,
    analyzed: n,
    throughput: {tasks: n, windowSeconds, tasksPerSecond: ratePerSecond(n, windowSeconds)},
    waitTime: report(wait),
    blockedTime: report(blocked),
    queueTime: report(queue),
    runTime: report(run),
    distribution: distributionRows(wait.bins, scheme),
    byName,
    backlogBucketSeconds: bucketSeconds,
    backlog: points,
    histograms: {waitTime: wait.histogram!, blockedTime: blocked.histogram!, queueTime: queue.histogram!, runTime: run.histogram!},
  };
}

/** Tasks created per name in each of SPARKLINE_SLICES equal slices of the window: names × slices counts. */
function sparklineCounts(columns: TaskColumns, window: {sinceUs: number; untilUs: number}, nameCount: number): Uint32Array {
  const counts = new Uint32Array(nameCount * SPARKLINE_SLICES);
  const sliceUs = Math.max(1, window.untilUs - window.sinceUs) / SPARKLINE_SLICES;
  const {length, created, name} = columns;
  for (let row = 0; row < length; row++) {
    const slice = Math.floor((created[row] - window.sinceUs) / sliceUs);
    // A task created at the window's very end (or outside it, from a server ignoring the filter) goes to the edge slice.
    counts[name[row] * SPARKLINE_SLICES + (slice < 0 ? 0 : slice >= SPARKLINE_SLICES ? SPARKLINE_SLICES - 1 : slice)]++;
  }
  return counts;
}
