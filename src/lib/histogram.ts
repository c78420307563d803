/**
 * Mergeable duration distributions: HDR histograms (hdr-histogram-js) of whole microseconds, 3 significant digits,
 * kept in result documents in HdrHistogram's compressed base64 form (the V2 encoding HdrHistogram's Java, Go and JS
 * libraries share), so two runs' percentiles can be combined without their raw values.
 *
 * HDR histograms hold no negative values; a negative duration (clock skew between Pulp's API and its workers) is
 * recorded as 0 and counted in `negative`. The exact figures of a run stay in its document next to the histogram;
 * a percentile read back from a histogram is within 0.1 % (3 significant digits) of the value recorded, or 1 µs.
 */
import type {Histogram} from 'hdr-histogram-js';

import {ExitCode, PulpBenchError} from './errors.js';
import {histogramPayloadProblem} from './histogram-payload.js';

export const HISTOGRAM_DIGITS = 3;
/** An encoded histogram larger than this is refused (a 3-digit histogram of µs up to a year fits in ~20 KB). */
const MAX_ENCODED_CHARS = 4 * 1024 * 1024;

export interface EncodedHistogram {
  /** Values are recorded in whole microseconds. */
  unit: 'us';
  significantDigits: number;
  /** Values recorded, negative ones included. */
  count: number;
  /** Of those, values below zero, recorded as 0. */
  negative: number;
  /** HdrHistogram V2 compressed encoding, base64. */
  encoded: string;
}

type HdrModule = typeof import('hdr-histogram-js');
let hdrModule: HdrModule | undefined;

/** hdr-histogram-js, loaded on first use (it is not needed to start the CLI). */
async function hdr(): Promise<HdrModule> {
  // A CommonJS package: its exports are on the namespace's default (and, when Node's lexer finds them, on it too).
  const loaded = (await import('hdr-histogram-js')) as unknown as HdrModule & {default?: HdrModule};
  hdrModule ??= typeof loaded.build === 'function' ? loaded : (loaded.default as HdrModule);
  return hdrModule;
}

async function emptyHistogram(): Promise<Histogram> {
  const {build} = await hdr();
  return build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    numberOfSignificantValueDigits: HISTOGRAM_DIGITS,
    useWebAssembly: false,
  });
}

async function encode(histogram: Histogram, negative: number): Promise<EncodedHistogram> {
  const {encodeIntoCompressedBase64} = await hdr();
  return {unit: 'us', significantDigits: HISTOGRAM_DIGITS, count: histogram.totalCount, negative, encoded: encodeIntoCompressedBase64(histogram)};
}

/** The histogram of durations given in seconds (NaN values are skipped). */
export async function histogramOfSeconds(values: ArrayLike<number>): Promise<EncodedHistogram> {
  return histogramOfMicros(values, 1e6);
}

/** The histogram of durations in microseconds (or in any unit, with `scale` to microseconds); NaN skipped. */
export async function histogramOfMicros(values: ArrayLike<number>, scale = 1): Promise<EncodedHistogram> {
  const histogram = await emptyHistogram();
  let negative = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (Number.isNaN(value)) continue;
    if (value < 0) {
      negative++;
      histogram.recordValue(0);
    } else histogram.recordValue(Math.round(value * scale));
  }
  try {
    return await encode(histogram, negative);
  } finally {
    histogram.destroy();
  }
}

/**
 * The histogram of durations in seconds sorted ascending (NaN values last, skipped): one record per HDR bucket
 * rather than per value (~5 ms per million values instead of ~120 ms).
 */
export async function histogramOfSortedSeconds(sorted: ArrayLike<number>): Promise<EncodedHistogram> {
  const histogram = await emptyHistogram();
  let index = 0;
  const {length} = sorted;
  while (index < length && sorted[index] < 0) index++;
  const negative = index;
  if (negative > 0) histogram.recordValueWithCount(0, negative);
  while (index < length) {
    const first = Math.round(sorted[index] * 1e6);
    if (Number.isNaN(first)) break;
    // Record the first value of the bucket (so min is exact), then the rest of the bucket at its highest value.
    histogram.recordValue(first);
    // JsHistogram has highestEquivalentValue; the Histogram interface type does not declare it.
    const top = (histogram as unknown as {highestEquivalentValue(value: number): number}).highestEquivalentValue(first);
    let end = index + 1;
    while (end < length && Math.round(sorted[end] * 1e6) <= top) end++;
    if (end - index > 1) histogram.recordValueWithCount(Math.round(sorted[end - 1] * 1e6), end - index - 1);
    index = end;
  }
  try {
    return await encode(histogram, negative);
  } finally {
    histogram.destroy();
  }
}

/** Thrown for a histogram in a result file that cannot be read. */
export class HistogramError extends PulpBenchError {
  constructor(message: string) {
    super(message, ExitCode.usage, 'usage');
  }
}

/** Decodes and checks a histogram from a (possibly hand-edited or hostile) result document. */
export async function decodeHistogram(value: EncodedHistogram, where = 'histogram'): Promise<Histogram> {
  if (typeof value !== 'object' || value === null) throw new HistogramError(`${where} is not a histogram object`);
  if (value.unit !== 'us') throw new HistogramError(`${where}: unit must be "us"`);
  if (typeof value.encoded !== 'string' || value.encoded.length === 0 || value.encoded.length > MAX_ENCODED_CHARS || !/^[A-Za-z0-9+/]+=*$/.test(value.encoded)) {
    throw new HistogramError(`${where}: "encoded" is not a base64 HdrHistogram of at most ${MAX_ENCODED_CHARS} characters`);
  }
  // hdr-histogram-js trusts the payload (sizes, lengths, runs): it is checked first (histogram-payload.ts).
  const problem = histogramPayloadProblem(value.encoded, value.significantDigits, value.count);
  if (problem) throw new HistogramError(`${where}: unusable HdrHistogram: ${problem}`);
  const {decodeFromCompressedBase64} = await hdr();
  let histogram: Histogram;
  try {
    histogram = decodeFromCompressedBase64(value.encoded, 32, false);
  } catch (error) {
    throw new HistogramError(`${where}: cannot decode the HdrHistogram (${(error as Error).message})`);
  }
  if (histogram.totalCount !== value.count) {
    histogram.destroy();
    throw new HistogramError(`${where}: holds ${histogram.totalCount} values but says count ${value.count}`);
  }
  return histogram;
}

/** One histogram holding the values of all of them (their counts add). */
export async function mergeHistograms(list: EncodedHistogram[]): Promise<EncodedHistogram> {
  const merged = await emptyHistogram();
  let negative = 0;
  try {
    for (const [index, item] of list.entries()) {
      const histogram = await decodeHistogram(item, `histogram ${index + 1}`);
      merged.add(histogram);
      histogram.destroy();
      negative += item.negative;
    }
    return await encode(merged, negative);
  } finally {
    merged.destroy();
  }
}

export interface HistogramReading {
  count: number;
  /** Seconds. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** percentile (0–100) → seconds (null when empty). */
  percentile: (percent: number) => number | null;
  /** The non-empty buckets, ascending: [from, to) in seconds and their count. */
  buckets: () => Array<{from: number; to: number; count: number}>;
}

/** Reads figures off an encoded histogram, in seconds. */
export async function readHistogram(value: EncodedHistogram, where?: string): Promise<HistogramReading> {
  const histogram = await decodeHistogram(value, where);
  const count = histogram.totalCount;
  const seconds = (micros: number) => micros / 1e6;
  const reading: HistogramReading = {
    count,
    min: count === 0 ? null : seconds(histogram.getValueAtPercentile(0)),
    max: count === 0 ? null : seconds(histogram.maxValue),
    mean: count === 0 ? null : seconds(histogram.mean),
    percentile: (percent) => (count === 0 ? null : seconds(histogram.getValueAtPercentile(percent))),
    buckets: () => {
      const rows: Array<{from: number; to: number; count: number}> = [];
      for (const item of iterateRecorded(histogram)) rows.push(item);
      return rows;
    },
  };
  return reading;
}

/** The recorded values' buckets of an HDR histogram, [lowest, highest] equivalent values in seconds. */
function* iterateRecorded(histogram: Histogram): Generator<{from: number; to: number; count: number}> {
  // hdr-histogram-js's JsHistogram exposes its iterators; its interface type does not declare them.
  const iterator = (histogram as unknown as {recordedValuesIterator: {reset(): void; hasNext(): boolean; next(): {valueIteratedFrom: number; valueIteratedTo: number; countAtValueIteratedTo: number}}}).recordedValuesIterator;
  iterator.reset();
  while (iterator.hasNext()) {
    const step = iterator.next();
    yield {from: step.valueIteratedFrom / 1e6, to: step.valueIteratedTo / 1e6, count: step.countAtValueIteratedTo};
  }
}
