/**
 * How figures of several runs combine into the figures of all their values together.
 * - count-weighted means, and the sample standard deviation (n − 1) pooled exactly from counts, means and stds;
 *   min and max exact;
 * - percentiles from the merged HDR histogram, by the same linear interpolation between closest ranks (R type 7)
 *   as stats.ts, each HDR bucket read at its middle, then clamped to the exact [min, max] of all values: within the
 *   histogram's precision (0.1 % + 1 µs) of the percentile of all the runs' values together.
 *   Not clamped to the runs' own percentiles: with interpolation, the percentile of a union of small samples can lie
 *   outside them (measured: two runs of 6 and 4 requests with p90 1.1107 s and 1.1098 s, p90 of all 10: 1.1304 s).
 * - runs with identical histograms (a run merged with itself) keep their exact percentiles: their values form the
 *   same distribution, which R type 7 would otherwise report slightly differently for the larger sample;
 * - where no histogram exists (per failure cause, per task name, --track phases): a count-weighted mean of the runs'
 *   percentiles — an estimate (exact when one run has values, or all runs have the same).
 */
import {type EncodedHistogram, readHistogram} from '../histogram.js';

export interface Part {
  count: number;
  mean: number | null;
  std?: number | null;
}

const present = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

export function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** The mean of all values of the parts (parts without values are skipped). */
export function weightedMean(parts: Part[]): number | null {
  const used = parts.filter((part) => part.count > 0 && present(part.mean));
  const count = sum(used.map((part) => part.count));
  return count === 0 ? null : sum(used.map((part) => part.count * part.mean!)) / count;
}

/** The sample standard deviation (n − 1) of all values of the parts, from their counts, means and stds. */
export function pooledStd(parts: Part[]): number | null {
  const used = parts.filter((part) => part.count > 0 && present(part.mean));
  const count = sum(used.map((part) => part.count));
  if (count < 2) return null;
  const mean = weightedMean(used)!;
  // Σ (n_i − 1)·s_i² + n_i·(m_i − m)²: the squared deviations of every value from the overall mean.
  const squares = sum(used.map((part) => (part.count > 1 ? (part.count - 1) * (part.std ?? 0) ** 2 : 0) + part.count * (part.mean! - mean) ** 2));
  return Math.sqrt(squares / (count - 1));
}

export function minOf(values: Array<number | null | undefined>): number | null {
  const used = values.filter(present);
  return used.length === 0 ? null : Math.min(...used);
}

export function maxOf(values: Array<number | null | undefined>): number | null {
  const used = values.filter(present);
  return used.length === 0 ? null : Math.max(...used);
}

/** `value` clamped to the range of the given exact values (null values skipped; unchanged when none). */
export function clampToSources(value: number | null, sources: Array<number | null | undefined>): number | null {
  const low = minOf(sources);
  const high = maxOf(sources);
  if (low === null || high === null) return value;
  if (value === null) return null;
  return Math.min(high, Math.max(low, value));
}

/** `value` kept within the known bounds of `range` (a null bound does not bound). */
export function clampToRange(value: number | null, range: {min: number | null; max: number | null}): number | null {
  if (value === null) return null;
  let clamped = value;
  if (range.max !== null) clamped = Math.min(range.max, clamped);
  if (range.min !== null) clamped = Math.max(range.min, clamped);
  return clamped;
}

/** A count-weighted mean of the runs' values of a percentile: the estimate used where no histogram exists. */
export function estimatePercentile(parts: Array<{count: number; value: number | null | undefined}>): number | null {
  return weightedMean(parts.map((part) => ({count: part.count, mean: part.value ?? null})));
}

/** Quantiles (0…1) of a histogram by linear interpolation between closest ranks (R type 7), in seconds. */
export async function histogramQuantiles(histogram: EncodedHistogram, probabilities: number[], where?: string): Promise<Array<number | null>> {
  const reading = await readHistogram(histogram, where);
  if (reading.count === 0) return probabilities.map(() => null);
  const buckets = reading.buckets();
  const ends: number[] = [];
  let cumulative = 0;
  for (const bucket of buckets) ends.push((cumulative += bucket.count));
  // An HDR bucket holding v (µs) is 1 µs wide below subBucketCount, else 2^(⌊log2 v⌋ − log2(subBucketCount / 2)) wide.
  const subBucketCount = 2 ** Math.ceil(Math.log2(2 * 10 ** histogram.significantDigits));
  const middle = (highest: number): number => {
    const micros = Math.round(highest * 1e6);
    const width = micros < subBucketCount ? 1 : 2 ** (Math.floor(Math.log2(micros)) - Math.log2(subBucketCount / 2));
    return (micros - (width - 1) / 2) / 1e6;
  };
  /** The value of the k-th smallest recorded value (0-based): the middle of its bucket. */
  const valueAt = (rank: number): number => {
    let low = 0;
    let high = ends.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ends[middle] > rank) high = middle;
      else low = middle + 1;
    }
    return middle(buckets[low].to);
  };
  return probabilities.map((probability) => {
    const position = (reading.count - 1) * probability;
    const lower = Math.floor(position);
    const upper = Math.min(reading.count - 1, lower + 1);
    const low = valueAt(lower);
    return low + (position - lower) * (valueAt(upper) - low);
  });
}

/**
 * Percentiles of merged runs from their merged histogram (see above); `sourceValues[i]` are the runs' exact values of
 * `probabilities[i]`, `range` the exact min and max of all values.
 */
export async function mergedPercentiles(
  merged: EncodedHistogram,
  sources: EncodedHistogram[],
  probabilities: number[],
  sourceValues: Array<Array<number | null | undefined>>,
  range: {min: number | null; max: number | null},
  where?: string,
): Promise<Array<number | null>> {
  const values = await histogramQuantiles(merged, probabilities, where);
  const identical = sources.every((source) => source.encoded === sources[0].encoded);
  return values.map((value, index) => {
    const exact = sourceValues[index].filter(present);
    if (identical && exact.length > 0 && exact.every((item) => item === exact[0])) return exact[0];
    return clampToRange(value, range);
  });
}
