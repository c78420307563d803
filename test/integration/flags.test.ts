import {expect} from 'chai';
import nock from 'nock';

import {type RunningSimulator, startSimulator} from '../../src/lib/simulator/index.js';
import {runCli} from '../helpers/cli.js';

/** Short forms and the original tool's names, before and after the command, against the simulator. */
describe('flag names: -c/--concurrency (alias --max-workers), -d, before and after the command', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  before(async () => {
    nock.enableNetConnect();
    sim = await startSimulator({port: 0, honourTimeout: true, workers: 8, taskMs: '5', history: {count: 200, hours: 1, seed: 5}});
  });
  after(() => sim.stop());

  const insertion = async (args: string[]) => {
    const result = await runCli(args, {env: {PULP_PASSWORD: sim.password}});
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as {workers: number; requests: {total: number}; stoppedBy: string; stop: {durationSeconds: number | null}};
  };

  it('-c N, --concurrency N and --max-workers N (after the command, and before it as the original tool had it) set the requests in flight', async () => {
    const lines: Array<[string[], number]> = [
      [['test-task-insertion', '--api-root', sim.apiRoot, '-c', '3', '--timeout', '1', '--json'], 3],
      [['test-task-insertion', '--api-root', sim.apiRoot, '--concurrency', '2', '--timeout', '1', '--json'], 2],
      [['test-task-insertion', '--api-root', sim.apiRoot, '--max-workers', '3', '--timeout', '1', '--json'], 3],
      [['--max-workers', '3', 'test-task-insertion', '--api-root', sim.apiRoot, '--timeout', '1', '--json'], 3],
      [['--api-root', sim.apiRoot, '--max-workers=2', '--json', 'test_task_insertion', '--timeout', '1'], 2],
      [['--api-root', sim.apiRoot, '-c4', 'test-task-insertion', '--timeout', '1', '--json'], 4],
    ];
    for (const [args, expected] of lines) {
      const report = await insertion(args);
      expect(report.workers, args.join(' ')).to.equal(expected); // the result's field keeps its name for compatibility
      expect(report.requests.total, args.join(' ')).to.equal(expected); // one round: one request each
    }
  });

  it('-d is --duration', async () => {
    const report = await insertion(['test-task-insertion', '--api-root', sim.apiRoot, '-c', '2', '-d', '2s', '--timeout', '1', '--json']);
    expect(report.stop.durationSeconds).to.equal(2);
    expect(report.stoppedBy).to.equal('duration');
    expect(report.requests.total).to.be.at.least(2);
  });

  it('task-analysis takes -c for its requests in flight (bounded like --concurrency), before or after the command', async () => {
    for (const args of [['task-analysis', '--api-root', sim.apiRoot, '-c', '2', '--since', '2h', '--json'], ['-c', '2', 'task-analysis', '--api-root', sim.apiRoot, '--since', '2h', '--json']]) {
      const result = await runCli(args, {env: {PULP_PASSWORD: sim.password}});
      expect(result.code, result.stderr).to.equal(0);
      expect(JSON.parse(result.stdout).total).to.be.at.least(200);
    }
    const refused = await runCli(['task-analysis', '--api-root', sim.apiRoot, '-c', '65'], {env: {PULP_PASSWORD: sim.password}});
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.equal('Error: --concurrency: Expected an integer less than or equal to 64 but received: 65\n');
  });
});
