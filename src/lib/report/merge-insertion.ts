/**
 * Merging insertion runs made at the same time (several load generators against one Pulp): counts add, the run
 * spans the union of the runs' wall-clock spans (rates are recomputed over it), timelines are re-bucketed on
 * wall-clock seconds from the earliest start, and latency figures come from the merged histograms (merge-math.ts).
 */
import type {EncodedHistogram} from '../histogram.js';
import {mergeHistograms} from '../histogram.js';
import type {StopReason} from '../insertion/engine.js';
import type {TrackingReport} from '../insertion/tracking.js';
import type {LatencyFigures, Summary} from '../stats.js';
import {ratePerSecond} from '../stats.js';
import {isoMicros, timestampMicros} from '../time.js';
import type {BucketLatency, TimelineBucket as InsertionTimelineEntry} from '../insertion/recorder.js';
import type {InsertionResult} from '../insertion/report.js';
import {estimatePercentile, maxOf, mergedPercentiles, minOf, pooledStd, sum, weightedMean} from './merge-math.js';

type InsertionBody = Omit<InsertionResult, 'thresholds'>;

const millionths = (value: number) => Math.round(value * 1e6) / 1e6;
const unique = (values: string[]) => [...new Set(values)].join(', ');

/** Counts of several maps added, most frequent first. */
export function addCounts(maps: Array<Record<string, number>>): Record<string, number> {
  const totals = new Map<string, number>();
  for (const map of maps) for (const [name, count] of Object.entries(map)) totals.set(name, (totals.get(name) ?? 0) + count);
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]));
}

const LATENCY_PERCENTILES = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p99', 0.99],
] as const;

/** Latency figures of successful requests (`ok` per run) from the merged histogram. */
async function mergeLatency(parts: Array<{count: number; latency: LatencyFigures; histogram: EncodedHistogram}>, histogram: EncodedHistogram): Promise<LatencyFigures> {
  const used = parts.filter((part) => part.count > 0);
  const range = {min: minOf(used.map((part) => part.latency.min)), max: maxOf(used.map((part) => part.latency.max))};
  const [p50, p90, p99] = await mergedPercentiles(
    histogram,
    parts.map((part) => part.histogram),
    LATENCY_PERCENTILES.map(([, probability]) => probability),
    LATENCY_PERCENTILES.map(([key]) => used.map((part) => part.latency[key])),
    range,
    'merged latency histogram',
  );
  return {min: range.min, mean: weightedMean(used.map((part) => ({count: part.count, mean: part.latency.mean}))), p50, p90, p99, max: range.max};
}

async function mergeBucketLatency(parts: BucketLatency[]): Promise<BucketLatency | null> {
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0];
  const histogram = await mergeHistograms(parts.map((part) => part.histogram));
  const range = {min: null, max: maxOf(parts.map((part) => part.max))};
  const [p50, p90, p99] = await mergedPercentiles(
    histogram,
    parts.map((part) => part.histogram),
    [0.5, 0.9, 0.99],
    [parts.map((part) => part.p50), parts.map((part) => part.p90), parts.map((part) => part.p99)],
    range,
    'timeline latency histogram',
  );
  return {count: sum(parts.map((part) => part.count)), p50: p50!, p90: p90!, p99: p99!, max: range.max!, histogram};
}

/** Timelines re-bucketed on wall-clock seconds from `startUs`: a run's bucket goes whole to the second holding its middle. */
async function mergeTimelines(bodies: InsertionBody[], startUs: number, elapsedSeconds: number): Promise<InsertionTimelineEntry[]> {
  if (bodies.every((body) => body.timeline.length === 0)) return [];
  const count = Math.max(1, Math.ceil(elapsedSeconds));
  const buckets = Array.from({length: count}, (_, index) => ({entries: [] as InsertionTimelineEntry[], index}));
  // Tasks were created all along a source bucket: they are shared among the merged seconds it overlaps (as the
  // recorder spreads a request's tasks), so a run offset by half a second shows no false dip or spike at the edges.
  // Requests, failures and latency are events at their answer: each source bucket's go to the second of its middle.
  const tasks = new Float64Array(count);
  for (const body of bodies) {
    const offset = (timestampMicros(body.startedAt) - startUs) / 1e6;
    for (const entry of body.timeline) {
      const from = offset + entry.t;
      const index = Math.min(count - 1, Math.max(0, Math.floor(from + entry.seconds / 2)));
      buckets[index].entries.push(entry);
      if (entry.seconds <= 0) tasks[index] += entry.tasks;
      else {
        const to = from + entry.seconds;
        for (let second = Math.max(0, Math.floor(from)); second < Math.min(count, Math.ceil(to)); second++) {
          const overlap = Math.min(to, second + 1) - Math.max(from, second);
          if (overlap > 0) tasks[second] += (entry.tasks * overlap) / entry.seconds;
        }
      }
    }
  }
  const timeline: InsertionTimelineEntry[] = [];
  for (const {entries, index} of buckets) {
    const seconds = Math.min(1, millionths(elapsedSeconds - index));
    const bucketTasks = tasks[index];
    timeline.push({
      t: index,
      seconds,
      requests: sum(entries.map((entry) => entry.requests)),
      failed: sum(entries.map((entry) => entry.failed)),
      tasks: millionths(bucketTasks),
      tasksPerSecond: ratePerSecond(bucketTasks, seconds),
      latency: await mergeBucketLatency(entries.flatMap((entry) => (entry.latency ? [entry.latency] : []))),
      failures: addCounts(entries.map((entry) => entry.failures)),
    });
  }
  return timeline;
}

/** Summaries without histograms (the --track phases): exact count, mean, std, min, max; percentiles estimated. */
export function mergeSummaries(parts: Summary[]): Summary {
  const used = parts.filter((part) => part.count > 0);
  const estimate = (key: 'median' | 'p90' | 'p95' | 'p99' | 'p999') => estimatePercentile(used.map((part) => ({count: part.count, value: part[key]})));
  return {
    count: sum(parts.map((part) => part.count)),
    mean: weightedMean(used),
    median: estimate('median'),
    min: minOf(used.map((part) => part.min)),
    max: maxOf(used.map((part) => part.max)),
    std: pooledStd(used),
    p90: estimate('p90'),
    p95: estimate('p95'),
    p99: estimate('p99'),
    p999: estimate('p999'),
  };
}

function mergeTrack(tracks: TrackingReport[]): TrackingReport {
  return {
    tracked: sum(tracks.map((track) => track.tracked)),
    finished: sum(tracks.map((track) => track.finished)),
    unfinished: sum(tracks.map((track) => track.unfinished)),
    states: addCounts(tracks.map((track) => track.states)),
    endToEnd: mergeSummaries(tracks.map((track) => track.endToEnd)),
    blocked: mergeSummaries(tracks.map((track) => track.blocked)),
    queue: mergeSummaries(tracks.map((track) => track.queue)),
    run: mergeSummaries(tracks.map((track) => track.run)),
    timedOut: tracks.some((track) => track.timedOut),
    interrupted: tracks.some((track) => track.interrupted),
  };
}

function mergeFailures(bodies: InsertionBody[]): InsertionBody['failures'] {
  const causes = Object.keys(addCounts(bodies.map((body) => body.requests.failures)));
  const merged: InsertionBody['failures'] = {};
  for (const cause of causes) {
    const parts = bodies.flatMap((body) => (body.failures[cause] ? [body.failures[cause]] : []));
    const estimate = (key: 'p50' | 'p90' | 'p99') => estimatePercentile(parts.map((part) => ({count: part.count, value: part.latency[key]})));
    merged[cause] = {
      count: sum(parts.map((part) => part.count)),
      latency: {
        min: minOf(parts.map((part) => part.latency.min)),
        mean: weightedMean(parts.map((part) => ({count: part.count, mean: part.latency.mean}))),
        p50: estimate('p50'),
        p90: estimate('p90'),
        p99: estimate('p99'),
        max: maxOf(parts.map((part) => part.latency.max)),
      },
    };
  }
  return merged;
}

/** The same value for all runs, or `combine` of them. */
function agreed<T>(values: T[], combine: (values: T[]) => T): T {
  return values.every((value) => value === values[0]) ? values[0] : combine(values);
}

export async function mergeInsertionBodies(bodies: InsertionBody[]): Promise<InsertionBody> {
  const starts = bodies.map((body) => timestampMicros(body.startedAt));
  const ends = bodies.map((body) => timestampMicros(body.endedAt));
  const startUs = Math.min(...starts);
  const endUs = Math.max(...ends);
  const elapsedSeconds = (endUs - startUs) / 1e6;
  const total = (pick: (body: InsertionBody) => number) => sum(bodies.map(pick));
  const tasksCreated = total((body) => body.tasksCreated);
  const ok = total((body) => body.requests.ok);
  const requestsTotal = total((body) => body.requests.total);
  const histogram = await mergeHistograms(bodies.map((body) => body.histograms.latency));
  const tracks = bodies.map((body) => body.track);
  const rates = bodies.map((body) => body.rate);
  const runUntils = bodies.map((body) => body.stop.runUntil);
  const signal = bodies.find((body) => body.signal)?.signal;
  const trackingErrors = bodies.flatMap((body) => (body.trackingError ? [body.trackingError] : []));
  return {
    target: unique(bodies.map((body) => body.target)),
    targetKind: unique(bodies.map((body) => body.targetKind)),
    method: unique(bodies.map((body) => body.method)),
    workers: total((body) => body.workers),
    rate: rates.every((rate) => rate !== null) ? sum(rates as number[]) : null,
    stop: {
      runUntil: runUntils.every((value) => value !== null) ? sum(runUntils as number[]) : null,
      durationSeconds: agreed(bodies.map((body) => body.stop.durationSeconds), (values) => maxOf(values)),
    },
    startedAt: bodies[starts.indexOf(startUs)].startedAt ?? isoMicros(startUs),
    endedAt: bodies[ends.indexOf(endUs)].endedAt ?? isoMicros(endUs),
    elapsedSeconds,
    tasksCreated,
    tasksPerSecond: ratePerSecond(tasksCreated, elapsedSeconds),
    requests: {
      total: requestsTotal,
      ok,
      failed: total((body) => body.requests.failed),
      failures: addCounts(bodies.map((body) => body.requests.failures)),
      perSecond: ratePerSecond(requestsTotal, elapsedSeconds),
    },
    latency: await mergeLatency(
      bodies.map((body) => ({count: body.requests.ok, latency: body.latency, histogram: body.histograms.latency})),
      histogram,
    ),
    failures: mergeFailures(bodies),
    tasksPerRequest: {
      min: minOf(bodies.map((body) => body.tasksPerRequest.min)),
      mean: ok > 0 ? tasksCreated / ok : null,
      max: maxOf(bodies.map((body) => body.tasksPerRequest.max)),
    },
    timeline: await mergeTimelines(bodies, startUs, elapsedSeconds),
    interrupted: bodies.some((body) => body.interrupted),
    ...(signal ? {signal} : {}),
    abandoned: total((body) => body.abandoned),
    stoppedBy: agreed(bodies.map((body) => body.stoppedBy), (values) => unique(values) as StopReason),
    ...(tracks.every((track) => track !== undefined) ? {track: mergeTrack(tracks as TrackingReport[])} : {}),
    ...(trackingErrors.length > 0 ? {trackingError: [...new Set(trackingErrors)].join('; ')} : {}),
    histograms: {latency: histogram},
  };
}
