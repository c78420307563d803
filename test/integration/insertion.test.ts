import {expect} from 'chai';
import nock from 'nock';

import type {RunningSimulator} from '../../src/lib/simulator/index.js';
import {runCli} from '../helpers/cli.js';
import {call, waitFor} from '../helpers/http.js';
import {simulatorPool} from '../helpers/simulators.js';
import {startCli} from '../helpers/spawn.js';
import {validResult} from '../helpers/result-schema.js';

const NO_OP = 'pulp_service.app.tasks.util.no_op_task';

describe('test-task-insertion against the simulator', function () {
  this.timeout(120_000);
  const {start, stopAll} = simulatorPool({workers: 8, taskMs: '5'});
  before(() => nock.enableNetConnect());
  afterEach(stopAll);

  const insertion = (sim: RunningSimulator, args: string[]) =>
    runCli(['test-task-insertion', '--api-root', sim.apiRoot, '--user', sim.username, '--json', ...args], {env: {PULP_PASSWORD: sim.password}});
  const tasksIn = async (sim: RunningSimulator, query = `name=${NO_OP}`) => (await call(`${sim.origin}/api/pulp/admin/tasks/?limit=1&${query}`)).json().count as number;

  it('reports exactly the tasks the server created (the underscore alias works too)', async () => {
    const sim = await start();
    const result = await runCli(['test_task_insertion', '--api-root', sim.apiRoot, '--max-workers', '5', '--timeout', '1', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    const report = validResult(result.stdout);
    expect(report.requests).to.deep.include({total: 5, ok: 5, failed: 0});
    expect(report.tasksCreated).to.be.greaterThan(50);
    expect(report.tasksCreated).to.equal(await tasksIn(sim));
    expect(report.target).to.equal(`${sim.apiRoot}/pulp/test/tasks/?timeout=1`);
    expect(report.timeline.reduce((sum: number, entry: {tasks: number}) => sum + entry.tasks, 0)).to.be.closeTo(report.tasksCreated, 1e-3);
    // elapsedSeconds is printed to the microsecond (±0.5 µs), tasksPerSecond from the unrounded elapsed time.
    expect(report.tasksPerSecond).to.be.closeTo(report.tasksCreated / report.elapsedSeconds, (report.tasksPerSecond * 1e-6) / report.elapsedSeconds);
    expect(result.stderr).to.include('Pulp core 3.116.0 · 8 workers');
  });

  it('--run-until stops within one round of in-flight requests', async () => {
    const sim = await start();
    const result = await insertion(sim, ['--max-workers', '3', '--timeout', '1', '--run-until', '300']);
    expect(result.code, result.stderr).to.equal(0);
    const report = validResult(result.stdout);
    expect(report.stoppedBy).to.equal('run-until');
    expect(report.tasksCreated).to.be.at.least(300);
    // At most one more answer per worker after the target: each answer here is ≤ one second of dispatch.
    expect(report.tasksCreated - 300).to.be.below(3 * report.tasksPerRequest.max);
    expect(report.tasksCreated).to.equal(await tasksIn(sim));
  });

  it('the random-lock target produces blocked tasks in the simulator', async () => {
    const sim = await start({workers: 8, taskMs: '40', workerType: 'pulpcore'}); // blocked time needs unblocked_at
    const result = await insertion(sim, ['--target', 'random-lock', '--max-workers', '2', '--timeout', '1']);
    expect(result.code, result.stderr).to.equal(0);
    const report = validResult(result.stdout);
    expect(report.target).to.equal(`${sim.apiRoot}/pulp/test/random_lock_tasks/?timeout=1`);
    await waitFor(async () => (await tasksIn(sim, 'state__in=waiting,running')) === 0, 30_000);
    const tasks = (await call(`${sim.origin}/api/pulp/admin/tasks/?limit=10000&fields=pulp_created,unblocked_at`)).json().results as Array<{pulp_created: string; unblocked_at: string}>;
    expect(tasks).to.have.length(report.tasksCreated);
    const blocked = tasks.filter((task) => Date.parse(task.unblocked_at) - Date.parse(task.pulp_created) >= 20);
    expect(blocked.length, 'tasks that waited for a lock').to.be.greaterThan(report.tasksCreated / 2);
  });

  it('--track follows purge tasks; blocked + queued + run add up to end to end', async () => {
    const sim = await start({layout: 'pulpcore', workers: 2, taskMs: '30'});
    const result = await runCli(['test-task-insertion', '--api-root', sim.apiRoot, '--password', sim.password, '--target', 'purge', '--max-workers', '4', '--run-until', '20', '--track', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    const report = validResult(result.stdout);
    expect(report.tasksCreated).to.be.at.least(20);
    expect(report.track).to.deep.include({tracked: report.tasksCreated, finished: report.tasksCreated, unfinished: 0, timedOut: false});
    expect(report.track.states).to.deep.equal({completed: report.tasksCreated});
    const {endToEnd, blocked, queue, run} = report.track;
    expect(blocked.count).to.equal(endToEnd.count);
    expect(blocked.mean + queue.mean + run.mean).to.be.closeTo(endToEnd.mean, 1e-5);
    expect(run.min).to.be.at.least(0.029);
  });

  it('counts injected faults by cause and still completes', async () => {
    const sim = await start({faults: {failRate: 0.25, resetRate: 0.15, latencyMs: 20, routes: ['test-tasks'], spread: true}});
    const result = await insertion(sim, ['--max-workers', '10', '--timeout', '1', '--duration', '3s']);
    expect(result.code, result.stderr).to.equal(0);
    const report = validResult(result.stdout);
    const failures = report.requests.failures as Record<string, number>;
    expect(failures['http-500']).to.be.greaterThan(0);
    expect(failures['connection-reset']).to.be.greaterThan(0);
    expect(report.requests.ok + report.requests.failed).to.equal(report.requests.total);
    expect(Object.values(failures).reduce((sum, count) => sum + count, 0)).to.equal(report.requests.failed);
    expect(report.tasksCreated).to.equal(await tasksIn(sim));
  });

  it('latency covers successful requests only; each failure cause has its count and its own latency', async () => {
    // Every call waits 150 ms (injected); an ok call then dispatches for 1 s, an injected 500 answers at once.
    const sim = await start({faults: {failRate: 0.4, resetRate: 0, latencyMs: 150, routes: ['test-tasks'], spread: true}});
    const result = await insertion(sim, ['--max-workers', '6', '--timeout', '1', '--duration', '3s']);
    expect(result.code, result.stderr).to.equal(0);
    const report = validResult(result.stdout);
    const failed = report.requests.failures['http-500'] as number;
    expect(failed).to.be.greaterThan(0);
    expect(report.requests.ok).to.be.greaterThan(0);
    expect(Object.keys(report.failures)).to.deep.equal(['http-500']);
    expect(report.failures['http-500'].count).to.equal(failed);
    const failures = report.failures['http-500'].latency;
    expect(failures.min).to.be.at.least(0.15);
    expect(failures.max).to.be.below(1);
    // Mixed with the failures, min and p50 would fall below 1 s.
    expect(report.latency.min).to.be.at.least(1.15);
    expect(report.latency.p50).to.be.at.least(report.latency.min);
    expect(report.latency.max).to.be.at.least(report.latency.p99);
    expect(report.timeline.reduce((sum: number, entry: {failed: number}) => sum + entry.failed, 0)).to.equal(failed);
  });

  it("the timeline spreads each call's tasks over its duration and rates the partial last second by its width", async () => {
    // One call dispatching for 2 s: its count comes at the end, but its tasks were created all along.
    const sim = await start();
    const result = await insertion(sim, ['--max-workers', '1', '--timeout', '2']);
    expect(result.code, result.stderr).to.equal(0);
    const report = validResult(result.stdout);
    const timeline = report.timeline as Array<{t: number; seconds: number; requests: number; failed: number; tasks: number; tasksPerSecond: number}>;
    expect(timeline).to.have.length(Math.ceil(report.elapsedSeconds));
    expect(timeline.map((entry) => entry.requests)).to.deep.equal([...Array.from({length: timeline.length - 1}, () => 0), 1]);
    expect(timeline[0].tasks).to.be.greaterThan(0);
    const callRate = report.tasksCreated / report.latency.max; // the call's own ingestion rate
    expect(timeline[1]).to.deep.include({t: 1, seconds: 1});
    expect(timeline[1].tasksPerSecond).to.be.closeTo(callRate, callRate * 0.005);
    const last = timeline.at(-1)!;
    expect(last.seconds).to.be.below(1);
    expect(last.seconds).to.be.closeTo(report.elapsedSeconds - last.t, 1e-6);
    expect(last.tasksPerSecond).to.be.closeTo(callRate, callRate * 0.01);
    expect(last.tasksPerSecond).to.be.closeTo(last.tasks / last.seconds, callRate * 0.01);
    expect(timeline.reduce((sum, entry) => sum + entry.tasks, 0)).to.be.closeTo(report.tasksCreated, 1e-3);
    expect(timeline.reduce((sum, entry) => sum + entry.seconds, 0)).to.be.closeTo(report.elapsedSeconds, 1e-5);
  });

  it('--fail-if passes and fails as the numbers say; unknown keys are usage errors', async () => {
    const sim = await start();
    const pass = await insertion(sim, ['--max-workers', '2', '--timeout', '1', '--fail-if', 'requests.failed>0', '--fail-if', 'tasksPerSecond<1']);
    expect(pass.code, pass.stderr).to.equal(0);
    const fail = await insertion(sim, ['--max-workers', '2', '--timeout', '1', '--fail-if', 'tasksPerSecond<100000', '--fail-if', 'latency.p99 > 10 s or requests.failed / requests.total > 0.5']);
    expect(fail.code).to.equal(6);
    expect(fail.stderr.trim().split('\n').at(-1)).to.equal('Error: 1 of 2 thresholds crossed: tasksPerSecond<100000');
    const report = validResult(fail.stdout);
    expect(report.requests.ok).to.equal(2); // the report is still printed, once
    expect(report.thresholds).to.deep.equal([
      {expression: 'tasksPerSecond<100000', crossed: true, values: {tasksPerSecond: report.tasksPerSecond}, units: {}},
      {expression: 'latency.p99 > 10 s or requests.failed / requests.total > 0.5', crossed: false, values: {'latency.p99': report.latency.p99, 'requests.failed': 0, 'requests.total': 2}, units: {'latency.p99': 's'}},
    ]);
    const unknown = await insertion(sim, ['--max-workers', '1', '--fail-if', 'tasksPerMinute<1']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.include("unknown key 'tasksPerMinute'");
  });

  it('1,000 workers complete with zero lost requests', async () => {
    const sim = await start({dispatchRate: {perRequest: 1000, ceiling: 100_000}});
    const result = await insertion(sim, ['--max-workers', '1000', '--timeout', '1', '--no-server-stats']); // a huge backlog: no drain wait
    expect(result.code, result.stderr).to.equal(0);
    const report = validResult(result.stdout);
    expect(report.requests).to.deep.include({total: 1000, ok: 1000, failed: 0});
    expect(report.tasksCreated).to.equal(await tasksIn(sim));
  });

  it('--track polls every dispatched task, beyond the first thousand, and reports their real states', async () => {
    const sim = await start({layout: 'pulpcore', workers: 0}); // nothing runs: every task stays waiting
    const result = await runCli(['test-task-insertion', '--api-root', sim.apiRoot, '--target', 'purge', '-c', '5', '--run-until', '1100', '--track', '--track-timeout', '2s', '--json', '--no-server-stats'], {env: {PULP_PASSWORD: sim.password}});
    const report = validResult(result.stdout);
    expect(report.tasksCreated).to.be.greaterThan(1000);
    expect(report.track).to.deep.include({tracked: report.tasksCreated, finished: 0, timedOut: true});
    expect(report.track.states).to.deep.equal({waiting: report.tasksCreated}); // none left 'unknown'
  });

  it('Ctrl-C prints a partial report and exits 130', async () => {
    const sim = await start();
    const cli = startCli(['test-task-insertion', '--api-root', sim.apiRoot, '--max-workers', '4', '--timeout', '1', '--duration', '60s', '--json']);
    await waitFor(() => cli.stderr().includes('Pulp core'), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    cli.signal('SIGINT');
    expect((await cli.exited).code).to.equal(130);
    const report = validResult(cli.stdout());
    expect(report.interrupted).to.equal(true);
    expect(report.stoppedBy).to.equal('interrupted');
    expect(report.requests.ok).to.be.greaterThan(0);
    expect(cli.stderr().trim().split('\n').at(-1)).to.match(/^Error: interrupted by SIGINT: partial report of \d+ requests$/);
  });

  describe('bad input and bad servers', () => {
    it('invalid numbers are usage errors (exit 2)', async () => {
      const sim = await start();
      for (const args of [['--max-workers', '0'], ['--max-workers', '-3'], ['--max-workers', '2.5'], ['--timeout', 'abc'], ['--run-until', '0'], ['--duration', 'forever'], ['--rate', '-1']]) {
        const result = await insertion(sim, args);
        expect(result.code, args.join(' ')).to.equal(2);
        expect(result.stderr.trim().split('\n'), args.join(' ')).to.have.length(1);
      }
    });

    it('stock Pulp (no test endpoint) → one line suggesting --target purge, exit 5', async () => {
      const sim = await start({layout: 'pulpcore'});
      const result = await insertion(sim, ['--max-workers', '3']);
      expect(result.code).to.equal(5);
      expect(result.stderr.trim().split('\n').at(-1)).to.equal(`Error: ${sim.origin}/pulp/test/tasks/ answered 404; stock Pulp has no test endpoints: try --target purge`);
    });

    it('disabled test endpoint (HTML 500) → one line naming TEST_TASK_INGESTION, exit 5', async () => {
      const sim = await start({testEndpointsEnabled: false});
      const result = await insertion(sim, ['--max-workers', '3']);
      expect(result.code).to.equal(5);
      expect(result.stderr.trim().split('\n').at(-1)).to.match(/^Error: every call to .* failed with an HTML 500: the test endpoint is not enabled \(pulp-service setting TEST_TASK_INGESTION/);
      expect(validResult(result.stdout).requests.failures).to.deep.equal({'http-500': 3});
    });

    it('purge on a server with domains: domain "default" when the status says so, else a 404 with a hint', async () => {
      const sim = await start({layout: 'pulp-service'});
      const detected = await runCli(['test-task-insertion', '--api-root', sim.apiRoot, '--target', 'purge', '-c', '2', '--json'], {env: {PULP_PASSWORD: sim.password}});
      expect(detected.code, detected.stderr).to.equal(0);
      expect(detected.stderr).to.include('the server has domains: purging in domain "default" (use --domain NAME for another)');
      const report = validResult(detected.stdout);
      expect(report.target).to.equal(`${sim.apiRoot}/pulp/default/api/v3/tasks/purge/`);
      expect(report.tasksCreated).to.equal(2);
      // without a usable status answer nothing tells the layout: the 404 names the way out
      const blind = await start({layout: 'pulp-service', faults: {failRate: 1, resetRate: 0, latencyMs: 0, routes: ['status']}});
      const without = await runCli(['test-task-insertion', '--api-root', blind.apiRoot, '--target', 'purge', '-c', '1'], {env: {PULP_PASSWORD: blind.password}});
      expect(without.code).to.equal(5);
      expect(without.stderr.trim().split('\n').at(-1)).to.equal(`Error: ${blind.apiRoot}/pulp/api/v3/tasks/purge/ answered 404; on a server with domains (pulp-service) add --domain NAME`);
    });

    it('401 on purge → exit 4', async () => {
      const sim = await start({layout: 'pulpcore'});
      const result = await runCli(['test-task-insertion', '--api-root', sim.apiRoot, '--password', 'wrong', '--target', 'purge', '--max-workers', '2']);
      expect(result.code).to.equal(4);
      expect(result.stderr.trim().split('\n').at(-1)).to.equal(`Error: ${sim.origin}/pulp/api/v3/tasks/purge/ refused the request (401); check --user/--password or --cert/--key`);
    });

    it('purge without credentials and without a terminal → exit 2', async () => {
      const sim = await start({layout: 'pulpcore'});
      const result = await runCli(['test-task-insertion', '--api-root', sim.apiRoot, '--target', 'purge']);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.include('this command needs credentials');
    });
  });
});
