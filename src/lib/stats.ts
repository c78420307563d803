/**
 * The only place pulp-bench computes statistics. Percentiles use linear interpolation between closest ranks
 * (numpy's default, R type 7), so figures agree with the original tool and with a spreadsheet. mathjs does the
 * arithmetic; it is imported lazily because it costs ~0.5 s of startup.
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

type MathJs = typeof import('mathjs');
let math: MathJs | undefined;
async function mathjs(): Promise<MathJs> {
  math ??= await import('mathjs');
  return math;
}

/** Sorts a copy of the values ascending (native numeric sort on a typed array). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values);
  sorted.sort();
  return sorted;
}

/** Quantile `p` (0…1) of ascending-sorted values, linear interpolation (R type 7). */
export async function quantileSorted(sorted: Float64Array, p: number): Promise<number | null> {
  if (sorted.length === 0) return null;
  const {quantileSeq} = await mathjs();
  return quantileSeq(Array.from(sorted), p, true) as number;
}

/** count, mean, median, min, max, sample std (n−1, as pandas), p90, p95, p99, p99.9. */
export async function summarize(values: ArrayLike<number>): Promise<Summary> {
  if (values.length === 0) return {...EMPTY_SUMMARY};
  const {mean, quantileSeq, std} = await mathjs();
  const sorted = Array.from(sortedCopy(values));
  const [median, p90, p95, p99, p999] = quantileSeq(sorted, [0.5, 0.9, 0.95, 0.99, 0.999], true) as number[];
  return {
    count: sorted.length,
    mean: mean(sorted) as number,
    median,
    min: sorted[0],
    max: sorted.at(-1)!,
    std: sorted.length > 1 ? (std(sorted) as unknown as number) : 0,
    p90,
    p95,
    p99,
    p999,
  };
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
