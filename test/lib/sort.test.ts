import {expect} from 'chai';

import {sortedFloat64, sortFloat64InPlace} from '../../src/lib/sort.js';

/** The reference: the built-in typed-array sort. */
const builtIn = (values: number[]) => Float64Array.from(values).sort();

describe('sortFloat64 (radix sort of doubles)', () => {
  it('orders large arrays exactly as the built-in sort, specials included', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const specials = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE];
    const values = Array.from({length: 200_000}, (_, index) => (index % 1000 === 0 ? specials[(index / 1000) % specials.length] : (random() - 0.2) * 10 ** Math.floor(random() * 12 - 6)));
    const sorted = sortedFloat64(values);
    const expected = builtIn(values);
    expect(sorted.length).to.equal(expected.length);
    for (let index = 0; index < sorted.length; index++) {
      if (!Object.is(sorted[index], expected[index])) expect.fail(`index ${index}: ${sorted[index]} ≠ ${expected[index]}`);
    }
  });

  it('handles ties, a single repeated value and subarrays in place', () => {
    const ties = Array.from({length: 70_000}, (_, index) => index % 3);
    expect(Array.from(sortedFloat64(ties))).to.deep.equal(Array.from(builtIn(ties)));
    const same = new Float64Array(70_000).fill(2.5);
    sortFloat64InPlace(same);
    expect(same.every((value) => value === 2.5)).to.equal(true);
    const backing = Float64Array.from({length: 140_002}, (_, index) => (index === 0 || index === 140_001 ? -1 : 140_000 - index));
    sortFloat64InPlace(backing.subarray(1, 140_001));
    expect([backing[0], backing[1], backing[2], backing[140_000], backing[140_001]]).to.deep.equal([-1, 0, 1, 139_999, -1]);
    expect(Array.from(sortedFloat64([3, -1, 2]))).to.deep.equal([-1, 2, 3]);
  });
});
