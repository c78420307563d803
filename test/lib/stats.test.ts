import {expect} from 'chai';

import {binCounts, durationFigures, latencySummary, quantiles, summarize} from '../../src/lib/stats.js';

// Independent reference computations, written here without the code under test (plain loops, no mathjs).
function referenceMean(values: number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Sample standard deviation (n − 1), textbook two-pass formula; undefined (null) for a single value. */
function referenceStd(values: number[]): number | null {
  if (values.length === 1) return null;
  const mean = referenceMean(values);
  let squares = 0;
  for (const value of values) squares += (value - mean) * (value - mean);
  return Math.sqrt(squares / (values.length - 1));
}

/** numpy.percentile(values, q) with the default 'linear' method (R type 7). */
function referencePercentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

async function expectMatchesReference(values: number[]): Promise<void> {
  const summary = await summarize(Float64Array.from(values));
  const tolerance = (expected: number) => 1e-9 * Math.max(1, Math.abs(expected));
  expect(summary.count).to.equal(values.length);
  expect(summary.mean).to.be.closeTo(referenceMean(values), tolerance(referenceMean(values)));
  const std = referenceStd(values);
  if (std === null) expect(summary.std).to.equal(null);
  else expect(summary.std).to.be.closeTo(std, tolerance(std));
  expect(summary.min).to.equal(Math.min(...values));
  expect(summary.max).to.equal(Math.max(...values));
  for (const [key, q] of [['median', 50], ['p90', 90], ['p95', 95], ['p99', 99], ['p999', 99.9]] as const) {
    const expected = referencePercentile(values, q);
    expect(summary[key], `${key} of ${values.length} values`).to.be.closeTo(expected, tolerance(expected));
  }
}

describe('stats (mathjs)', () => {
  it('matches numpy/pandas on a known sample', async () => {
    const summary = await summarize([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);
    expect(summary).to.deep.include({count: 11, median: 4, min: 1, max: 9});
    expect(summary.mean).to.be.closeTo(44 / 11, 1e-12);
    expect(summary.p90).to.be.closeTo(6, 1e-12); // numpy.percentile(v, 90) = 6.0
    expect(summary.p95).to.be.closeTo(7.5, 1e-12);
    expect(summary.std).to.be.closeTo(Math.sqrt(56 / 10), 1e-12); // pandas Series.std: squared deviations sum to 56
  });

  it('n = 0 gives nulls; n = 1 and n = 2 agree with the reference', async () => {
    expect(await summarize([])).to.deep.equal({count: 0, mean: null, median: null, min: null, max: null, std: null, p90: null, p95: null, p99: null, p999: null});
    expect(quantiles([], [0.5, 0.9])).to.deep.equal([null, null]);
    await expectMatchesReference([2.5]);
    await expectMatchesReference([0.1, 0.3]);
    expect(await latencySummary([0.1, 0.3])).to.deep.equal({min: 0.1, mean: 0.2, p50: 0.2, p90: 0.28, p99: 0.298, max: 0.3});
  });

  it('handles ties and negative values like the reference', async () => {
    await expectMatchesReference([1, 1, 1, 2, 2, 3]);
    await expectMatchesReference([5, 5, 5, 5]);
    await expectMatchesReference([-3, -1, -1, 0, 0, 0, 7.25]);
  });

  it('agrees with the reference on 10,001 pseudo-random values, typed or not', async () => {
    const values = Array.from({length: 10_001}, (_, index) => ((Math.sin(index * 12.9898) * 43_758.5453) % 100) * (index % 3 === 0 ? 1e3 : 1));
    await expectMatchesReference(values);
    const [p10, p50] = quantiles(Float64Array.from(values), [0.1, 0.5]);
    expect(p10).to.be.closeTo(referencePercentile(values, 10), 1e-9);
    expect(p50).to.be.closeTo(referencePercentile(values, 50), 1e-9);
  });

  it('counts positive values and bins [from, to) from one sort', async () => {
    const values = [-2, 0, 0, 0.5, 1, 1, 4.99, 5, 30, 3600, 10_000];
    const figures = await durationFigures(values, [0, 1, 5, 30]);
    expect(figures.positive).to.equal(values.filter((value) => value > 0).length);
    const edges = [Number.NEGATIVE_INFINITY, 0, 1, 5, 30, Number.POSITIVE_INFINITY];
    const expected = edges.slice(1).map((to, index) => values.filter((value) => value >= edges[index] && value < to).length);
    expect(figures.bins).to.deep.equal(expected); // [1, 3, 3, 1, 3]
    expect(binCounts(values, [0, 1, 5, 30])).to.deep.equal(expected);
    expect(figures.summary.median).to.equal(1);
    expect((await durationFigures([], [0, 1])).bins).to.deep.equal([0, 0, 0]);
  });
});
