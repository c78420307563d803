import {expect} from 'chai';
import nock from 'nock';

import {PulpClient} from '../../../src/lib/client.js';
import {LoadRun} from '../../../src/lib/insertion/engine.js';
import {LoadRecorder} from '../../../src/lib/insertion/recorder.js';
import {resolveTarget} from '../../../src/lib/insertion/targets.js';
import {testConnection} from '../../helpers/connection.js';

const ROOT = 'https://pulp.example.com/api';
const TEST_PATH = '/api/pulp/test/tasks/';

function setup(plan: {workers: number; runUntilTasks?: number; durationMs?: number; maxConsecutiveFailures?: number; kind?: 'test-tasks' | 'purge'}) {
  const client = new PulpClient(testConnection(ROOT));
  const target = resolveTarget(client.urls, {kind: plan.kind ?? 'test-tasks', timeoutSeconds: 5});
  const recorder = new LoadRecorder();
  const run = new LoadRun(client, {target, workers: plan.workers, runUntilTasks: plan.runUntilTasks, durationMs: plan.durationMs, requestTimeoutMs: 5000, maxConsecutiveFailures: plan.maxConsecutiveFailures ?? 100}, recorder);
  return {client, run, recorder};
}

describe('load engine stop rules', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('without a stop rule each worker makes exactly one request; tasks are summed exactly', async () => {
    const scope = nock('https://pulp.example.com').get(TEST_PATH).query({timeout: '5'}).times(3).reply(200, {tasks_executed: 7}).get(TEST_PATH).query(true).reply(200, {tasks_executed: 11});
    const {run, recorder, client} = setup({workers: 4});
    expect(await run.run()).to.equal('completed');
    client.close();
    expect(scope.isDone()).to.equal(true);
    expect(recorder.total).to.equal(4);
    expect(recorder.tasks).to.equal(3 * 7 + 11);
  });

  it('--run-until stops starting once the target is reached, counting in-flight answers', async () => {
    nock('https://pulp.example.com').get(TEST_PATH).query(true).times(50).delay(10).reply(200, {tasks_executed: 10});
    const {run, recorder, client} = setup({workers: 2, runUntilTasks: 45});
    expect(await run.run()).to.equal('run-until');
    client.close();
    // 45 needs 5 answers; with 2 in flight at most one extra request can be under way when the 5th lands.
    expect(recorder.total).to.be.within(5, 6);
    expect(recorder.tasks).to.equal(recorder.total * 10);
  });

  it('stops after the maximum of consecutive failures instead of looping forever', async () => {
    nock('https://pulp.example.com').get(TEST_PATH).query(true).times(30).reply(500, '<h1>Server Error (500)</h1>', {'content-type': 'text/html'});
    const {run, recorder, client} = setup({workers: 2, durationMs: 60_000, maxConsecutiveFailures: 6});
    expect(await run.run()).to.equal('failures');
    client.close();
    expect(recorder.total).to.be.within(6, 7);
    expect(recorder.failures.get('http-500')).to.equal(recorder.total);
    expect(run.htmlFailures).to.equal(recorder.total);
  });

  it('a 404 stops the run at once (fatal) and is remembered', async () => {
    nock('https://pulp.example.com').get(TEST_PATH).query(true).times(5).reply(404, '<h1>Not Found</h1>', {'content-type': 'text/html'});
    const {run, recorder, client} = setup({workers: 1, durationMs: 60_000});
    expect(await run.run()).to.equal('fatal');
    client.close();
    expect(recorder.total).to.equal(1);
    expect(run.fatal?.cause).to.equal('http-404');
  });

  it('stop + abortInFlight ends a run at once, counting the aborted requests', async () => {
    nock('https://pulp.example.com').get(TEST_PATH).query(true).times(3).delay(10_000).reply(200, {tasks_executed: 1});
    const {run, recorder, client} = setup({workers: 3, durationMs: 60_000});
    const began = Date.now();
    const finished = run.run();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(run.inFlight).to.equal(3);
    run.stop('interrupted');
    run.abortInFlight();
    expect(await finished).to.equal('interrupted');
    client.close();
    expect(Date.now() - began).to.be.below(3000);
    expect(Object.fromEntries(recorder.failures)).to.deep.equal({aborted: 3});
    expect(recorder.tasks).to.equal(0);
  });

  it('a 202 target counts one task per answer and keeps the task hrefs; POSTs are never retried', async () => {
    const scope = nock('https://pulp.example.com')
      .post('/api/pulp/api/v3/tasks/purge/', {finished_before: '2000-01-01T00:00:00Z'})
      .reply(202, {task: '/api/pulp/api/v3/tasks/a/'})
      .post('/api/pulp/api/v3/tasks/purge/')
      .reply(503, 'busy')
      .post('/api/pulp/api/v3/tasks/purge/')
      .reply(202, {task: '/api/pulp/api/v3/tasks/b/'});
    const {run, recorder, client} = setup({workers: 1, runUntilTasks: 2, kind: 'purge'});
    await run.run();
    client.close();
    expect(scope.isDone()).to.equal(true);
    expect(recorder.total).to.equal(3);
    expect(recorder.tasks).to.equal(2);
    expect(recorder.taskHrefs).to.deep.equal(['/api/pulp/api/v3/tasks/a/', '/api/pulp/api/v3/tasks/b/']);
    expect(Object.fromEntries(recorder.failures)).to.deep.equal({'http-503': 1});
  });
});
