/**
 * Merging analyses of the same window (several servers or domains read at the same time): counts and states add,
 * duration figures come from the merged histograms (merge-math.ts), distribution bins and backlog buckets add,
 * the per-name rows merge by name. Windows, filters and bins must match.
 */
import type {AnalysisResult} from '../analysis/run-analysis.js';
import {UsageError} from '../errors.js';
import {type EncodedHistogram, mergeHistograms} from '../histogram.js';
import {ratePerSecond} from '../stats.js';
import {addCounts} from './merge-insertion.js';
import {estimatePercentile, maxOf, mergedPercentiles, minOf, pooledStd, sum, weightedMean} from './merge-math.js';

type AnalysisBody = Omit<AnalysisResult, 'thresholds'>;
type AnalysisNameRow = AnalysisResult['byName'][number];
type DurationKey = 'waitTime' | 'blockedTime' | 'queueTime' | 'runTime';
type Duration = AnalysisBody[DurationKey];
const PERCENTILES = [
  ['median', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
  ['p999', 0.999],
] as const;

async function mergeDuration(parts: Duration[], sources: EncodedHistogram[], histogram: EncodedHistogram, where: string): Promise<Duration> {
  const used = parts.filter((part) => part.count > 0);
  const range = {min: minOf(used.map((part) => part.min)), max: maxOf(used.map((part) => part.max))};
  const values = await mergedPercentiles(
    histogram,
    sources,
    PERCENTILES.map(([, probability]) => probability),
    PERCENTILES.map(([key]) => used.map((part) => part[key])),
    range,
    where,
  );
  const [median, p90, p95, p99, p999] = values;
  return {
    count: sum(parts.map((part) => part.count)),
    mean: weightedMean(used),
    median,
    min: range.min,
    max: range.max,
    std: pooledStd(used),
    p90,
    p95,
    p99,
    p999,
    waited: sum(parts.map((part) => part.waited)),
  };
}

function addArrays(arrays: number[][]): number[] {
  const length = Math.max(0, ...arrays.map((array) => array.length));
  return Array.from({length}, (_, index) => sum(arrays.map((array) => array[index] ?? 0)));
}

function mergeNames(bodies: AnalysisBody[]): AnalysisNameRow[] {
  const byName = new Map<string, AnalysisNameRow[]>();
  for (const body of bodies) for (const row of body.byName) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  const rows = [...byName].map(([name, parts]) => {
    const estimate = (key: 'waitP50' | 'waitP95' | 'runP50') => estimatePercentile(parts.map((part) => ({count: part.analyzed, value: part[key]})));
    return {
      name,
      count: sum(parts.map((part) => part.count)),
      analyzed: sum(parts.map((part) => part.analyzed)),
      waitP50: estimate('waitP50'),
      waitP95: estimate('waitP95'),
      runP50: estimate('runP50'),
      sparkline: addArrays(parts.map((part) => part.sparkline)),
    };
  });
  return rows.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

function addNumbers<T extends object>(records: T[]): T {
  const keys = Object.keys(records[0]) as Array<keyof T>;
  return Object.fromEntries(keys.map((key) => [key, sum(records.map((record) => Number(record[key]) || 0))])) as T;
}

/** Refuses analyses that cannot be added bucket by bucket: other windows, filters or bins (exit 2). */
export function requireMergeableAnalyses(bodies: AnalysisBody[], files: string[]): void {
  const [first] = bodies;
  const differs = (pick: (body: AnalysisBody) => unknown, what: (other: AnalysisBody) => string) => {
    const index = bodies.findIndex((body) => JSON.stringify(pick(body)) !== JSON.stringify(pick(first)));
    if (index > 0) {
      throw new UsageError(`${files[0]} and ${files[index]} ${what(bodies[index])}: analyses merge only when they cover the same window with the same filters and bins`);
    }
  };
  const window = (body: AnalysisBody) => `${body.window.since} → ${body.window.until}`;
  differs((body) => body.window, (other) => `analyze different windows (${window(first)} and ${window(other)})`);
  differs((body) => [body.backlogBucketSeconds, body.backlog.length], () => 'have backlogs of different buckets');
  differs((body) => body.filters, () => 'have different filters (--task-name, --state)');
  differs((body) => body.distribution.map((row) => row.label), () => 'have different distribution bins (--bins)');
}

export async function mergeAnalysisBodies(bodies: AnalysisBody[], files: string[]): Promise<AnalysisBody> {
  requireMergeableAnalyses(bodies, files);
  const [first] = bodies;
  const histograms = {} as AnalysisBody['histograms'];
  const durations = {} as Record<DurationKey, Duration>;
  for (const key of ['waitTime', 'blockedTime', 'queueTime', 'runTime'] as const) {
    histograms[key] = await mergeHistograms(bodies.map((body) => body.histograms[key]));
    durations[key] = await mergeDuration(
      bodies.map((body) => body[key]),
      bodies.map((body) => body.histograms[key]),
      histograms[key],
      `merged ${key} histogram`,
    );
  }
  const tasks = sum(bodies.map((body) => body.throughput.tasks));
  const windowSeconds = maxOf(bodies.map((body) => body.throughput.windowSeconds)) ?? 0;
  const fetches = bodies.map((body) => body.fetch);
  const interrupted = bodies.find((body) => body.interrupted);
  return {
    window: first.window,
    endpoint: [...new Set(bodies.map((body) => body.endpoint))].join(', '),
    filters: first.filters,
    total: sum(bodies.map((body) => body.total)),
    states: addCounts(bodies.map((body) => body.states)),
    analyzed: sum(bodies.map((body) => body.analyzed)),
    throughput: {tasks, windowSeconds, tasksPerSecond: ratePerSecond(tasks, windowSeconds)},
    ...durations,
    distribution: first.distribution.map((row, index) => ({...row, count: sum(bodies.map((body) => body.distribution[index].count))})),
    byName: mergeNames(bodies),
    backlogBucketSeconds: first.backlogBucketSeconds,
    backlog: first.backlog.map((point, index) => {
      const points = bodies.map((body) => body.backlog[index]);
      const add = (key: 'waiting' | 'running' | 'created' | 'started' | 'finished') => sum(points.map((entry) => entry[key]));
      return {t: point.t, at: point.at, waiting: add('waiting'), running: add('running'), created: add('created'), started: add('started'), finished: add('finished')};
    }),
    fetch: {
      ...addNumbers(fetches.map(({pages, slices, requests, expected, received, missing, extra, problems}) => ({pages, slices, requests, expected, received, missing, extra, problems}))),
      seconds: maxOf(fetches.map((fetch) => fetch.seconds)) ?? 0,
      mismatches: fetches.flatMap((fetch) => fetch.mismatches),
      problemDetails: fetches.flatMap((fetch) => fetch.problemDetails).slice(0, 5),
      invalidTimestamps: addNumbers(fetches.map((fetch) => fetch.invalidTimestamps)),
    },
    statisticsSeconds: sum(bodies.map((body) => body.statisticsSeconds)),
    ...(interrupted ? {interrupted: true, ...(interrupted.signal ? {signal: interrupted.signal} : {})} : {}),
    histograms,
  };
}
