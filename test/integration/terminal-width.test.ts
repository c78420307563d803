import {expect} from 'chai';
import nock from 'nock';

import {displayWidth} from '../../src/lib/render/text.js';
import {type RunningSimulator, startSimulator} from '../../src/lib/simulator/index.js';
import {runCli} from '../helpers/cli.js';
import {call, waitFor} from '../helpers/http.js';
import {killAllInPty, runInPty, visibleLines} from '../helpers/pty.js';

const LONG_NAMES = [
  'pulp_container.app.tasks.synchronize_repository_with_a_remote_of_a_very_long_and_descriptive_name',
  'pulp_file.app.tasks.同期_リポジトリ_とても長い名前の_synchronize_task',
  'evil\u001B[2J.task',
];

/** Colour codes (SGR): what NO_COLOR and pipes must never get. */
const SGR = /\u001B\[[0-9;]*m/;
/** Not a colour setting of the test runner: pipes and terminals decide alone. */
const NO_COLOUR_SETTINGS = {NO_COLOR: undefined, FORCE_COLOR: undefined};

function expectFits(text: string, width: number, what: string): void {
  const lines = text.split('\n');
  expect(lines.length, what).to.be.greaterThan(3);
  for (const line of lines) expect(displayWidth(line), `${what}: ${JSON.stringify(line)}`).to.be.at.most(width);
}

describe('every report fits the terminal', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  let failing: RunningSimulator;

  before(async () => {
    nock.enableNetConnect();
    sim = await startSimulator({port: 0, honourTimeout: true, workerType: 'pulpcore', workers: 4, taskMs: '10', history: {count: 3000, hours: 2, seed: 8}});
    for (const name of LONG_NAMES) {
      for (let copy = 0; copy < 3; copy++) sim.model.dispatch({name, exclusive: [], shared: [], loggingCid: 'width-test', createdBy: false, domain: 0});
    }
    // Half the test-endpoint calls fail with an HTML 500: the failures table and coloured counts.
    failing = await startSimulator({port: 0, honourTimeout: true, workers: 4, faults: {failRate: 0.5, resetRate: 0, latencyMs: 0, routes: ['test-tasks'], spread: true}});
    await waitFor(async () => (await call(`${sim.origin}/api/pulp/admin/tasks/?logging_cid=width-test&state=completed&limit=100`)).json().count === LONG_NAMES.length * 3);
  });
  after(async () => {
    await sim.stop();
    await failing.stop();
  });
  afterEach(() => killAllInPty());

  const cli = (args: string[]) => runCli(args, {env: {PULP_PASSWORD: sim.password, ...NO_COLOUR_SETTINGS}});

  it('status, in a pipe: 80 columns, no colour', async () => {
    const result = await cli(['status', '--api-root', sim.apiRoot]);
    expect(result.code, result.stderr).to.equal(0);
    expectFits(result.stdout, 80, 'status');
    expect(result.stdout).not.to.match(SGR);
  });

  it('analysis with long task names: 80 columns, names cut with …, durations stacked, thresholds flowed', async () => {
    const result = await cli(['task-analysis', '--api-root', sim.apiRoot, '--since', '3h', '--fail-if', 'waitTime.p95 > 1 ms or runTime.median > 1 h or fetch.missing > 0 or fetch.extra > 0']);
    expect(result.code, result.stderr).to.equal(6);
    expectFits(result.stdout, 80, 'analysis');
    expect(result.stdout).not.to.match(SGR);
    expect(result.stdout).to.match(/pulp_container\.\S*…\S*_name/);
    expect(result.stdout).to.include('\\x1b');
    expect(result.stdout).to.match(/^\s+wait\s+blocked\s+queued\s+run\s*$/m);
    expect(result.stdout).to.match(/^✗ waitTime\.p95 > 1 ms or runTime\.median > 1 h or/m);
  });

  it('insertion with failures and thresholds, and tracking: 80 columns, no colour', async () => {
    const failed = await runCli(
      ['test-task-insertion', '--api-root', failing.apiRoot, '--duration', '2s', '--timeout', '1', '--concurrency', '3', '--fail-if', 'requests.failures.http-500 > 0 or latency.p99 > 30 s or tasksPerSecond < 1000'],
      {env: NO_COLOUR_SETTINGS},
    );
    expect(failed.code, failed.stderr).to.equal(6);
    expectFits(failed.stdout, 80, 'insertion');
    expect(failed.stdout).to.include('Failed requests (not in the latency above)');
    expect(failed.stdout).not.to.match(SGR);
    const tracked = await cli(['test-task-insertion', '--api-root', sim.apiRoot, '--target', 'purge', '--domain', 'default', '--duration', '1s', '--rate', '10', '--track']);
    expect(tracked.code, tracked.stderr).to.equal(0);
    expectFits(tracked.stdout, 80, 'tracking');
    expect(tracked.stdout).to.match(/Tracked tasks: \d+ of \d+ finished/);
  });

  it('--json: seconds to the microsecond, no float noise', async () => {
    const result = await cli(['task-analysis', '--api-root', sim.apiRoot, '--since', '3h', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout);
    const seconds = ['waitTime', 'blockedTime', 'queueTime', 'runTime'].flatMap((key) => ['mean', 'median', 'std', 'p90', 'p95', 'p99', 'p999'].map((leaf) => report[key][leaf] as number));
    seconds.push(...report.byName.flatMap((row: Record<string, number>) => [row.waitP50, row.waitP95, row.runP50]), report.fetch.seconds, report.statisticsSeconds);
    expect(seconds.filter((value) => typeof value === 'number').length).to.be.greaterThan(30);
    for (const value of seconds.filter((each) => typeof each === 'number')) expect(Number(value.toFixed(6)), String(value)).to.equal(value);
    // Other numbers carry no binary noise either (`0.3`, never `0.30000000000000004`).
    expect(result.stdout).not.to.match(/\d\.\d*(0000000|9999999)\d/);
  });

  it('the demo, in a pipe: 80 columns', async () => {
    const result = await runCli(['demo', '--seconds', '1', '--concurrency', '1', '--history', '500'], {env: NO_COLOUR_SETTINGS, timeoutMs: 90_000});
    expect(result.code, result.stderr).to.equal(0);
    expectFits(result.stdout, 80, 'demo');
    expect(result.stdout).not.to.match(SGR);
  });

  it('at 60 columns on a terminal: the reports fit, in colour unless NO_COLOR is set', async () => {
    const args = ['task-analysis', '--api-root', sim.apiRoot, '--since', '3h', '--fail-if', 'waitTime.p95 > 1 ms'];
    const coloured = await runInPty(args, {columns: 60, env: {PULP_PASSWORD: sim.password}});
    expect(coloured.code, coloured.output).to.equal(6);
    expect(coloured.output).to.include('\u001B[31m✗\u001B[39m');
    expect(coloured.output).to.include('\u001B[1mTask analysis\u001B[22m');
    for (const line of visibleLines(coloured.output)) expect(displayWidth(line), JSON.stringify(line)).to.be.at.most(60);
    const plain = await runInPty(args, {columns: 60, env: {PULP_PASSWORD: sim.password, NO_COLOR: '1'}});
    expect(plain.code, plain.output).to.equal(6);
    expect(plain.output).to.include('✗ waitTime.p95 > 1 ms');
    expect(plain.output).not.to.match(SGR);
    const status = await runInPty(['status', '--api-root', sim.apiRoot], {columns: 60});
    for (const line of visibleLines(status.output)) expect(displayWidth(line), JSON.stringify(line)).to.be.at.most(60);
  });
});
