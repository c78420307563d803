import {expect} from 'chai';
import nock from 'nock';

import type {RunningSimulator} from '../../src/lib/simulator/index.js';
import {timestampMicros} from '../../src/lib/time.js';
import {runCli} from '../helpers/cli.js';
import {call, waitFor} from '../helpers/http.js';
import {simulatorPool} from '../helpers/simulators.js';
import {startCli} from '../helpers/spawn.js';

/** Every task in the simulator's default domain (a fresh simulator holds only the run's tasks). */
async function allTasks(sim: RunningSimulator): Promise<Array<{state: string; finished_at: string | null}>> {
  const page = (await call(`${sim.origin}/api/pulp/default/api/v3/tasks/?limit=100000`)).json();
  return page.results;
}

describe('test-task-insertion: the server\'s side (server stats)', function () {
  this.timeout(60_000);
  const pool = simulatorPool({workers: 2, taskMs: '150'});
  before(() => nock.enableNetConnect());
  afterEach(() => pool.stopAll());

  /** `anonymous`: no password at all (the test endpoints need none; the task list does). */
  const insertion = (sim: RunningSimulator, args: string[], options: {anonymous?: boolean} = {}) =>
    runCli(['test-task-insertion', '--api-root', sim.apiRoot, '--json', ...args], {env: options.anonymous ? {} : {PULP_PASSWORD: sim.password}});

  it('drain time = when the last task of the run finished, within one polling interval; requests counted', async () => {
    const sim = await pool.start();
    const result = await insertion(sim, ['--target', 'purge', '-c', '4', '--run-until', '30', '--server-stats-interval', '300ms', '--fail-if', 'server.drainSeconds > 1 ms']);
    expect(result.code, result.stderr).to.equal(6);
    const report = JSON.parse(result.stdout);
    const {server} = report;
    const tasks = await allTasks(sim);
    expect(tasks.length).to.equal(report.tasksCreated);
    expect(tasks.every((task) => task.state === 'completed')).to.equal(true);
    const lastFinishedUs = Math.max(...tasks.map((task) => timestampMicros(task.finished_at)));
    const loadEndedUs = timestampMicros(server.loadEndedAt);
    const drainedUs = timestampMicros(server.drainedAt);
    // 30 tasks of 150 ms on 2 workers: the queue drains well after the load.
    expect((lastFinishedUs - loadEndedUs) / 1e6).to.be.greaterThan(1);
    expect((drainedUs - lastFinishedUs) / 1e6).to.be.within(0, 0.3 + 0.15);
    expect(server.drainSeconds).to.be.closeTo((drainedUs - loadEndedUs) / 1e6, 1e-6);
    expect(server).to.deep.include({enabled: true, baselineWaiting: 0, finalWaiting: 0, drainReason: null, failedSamples: 0, tasksCreated: report.tasksCreated, tasksFinished: report.tasksCreated});
    expect(server.maxWaiting).to.be.greaterThan(10);
    expect(server.requests).to.equal(server.timeline.length * 3 + 2);
    expect(server.timeline[0]).to.deep.equal({t: 0, waiting: 0, running: 0, workersOnline: 2});
    expect(server.workerUtilisation).to.be.within(0.5, 1);
    expect(report.thresholds[0]).to.deep.include({crossed: true});
  });

  it('never changes the insertion figures: the same run with and without it creates the same tasks', async () => {
    const runs = [];
    for (const flag of ['--server-stats', '--no-server-stats']) {
      const sim = await pool.start();
      const result = await insertion(sim, ['--target', 'purge', '-c', '1', '--run-until', '25', '--server-stats-interval', '200ms', flag]);
      expect(result.code, result.stderr).to.equal(0);
      const report = JSON.parse(result.stdout);
      runs.push(report);
      // The telemetry's requests are not the load's: the server saw exactly the load's task-creating requests.
      expect((await allTasks(sim)).length).to.equal(report.tasksCreated);
    }
    expect(runs[0].tasksCreated).to.equal(25);
    expect(runs[1].tasksCreated).to.equal(25);
    expect(runs[0].requests.total).to.equal(runs[1].requests.total);
    expect(runs[0].server.enabled).to.equal(true);
    expect(runs[0].server.requests).to.be.greaterThan(3);
    expect(runs[1].server).to.deep.equal({enabled: false, reason: 'turned off (--no-server-stats)'});
  });

  it('off, said once, when the credentials cannot read tasks; the drain timeout gives null and the reason', async () => {
    const sim = await pool.start({workers: 1, taskMs: '5000'});
    const anonymous = await insertion(sim, ['--timeout', '1', '-c', '1'], {anonymous: true});
    expect(anonymous.code, anonymous.stderr).to.equal(0);
    expect(JSON.parse(anonymous.stdout).server).to.deep.include({enabled: false});
    expect(JSON.parse(anonymous.stdout).server.reason).to.match(/credentials cannot read .*tasks\/ \(401\)/);
    expect(anonymous.stderr.match(/server stats off/g)).to.have.length(1);
    const stuck = await insertion(sim, ['--target', 'purge', '-c', '2', '--run-until', '3', '--server-stats-interval', '200ms', '--drain-timeout', '1s']);
    expect(stuck.code, stuck.stderr).to.equal(0);
    const {server} = JSON.parse(stuck.stdout);
    expect(server.drainSeconds).to.equal(null);
    expect(server.drainReason).to.match(/--drain-timeout \(1 s\)/);
    expect(server.finalWaiting).to.be.greaterThan(0);
  });

  it('Ctrl-C while waiting for the drain: the full insertion report, drain unknown, exit 130', async () => {
    const sim = await pool.start({workers: 1, taskMs: '5000'});
    const running = startCli(['test-task-insertion', '--api-root', sim.apiRoot, '--json', '--target', 'purge', '-c', '2', '--run-until', '4', '--server-stats-interval', '200ms'], {env: {PULP_PASSWORD: sim.password}});
    await waitFor(() => running.stderr().includes("waiting for the server's queue to drain"), 20_000);
    running.signal('SIGINT');
    const {code} = await running.exited;
    expect(code, running.stderr()).to.equal(130);
    const report = JSON.parse(running.stdout());
    expect(report.requests.total).to.equal(report.tasksCreated);
    expect(report).to.deep.include({interrupted: true, signal: 'SIGINT', stoppedBy: 'run-until'});
    expect(report.server).to.deep.include({drainSeconds: null, interrupted: true});
    expect(report.server.drainReason).to.match(/stopped by a signal/);
    expect(running.stderr()).to.include("interrupted by SIGINT while waiting for the server's queue to drain");
  });
});
