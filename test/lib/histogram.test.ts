import {expect} from 'chai';

import {decodeHistogram, histogramOfSeconds, histogramOfSortedSeconds, mergeHistograms, readHistogram} from '../../src/lib/histogram.js';

/** A seeded generator, so a failure can be reproduced. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Nearest-rank percentile of whole microseconds (what an HDR histogram answers, before bucket rounding). */
function nearestRank(sortedMicros: number[], percent: number): number {
  const rank = Math.max(1, Math.ceil((percent / 100) * sortedMicros.length));
  return sortedMicros[rank - 1];
}

/** Within 3 significant digits of the exact value (HDR: the bucket's width is ≤ value / 1000), or 1 µs. */
function expectWithinPrecision(actualSeconds: number, exactMicros: number): void {
  const tolerance = Math.max(1, exactMicros / 1000);
  expect(Math.abs(actualSeconds * 1e6 - exactMicros)).to.be.at.most(tolerance, `${actualSeconds} s vs ${exactMicros} µs`);
}

describe('histogram (HDR, mergeable)', () => {
  const random = seeded(7);
  const values = Float64Array.from({length: 20_000}, () => random() * random() * 900 + 0.000_001);
  const sorted = Float64Array.from(values).sort();
  const micros = Array.from(sorted, (value) => Math.round(value * 1e6));

  it('reads percentiles back within 3 significant digits of the exact values', async () => {
    const reading = await readHistogram(await histogramOfSeconds(values));
    expect(reading.count).to.equal(values.length);
    for (const percent of [1, 25, 50, 90, 95, 99, 99.9, 100]) expectWithinPrecision(reading.percentile(percent)!, nearestRank(micros, percent));
    expectWithinPrecision(reading.min!, micros[0]);
    expectWithinPrecision(reading.max!, micros.at(-1)!);
  });

  it('gives the same encoding from sorted values (the fast path) as from the values one by one', async () => {
    const slow = await histogramOfSeconds(values);
    const fast = await histogramOfSortedSeconds(sorted);
    expect(fast.count).to.equal(slow.count);
    const [a, b] = [await readHistogram(slow), await readHistogram(fast)];
    for (const percent of [0, 10, 50, 99, 100]) expect(b.percentile(percent)).to.equal(a.percentile(percent));
    expect(b.buckets()).to.deep.equal(a.buckets());
  });

  it('counts negative durations apart and records them as zero; skips NaN', async () => {
    const histogram = await histogramOfSeconds([-2, -0.5, 0, 1, Number.NaN, 3]);
    expect(histogram).to.include({count: 5, negative: 2, unit: 'us', significantDigits: 3});
    const reading = await readHistogram(histogram);
    expect(reading.min).to.equal(0);
    expect(reading.percentile(50)).to.equal(0);
    const fromSorted = await histogramOfSortedSeconds([-2, -0.5, 0, 1, 3, Number.NaN]);
    expect(fromSorted).to.include({count: 5, negative: 2});
  });

  it('merges: counts add and percentiles are those of the combined values', async () => {
    const other = Float64Array.from({length: 5000}, () => 1000 + random() * 100);
    const merged = await readHistogram(await mergeHistograms([await histogramOfSeconds(values), await histogramOfSeconds(other)]));
    expect(merged.count).to.equal(values.length + other.length);
    const all = [...micros, ...Array.from(other, (value) => Math.round(value * 1e6))].sort((a, b) => a - b);
    for (const percent of [50, 80, 90, 99, 100]) expectWithinPrecision(merged.percentile(percent)!, nearestRank(all, percent));
  });

  it('merging a histogram with itself keeps every percentile', async () => {
    const once = await histogramOfSeconds(values);
    const [single, twice] = [await readHistogram(once), await readHistogram(await mergeHistograms([once, once]))];
    expect(twice.count).to.equal(2 * single.count);
    for (const percent of [0, 50, 95, 99, 100]) expect(twice.percentile(percent)).to.equal(single.percentile(percent));
  });

  it('refuses garbage, a wrong count and a wrong unit with a usage error (exit 2)', async () => {
    const good = await histogramOfSeconds([1, 2, 3]);
    const cases: Array<[unknown, RegExp]> = [
      [{...good, encoded: 'not base64!'}, /base64/],
      [{...good, encoded: 'AAAA'}, /unusable HdrHistogram: not the V2 compressed encoding/],
      [{...good, count: 4}, /unusable HdrHistogram: it holds 3 values but count is 4/],
      [{...good, unit: 'ms'}, /unit/],
      [null, /not a histogram/],
    ];
    for (const [value, message] of cases) {
      const error = await decodeHistogram(value as never, 'waitTime').then(() => undefined, (caught: unknown) => caught as Error & {exitCode: number});
      expect(error, String(message)).to.be.instanceOf(Error);
      expect(error!.message).to.match(message);
      expect(error!.exitCode).to.equal(2);
    }
  });
});
