import {expect} from 'chai';

import {colourEnabled, painter} from '../../../src/lib/render/colour.js';
import {formatEta, formatNumber, formatPercent, formatSeconds} from '../../../src/lib/render/format.js';
import {documentJson, roundSeconds} from '../../../src/lib/render/json.js';

describe('one number and duration formatter', () => {
  it('durations: µs, ms, s to three significant digits, then min and h', () => {
    const cases: Array<[number | null, string]> = [
      [0, '0 s'],
      [0.000_000_2, '< 1 µs'],
      [0.000_412, '412 µs'],
      [0.002_69, '2.69 ms'],
      [0.3211, '321 ms'],
      [1.5, '1.50 s'],
      [7.2, '7.20 s'],
      [18.16, '18.2 s'],
      [59.96, '1 min 00 s'],
      [72, '1 min 12 s'],
      [7260, '2 h 01 min'],
      [8784 * 3600, '8,784 h 00 min'],
      [-0.5, '-500 ms'],
      [null, '—'],
      [Number.NaN, '—'],
    ];
    for (const [seconds, text] of cases) expect(formatSeconds(seconds), String(seconds)).to.equal(text);
    expect(formatSeconds(1199.4, {compact: true})).to.equal('19m59s');
    expect(formatSeconds(7260, {compact: true})).to.equal('2h01m');
    expect(formatSeconds(18.16, {compact: true})).to.equal('18.2s');
  });

  it('numbers: separators, three significant digits, whole from 1,000 on', () => {
    expect(formatNumber(12_345)).to.equal('12,345');
    expect(formatNumber(142.857_142)).to.equal('143');
    expect(formatNumber(2.5)).to.equal('2.5');
    expect(formatNumber(0.059_12)).to.equal('0.0591');
    expect(formatNumber(12_345.6)).to.equal('12,346');
    expect(formatNumber(41.35, 1)).to.equal('41.4');
    expect(formatNumber(undefined)).to.equal('—');
    expect(formatPercent(1, 3)).to.equal('33.3%');
    expect(formatPercent(1, 0)).to.equal('0.0%');
  });

  it('ETAs in whole seconds, unknown as —', () => {
    expect(formatEta(17.4)).to.equal('17 s');
    expect(formatEta(125)).to.equal('2 min 05 s');
    expect(formatEta(undefined)).to.equal('—');
    expect(formatEta(Number.POSITIVE_INFINITY)).to.equal('—');
  });
});

describe('result documents without float noise', () => {
  it('rounds seconds to the microsecond, keeps counts, and other fractions to 12 significant digits', () => {
    const document = {
      elapsedSeconds: 25.123_456_789,
      latency: {min: 0.1 + 0.2, mean: 2.000_000_4, p50: 1, max: null},
      waitTime: {count: 3, waited: 2, mean: 1.234_567_89, p999: 7.000_000_49},
      byName: [{name: 'x', count: 1, waitP50: 0.333_333_333_3, runP50: 1e-7}],
      timeline: [{t: 1, seconds: 0.399_999_999_999_999_97, tasks: 40, tasksPerSecond: 159.999_999_999_999_97}],
      throughput: {tasks: 3, windowSeconds: 10.5, tasksPerSecond: 0.285_714_285_714_285_7},
      thresholds: [{expression: 'x', crossed: false, values: {'latency.p99': 0.123_456_789, 'requests.failed': 0.1 + 0.2}, units: {'latency.p99': 's'}}],
    };
    expect(JSON.parse(documentJson(document))).to.deep.equal({
      elapsedSeconds: 25.123_457,
      latency: {min: 0.3, mean: 2, p50: 1, max: null},
      waitTime: {count: 3, waited: 2, mean: 1.234_568, p999: 7},
      byName: [{name: 'x', count: 1, waitP50: 0.333_333, runP50: 0}],
      timeline: [{t: 1, seconds: 0.4, tasks: 40, tasksPerSecond: 160}],
      throughput: {tasks: 3, windowSeconds: 10.5, tasksPerSecond: 0.285_714_285_714},
      thresholds: [{expression: 'x', crossed: false, values: {'latency.p99': 0.123_457, 'requests.failed': 0.3}, units: {'latency.p99': 's'}}],
    });
    expect(documentJson({error: {kind: 'usage', message: 'm', exitCode: 2}})).to.equal('{"error":{"kind":"usage","message":"m","exitCode":2}}');
    expect(Object.is(roundSeconds(-1e-9), 0)).to.equal(true);
  });
});

describe('colour', () => {
  it('only on a terminal that takes colours (Node decides NO_COLOR, TERM=dumb, FORCE_COLOR)', () => {
    expect(colourEnabled({isTTY: false, hasColors: () => true})).to.equal(false);
    expect(colourEnabled({isTTY: true, hasColors: () => false})).to.equal(false);
    expect(colourEnabled({isTTY: true})).to.equal(false);
    expect(colourEnabled({isTTY: true, hasColors: () => true})).to.equal(true);
    expect(painter({isTTY: true, hasColors: () => true}).failure('✗')).to.equal('\u001B[31m✗\u001B[39m');
    expect(painter({isTTY: false}).failure('✗')).to.equal('✗');
  });
});
