import {expect} from 'chai';
import nock from 'nock';

import {displayWidth} from '../../src/lib/render/text.js';
import {timestampMicros} from '../../src/lib/time.js';
import type {RunningSimulator} from '../../src/lib/simulator/index.js';
import {runCli} from '../helpers/cli.js';
import {call, waitFor} from '../helpers/http.js';
import {killAllInPty, startInPty, visibleLines, waitForOutput} from '../helpers/pty.js';
import {simulatorPool} from '../helpers/simulators.js';
import {startCli} from '../helpers/spawn.js';

interface ListedTask {
  name: string;
  state: string;
  pulp_created: string;
  started_at: string | null;
  finished_at: string | null;
}

const NAMES = ['pulp_file.app.tasks.synchronize', 'pulp_rpm.app.tasks.publish', 'pulpcore.app.tasks.purge'];

/** The whole task list of the simulator's default domain, fetched the plain way. */
async function allTasks(sim: RunningSimulator): Promise<ListedTask[]> {
  const reply = await call(`${sim.origin}/api/pulp/default/api/v3/tasks/?limit=100000`);
  const page = reply.json();
  expect(page.results.length).to.equal(page.count);
  return page.results as ListedTask[];
}

describe('pulp-bench watch against the simulator', function () {
  this.timeout(60_000);
  const pool = simulatorPool({workers: 3, taskMs: '600000'});
  let sim: RunningSimulator;

  before(() => nock.enableNetConnect());
  beforeEach(async () => {
    // Tasks that run for 10 minutes: waiting and running stay put while the CLI and the test both look. The history
    // (finished tasks spread over the last 3 minutes, some failed) gives the last-minute counts something to count.
    sim = await pool.start({history: {count: 900, hours: 0.05, seed: 3}});
    for (let index = 0; index < 40; index++) sim.model.dispatch({name: NAMES[index % 3], exclusive: [], shared: [], loggingCid: 'watch-test', createdBy: false, domain: 0});
    await waitFor(() => sim.model.running === 3);
  });
  afterEach(async () => {
    killAllInPty();
    await pool.stopAll();
  });

  const env = () => ({PULP_PASSWORD: sim.password});

  it('--once --json: the counts are the simulator\'s own, from count-only requests', async () => {
    const servedBefore = sim.served.taskRows;
    const result = await runCli(['watch', '--api-root', sim.apiRoot, '--once', '--json', '--names-limit', '0'], {env: env()});
    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).to.have.length(1);
    const sample = JSON.parse(lines[0]);
    const served = sim.served.taskRows - servedBefore;
    const tasks = await allTasks(sim);
    const atUs = timestampMicros(sample.at);
    const lastMinute = (value: string | null) => value !== null && timestampMicros(value) >= atUs - 60_000_000;
    expect(sample.kind).to.equal('sample');
    expect(sample.waiting).to.equal(tasks.filter((task) => task.state === 'waiting').length).and.to.equal(37);
    expect(sample.running).to.equal(tasks.filter((task) => task.state === 'running').length).and.to.equal(3);
    const finished = tasks.filter((task) => lastMinute(task.finished_at));
    expect(finished.length).to.be.greaterThan(50);
    expect(sample.finishedLastMinute).to.equal(finished.length);
    expect(sample.failedLastMinute).to.equal(finished.filter((task) => task.state === 'failed').length).and.to.be.greaterThan(0);
    expect(sample.createdLastMinute).to.equal(tasks.filter((task) => lastMinute(task.pulp_created)).length);
    expect(sample.processingRate).to.be.closeTo(finished.length / 60, 1e-9);
    // The simulator's workers list takes pulpcore's `missing` filter and fills current_task (WorkerFilter, AppStatus.current_task).
    expect(sample.workers).to.deep.equal({online: 3, missing: 0, busy: 3, missingNames: []});
    expect(sample.notes.join(' ')).not.to.match(/missing workers|busy workers/);
    const oldest = tasks.filter((task) => task.state === 'waiting').sort((a, b) => a.pulp_created.localeCompare(b.pulp_created))[0];
    expect(sample.oldestWaiting.createdAt).to.equal(oldest.pulp_created);
    expect(sample.oldestWaitingSeconds).to.be.closeTo((atUs - timestampMicros(oldest.pulp_created)) / 1e6, 1e-6);
    expect(sample.requests).to.equal(7);
    // Count-only requests: one row per task request (limit=1), never a list.
    expect(served).to.be.at.most(5);
  });

  it('stock Pulp with the redis worker (no unblocked_at), and pulp-service\'s admin list of all domains', async () => {
    const stock = await pool.start({layout: 'pulpcore', workerType: 'redis', history: undefined});
    for (let index = 0; index < 9; index++) stock.model.dispatch({name: NAMES[0], exclusive: [], shared: [], loggingCid: 'watch-test', createdBy: false, domain: 0});
    await waitFor(() => stock.model.running === 3);
    const result = await runCli(['watch', '--api-root', stock.apiRoot, '--once', '--json'], {env: {PULP_PASSWORD: stock.password}});
    expect(result.code, result.stderr).to.equal(0);
    const sample = JSON.parse(result.stdout);
    expect(sample).to.deep.include({endpoint: `${stock.origin}/pulp/api/v3/tasks/`, waiting: 6, running: 3});
    expect(sample.workers.online).to.equal(3);
    const all = await runCli(['watch', '--api-root', sim.apiRoot, '--once', '--json', '--all-domains'], {env: env()});
    expect(all.code, all.stderr).to.equal(0);
    expect(JSON.parse(all.stdout)).to.deep.include({endpoint: `${sim.apiRoot}/pulp/admin/tasks/`, waiting: 37, running: 3});
  });

  // pulpcore/app/models/status.py AppStatusManager.missing (last_heartbeat older than WORKER_TTL); the dead worker
  // keeps its record (and its running task) until a live worker's cleanup, here put off by a long cleanup interval
  it('a killed worker shows as missing, by name; the busy count covers the online workers only', async () => {
    const dying = await pool.start({layout: 'pulpcore', history: undefined, workerTtlMs: 300, workerCleanupBeats: 100_000});
    for (let index = 0; index < 5; index++) dying.model.dispatch({name: NAMES[0], exclusive: [], shared: [], loggingCid: 'watch-test', createdBy: false, domain: 0});
    await waitFor(() => dying.model.running === 3);
    const name = dying.model.killWorker(1);
    await waitFor(() => dying.model.workers().some((worker) => worker.missing));
    const result = await runCli(['watch', '--api-root', dying.apiRoot, '--once', '--json'], {env: {PULP_PASSWORD: dying.password}});
    expect(result.code, result.stderr).to.equal(0);
    const sample = JSON.parse(result.stdout);
    expect(sample.workers).to.deep.equal({online: 2, missing: 1, busy: 2, missingNames: [name]});
    expect(sample.running).to.equal(3); // the dead worker's task stays running until the cleanup fails it
    const human = await runCli(['watch', '--api-root', dying.apiRoot, '--once'], {env: {PULP_PASSWORD: dying.password}});
    expect(human.stdout).to.include(`missing: ${name}`);
  });

  it('mistakes are usage errors before any request (exit 2): a short interval, unknown keys, durations without a unit', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--interval', '100ms'], /--interval '100ms' is too short: at least 200ms/],
      [['--interval', 'often'], /--interval 'often' is not a duration/],
      [['--fail-if', 'queue > 5'], /unknown key 'queue'/],
      [['--fail-if', 'oldestWaitingSeconds > 5'], /duration is compared or combined with a plain number/],
      [['--domain', 'x', '--all-domains'], /--all-domains|--domain/],
    ];
    const servedBefore = sim.served.taskListRequests;
    for (const [args, message] of cases) {
      const result = await runCli(['watch', '--api-root', sim.apiRoot, '--once', ...args], {env: env()});
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(2);
      expect(result.stderr).to.match(message);
    }
    const insertion = await runCli(['test-task-insertion', '--api-root', sim.apiRoot, '--server-stats-interval', '50ms'], {env: env()});
    expect(insertion.code).to.equal(2);
    expect(insertion.stderr).to.include("--server-stats-interval '50ms' is too short");
    expect(sim.served.taskListRequests).to.equal(servedBefore);
  });

  it('--once: the top names of waiting and running tasks, --fail-if exit 6 after printing the sample', async () => {
    const result = await runCli(['watch', '--api-root', sim.apiRoot, '--once', '--json', '--names-limit', '10', '--fail-if', 'waiting > 30', '--fail-if', 'oldestWaitingSeconds > 1 h'], {env: env()});
    expect(result.code, result.stderr).to.equal(6);
    const sample = JSON.parse(result.stdout);
    expect(sample.topNames.waitingCapped).to.equal(true);
    expect(sample.topNames.waiting.reduce((sum: number, entry: {count: number}) => sum + entry.count, 0)).to.equal(10);
    expect(sample.topNames.running.map((entry: {name: string}) => entry.name).sort()).to.deep.equal([...NAMES].sort());
    expect(sample.thresholds.map((outcome: {crossed: boolean}) => outcome.crossed)).to.deep.equal([true, false]);
    expect(result.stderr).to.include('1 of 2 thresholds crossed: waiting > 30');
  });

  it('--json until SIGTERM: JSON Lines, a last line of kind summary, exit 143', async () => {
    const running = startCli(['watch', '--api-root', sim.apiRoot, '--json', '--interval', '300ms'], {env: env()});
    await waitFor(() => running.stdout().split('\n').filter(Boolean).length >= 3, 20_000);
    running.signal('SIGTERM');
    const {code} = await running.exited;
    expect(code, running.stderr()).to.equal(143);
    const lines = running.stdout().trim().split('\n').map((line) => JSON.parse(line));
    const summary = lines.at(-1);
    expect(summary.kind).to.equal('summary');
    expect(lines.slice(0, -1).every((line) => line.kind === 'sample')).to.equal(true);
    expect(summary.samples).to.equal(lines.length - 1);
    expect(summary.waiting.max).to.equal(37);
    expect(summary.signal).to.equal('SIGTERM');
    expect(summary.requests).to.equal(lines.slice(0, -1).reduce((sum, line) => sum + line.requests, 0));
  });

  it('--fail-if while watching: the crossing sample, then the summary, exit 6', async () => {
    const result = await runCli(['watch', '--api-root', sim.apiRoot, '--json', '--interval', '300ms', '--fail-if', 'waiting > 30'], {env: env()});
    expect(result.code, result.stderr).to.equal(6);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.kind)).to.deep.equal(['sample', 'summary']);
    expect(lines[0].thresholds[0]).to.deep.include({expression: 'waiting > 30', crossed: true});
    expect(lines[1]).to.deep.include({samples: 1, samplesCrossingThresholds: 1});
  });

  it('rides out a server that goes away: a failed-sample line, counted in the summary', async () => {
    const running = startCli(['watch', '--api-root', sim.apiRoot, '--json', '--interval', '300ms'], {env: env()});
    await waitFor(() => running.stdout().includes('"kind":"sample"'), 20_000);
    await sim.stop();
    await waitFor(() => running.stdout().includes('"kind":"failed-sample"'), 20_000);
    running.signal('SIGINT');
    expect((await running.exited).code, running.stderr()).to.equal(130);
    const lines = running.stdout().trim().split('\n').map((line) => JSON.parse(line));
    const failed = lines.find((line) => line.kind === 'failed-sample');
    expect(failed.error).to.match(/connection refused/);
    expect(lines.at(-1)).to.deep.include({kind: 'summary', lastFailure: failed.error});
    expect(lines.at(-1).failedSamples).to.be.at.least(1);
  });

  it('on a terminal: redrawn in place within 80 columns; Ctrl-C prints the summary and exits 130', async () => {
    const running = startInPty(['watch', '--api-root', sim.apiRoot, '--interval', '300ms'], {columns: 80, env: env()});
    await waitForOutput(running, (output) => output.split('\u001B[H').length > 3, 20_000);
    running.signal('SIGINT');
    const {code, output} = await running.done;
    expect(code, output).to.equal(130);
    const frames = output.split('\u001B[H').slice(1);
    expect(frames.length).to.be.greaterThan(2);
    // The first frame clears the screen; every frame starts at the top left and clears what the last one left below.
    expect(output).to.include('\u001B[2J\u001B[H');
    for (const frame of frames.slice(0, -1)) expect(frame).to.include('\u001B[J');
    expect(output).to.include('Waiting');
    for (const line of visibleLines(output)) expect(displayWidth(line), JSON.stringify(line)).to.be.at.most(80);
    const summary = output.slice(output.lastIndexOf('Watched'));
    expect(summary).to.match(/^Watched [\d.]+ m?s: \d+ samples \(stopped by SIGINT\)/);
    expect(summary).to.match(/Waiting\s+max 37 at \d\d:\d\d:\d\d UTC/);
  });
});
