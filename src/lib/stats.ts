/**
 * The only place pulp-bench computes statistics. Every reported figure comes from mathjs (the lean instance of
 * math.ts): mean, sample standard deviation (n − 1), and the quantiles — median, p90 … p99.9, and min and max as
 * the 0- and 1-quantiles — from `quantileSeq`, whose linear interpolation between closest ranks is numpy's default
 * (R type 7), so figures agree with the original tool and with a spreadsheet.
 *
 * How it stays fast on millions of values: the values are sorted once, natively (sort.ts), and handed to
 * mathjs in place, through a read-only Matrix view (math.ts `vector`), to `quantileSeq` with `sorted = true`
 * (mathjs would otherwise sort its own copy, ~8× slower) and to `mean` and `std`; all quantiles of a summary come
 * from one call. The sorted copy lives only for the duration of one summary.
 *
 * Duration figures can also carry the mergeable histogram (histogram.ts) of the same sorted values, made from that
 * sort (histogramOfSortedSeconds, ~5–10 ms per million values): the exact figures and the histogram describe exactly
 * the same values.
 */
import {type EncodedHistogram, histogramOfSortedSeconds} from './histogram.js';
import {math, vector} from './math.js';
import {sortedFloat64, sortFloat64InPlace} from './sort.js';

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

/** Sorts a copy of the values ascending (see sort.ts). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return sortedFloat64(values);
}

/** Quantiles of ascending-sorted values, by mathjs (probabilities in 0…1). */
function sortedQuantiles(sorted: Float64Array, probabilities: number[]): number[] {
  return math().quantileSeq(vector(sorted), probabilities, true) as unknown as number[];
}

/** count, mean, median, min, max, sample std (n − 1), p90, p95, p99, p99.9. */
export async function summarize(values: ArrayLike<number>): Promise<Summary> {
  return summarizeSorted(sortedCopy(values));
}

function summarizeSorted(sorted: Float64Array): Summary {
  if (sorted.length === 0) return {...EMPTY_SUMMARY};
  const [min, median, p90, p95, p99, p999, max] = sortedQuantiles(sorted, SUMMARY_PROBABILITIES);
  const values = vector(sorted);
  const mean = math().mean(values) as number;
  // The sample standard deviation (n − 1) of one value is undefined (mathjs says 0): no data, not zero spread.
  const std = sorted.length > 1 ? (math().std(values) as unknown as number) : null;
  return {count: sorted.length, mean, median, min, max, std, p90, p95, p99, p999};
}

export interface DurationFigures {
  summary: Summary;
  /** Values greater than zero. */
  positive: number;
  /** Counts per bin (see binCounts). */
  bins: number[];
  /** The values' HDR histogram (seconds, recorded in µs), when asked for. */
  histogram?: EncodedHistogram;
}

export interface FigureOptions {
  /** Also make the values' mergeable histogram, from the same sorted values. */
  histogram?: boolean;
}

/** A summary, the count of positive values and bin counts (and the histogram, if asked), from one sort. */
export async function durationFigures(values: ArrayLike<number>, edges: number[] = [], options: FigureOptions = {}): Promise<DurationFigures> {
  return figuresOfSorted(sortedCopy(values), edges, options);
}

async function figuresOfSorted(sorted: Float64Array, edges: number[], options: FigureOptions): Promise<DurationFigures> {
  const bins = binCountsSorted(sorted, edges);
  const positive = sorted.length - firstIndexAbove(sorted, 0);
  const figures: DurationFigures = {summary: summarizeSorted(sorted), positive, bins};
  if (options.histogram) figures.histogram = await histogramOfSortedSeconds(sorted);
  return figures;
}

export interface GroupFigures {
  count: number;
  /** The requested quantiles of the group (null when it is empty). */
  quantiles: Array<number | null>;
  /** The group's histogram, when asked for (groupHistograms) and the group is not empty. */
  histogram?: EncodedHistogram;
}

export interface GroupedFigureOptions extends FigureOptions {
  /** Also make each non-empty group's histogram, from its sorted values. */
  groupHistograms?: boolean;
}

export interface GroupedFigures extends DurationFigures {
  /** One entry per group code. */
  groups: GroupFigures[];
}

/**
 * durationFigures of values that each belong to a group (`groupOf[i]` in 0…groupCount−1), plus the given quantiles
 * of every group — with one sort in all: the values are bucketed by group, each group sorted in place, and the
 * sorted groups merged for the overall figures.
 */
export async function groupedDurationFigures(
  values: ArrayLike<number>,
  groupOf: ArrayLike<number>,
  groupCount: number,
  probabilities: number[],
  edges: number[] = [],
  options: GroupedFigureOptions = {},
): Promise<GroupedFigures> {
  const offsets = new Uint32Array(groupCount + 1);
  for (let index = 0; index < values.length; index++) offsets[groupOf[index] + 1]++;
  for (let group = 0; group < groupCount; group++) offsets[group + 1] += offsets[group];
  const grouped = new Float64Array(values.length);
  const cursor = offsets.slice(0, groupCount);
  for (let index = 0; index < values.length; index++) grouped[cursor[groupOf[index]]++] = values[index];
  const groups: GroupFigures[] = [];
  for (let group = 0; group < groupCount; group++) {
    const members = grouped.subarray(offsets[group], offsets[group + 1]);
    sortFloat64InPlace(members);
    const figures: GroupFigures = {count: members.length, quantiles: members.length === 0 ? probabilities.map(() => null) : sortedQuantiles(members, probabilities)};
    if (options.groupHistograms && members.length > 0) figures.histogram = await histogramOfSortedSeconds(members);
    groups.push(figures);
  }
  return {...(await figuresOfSorted(mergeSortedRuns(grouped, offsets), edges, options)), groups};
}

/** Merges consecutive ascending runs (`bounds` = their start offsets and the end) into one ascending array. */
function mergeSortedRuns(data: Float64Array, bounds: ArrayLike<number>): Float64Array {
  let runs = [...new Set(Array.from(bounds))];
  if (runs.length > 1024) return data.sort(); // as fast as ten rounds of merging
  let source: Float64Array = data;
  let target: Float64Array = new Float64Array(data.length);
  while (runs.length > 2) {
    const merged = [runs[0]];
    for (let index = 0; index + 1 < runs.length; index += 2) {
      const start = runs[index];
      const middle = runs[index + 1];
      const end = runs[index + 2] ?? middle;
      let left = start;
      let right = middle;
      let out = start;
      while (left < middle && right < end) target[out++] = source[left] <= source[right] ? source[left++] : source[right++];
      while (left < middle) target[out++] = source[left++];
      while (right < end) target[out++] = source[right++];
      merged.push(end);
    }
    runs = [...new Set(merged)];
    [source, target] = [target, source];
  }
  return source;
}

/** Selected quantiles of unsorted values (p in 0…1); null for each when there are no values. */
export function quantiles(values: ArrayLike<number>, probabilities: number[]): Array<number | null> {
  if (values.length === 0) return probabilities.map(() => null);
  return sortedQuantiles(sortedCopy(values), probabilities);
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
