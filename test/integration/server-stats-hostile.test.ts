/**
 * test-task-insertion's server stats when the server stops letting the credentials read the task list mid-run: the
 * load's figures are kept, the failure is said once, and the drain wait ends at once with the reason — it used to
 * poll the 403 until --drain-timeout (5 min by default) and then say the queue had not drained.
 */
import {expect} from 'chai';

import {runCli} from '../helpers/cli.js';
import {type FakeServer, json, startFakeServer} from '../helpers/fake-server.js';
import {statusFixture} from '../helpers/status-fixture.js';

describe('server stats against a task list that turns 403 (built CLI)', function () {
  this.timeout(40_000);
  let server: FakeServer | undefined;
  after(async () => server?.close());

  it('keeps the load figures, says it once, stops waiting for the drain at once', async () => {
    let taskReads = 0;
    server = await startFakeServer({
      '/pulp/api/v3/status/': json(200, statusFixture({domain_enabled: false})),
      '/pulp/test/tasks/': (_request, response) => setTimeout(() => json(200, {tasks_executed: 5})(_request, response), 100),
      '/pulp/api/v3/tasks/': (request, response) => {
        taskReads++;
        // The baseline sample (2 task-list reads) is answered; everything after it is refused.
        if (taskReads <= 2) json(200, {count: 1, next: null, previous: null, results: []})(request, response);
        else json(403, {detail: 'You do not have permission to perform this action.'})(request, response);
      },
      '/pulp/api/v3/workers/': json(200, {count: 2, next: null, previous: null, results: []}),
    });
    const started = performance.now();
    const run = await runCli(
      ['test-task-insertion', '--api-root', server.url, '-d', '1s', '-c', '1', '--timeout', '1', '--server-stats-interval', '200ms', '--drain-timeout', '20s', '--json'],
      {env: {PULP_PASSWORD: 'pw-Secret-123'}, timeoutMs: 35_000},
    );
    const seconds = (performance.now() - started) / 1000;
    expect(run.code, run.stderr).to.equal(0);
    const result = JSON.parse(run.stdout) as {tasksCreated: number; server: {drainReason: string | null; drainSeconds: number | null; failedSamples: number}};
    expect(result.tasksCreated).to.be.at.least(5);
    expect(result.server.drainSeconds).to.equal(null);
    expect(result.server.drainReason).to.equal(
      `the server stopped letting the credentials read the task list after the load (permission denied by ${server.url}/pulp/api/v3/tasks/ (403: You do not have permission to perform this action.))`,
    );
    expect(result.server.failedSamples).to.be.at.least(1);
    expect(run.stderr.match(/a sample failed/g)).to.have.length(1);
    expect(seconds).to.be.below(12);
  });
});
