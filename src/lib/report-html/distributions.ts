/**
 * Display bins and cumulative curves from the documents' HDR histograms (decoded here, in Node, at render time):
 * HDR buckets are ~1/1000 of a value wide, far too many to draw; they are regrouped into log-spaced bins (10 per
 * decade) or, for a narrow range such as a steady latency, about 40 linear bins.
 */
import {type EncodedHistogram, readHistogram} from '../histogram.js';

export interface DisplayBin {
  from: number;
  to: number;
  count: number;
}

export interface Distribution {
  count: number;
  /** Values at 0 (negative durations are recorded as 0): not in `bins`, but in `zeroBin`. */
  zeros: number;
  /** Where a log chart draws the values at 0: a bar a decade left of the first bin, apart (null when none). */
  zeroBin: DisplayBin | null;
  negative: number;
  scale: 'log' | 'linear';
  /** Log bins per decade (10 for wide ranges, up to 40 for narrow ones, so a chart has about 40 bars). */
  perDecade: number;
  bins: DisplayBin[];
  /** [seconds, percent of values ≤ it]. */
  cdf: Array<[number, number]>;
}


function niceLinearStep(span: number, bins: number): number {
  const raw = span / bins;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

export async function distributionOf(histogram: EncodedHistogram, where: string): Promise<Distribution> {
  const reading = await readHistogram(histogram, where);
  const buckets = reading.buckets();
  const total = reading.count;
  // A bucket's `to` is the highest value equivalent to the recorded ones (its `from` is the previous bucket's end).
  const valueOf = (bucket: {to: number}) => bucket.to;
  const positive = buckets.filter((bucket) => bucket.to > 0);
  const zeros = buckets.filter((bucket) => bucket.to <= 0).reduce((sum, bucket) => sum + bucket.count, 0);
  const low = positive.length > 0 ? Math.max(1e-6, valueOf(positive[0])) : 1e-3;
  const high = positive.length > 0 ? valueOf(positive.at(-1)!) : 1;
  const linear = high / low < 20 && zeros === 0;
  const perDecade = Math.max(10, Math.min(40, Math.round(40 / Math.max(Math.log10(high / low), 0.1))));
  let bins: DisplayBin[];
  if (linear) {
    const step = niceLinearStep(Math.max(high - low, 1e-6), 40);
    const start = Math.floor(low / step) * step;
    const slots = Math.max(1, Math.ceil((high - start) / step + 1e-9));
    bins = Array.from({length: slots}, (_, index) => ({from: start + index * step, to: start + (index + 1) * step, count: 0}));
    for (const bucket of positive) bins[Math.min(slots - 1, Math.floor((valueOf(bucket) - start) / step))].count += bucket.count;
  } else {
    const first = Math.floor(Math.log10(low) * perDecade);
    const last = Math.floor(Math.log10(high) * perDecade);
    bins = Array.from({length: last - first + 1}, (_, index) => ({from: 10 ** ((first + index) / perDecade), to: 10 ** ((first + index + 1) / perDecade), count: 0}));
    for (const bucket of positive) {
      const slot = Math.floor(Math.log10(Math.max(valueOf(bucket), low)) * perDecade) - first;
      bins[Math.max(0, Math.min(bins.length - 1, slot))].count += bucket.count;
    }
  }
  const zeroBin = zeros > 0 && !linear && bins.length > 0 ? {from: bins[0].from / 10 ** (1 + 1 / perDecade), to: bins[0].from / 10, count: zeros} : null;
  // The cumulative curve, thinned to points at least 1/200 of a decade apart.
  const cdf: Array<[number, number]> = [];
  let cumulative = zeros;
  let lastLog = Number.NEGATIVE_INFINITY;
  positive.forEach((bucket, index) => {
    cumulative += bucket.count;
    const at = Math.log10(Math.max(bucket.to, 1e-6));
    if (at - lastLog >= 0.005 || index === positive.length - 1) {
      cdf.push([Math.max(bucket.to, 1e-6), total > 0 ? (100 * cumulative) / total : 0]);
      lastLog = at;
    }
  });
  return {count: total, zeros, negative: histogram.negative, scale: linear ? 'linear' : 'log', perDecade, bins, zeroBin, cdf};
}
