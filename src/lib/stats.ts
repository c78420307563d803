/**
 * The only place pulp-bench computes statistics, on typed arrays. Percentiles use linear interpolation between
 * closest ranks (numpy's default, R type 7), so figures agree with the original tool and with a spreadsheet.
 *
 * mathjs (which the first version used) was measured at ~0.45 s per million values for a summary here — its generic
 * array code copies and dispatches per element — which alone would break the 6 s budget of a million-task
 * analysis; these few formulas on natively sorted Float64Arrays take ~0.13 s, nearly all of it the sort.
 */

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

/** Sorts a copy of the values ascending (native numeric sort on a typed array). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values);
  sorted.sort();
  return sorted;
}

/** Quantile `p` (0…1) of ascending-sorted values: linear interpolation between closest ranks (R type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = (n - 1) * p;
  const low = Math.floor(rank);
  const high = Math.min(n - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** Mean and sample standard deviation (n − 1, as pandas), two passes for accuracy. */
export function meanAndStd(values: ArrayLike<number>): {mean: number | null; std: number | null} {
  const n = values.length;
  if (n === 0) return {mean: null, std: null};
  let sum = 0;
  for (let index = 0; index < n; index++) sum += values[index];
  const mean = sum / n;
  if (n === 1) return {mean, std: 0};
  let squares = 0;
  for (let index = 0; index < n; index++) squares += (values[index] - mean) ** 2;
  return {mean, std: Math.sqrt(squares / (n - 1))};
}

/** count, mean, median, min, max, sample std (n−1, as pandas), p90, p95, p99, p99.9. */
export async function summarize(values: ArrayLike<number>): Promise<Summary> {
  if (values.length === 0) return {...EMPTY_SUMMARY};
  const sorted = sortedCopy(values);
  const [median, p90, p95, p99, p999] = [0.5, 0.9, 0.95, 0.99, 0.999].map((p) => quantileSorted(sorted, p));
  const {mean, std} = meanAndStd(sorted);
  return {count: sorted.length, mean, median, min: sorted[0], max: sorted.at(-1)!, std, p90, p95, p99, p999};
}

/** Selected quantiles of unsorted values (p in 0…1). */
export function quantiles(values: ArrayLike<number>, probabilities: number[]): Array<number | null> {
  const sorted = sortedCopy(values);
  return probabilities.map((p) => quantileSorted(sorted, p));
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
