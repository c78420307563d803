import {expect} from 'chai';

import {analyzeTasks, SPARKLINE_SLICES} from '../../../src/lib/analysis/analyze.js';
import {TaskColumns} from '../../../src/lib/analysis/columns.js';
import {readHistogram} from '../../../src/lib/histogram.js';
import {iso} from '../../helpers/task-list.js';

const SINCE = Date.UTC(2026, 10, 1) * 1000;
const HOUR = 3600e6;

describe('analysis figures for the result document: histograms, backlog events, sparklines', () => {
  // 2,000 tasks over an hour, two names; waits 0–199 s, runs 1–10 s, a few blocked; every 10th failed, one waiting.
  const columns = new TaskColumns();
  for (let index = 0; index < 2000; index++) {
    const created = SINCE + index * 1.8e6;
    const wait = (index % 200) * 1e6;
    const started = created + wait;
    const finished = started + (1 + (index % 10)) * 1e6;
    const unblocked = created + (index % 7 === 0 ? 500_000 : 0);
    const state = index % 10 === 9 ? 'failed' : 'completed';
    columns.add({pulp_created: iso(created), unblocked_at: iso(unblocked), started_at: iso(started), finished_at: iso(finished), state, name: index % 4 === 0 ? 'sync' : 'noop'});
  }
  columns.add({pulp_created: iso(SINCE + 0.5 * HOUR), unblocked_at: null, started_at: null, finished_at: null, state: 'waiting', name: 'sync'});
  const window = {sinceUs: SINCE, untilUs: SINCE + HOUR};

  it('each duration has the histogram of exactly the values its figures come from', async () => {
    const analysis = await analyzeTasks(columns, window, 'human');
    for (const key of ['waitTime', 'blockedTime', 'queueTime', 'runTime'] as const) {
      const figures = analysis[key];
      const histogram = await readHistogram(analysis.histograms[key]);
      expect(histogram.count, key).to.equal(figures.count);
      expect(analysis.histograms[key]).to.include({unit: 'us', significantDigits: 3});
      // Within the histogram's precision (3 significant digits) of the exact figures; negative values are kept as 0.
      expect(histogram.min!, `${key} min`).to.be.closeTo(Math.max(0, figures.min!), Math.abs(figures.min!) * 1e-3 + 1e-6);
      expect(histogram.max!, `${key} max`).to.be.closeTo(figures.max!, figures.max! * 1e-3 + 1e-6);
    }
    // Queue time = started − unblocked: the two tasks unblocked 0.5 s after creation that waited 0 s are negative.
    expect(analysis.histograms.queueTime.negative).to.equal(2);
    expect(analysis.histograms.waitTime.negative).to.equal(0);
    // The median of the waits, by nearest rank, as the histogram gives it (the exact figure interpolates).
    const waits: number[] = [];
    for (let row = 0; row < columns.length; row++) if (columns.stateOf(row) === 'completed') waits.push((columns.started[row] - columns.created[row]) / 1e6);
    waits.sort((a, b) => a - b);
    const wait = await readHistogram(analysis.histograms.waitTime);
    expect(wait.count).to.equal(1800);
    expect(wait.percentile(50)).to.be.closeTo(waits[Math.ceil(0.5 * waits.length) - 1], waits[Math.ceil(0.5 * waits.length) - 1] * 1e-3);
    expect(wait.percentile(90)).to.be.closeTo(waits[Math.ceil(0.9 * waits.length) - 1], waits[Math.ceil(0.9 * waits.length) - 1] * 1e-3);
  });

  it('backlog points count the tasks created, started and finished in [at, at + bucket)', async () => {
    const analysis = await analyzeTasks(columns, window, 'human');
    const {backlog, backlogBucketSeconds} = analysis;
    expect(backlogBucketSeconds).to.equal(60);
    const sum = (key: 'created' | 'started' | 'finished') => backlog.reduce((total, point) => total + point[key], 0);
    expect(sum('created')).to.equal(2001);
    // Tasks started or finished after the window's last bucket are not counted.
    const afterLastBucket = (column: Float64Array) => Array.from(column.subarray(0, columns.length)).filter((us) => us >= SINCE + (backlog.length * 60e6)).length;
    expect(sum('started')).to.equal(2000 - afterLastBucket(columns.started));
    expect(sum('finished')).to.equal(2000 - afterLastBucket(columns.finished));
    // Counted independently: events in each minute of the window.
    const inMinute = (column: Float64Array, minute: number) =>
      Array.from(column.subarray(0, columns.length)).filter((us) => us >= SINCE + minute * 60e6 && us < SINCE + (minute + 1) * 60e6).length;
    for (const minute of [0, 1, 30, 59]) {
      expect(backlog[minute].created, `created in minute ${minute}`).to.equal(inMinute(columns.created, minute));
      expect(backlog[minute].started, `started in minute ${minute}`).to.equal(inMinute(columns.started, minute));
      expect(backlog[minute].finished, `finished in minute ${minute}`).to.equal(inMinute(columns.finished, minute));
    }
    expect(backlog[30].created).to.equal(34 + 1); // a task every 1.8 s, and the waiting one
    expect(backlog[0].at).to.equal(new Date(SINCE / 1000).toISOString());
  });

  it('per-name sparklines count every task of the name created in each of 24 slices of the window', async () => {
    const analysis = await analyzeTasks(columns, window, 'human');
    const sync = analysis.byName.find((row) => row.name === 'sync')!;
    const noop = analysis.byName.find((row) => row.name === 'noop')!;
    expect(sync.sparkline).to.have.length(SPARKLINE_SLICES);
    expect(sync.sparkline.reduce((a, b) => a + b)).to.equal(sync.count);
    expect(noop.sparkline.reduce((a, b) => a + b)).to.equal(noop.count);
    // Counted independently: 2.5-minute slices.
    const slices = (name: string) => {
      const counts = Array.from({length: SPARKLINE_SLICES}, () => 0);
      for (let row = 0; row < columns.length; row++) if (columns.nameOf(row) === name) counts[Math.floor((columns.created[row] - SINCE) / 150e6)]++;
      return counts;
    };
    expect(sync.sparkline).to.deep.equal(slices('sync'));
    expect(noop.sparkline).to.deep.equal(slices('noop'));
  });

  it('an empty analysis has empty histograms and zero sparklines', async () => {
    const analysis = await analyzeTasks(new TaskColumns(), window, 'hours');
    expect(analysis.histograms.waitTime).to.include({count: 0, negative: 0});
    expect(analysis.byName).to.deep.equal([]);
    expect(analysis.backlog.every((point) => point.created === 0 && point.started === 0 && point.finished === 0)).to.equal(true);
  });
});
