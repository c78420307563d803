import {expect} from 'chai';

import {UsageError} from '../../../src/lib/errors.js';
import type {RequestRecord} from '../../../src/lib/insertion/recorder.js';
import {type AnalysisDocument, type InsertionDocument, type ResultDocument, resultDocument} from '../../../src/lib/result/document.js';
import type {LoadedResult} from '../../../src/lib/report/load-result.js';
import {mergeResults} from '../../../src/lib/report/merge.js';
import {clampToSources, histogramQuantiles, pooledStd, weightedMean} from '../../../src/lib/report/merge-math.js';
import {histogramOfSeconds} from '../../../src/lib/histogram.js';
import {asWritten} from '../../../src/lib/render/json.js';
import {quantiles} from '../../../src/lib/stats.js';
import type {ServerStats} from '../../../src/lib/telemetry/insertion-telemetry.js';
import {latencyOf, meta, serverStats, syntheticInsertion} from '../../helpers/report-documents.js';
import {sampleAnalysis} from '../../helpers/result-documents.js';
import {assertValidResult} from '../../helpers/result-schema.js';

const TOOL = {name: 'pulp-bench' as const, version: '0.1.0', node: process.version};
const ORIGIN = Date.parse('2026-12-01T17:00:00Z');

/** A seeded stream of pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

/** `count` requests over ~`seconds`, latencies 50–550 ms, every `failEvery`-th failing with a timeout. */
function requests(count: number, seconds: number, seed: number, failEvery = 0): RequestRecord[] {
  const next = random(seed);
  return Array.from({length: count}, (_, index) => {
    const intendedMs = (index / count) * seconds * 1000;
    const ok = failEvery === 0 || index % failEvery !== failEvery - 1;
    return {intendedMs, endMs: intendedMs + 50 + 500 * next(), ok, ...(ok ? {tasks: 10} : {cause: 'timeout', tasks: 0})};
  });
}

const loaded = (document: ResultDocument, file: string): LoadedResult => ({file, document});

describe('report merge: the figures', () => {
  it('pools means and sample standard deviations exactly', () => {
    const a = [1, 2, 3, 4, 10];
    const b = [7, 8, 20];
    const stats = (values: number[]) => {
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
      return {count: values.length, mean, std};
    };
    const all = stats([...a, ...b]);
    expect(weightedMean([stats(a), stats(b)])).to.be.closeTo(all.mean, 1e-12);
    expect(pooledStd([stats(a), stats(b)])).to.be.closeTo(all.std, 1e-12);
    // One value has no sample std (null), yet pools.
    expect(pooledStd([{count: 1, mean: 5, std: null}, {count: 1, mean: 7, std: null}])).to.be.closeTo(Math.SQRT2, 1e-12);
    expect(pooledStd([{count: 1, mean: 5, std: null}])).to.equal(null);
    expect(weightedMean([{count: 0, mean: null}])).to.equal(null);
  });

  it('reads percentiles off a histogram by linear interpolation (R type 7), within 0.1 % + 1 µs', async () => {
    const next = random(7);
    const values = Array.from({length: 997}, () => 0.001 + 3 * next() ** 3);
    const probabilities = [0, 0.5, 0.9, 0.95, 0.99, 0.999, 1];
    const fromHistogram = await histogramQuantiles(await histogramOfSeconds(values), probabilities);
    const exact = quantiles(values, probabilities) as number[];
    exact.forEach((value, index) => expect(fromHistogram[index]).to.be.closeTo(value, value * 1e-3 + 1e-6));
    // R7 on few values interpolates: the p90 of 1..10 ms is 9.1 ms, not the nearest rank's 9 or 10 ms.
    const [p90] = await histogramQuantiles(await histogramOfSeconds([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((ms) => ms / 1000)), [0.9]);
    expect(p90).to.be.closeTo(0.0091, 0.0091 * 1e-3 + 1e-6);
  });

  it('clamps a histogram value to the range of the runs\' exact values', () => {
    expect(clampToSources(1.0013, [1.0, 1.001])).to.equal(1.001);
    expect(clampToSources(0.5, [1, 2])).to.equal(1);
    expect(clampToSources(1.5, [1, 2])).to.equal(1.5);
    expect(clampToSources(1.5, [null, undefined])).to.equal(1.5);
  });
});

describe('report merge: insertion runs', () => {
  it('a run merged with itself: every count doubles, every percentile stays', async () => {
    const run = await syntheticInsertion(requests(300, 5, 1, 10), ORIGIN);
    const merged = (await mergeResults([loaded(run, 'a.json'), loaded(run, 'b.json')], TOOL)) as InsertionDocument;
    assertValidResult(asWritten(merged));
    expect(merged.kind).to.equal('insertion');
    expect(merged.requests.total).to.equal(600);
    expect(merged.requests.ok).to.equal(2 * run.requests.ok);
    expect(merged.requests.failed).to.equal(2 * run.requests.failed);
    expect(merged.requests.failures).to.deep.equal({timeout: 2 * run.requests.failures.timeout});
    expect(merged.failures.timeout.count).to.equal(2 * run.failures.timeout.count);
    expect(merged.tasksCreated).to.equal(2 * run.tasksCreated);
    expect(merged.workers).to.equal(8);
    expect(merged.histograms.latency.count).to.equal(2 * run.histograms.latency.count);
    expect(merged.latency).to.deep.equal(run.latency);
    expect(merged.failures.timeout.latency).to.deep.equal(run.failures.timeout.latency);
    expect(merged.elapsedSeconds).to.be.closeTo(run.elapsedSeconds, 1e-6);
    expect(merged.tasksPerSecond).to.be.closeTo(2 * run.tasksPerSecond, 1e-6 * run.tasksPerSecond);
    expect(merged.timeline).to.have.length(run.timeline.length);
    merged.timeline.forEach((entry, index) => {
      const source = run.timeline[index];
      expect(entry.t).to.equal(source.t);
      expect(entry.requests).to.equal(2 * source.requests);
      expect(entry.failed).to.equal(2 * source.failed);
      expect(entry.tasks).to.be.closeTo(2 * source.tasks, 1e-5);
      expect(entry.latency?.count).to.equal(2 * source.latency!.count);
      expect([entry.latency?.p50, entry.latency?.p90, entry.latency?.p99, entry.latency?.max]).to.deep.equal([source.latency!.p50, source.latency!.p90, source.latency!.p99, source.latency!.max]);
      expect(entry.failures).to.deep.equal(Object.fromEntries(Object.entries(source.failures).map(([cause, count]) => [cause, 2 * count])));
    });
    expect(merged.meta.merged).to.deep.equal([
      {host: 'test-host', startedAt: run.meta.startedAt, endedAt: run.meta.endedAt, file: 'a.json'},
      {host: 'test-host', startedAt: run.meta.startedAt, endedAt: run.meta.endedAt, file: 'b.json'},
    ]);
  });

  it('two overlapping runs: counts add, rates over the union span, timelines aligned on the wall clock, percentiles within 0.1 % + 1 µs', async () => {
    const recordsA = requests(400, 6, 2);
    const recordsB = requests(250, 4, 3, 25);
    const a = await syntheticInsertion(recordsA, ORIGIN, 'host-a');
    const b = await syntheticInsertion(recordsB, ORIGIN + 2300, 'host-b'); // starts 2.3 s later
    const merged = (await mergeResults([loaded(a, 'a.json'), loaded(b, 'b.json')], TOOL)) as InsertionDocument;
    assertValidResult(asWritten(merged));
    expect(merged.requests.total).to.equal(650);
    expect(merged.tasksCreated).to.equal(a.tasksCreated + b.tasksCreated);
    const span = (Date.parse(b.endedAt) - Date.parse(a.startedAt)) / 1000;
    expect(merged.elapsedSeconds).to.be.closeTo(Math.max(span, a.elapsedSeconds), 2e-3);
    expect(merged.requests.perSecond).to.be.closeTo(650 / merged.elapsedSeconds, 1e-6);
    expect(merged.startedAt).to.equal(a.startedAt);
    expect(merged.meta.host).to.equal('host-a, host-b');
    // Every bucket's requests land in the merged second holding the middle of their bucket.
    expect(merged.timeline.reduce((sum, entry) => sum + entry.requests, 0)).to.equal(650);
    expect(merged.timeline[0].requests).to.equal(a.timeline[0].requests);
    expect(merged.timeline[3].requests).to.equal(a.timeline[3].requests + b.timeline[1].requests); // b's second 1 is [3.3, 4.3)
    expect(merged.timeline[2].requests).to.equal(a.timeline[2].requests + b.timeline[0].requests);
    const latencies = [...recordsA, ...recordsB].filter((entry) => entry.ok).map(latencyOf);
    const [p50, p90, p99] = quantiles(latencies, [0.5, 0.9, 0.99]) as number[];
    expect(merged.latency.p50).to.be.closeTo(p50, p50 * 1e-3 + 1e-6);
    expect(merged.latency.p90).to.be.closeTo(p90, p90 * 1e-3 + 1e-6);
    expect(merged.latency.p99).to.be.closeTo(p99, p99 * 1e-3 + 1e-6);
    expect(merged.latency.min).to.equal(Math.min(a.latency.min!, b.latency.min!));
    expect(merged.latency.max).to.equal(Math.max(a.latency.max!, b.latency.max!));
    expect(merged.latency.mean).to.be.closeTo(latencies.reduce((s, v) => s + v, 0) / latencies.length, 1e-6);
    // A merged second's latency percentiles are those of the requests of the source seconds it holds (a's second 3
    // and b's second 1, [3.3, 4.3)), from their merged histograms — not its max.
    const answeredIn = (records: RequestRecord[], second: number) => records.filter((entry) => entry.ok && Math.floor(entry.endMs / 1000) === second).map(latencyOf);
    const held = [...answeredIn(recordsA, 3), ...answeredIn(recordsB, 1)];
    const bucket = merged.timeline[3].latency!;
    const [bucketP50, bucketP90] = quantiles(held, [0.5, 0.9]) as number[];
    expect(bucket.count).to.equal(held.length);
    expect(bucket.p50).to.be.below(bucket.max!);
    expect(bucket.p50).to.be.closeTo(bucketP50, bucketP50 * 1e-3 + 1e-6);
    expect(bucket.p90).to.be.closeTo(bucketP90, bucketP90 * 1e-3 + 1e-6);
    // Tasks are shared among the merged seconds a source second overlaps: b's [2.3, 3.3) gives 0.7 of its tasks to
    // second 2 and 0.3 to second 3, so no second gets a whole neighbour's share.
    expect(merged.timeline[2].tasks).to.be.closeTo(a.timeline[2].tasks + 0.7 * b.timeline[0].tasks, 1e-5);
    expect(merged.timeline.reduce((sum, entry) => sum + entry.tasks, 0)).to.be.closeTo(merged.tasksCreated, 1e-3);
  });

  it('small runs: a percentile of all values may lie outside the runs\' own ones, and the merge gives that of all values', async () => {
    const run = (latencies: number[]) => latencies.map((seconds, index) => ({intendedMs: index * 100, endMs: index * 100 + seconds * 1000, ok: true, tasks: 1}));
    const a = await syntheticInsertion(run([1, 1.01, 1.02, 1.03, 1.04, 1.1]), ORIGIN);
    const b = await syntheticInsertion(run([1, 1.01, 1.02, 1.1]), ORIGIN);
    expect(a.latency.p90).to.be.closeTo(1.07, 1e-6);
    expect(b.latency.p90).to.be.closeTo(1.076, 1e-6);
    const merged = (await mergeResults([loaded(a, 'a.json'), loaded(b, 'b.json')], TOOL)) as InsertionDocument;
    expect(merged.latency.p90).to.be.closeTo(1.1, 1.1e-3 + 1e-6); // [1, 1, 1.01, 1.01, 1.02, 1.02, 1.03, 1.04, 1.1, 1.1]
    expect(merged.latency.p50).to.be.closeTo(1.02, 1.02e-3 + 1e-6);
    expect(merged.latency.max).to.equal(Math.max(a.latency.max!, b.latency.max!));
  });

  it('refuses runs that do not overlap, mixed kinds, demo results and a single file (exit 2)', async () => {
    const a = await syntheticInsertion(requests(20, 2, 4), ORIGIN);
    const b = await syntheticInsertion(requests(20, 2, 5), ORIGIN + 60_000);
    const refusal = async (list: LoadedResult[]) => {
      try {
        await mergeResults(list, TOOL);
      } catch (error) {
        expect(error).to.be.instanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(await refusal([loaded(a, 'a.json'), loaded(b, 'b.json')])).to.equal(
      `a.json (${a.startedAt} → ${a.endedAt}) and b.json (${b.startedAt} → ${b.endedAt}) do not overlap in time: report merge combines runs made at the same time`,
    );
    const analysis = {...a, kind: 'analysis'} as unknown as ResultDocument;
    expect(await refusal([loaded(a, 'a.json'), loaded(analysis, 'x.json')])).to.equal('a.json is an insertion result and x.json an analysis result: only results of the same kind can be compared or merged');
    const demo = {...a, kind: 'demo'} as unknown as ResultDocument;
    expect(await refusal([loaded(demo, 'd1.json'), loaded(demo, 'd2.json')])).to.match(/^demo results cannot be merged/);
    expect(await refusal([loaded(a, 'a.json')])).to.equal('report merge needs at least two result files');
  });

  it('runs that polled the same server keep one server view, the widest, on the merged clock, and say so', async () => {
    const a = await syntheticInsertion(requests(100, 3, 6), ORIGIN, 'host-a');
    const b = await syntheticInsertion(requests(100, 3, 7), ORIGIN + 1000, 'host-b'); // starts 1 s later
    const narrow = serverStats([0, 1, 2, 3], {drainSeconds: 2});
    const wide = serverStats([-0.5, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5], {drainSeconds: 3.2});
    const notes: string[] = [];
    const merged = (await mergeResults([loaded({...a, server: narrow}, 'a.json'), loaded({...b, server: wide}, 'b.json')], TOOL, {note: (line) => notes.push(line)})) as InsertionDocument;
    assertValidResult(asWritten(merged));
    const server = merged.server as ServerStats;
    expect(server.enabled).to.equal(true);
    expect(server.drainSeconds).to.equal(3.2);
    expect(server.maxWaiting).to.equal(wide.maxWaiting);
    // b's t = 0 is 1 s after the merged start.
    expect(server.timeline.map((entry) => entry.t)).to.deep.equal([0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
    expect(server.notes.at(-1)).to.match(/^report merge: the server view of b\.json \(host-b\), the widest of the 2 runs that polled http:\/\/127\.0\.0\.1\/api\/pulp\/api\/v3\/tasks\/; the other run saw the same queue\./);
    expect(notes).to.deep.equal([server.notes.at(-1)]);
    // Neither source was changed.
    expect(wide.timeline[0].t).to.equal(-0.5);

    // A run without server figures: the other's view is kept, and the note says one run had none.
    const one = (await mergeResults([loaded(a, 'a.json'), loaded({...b, server: wide}, 'b.json')], TOOL)) as InsertionDocument;
    expect((one.server as ServerStats).notes.at(-1)).to.include('the widest of the 1 runs that polled http://127.0.0.1/api/pulp/api/v3/tasks/ (1 run(s) had none)');
    // Different task lists: no one view covers them.
    const elsewhere = {...wide, endpoint: 'http://other/api/pulp/api/v3/tasks/'};
    const split = (await mergeResults([loaded({...a, server: narrow}, 'a.json'), loaded({...b, server: elsewhere}, 'b.json')], TOOL)) as InsertionDocument;
    expect(split.server).to.deep.equal({enabled: false, reason: 'the merged runs polled different task lists (http://127.0.0.1/api/pulp/api/v3/tasks/, http://other/api/pulp/api/v3/tasks/): no one server view covers them'});
    assertValidResult(asWritten(split));
    // Off in every run: the first run's reason; no server figures at all: no server object.
    const off = {enabled: false as const, reason: 'turned off (--no-server-stats)'};
    expect(((await mergeResults([loaded({...a, server: off}, 'a.json'), loaded({...b, server: off}, 'b.json')], TOOL)) as InsertionDocument).server).to.deep.equal(off);
    expect(((await mergeResults([loaded(a, 'a.json'), loaded(b, 'b.json')], TOOL)) as InsertionDocument).server).to.equal(undefined);
  });
});

describe('report merge: analyses', () => {
  it('analyses of the same window merge whenever they ran; of windows that do not overlap, they do not', async () => {
    const analysis = await sampleAnalysis();
    const at = (startedAt: string, endedAt: string, host: string) => asWritten(resultDocument('analysis', meta('task-analysis', startedAt, endedAt, host), analysis));
    // Read one after the other, well after the window: the window is what they cover.
    const a = at('2026-12-02T08:00:00.000000Z', '2026-12-02T08:00:01.000000Z', 'host-a');
    const b = at('2026-12-02T09:30:00.000000Z', '2026-12-02T09:30:02.000000Z', 'host-b');
    const merged = (await mergeResults([loaded(a, 'a.json'), loaded(b, 'b.json')], TOOL)) as AnalysisDocument;
    assertValidResult(asWritten(merged));
    expect(merged.total).to.equal(2 * analysis.total);
    expect(merged.window).to.deep.equal(analysis.window);
    expect([merged.meta.startedAt, merged.meta.endedAt]).to.deep.equal(['2026-12-02T08:00:00.000000Z', '2026-12-02T09:30:02.000000Z']);
    const later = {...b, window: {since: '2026-11-02T00:00:00.000000Z', until: '2026-11-02T01:00:00.000000Z'}};
    try {
      await mergeResults([loaded(a, 'a.json'), loaded(later, 'c.json')], TOOL);
      expect.fail('expected a refusal');
    } catch (error) {
      expect(error).to.be.instanceOf(UsageError);
      expect((error as Error).message).to.equal(`a.json (${analysis.window.since} → ${analysis.window.until}) and c.json (2026-11-02T00:00:00.000000Z → 2026-11-02T01:00:00.000000Z) do not overlap in time: report merge combines runs made at the same time`);
    }
  });
});
