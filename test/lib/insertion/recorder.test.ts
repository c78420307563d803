import {expect} from 'chai';

import {readHistogram} from '../../../src/lib/histogram.js';
import {LoadRecorder, type RequestRecord, type TimelineBucket, type TimelineEntry} from '../../../src/lib/insertion/recorder.js';

/** A request of `seconds` from `startS` (seconds after the recorder's start at 0 ms). */
function request(startS: number, seconds: number, outcome: {tasks: number} | {cause: string}): RequestRecord {
  const intendedMs = startS * 1000;
  const endMs = (startS + seconds) * 1000;
  return 'tasks' in outcome ? {intendedMs, endMs, ok: true, tasks: outcome.tasks} : {intendedMs, endMs, ok: false, cause: outcome.cause, tasks: 0};
}

const COUNT_KEYS = ['t', 'seconds', 'requests', 'failed', 'tasks', 'tasksPerSecond'] as const;

/** Compares timelines' counts field by field, to six decimals (tasks are fractional estimates); latency is tested apart. */
function expectTimeline(actual: TimelineBucket[], expected: TimelineEntry[]): void {
  expect(actual.map((entry) => Object.keys(entry))).to.deep.equal(expected.map(() => [...COUNT_KEYS, 'latency', 'failures']));
  actual.forEach((entry, index) => {
    for (const key of COUNT_KEYS) expect(entry[key], `timeline[${index}].${key}`).to.be.closeTo(expected[index][key], 1e-6);
  });
}

const EMPTY_LATENCY = {min: null, mean: null, p50: null, p90: null, p99: null, max: null};

describe('LoadRecorder', () => {
  describe('latency: successful requests, failures apart by cause', () => {
    const recorder = new LoadRecorder(0);
    for (const record of [
      request(0, 0.1, {tasks: 10}),
      request(0.1, 0.2, {tasks: 20}),
      request(0.2, 0.3, {tasks: 30}),
      request(0.3, 0.4, {tasks: 40}),
      request(1, 1.5, {tasks: 5}),
      request(0, 5, {cause: 'timeout'}),
      request(0.5, 3, {cause: 'timeout'}),
      request(0.4, 0.05, {cause: 'http-500'}),
    ])
      recorder.record(record);

    it('latency covers only the successful requests', async () => {
      const {latency} = await recorder.summary();
      // ok latencies 0.1 0.2 0.3 0.4 1.5 (numpy: p90 = 0.4 + 0.6 × 1.1, p99 = 0.4 + 0.96 × 1.1); failures took up to 5 s
      expect(latency.min).to.be.closeTo(0.1, 1e-9);
      expect(latency.mean).to.be.closeTo(0.5, 1e-9);
      expect(latency.p50).to.be.closeTo(0.3, 1e-9);
      expect(latency.p90).to.be.closeTo(1.06, 1e-9);
      expect(latency.p99).to.be.closeTo(1.456, 1e-9);
      expect(latency.max).to.be.closeTo(1.5, 1e-9);
    });

    it('each failure cause has its count and its own latency, most frequent first; counts stay in requests.failures', async () => {
      const summary = await recorder.summary();
      expect(summary.requests).to.deep.include({total: 8, ok: 5, failed: 3, failures: {timeout: 2, 'http-500': 1}});
      expect(Object.keys(summary.failures)).to.deep.equal(['timeout', 'http-500']);
      const timeout = summary.failures.timeout;
      expect(timeout.count).to.equal(2);
      // timeouts took 3 s and 5 s
      expect(timeout.latency.min).to.be.closeTo(3, 1e-9);
      expect(timeout.latency.mean).to.be.closeTo(4, 1e-9);
      expect(timeout.latency.p50).to.be.closeTo(4, 1e-9);
      expect(timeout.latency.p90).to.be.closeTo(4.8, 1e-9);
      expect(timeout.latency.p99).to.be.closeTo(4.98, 1e-9);
      expect(timeout.latency.max).to.be.closeTo(5, 1e-9);
      expect(summary.failures['http-500'].count).to.equal(1);
      for (const value of Object.values(summary.failures['http-500'].latency)) expect(value).to.be.closeTo(0.05, 1e-9);
      expect(summary.tasksPerRequest).to.deep.equal({min: 5, mean: 21, max: 40});
      expect(summary.tasksCreated).to.equal(105);
      expect(summary.elapsedSeconds).to.be.closeTo(5, 1e-9);
      expect(summary.tasksPerSecond).to.be.closeTo(21, 1e-9);
    });

    it('each bucket has the latency of the successful requests that finished in it, and its failures by cause', async () => {
      const {timeline, histograms, latency} = await recorder.summary();
      // second 0: ok 0.1 0.2 0.3 0.4 (numpy p90 = 0.37, p99 = 0.397) and the http-500; second 2: the 1.5 s request.
      const first = timeline[0].latency!;
      expect(first).to.include({count: 4});
      expect(first.p50).to.be.closeTo(0.25, 1e-9);
      expect(first.p90).to.be.closeTo(0.37, 1e-9);
      expect(first.p99).to.be.closeTo(0.397, 1e-9);
      expect(first.max).to.be.closeTo(0.4, 1e-9);
      const firstHistogram = await readHistogram(first.histogram);
      expect(firstHistogram.count).to.equal(4);
      expect(firstHistogram.max).to.be.closeTo(0.4, 0.4e-3);
      expect(timeline[0].failures).to.deep.equal({'http-500': 1});
      expect(timeline[1].latency).to.equal(null);
      expect(timeline[2].latency).to.deep.include({count: 1, p50: 1.5, p90: 1.5, p99: 1.5, max: 1.5});
      expect(timeline[3].failures).to.deep.equal({timeout: 1});
      expect(timeline[4].failures).to.deep.equal({timeout: 1});
      expect(timeline.map((entry) => entry.latency?.count ?? 0).reduce((a, b) => a + b)).to.equal(5);
      // The run's histogram holds the values `latency` was computed from.
      const all = await readHistogram(histograms.latency);
      expect(all.count).to.equal(5);
      expect(all.min).to.be.closeTo(latency.min!, 1e-3);
      expect(all.max).to.be.closeTo(latency.max!, 1.5e-3);
    });

    it('keeps every request in typed arrays and writes them as CSV rows (wall-clock starts, latency, outcome, tasks)', async () => {
      const lines: string[] = [];
      const rows = await recorder.requests.writeCsv(async (text) => void lines.push(text), Date.UTC(2026, 11, 1, 17, 0, 0));
      const csv = lines.join('').trimEnd().split('\n');
      expect(rows).to.equal(8);
      expect(csv).to.have.length(9);
      expect(csv[0]).to.equal('start,intendedStart,latencySeconds,ok,cause,tasks');
      expect(csv[1]).to.equal('2026-12-01T17:00:00.000000Z,2026-12-01T17:00:00.000000Z,0.1,true,,10');
      expect(csv[6]).to.equal('2026-12-01T17:00:00.000000Z,2026-12-01T17:00:00.000000Z,5,false,timeout,0');
      expect(csv[8]).to.equal('2026-12-01T17:00:00.400000Z,2026-12-01T17:00:00.400000Z,0.05,false,http-500,0');
    });

    it('the timeline spreads tasks over each request; an answer exactly at the end counts in the last bucket', async () => {
      // 0.0–0.7 s: 100 tasks; the 5-task request runs 1.0–2.5 s: 10/3 in second 1, 5/3 in second 2.
      // Finished: four ok and the http-500 in second 0, the 5-task request in 2, a timeout in 3 and one at 5.0 s (= the end).
      expectTimeline((await recorder.summary()).timeline, [
        {t: 0, seconds: 1, requests: 5, failed: 1, tasks: 100, tasksPerSecond: 100},
        {t: 1, seconds: 1, requests: 0, failed: 0, tasks: 10 / 3, tasksPerSecond: 10 / 3},
        {t: 2, seconds: 1, requests: 1, failed: 0, tasks: 5 / 3, tasksPerSecond: 5 / 3},
        {t: 3, seconds: 1, requests: 1, failed: 1, tasks: 0, tasksPerSecond: 0},
        {t: 4, seconds: 1, requests: 1, failed: 1, tasks: 0, tasksPerSecond: 0},
      ]);
    });
  });

  it('long requests (pulp-service: counts reported at the end) show a steady rate, not bursts; the partial last second is rated by its width', async () => {
    // Two workers, each request 2.5 s reporting 250 tasks (100 tasks/s each); worker B starts 0.4 s later.
    const recorder = new LoadRecorder(0);
    for (const record of [request(0, 2.5, {tasks: 250}), request(0.4, 2.5, {tasks: 250}), request(2.5, 2.5, {tasks: 250}), request(2.9, 2.5, {tasks: 250})]) recorder.record(record);
    const summary = await recorder.summary();
    expect(summary.elapsedSeconds).to.be.closeTo(5.4, 1e-9);
    expectTimeline(summary.timeline, [
      {t: 0, seconds: 1, requests: 0, failed: 0, tasks: 160, tasksPerSecond: 160},
      {t: 1, seconds: 1, requests: 0, failed: 0, tasks: 200, tasksPerSecond: 200},
      {t: 2, seconds: 1, requests: 2, failed: 0, tasks: 200, tasksPerSecond: 200},
      {t: 3, seconds: 1, requests: 0, failed: 0, tasks: 200, tasksPerSecond: 200},
      {t: 4, seconds: 1, requests: 0, failed: 0, tasks: 200, tasksPerSecond: 200},
      // 5.0–5.4 s: only worker B, 40 tasks in 0.4 s = 100 tasks/s (not 40)
      {t: 5, seconds: 0.4, requests: 2, failed: 0, tasks: 40, tasksPerSecond: 100},
    ]);
    expect(summary.timeline.reduce((sum, entry) => sum + entry.tasks, 0)).to.be.closeTo(summary.tasksCreated, 1e-6);
    expect(summary.timeline.reduce((sum, entry) => sum + entry.seconds, 0)).to.be.closeTo(summary.elapsedSeconds, 1e-6);
  });

  it('a partial last bucket a few milliseconds wide is rated by its width: the in-flight rate, not a rounding artefact', async () => {
    // 1,000 tasks over 0–2.004 s: 499.0 tasks/s throughout; the last 4 ms hold 1.996 tasks.
    const recorder = new LoadRecorder(0);
    recorder.record(request(0, 2.004, {tasks: 1000}));
    const {timeline} = await recorder.summary();
    const rate = 1000 / 2.004;
    expectTimeline(timeline, [
      {t: 0, seconds: 1, requests: 0, failed: 0, tasks: rate, tasksPerSecond: rate},
      {t: 1, seconds: 1, requests: 0, failed: 0, tasks: rate, tasksPerSecond: rate},
      {t: 2, seconds: 0.004, requests: 1, failed: 0, tasks: 0.004 * rate, tasksPerSecond: rate},
    ]);
    expect(timeline[2].tasksPerSecond).to.be.closeTo(rate, 0.5);
  });

  it('spreads from when a request was sent, while latency counts from its intended start (--rate)', async () => {
    const recorder = new LoadRecorder(0);
    recorder.record({intendedMs: 0, startMs: 1000, endMs: 3000, ok: true, tasks: 200});
    recorder.record({intendedMs: 3000, endMs: 3000, ok: true, tasks: 7}); // an instant: booked whole where it ends
    const summary = await recorder.summary();
    expect(summary.latency.max).to.be.closeTo(3, 1e-9);
    expect(summary.latency.min).to.equal(0);
    expect(summary.timeline.map((entry) => entry.tasks)).to.deep.equal([0, 100, 107]); // 200 over 1–3 s, 7 at 3 s
    expect(summary.timeline.map((entry) => entry.requests)).to.deep.equal([0, 0, 2]);
  });

  it('without successes latency has no figures; without requests there is no timeline', async () => {
    const failing = new LoadRecorder(0);
    failing.record(request(0, 0.25, {cause: 'connection-refused'}));
    const summary = await failing.summary();
    expect(summary.latency).to.deep.equal(EMPTY_LATENCY);
    expect(summary.failures).to.deep.equal({'connection-refused': {count: 1, latency: {min: 0.25, mean: 0.25, p50: 0.25, p90: 0.25, p99: 0.25, max: 0.25}}});
    expect(summary.timeline).to.deep.equal([{t: 0, seconds: 0.25, requests: 1, failed: 1, tasks: 0, tasksPerSecond: 0, latency: null, failures: {'connection-refused': 1}}]);
    expect(summary.histograms.latency.count).to.equal(0);

    const idle = await new LoadRecorder(0).summary();
    expect(idle.latency).to.deep.equal(EMPTY_LATENCY);
    expect(idle.failures).to.deep.equal({});
    expect(idle.timeline).to.deep.equal([]);
  });
});
