import {expect} from 'chai';

import {UsageError} from '../../../src/lib/errors.js';
import {LoadRecorder, type RequestRecord} from '../../../src/lib/insertion/recorder.js';
import {buildInsertionResult, insertionSubject} from '../../../src/lib/insertion/report.js';
import type {LoadTarget} from '../../../src/lib/insertion/targets.js';
import {condenseTimeline, renderInsertion} from '../../../src/lib/render/insertion.js';
import {plainView} from '../../../src/lib/render/view.js';
import {evaluateThresholds, parseThreshold} from '../../../src/lib/thresholds.js';

const TARGET: LoadTarget = {kind: 'test-tasks', url: 'https://pulp.example.com/api/pulp/test/tasks/', method: 'GET', answers: 'tasks-executed', authenticated: false};

function request(startS: number, seconds: number, outcome: {tasks: number} | {cause: string}): RequestRecord {
  const intendedMs = startS * 1000;
  const endMs = (startS + seconds) * 1000;
  return 'tasks' in outcome ? {intendedMs, endMs, ok: true, tasks: outcome.tasks} : {intendedMs, endMs, ok: false, cause: outcome.cause, tasks: 0};
}

/** Two workers of 2.5 s / 250-task requests (worker B 0.4 s later), plus two slow timeouts and a quick 500. */
async function exampleResult() {
  const recorder = new LoadRecorder(0);
  for (const record of [
    request(0, 2.5, {tasks: 250}),
    request(0.4, 2.5, {tasks: 250}),
    request(2.5, 2.5, {tasks: 250}),
    request(2.9, 2.5, {tasks: 250}),
    request(0, 4, {cause: 'timeout'}),
    request(0, 5, {cause: 'timeout'}),
    request(1, 0.02, {cause: 'http-500'}),
  ])
    recorder.record(record);
  return buildInsertionResult(recorder, {target: TARGET, workers: 2, stoppedBy: 'completed'});
}

describe('insertion result and its report', () => {
  it('the document keeps failures apart: latency of ok requests, then failures by cause with their own latency', async () => {
    const result = await exampleResult();
    expect(Object.keys(result).slice(Object.keys(result).indexOf('latency'), Object.keys(result).indexOf('latency') + 3)).to.deep.equal(['latency', 'failures', 'tasksPerRequest']);
    expect(result.latency).to.deep.equal({min: 2.5, mean: 2.5, p50: 2.5, p90: 2.5, p99: 2.5, max: 2.5});
    expect(result.requests.failures).to.deep.equal({timeout: 2, 'http-500': 1});
    expect(result.failures.timeout).to.deep.equal({count: 2, latency: {min: 4, mean: 4.5, p50: 4.5, p90: 4.9, p99: 4.99, max: 5}});
    expect(result.failures['http-500'].count).to.equal(1);
    expect(result.failures['http-500'].latency.max).to.be.closeTo(0.02, 1e-12);
    expect(result.timeline.at(-1)).to.deep.include({t: 5, seconds: 0.4, requests: 3, failed: 1, tasks: 40});
    expect(result.timeline.at(-1)!.tasksPerSecond).to.be.closeTo(100, 1e-9);
  });

  it('--fail-if gates failures through requests.failures.<cause> (absent = 0) and latency through ok requests', async () => {
    const result = await exampleResult();
    const subject = insertionSubject(false);
    const crossed = (expression: string) => evaluateThresholds([parseThreshold(expression, subject)], result, subject)[0];
    expect(crossed('requests.failures.timeout > 0')).to.deep.include({crossed: true, values: {'requests.failures.timeout': 2}});
    expect(crossed('requests.failures.http-500 >= 2')).to.deep.include({crossed: false, values: {'requests.failures.http-500': 1}});
    expect(crossed('requests.failures.dns > 0')).to.deep.include({crossed: false, values: {'requests.failures.dns': 0}});
    // The slow timeouts (5 s) are not in latency: its max is the ok requests' 2.5 s.
    expect(crossed('latency.max > 3 s')).to.deep.include({crossed: false, values: {'latency.max': 2.5}});
    expect(() => parseThreshold('failures.timeout.count > 0', subject))
      .to.throw(UsageError)
      .with.property('message')
      .that.includes('requests.failures.<name>');
  });

  it('the human report labels latency as ok requests only, lists failures with their latency, and rates the partial second by its width', async () => {
    const text = await renderInsertion(await exampleResult(), plainView(80));
    const lines = text.split('\n').map((line) => line.trim().replaceAll(/\s+/g, ' '));
    // The latency values flow onto a second line at 80 columns, between two values.
    expect(lines).to.include('Latency ok requests only · min 2.50 s · mean 2.50 s · p50 2.50 s');
    expect(lines).to.include('p90 2.50 s · p99 2.50 s · max 2.50 s');
    expect(lines).to.include('Requests 7 total · 4 ok · 3 failed (timeout 2, http-500 1)');
    expect(lines).to.include('Failed requests (not in the latency above)');
    expect(lines).to.include('Cause Requests Latency p50 Latency max');
    expect(lines).to.include('timeout 2 4.50 s 5.00 s');
    expect(lines).to.include('http-500 1 20.0 ms 20.0 ms');
    expect(lines).to.include('Timeline');
    expect(lines).to.include('Seconds Requests Failed Tasks Tasks/s');
    expect(text.replaceAll(/\s+/g, ' ')).to.include(
      "Requests: ended in the interval, answered or failed. Tasks: created in it, each request's reported count spread evenly over the time it was in flight. Tasks/s: over the interval's real width",
    );
    expect(lines).to.include('0–1 0 0 160 160');
    expect(lines).to.include('1–2 1 1 200 200');
    expect(lines).to.include('5–5.40 3 1 40 100');
  });

  it('condensed intervals add real widths and divide by them', async () => {
    const {timeline} = await exampleResult();
    const intervals = condenseTimeline(timeline, 2);
    expect(intervals.map(({from, to, requests, failed, tasks}) => ({from, to, requests, failed, tasks}))).to.deep.equal([
      {from: 0, to: 3, requests: 3, failed: 1, tasks: 560},
      {from: 3, to: 5.4, requests: 4, failed: 2, tasks: 440},
    ]);
    expect(intervals[0].seconds).to.equal(3);
    expect(intervals[0].tasksPerSecond).to.be.closeTo(560 / 3, 1e-9);
    expect(intervals[1].seconds).to.be.closeTo(2.4, 1e-9);
    expect(intervals[1].tasksPerSecond).to.be.closeTo(440 / 2.4, 1e-9);
  });
});
