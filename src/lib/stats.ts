/**
 * The only place pulp-bench computes statistics. Every reported figure comes from mathjs (the lean instance of
 * math.ts): mean, sample standard deviation (n − 1), and the quantiles — median, p90 … p99.9, and min and max as
 * the 0- and 1-quantiles — from `quantileSeq`, whose linear interpolation between closest ranks is numpy's default
 * (R type 7), so figures agree with the original tool and with a spreadsheet.
 *
 * How it stays fast on millions of values: the values are sorted natively once (a Float64Array sort), converted
 * once into the plain array mathjs accepts, and handed to `quantileSeq` with `sorted = true` (mathjs would otherwise
 * sort its own copy, ~8× slower); all quantiles of a summary come from one call. The copies live only for the
 * duration of one summary.
 */
import {math} from './math.js';

export interface Summary {
  count: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  std: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  p999: number | null;
}

export const EMPTY_SUMMARY: Summary = {count: 0, mean: null, median: null, min: null, max: null, std: null, p90: null, p95: null, p99: null, p999: null};

/** The probabilities of one summary: min, median, p90, p95, p99, p99.9, max. */
const SUMMARY_PROBABILITIES = [0, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

/** Sorts a copy of the values ascending (native numeric sort on a typed array). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values);
  sorted.sort();
  return sorted;
}

/** mathjs functions take plain arrays, not typed arrays: one conversion per summary. */
function plain(values: ArrayLike<number>): number[] {
  return Array.from(values);
}

/** Quantiles of ascending-sorted values, by mathjs (probabilities in 0…1). */
function sortedQuantiles(sorted: number[], probabilities: number[]): number[] {
  return math().quantileSeq(sorted, probabilities, true) as unknown as number[];
}

/** count, mean, median, min, max, sample std (n − 1), p90, p95, p99, p99.9. */
export async function summarize(values: ArrayLike<number>): Promise<Summary> {
  return summarizeSorted(plain(sortedCopy(values)));
}

function summarizeSorted(sorted: number[]): Summary {
  if (sorted.length === 0) return {...EMPTY_SUMMARY};
  const [min, median, p90, p95, p99, p999, max] = sortedQuantiles(sorted, SUMMARY_PROBABILITIES);
  const mean = math().mean(sorted) as number;
  const std = math().std(sorted) as unknown as number;
  return {count: sorted.length, mean, median, min, max, std, p90, p95, p99, p999};
}

export interface DurationFigures {
  summary: Summary;
  /** Values greater than zero. */
  positive: number;
  /** Counts per bin (see binCounts). */
  bins: number[];
}

/** A summary, the count of positive values and bin counts, from one sort. */
export async function durationFigures(values: ArrayLike<number>, edges: number[] = []): Promise<DurationFigures> {
  const sorted = sortedCopy(values);
  const bins = binCountsSorted(sorted, edges);
  const positive = sorted.length - firstIndexAbove(sorted, 0);
  return {summary: summarizeSorted(plain(sorted)), positive, bins};
}

/** Selected quantiles of unsorted values (p in 0…1); null for each when there are no values. */
export function quantiles(values: ArrayLike<number>, probabilities: number[]): Array<number | null> {
  if (values.length === 0) return probabilities.map(() => null);
  return sortedQuantiles(plain(sortedCopy(values)), probabilities);
}

/** The first index whose value is ≥ edge (`orEqual`) or > edge, in ascending-sorted values (binary search). */
function firstIndex(sorted: Float64Array, edge: number, orEqual: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < edge || (!orEqual && sorted[middle] === edge)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function firstIndexAbove(sorted: Float64Array, value: number): number {
  return firstIndex(sorted, value, false);
}

function binCountsSorted(sorted: Float64Array, edges: number[]): number[] {
  if (edges.length === 0) return [];
  const positions = [0, ...edges.map((edge) => firstIndex(sorted, edge, true)), sorted.length];
  return positions.slice(1).map((position, index) => position - positions[index]);
}

/**
 * How many values fall into each bin `[edges[i], edges[i+1])`, with an open bin below the first edge and one from
 * the last edge up: edges.length + 1 counts (none without edges).
 */
export function binCounts(values: ArrayLike<number>, edges: number[]): number[] {
  return binCountsSorted(sortedCopy(values), edges);
}

export interface LatencyFigures {
  min: number | null;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

/** The latency figures a load test reports: min, mean, p50, p90, p99, max. */
export async function latencySummary(values: ArrayLike<number>): Promise<LatencyFigures> {
  const summary = await summarize(values);
  return {min: summary.min, mean: summary.mean, p50: summary.median, p90: summary.p90, p99: summary.p99, max: summary.max};
}

/** A rate, or 0 when the duration is not positive. */
export function ratePerSecond(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}
