import {expect} from 'chai';
import nock from 'nock';

import {runCli} from '../helpers/cli.js';
import {call, waitFor} from '../helpers/http.js';
import {killAll, startCli} from '../helpers/spawn.js';

describe('simulate command', function () {
  this.timeout(60_000);
  before(() => nock.enableNetConnect());
  afterEach(() => killAll());

  it('serves until SIGINT (exit 130, as every command a signal stops), prints where, and pulp-bench status works against it', async () => {
    const cli = startCli(['simulate', '--port', '0', '--json', '--workers', '3', '--history', '50']);
    await waitFor(() => cli.stdout().includes('\n') || cli.child.exitCode !== null, 20_000);
    expect(cli.child.exitCode, cli.stderr()).to.equal(null);
    const started = JSON.parse(cli.stdout().split('\n')[0]) as {origin: string; apiRoot: string; layout: string; username: string};
    expect(started.layout).to.equal('pulp-service');
    expect(started.apiRoot).to.equal(`${started.origin}/api`);
    const status = await runCli(['status', '--api-root', started.apiRoot, '--json']);
    expect(status.code, status.stderr).to.equal(0);
    expect(JSON.parse(status.stdout).summary.workers.count).to.equal(3);
    const history = await call(`${started.origin}/api/pulp/admin/tasks/?limit=1`);
    expect(history.json().count).to.equal(50);
    cli.signal('SIGINT');
    expect((await cli.exited).code).to.equal(130);
    expect(cli.stderr()).to.include('simulator stopped (SIGINT)');
  });

  // pulpcore settings WORKER_TTL and WORKER_TYPE ('postgres' is pulpcore's own name for the PostgreSQL worker);
  // worker.py `app_worker_cleanup` makes a killed worker missing after WORKER_TTL
  it('passes the tasking flags on and prints the settings it used; --kill-worker-after kills a worker', async () => {
    const args = ['simulate', '--port', '0', '--layout', 'pulpcore', '--workers', '2', '--worker-type', 'postgres', '--task-ms', '60000'];
    const cli = startCli([...args, '--json', '--task-overhead-ms', '15', '--worker-ttl', '0.3', '--kill-worker-after', '0.2', '--restart-worker-after', '600', '--history', '2000', '--history-workers', '7']);
    await waitFor(() => cli.stdout().includes('\n') || cli.child.exitCode !== null, 20_000);
    expect(cli.child.exitCode, cli.stderr()).to.equal(null);
    const started = JSON.parse(cli.stdout().split('\n')[0]);
    expect(started).to.include({workerType: 'pulpcore', workers: 2, taskMs: '60000', taskOverheadMs: 15, workerTtlSeconds: 0.3, killWorkerAfterSeconds: 0.2, restartWorkerAfterSeconds: 600, history: 2000, historyWorkers: 7});
    await waitFor(async () => (await call(`${started.origin}/pulp/api/v3/workers/?missing=true`)).json().count === 1, 10_000);
    const status = (await call(`${started.origin}/pulp/api/v3/status/`, {auth: null})).json();
    expect(status.online_workers).to.have.length(1);
    cli.signal('SIGINT');
    expect((await cli.exited).code).to.equal(130);

    const human = startCli([...args, '--kill-worker-after', '30', '--history', '300', '--history-workers', '3']);
    await waitFor(() => human.stdout().includes('Try:') || human.child.exitCode !== null, 20_000);
    expect(human.stdout()).to.include('2 pulpcore workers: 60000 ms tasks + 40 ms worker overhead each; heartbeats every 10 s (TTL 30 s)');
    expect(human.stdout()).to.include('kills a task worker (a busy one if any) 30 s after start (no replacement)');
    expect(human.stdout()).to.include('300 history tasks over 24 h, run by 3 simulated workers (seed 1)');
    human.signal('SIGINT');
    await human.exited;
  });

  it('rejects bad flags with one line and exit 2', async () => {
    for (const [args, message] of [
      [['--task-ms', 'soon'], /^Error: --task-ms: task duration 'soon' is not a number of ms/],
      [['--fail-rate', '2'], /--fail-rate must be a number from 0 to 1, got '2'/],
      [['--fault-routes', 'status,nowhere'], /^Error: --fault-routes: unknown route 'nowhere'/],
      [['--layout', 'pulp3'], /^Error: Expected --layout=pulp3 to be one of: pulpcore, pulp-service/],
      [['--worker-type', 'celery'], /^Error: Expected --worker-type=celery to be one of: pulpcore, postgres, redis/],
      [['--worker-ttl', '0'], /--worker-ttl must be a number of seconds from 0.3 to 86400, got '0'/],
      [['--restart-worker-after', '5'], /--kill-worker-after/],
    ] as Array<[string[], RegExp]>) {
      const result = await runCli(['simulate', '--port', '0', ...args]);
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr.trim().split('\n')).to.have.length(1);
      expect(result.stderr.trim()).to.match(message);
    }
  });
});
