import {expect} from 'chai';
import nock from 'nock';

import {type RunningSimulator, startSimulator} from '../../src/lib/simulator/index.js';
import {runCli} from '../helpers/cli.js';
import {startFakeServer} from '../helpers/fake-server.js';
import {statusFixture} from '../helpers/status-fixture.js';

/** Exactly one line on stderr, without a stack trace; returns it. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).to.have.length(1);
  expect(stderr).not.to.match(/^\s+at /m);
  return lines[0];
}

describe('exit codes follow the README through one mapping', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  before(async () => {
    nock.enableNetConnect();
    sim = await startSimulator({port: 0, honourTimeout: true, workers: 2, history: {count: 200, hours: 1, seed: 3}});
  });
  after(async () => sim.stop());

  it('a server that cannot be reached at start is exit 3 for every command that talks to Pulp, in one line', async () => {
    for (const args of [['status'], ['task-analysis'], ['test-task-insertion'], ['test-task-insertion', '--target', 'purge', '--track']]) {
      const result = await runCli([...args, '--api-root', 'http://127.0.0.1:9'], {env: {PULP_PASSWORD: 'x'}});
      expect(result.code, args.join(' ')).to.equal(3);
      expect(oneLine(result.stderr), args.join(' ')).to.equal('Error: connection refused by 127.0.0.1:9: is Pulp running there?');
    }
  });

  it('task-analysis: 401 and 403 are exit 4, not an incomplete fetch (5)', async () => {
    const wrong = await runCli(['task-analysis', '--api-root', sim.apiRoot, '--password', 'wrong', '--since', '2h']);
    expect(wrong.code).to.equal(4);
    expect(wrong.stderr.trim().split('\n').at(-1)).to.match(/^Error: authentication refused by .*\/pulp\/default\/api\/v3\/tasks\/ \(401: Invalid username\/password\.\)/);
    const forbidden = await startFakeServer({
      '/api/pulp/api/v3/status/': (_request, response) => {
        response.writeHead(200, {'content-type': 'application/json'});
        response.end(JSON.stringify(statusFixture()));
      },
      '/api/pulp/admin/tasks/': (_request, response) => {
        response.writeHead(403, {'content-type': 'application/json'});
        response.end(JSON.stringify({detail: 'You do not have permission to perform this action.'}));
      },
    });
    try {
      const result = await runCli(['task-analysis', '--api-root', `${forbidden.url}/api`, '--all-domains', '--concurrency', '1', '--json'], {env: {PULP_PASSWORD: 'x'}});
      expect(result.code).to.equal(4);
      expect(JSON.parse(result.stdout).error).to.deep.include({kind: 'forbidden', exitCode: 4});
      expect(forbidden.requests.filter((request) => request.url.startsWith('/api/pulp/admin/tasks/'))).to.have.length(1); // not retried
    } finally {
      await forbidden.close();
    }
  });

  it('task-analysis: a 400 from the server (a filter it rejects) is exit 2 with its message', async () => {
    const rejecting = await startFakeServer({
      '/api/pulp/api/v3/status/': (_request, response) => {
        response.writeHead(200, {'content-type': 'application/json'});
        response.end(JSON.stringify(statusFixture()));
      },
      '/api/pulp/admin/tasks/': (_request, response) => {
        response.writeHead(400, {'content-type': 'application/json'});
        response.end(JSON.stringify({state__in: ['Select a valid choice.']}));
      },
    });
    try {
      const result = await runCli(['task-analysis', '--api-root', `${rejecting.url}/api`, '--password', 'x', '--all-domains']);
      expect(result.code).to.equal(2);
      expect(result.stderr.trim().split('\n').at(-1)).to.match(/^Error: the server rejected the request to .*admin\/tasks\/ \(400\): \{"state__in":\["Select a valid choice\."\]\}$/);
    } finally {
      await rejecting.close();
    }
  });
});
