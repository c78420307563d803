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

  it('rejects bad flags with one line and exit 2', async () => {
    for (const [args, message] of [
      [['--task-ms', 'soon'], /^Error: --task-ms: task duration 'soon' is not a number of ms/],
      [['--fail-rate', '2'], /--fail-rate must be a number from 0 to 1, got '2'/],
      [['--fault-routes', 'status,nowhere'], /^Error: --fault-routes: unknown route 'nowhere'/],
      [['--layout', 'pulp3'], /^Error: Expected --layout=pulp3 to be one of: pulpcore, pulp-service/],
    ] as Array<[string[], RegExp]>) {
      const result = await runCli(['simulate', '--port', '0', ...args]);
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr.trim().split('\n')).to.have.length(1);
      expect(result.stderr.trim()).to.match(message);
    }
  });
});
