/**
 * The simulator's API capacity (issue 13, point 2): a bounded pool of gunicorn-like sync workers in front of the
 * routes. Durations are scaled 1:50 — a test call dispatches for 0.5 s where pulp-service's does for 25 s, and the
 * client gives up after 0.75 s where a real client's limit would be 37.5 s.
 */
import {expect} from 'chai';

import {type RunningSimulator, startSimulator} from '../../src/lib/simulator/index.js';
import {call, waitFor} from '../helpers/http.js';
import {runCli} from '../helpers/cli.js';
import {killAll, startCli} from '../helpers/spawn.js';

const HELD_SECONDS = 0.5; // pulp-service: 25 s

interface Outcome {
  ms: number;
  status?: number;
  error?: string;
}

async function timed(url: string, timeoutMs?: number): Promise<Outcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, {signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined});
    await response.text();
    return {ms: performance.now() - started, status: response.status};
  } catch (error) {
    return {ms: performance.now() - started, error: (error as Error).name};
  }
}

describe('simulator API capacity (gunicorn-like workers)', function () {
  this.timeout(60_000);
  const running: RunningSimulator[] = [];
  const start = async (options: Parameters<typeof startSimulator>[0]) => {
    const sim = await startSimulator({port: 0, workers: 8, taskMs: '5', fixedSeconds: HELD_SECONDS, ...options});
    running.push(sim);
    return sim;
  };
  afterEach(async () => {
    killAll();
    await Promise.all(running.splice(0).map((sim) => sim.stop()));
  });

  // pulp-service deploy/clowdapp.yaml (pulpcore-api --workers ${PULP_API_GUNICORN_WORKERS}) and pulpcore/app/entrypoint.py
  // (PulpcoreApiApplication forces gunicorn's SyncWorker): one request per worker; the rest wait in the listen backlog.
  it('more concurrent test calls than --api-workers queue: the queued ones take twice the 25 s (scaled), status waits too', async () => {
    const sim = await start({apiWorkers: 2});
    const test = `${sim.origin}/api/pulp/test/tasks/?timeout=0.1`; // ?timeout= is ignored, as pulp-service does
    const calls = Array.from({length: 4}, () => timed(test));
    await waitFor(() => sim.api!.queued === 2);
    const status = await timed(`${sim.origin}/api/pulp/api/v3/status/`);
    const outcomes = (await Promise.all(calls)).sort((a, b) => a.ms - b.ms);
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal([200, 200, 200, 200]);
    expect(outcomes[0].ms).to.be.within(HELD_SECONDS * 1000 - 20, HELD_SECONDS * 1000 + 300);
    expect(outcomes[2].ms, 'queued calls wait for a whole held call first').to.be.at.least(2 * HELD_SECONDS * 1000 - 20);
    expect(status.ms, 'an anonymous status call queues behind the held test calls').to.be.at.least(HELD_SECONDS * 1000 - 100);
    expect(sim.api).to.deep.include({queued: 3, refused: 0, killed: 0});
  });

  it('a client limit shorter than the queueing: the queued calls time out on the client, and are still served afterwards', async () => {
    const sim = await start({apiWorkers: 2});
    const test = `${sim.origin}/api/pulp/test/tasks/`;
    const outcomes = (await Promise.all(Array.from({length: 4}, () => timed(test, HELD_SECONDS * 1500)))).sort((a, b) => a.ms - b.ms);
    expect(outcomes.map((outcome) => outcome.status ?? outcome.error)).to.deep.equal([200, 200, 'TimeoutError', 'TimeoutError']);
    // A sync worker reads the abandoned request from its socket and runs the view anyway: four calls' tasks appear.
    await waitFor(async () => {
      const tasks = (await call(`${sim.origin}/api/pulp/admin/tasks/?limit=1000&fields=logging_cid`)).json().results as Array<{logging_cid: string}>;
      return new Set(tasks.map((task) => task.logging_cid)).size === 4;
    }, 5000);
  });

  // The same in real time, as a user meets it: pulp-bench against the pulp-service layout (25 s test calls, whatever
  // ?timeout= says) with 2 API workers and 6 calls. The client waits max(--timeout, 25) + 10 = 55 s per call: calls
  // 1–2 answer after 25 s, 3–4 queue behind them and answer after 50 s (latency > 25 s), 5–6 would answer after 75 s
  // and time out at the client's limit.
  it('real time: test-task-insertion with more concurrent calls than API workers shows the queueing and the timeouts', async function () {
    this.timeout(120_000);
    const sim = await start({apiWorkers: 2, fixedSeconds: 25, dispatchRate: {perRequest: 2, ceiling: 100}});
    const result = await runCli(['test-task-insertion', '--api-root', sim.apiRoot, '-c', '6', '--timeout', '45', '--json'], {timeoutMs: 110_000});
    expect(result.code, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout);
    expect(report.requests).to.deep.include({total: 6, ok: 4, failed: 2});
    expect(report.requests.failures).to.deep.equal({timeout: 2});
    expect(report.latency.min).to.be.within(24.5, 27);
    expect(report.latency.max, 'queued calls waited for a whole held call first').to.be.within(49, 53);
    expect(report.failures.timeout.latency.min, 'the client gave up at its limit').to.be.within(54.5, 57);
  });

  // gunicorn's arbiter (murder_workers) kills a worker silent past --timeout: the client gets no answer at all.
  it('a call longer than the gunicorn timeout loses its connection, and the worker comes back', async () => {
    const sim = await start({apiWorkers: 1, apiTimeoutSeconds: 0.2});
    const outcome = await timed(`${sim.origin}/api/pulp/test/tasks/`);
    expect(outcome.status).to.equal(undefined);
    expect(outcome.error).to.equal('TypeError'); // fetch failed: socket closed without a response
    expect(outcome.ms).to.be.within(180, 450);
    expect(sim.api!.killed).to.equal(1);
    expect((await call(`${sim.origin}/api/pulp/api/v3/status/`)).status).to.equal(200);
  });

  it('beyond the backlog, connections are refused', async () => {
    const sim = await start({apiWorkers: 1, apiBacklog: 1});
    const outcomes = await Promise.all(Array.from({length: 3}, () => timed(`${sim.origin}/api/pulp/test/tasks/`)));
    expect(outcomes.filter((outcome) => outcome.status === 200)).to.have.length(2);
    expect(outcomes.filter((outcome) => outcome.error === 'TypeError')).to.have.length(1);
    expect(sim.api!.refused).to.equal(1);
  });

  it('--page-cost-us: a list page costs time per row served, so big pages hold a worker longer', async () => {
    const sim = await start({workers: 0, pageCostUs: 1000, history: {count: 1000, hours: 1, seed: 3}});
    const tasks = `${sim.origin}/api/pulp/admin/tasks/`;
    const page = async (limit: number) => {
      const started = performance.now();
      expect((await call(`${tasks}?limit=${limit}`)).json().results).to.have.length(limit);
      return performance.now() - started;
    };
    expect(await page(500)).to.be.at.least(500);
    expect(await page(10)).to.be.below(200);
    // a fields= selection costs its share of the serializer's 22 fields: 2 of 22 → ~45 ms for 500 rows
    const started = performance.now();
    expect((await call(`${tasks}?limit=500&fields=pulp_created,state`)).json().results).to.have.length(500);
    expect(performance.now() - started).to.be.within(40, 300);
    const free = await start({workers: 0, history: {count: 1000, hours: 1, seed: 3}});
    const freeStarted = performance.now();
    await call(`${free.origin}/api/pulp/admin/tasks/?limit=1000`);
    expect(performance.now() - freeStarted, 'page cost 0 by default in the library').to.be.below(300);
  });

  it('simulate: the pulp-service defaults (1 API worker, 1800 s timeout, redis workers, 25 s test calls) and their flags', async () => {
    const defaults = startCli(['simulate', '--port', '0', '--json']);
    await waitFor(() => defaults.stdout().includes('\n'), 20_000);
    expect(JSON.parse(defaults.stdout().split('\n')[0])).to.deep.include({apiWorkers: 1, apiTimeoutSeconds: 1800, pageCostUs: 2000, workerType: 'redis', testCallSeconds: 25});
    const pulpcore = startCli(['simulate', '--port', '0', '--json', '--layout', 'pulpcore', '--api-workers', '3', '--page-cost-us', '0', '--test-honor-timeout']);
    await waitFor(() => pulpcore.stdout().includes('\n'), 20_000);
    expect(JSON.parse(pulpcore.stdout().split('\n')[0])).to.deep.include({apiWorkers: 3, apiTimeoutSeconds: 30, pageCostUs: 0, workerType: 'pulpcore', testCallSeconds: 'timeout'});
  });
});
