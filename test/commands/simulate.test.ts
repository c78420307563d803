import {expect} from 'chai';
import {spawn} from 'node:child_process';
import nock from 'nock';

import {BIN, runCli} from '../helpers/cli.js';
import {call} from '../helpers/http.js';

describe('simulate command', function () {
  this.timeout(60_000);
  before(() => nock.enableNetConnect());

  it('serves until SIGINT (exit 130, as every command a signal stops), prints where, and pulp-bench status works against it', async () => {
    const child = spawn(process.execPath, [BIN, 'simulate', '--port', '0', '--json', '--workers', '3', '--history', '50'], {stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const line = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += chunk;
        if (text.includes('\n')) resolve(text.split('\n')[0]);
      });
      child.on('exit', () => reject(new Error(`simulate exited early: ${stderr}`)));
    });
    const started = JSON.parse(line) as {origin: string; apiRoot: string; layout: string; username: string};
    expect(started.layout).to.equal('pulp-service');
    expect(started.apiRoot).to.equal(`${started.origin}/api`);
    const status = await runCli(['status', '--api-root', started.apiRoot, '--json']);
    expect(status.code, status.stderr).to.equal(0);
    expect(JSON.parse(status.stdout).summary.workers.count).to.equal(3);
    const history = await call(`${started.origin}/api/pulp/admin/tasks/?limit=1`);
    expect(history.json().count).to.equal(50);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).to.equal(130);
    expect(stderr).to.include('simulator stopped (SIGINT)');
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
