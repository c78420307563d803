import {expect} from 'chai';

import {latencySummary, summarize} from '../../src/lib/stats.js';

/** numpy.percentile(..., method='linear'), written independently of the code under test. */
function numpyPercentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

describe('stats', () => {
  it('matches numpy/pandas on a known sample', async () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const summary = await summarize(values);
    expect(summary.count).to.equal(11);
    expect(summary.mean).to.be.closeTo(44 / 11, 1e-12);
    expect(summary.median).to.equal(4);
    expect(summary.min).to.equal(1);
    expect(summary.max).to.equal(9);
    expect(summary.p90).to.be.closeTo(6, 1e-12); // numpy.percentile(v, 90) = 6.0
    expect(summary.p95).to.be.closeTo(7.5, 1e-12);
    expect(summary.std).to.be.closeTo(Math.sqrt(56 / 10), 1e-12); // pandas Series.std (ddof=1): squared deviations sum to 56
  });

  it('agrees with an independent linear-interpolation percentile on random data', async () => {
    const values = Array.from({length: 1001}, (_, index) => Math.sin(index * 12.9898) * 43758.5453 % 100);
    const summary = await summarize(values);
    for (const [key, q] of [['p90', 90], ['p95', 95], ['p99', 99], ['p999', 99.9], ['median', 50]] as const) {
      expect(summary[key], key).to.be.closeTo(numpyPercentile(values, q), 1e-9);
    }
  });

  it('handles empty and single samples', async () => {
    expect((await summarize([])).count).to.equal(0);
    expect((await summarize([])).p95).to.equal(null);
    const one = await summarize(new Float64Array([2.5]));
    expect(one).to.deep.include({count: 1, mean: 2.5, median: 2.5, min: 2.5, max: 2.5, std: 0, p99: 2.5});
    expect(await latencySummary([0.1, 0.3])).to.deep.equal({min: 0.1, mean: 0.2, p50: 0.2, p90: 0.28, p99: 0.298, max: 0.3});
  });
});
