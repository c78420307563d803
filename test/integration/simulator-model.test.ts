import {expect} from 'chai';
import net from 'node:net';
import nock from 'nock';

import {type RunningSimulator, type SimulatorOptions, startSimulator} from '../../src/lib/simulator/index.js';
import {call, waitFor} from '../helpers/http.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- task documents from the wire
type Task = Record<string, any>;

describe('simulator tasking model', function () {
  this.timeout(60_000);
  const running: RunningSimulator[] = [];
  const start = async (options: SimulatorOptions) => {
    const sim = await startSimulator({port: 0, honourTimeout: true, ...options});
    running.push(sim);
    return sim;
  };
  before(() => nock.enableNetConnect());
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.stop()));
  });

  const list = async (sim: RunningSimulator, query: string): Promise<Task[]> => {
    const reply = await call(`${sim.origin}/api/pulp/admin/tasks/?limit=100000&ordering=pulp_created&${query}`);
    expect(reply.status, reply.text).to.equal(200);
    return reply.json().results;
  };
  const us = (value: string) => Date.parse(value) * 1000 + Number((/\.\d{3}(\d{3})Z$/.exec(value) ?? ['', '0'])[1]);

  it('a task blocked on an exclusive lock is unblocked only after the holder finishes; FIFO per resource', async () => {
    const sim = await start({layout: 'pulpcore', workers: 4, taskMs: '150'});
    const hrefs: string[] = [];
    for (let index = 0; index < 3; index++) {
      const reply = await call(`${sim.origin}/pulp/api/v3/orphans/cleanup/`, {method: 'POST', body: {}});
      expect(reply.status).to.equal(202);
      hrefs.push(reply.json().task);
    }
    await waitFor(async () => (await call(`${sim.origin}${hrefs[2]}`)).json().state === 'completed');
    const tasks = await Promise.all(hrefs.map(async (href) => (await call(`${sim.origin}${href}`)).json() as Task));
    expect(tasks.map((task) => task.reserved_resources_record[0])).to.deep.equal(Array(3).fill(tasks[0].reserved_resources_record[0]));
    expect(tasks[0].reserved_resources_record[0]).to.match(/^pdrn:[0-9a-f-]{36}:orphans$/);
    for (let index = 1; index < 3; index++) {
      expect(us(tasks[index].unblocked_at), 'unblocked after the previous holder finished').to.be.at.least(us(tasks[index - 1].finished_at));
      expect(us(tasks[index].started_at)).to.be.at.least(us(tasks[index - 1].finished_at));
    }
    // Shared-only tasks (purge) do not wait for each other.
    const purges = await Promise.all([0, 1, 2].map(() => call(`${sim.origin}/pulp/api/v3/tasks/purge/`, {method: 'POST', body: {finished_before: '2000-01-01T00:00:00Z'}})));
    const purgeHrefs = purges.map((reply) => reply.json().task as string);
    await waitFor(async () => (await Promise.all(purgeHrefs.map(async (href) => (await call(`${sim.origin}${href}`)).json().state))).every((state) => state === 'completed'));
    const done = await Promise.all(purgeHrefs.map(async (href) => (await call(`${sim.origin}${href}`)).json() as Task));
    const starts = done.map((task) => us(task.started_at));
    const finishes = done.map((task) => us(task.finished_at));
    expect(Math.max(...starts), 'purges overlap').to.be.below(Math.min(...finishes));
  });

  it('the redis worker type respects the same locks but never records unblocked_at', async () => {
    const sim = await start({layout: 'pulpcore', workers: 4, taskMs: '100', workerType: 'redis'});
    const hrefs: string[] = [];
    for (let index = 0; index < 3; index++) hrefs.push((await call(`${sim.origin}/pulp/api/v3/orphans/cleanup/`, {method: 'POST', body: {}})).json().task);
    await waitFor(async () => (await call(`${sim.origin}${hrefs[2]}`)).json().state === 'completed');
    const tasks = await Promise.all(hrefs.map(async (href) => (await call(`${sim.origin}${href}`)).json() as Task));
    expect(tasks.map((task) => task.unblocked_at)).to.deep.equal([null, null, null]);
    for (let index = 1; index < 3; index++) expect(us(tasks[index].started_at)).to.be.at.least(us(tasks[index - 1].finished_at));
  });

  it('N workers never run more than N tasks at once, and every task completes', async () => {
    const sim = await start({workers: 3, taskMs: '20-60'});
    const reply = await call(`${sim.origin}/api/pulp/test/tasks/?timeout=0.5`, {auth: null});
    const created = reply.json().tasks_executed as number;
    expect(created).to.be.greaterThan(20);
    await waitFor(async () => (await list(sim, 'state__in=waiting,running')).length === 0, 20_000);
    expect(sim.model.peakRunning).to.equal(3);
    const tasks = await list(sim, '');
    expect(tasks).to.have.length(created);
    const events = tasks.flatMap((task) => [
      {t: us(task.started_at), delta: 1},
      {t: us(task.finished_at), delta: -1},
    ]);
    events.sort((a, b) => a.t - b.t || a.delta - b.delta);
    let concurrent = 0;
    let peak = 0;
    for (const event of events) peak = Math.max(peak, (concurrent += event.delta));
    expect(peak).to.be.at.most(3);
  });

  it('the test endpoint reports exactly the tasks that appear in the list (one logging_cid per call)', async () => {
    const sim = await start({workers: 8, taskMs: '5'});
    const cid = 'a'.repeat(32);
    const replies = await Promise.all([
      call(`${sim.origin}/api/pulp/test/tasks/?timeout=0.6`, {auth: null, headers: {'correlation-id': cid}}),
      call(`${sim.origin}/api/pulp/test/tasks/?timeout=0.4`, {auth: null}),
    ]);
    const [first, second] = replies.map((reply) => reply.json().tasks_executed as number);
    expect(replies[0].headers.get('correlation-id')).to.equal(cid);
    const mine = await list(sim, `logging_cid=${cid}`);
    expect(mine).to.have.length(first);
    const everything = await list(sim, 'name=pulp_service.app.tasks.util.no_op_task');
    expect(everything).to.have.length(first + second);
    for (const task of mine) {
      expect(task.created_by).to.equal(null);
      expect(task.reserved_resources_record).to.have.length(2);
      expect(task.reserved_resources_record[0]).to.match(/^[0-9a-f-]{36}$/);
    }
    expect(new Set(mine.map((task) => task.reserved_resources_record[0])).size, 'a fresh lock per task').to.equal(first);
  });

  it('dispatch is paced: ~110 tasks/s for one caller, a shared ceiling for many', async () => {
    const sim = await start({workers: 50, taskMs: '1', dispatchRate: {perRequest: 100, ceiling: 150}});
    const one = (await call(`${sim.origin}/api/pulp/test/tasks/?timeout=1`, {auth: null})).json().tasks_executed as number;
    expect(one).to.be.within(60, 105);
    const many = await Promise.all([0, 1, 2, 3].map(() => call(`${sim.origin}/api/pulp/test/tasks/?timeout=1`, {auth: null})));
    const total = many.reduce((sum, reply) => sum + (reply.json().tasks_executed as number), 0);
    expect(total).to.be.within(100, 155); // the ceiling, not 4 × the per-request rate
  });

  it('the random-lock endpoint makes three serial chains: later tasks wait for earlier ones', async () => {
    const sim = await start({workers: 8, taskMs: '30', workerType: 'pulpcore'}); // blocked time needs unblocked_at
    const reply = await call(`${sim.origin}/api/pulp/test/random_lock_tasks/?timeout=0.3`, {auth: null});
    const count = reply.json().tasks_executed as number;
    await waitFor(async () => (await list(sim, 'state=completed')).length === count, 20_000);
    const tasks = await list(sim, '');
    const locks = new Set(tasks.map((task) => task.reserved_resources_record[0]));
    expect(locks.size).to.be.at.most(3);
    const blocked = tasks.filter((task) => us(task.unblocked_at) - us(task.pulp_created) > 10_000);
    expect(blocked.length, 'tasks with a non-zero blocked time').to.be.greaterThan(count / 2);
    for (const lock of locks) {
      const chain = tasks.filter((task) => task.reserved_resources_record[0] === lock);
      for (let index = 1; index < chain.length; index++) expect(us(chain[index].started_at)).to.be.at.least(us(chain[index - 1].finished_at));
    }
  });

  it('a running task can be canceled; a waiting one is canceled without starting', async () => {
    const sim = await start({layout: 'pulpcore', workers: 1, taskMs: '2000'});
    const first = (await call(`${sim.origin}/pulp/api/v3/orphans/cleanup/`, {method: 'POST', body: {}})).json().task;
    const second = (await call(`${sim.origin}/pulp/api/v3/orphans/cleanup/`, {method: 'POST', body: {}})).json().task;
    await waitFor(async () => (await call(`${sim.origin}${first}`)).json().state === 'running');
    const cancelWaiting = await call(`${sim.origin}${second}`, {method: 'PATCH', body: {state: 'canceled'}});
    expect(cancelWaiting.status).to.equal(200);
    expect(cancelWaiting.json().state).to.equal('canceling');
    expect((await call(`${sim.origin}${first}`, {method: 'DELETE'})).status, 'incomplete tasks cannot be deleted').to.equal(409);
    const cancelRunning = await call(`${sim.origin}${first}`, {method: 'PATCH', body: {state: 'canceled'}});
    expect(cancelRunning.json().state).to.equal('canceling');
    await waitFor(async () => (await call(`${sim.origin}${second}`)).json().state === 'canceled');
    const [running, waiting] = await Promise.all([first, second].map(async (href) => (await call(`${sim.origin}${href}`)).json() as Task));
    expect(running.state).to.equal('canceled');
    expect(running.started_at).not.to.equal(null);
    expect(waiting.started_at).to.equal(null);
    expect(waiting.finished_at).not.to.equal(null);
    const again = await call(`${sim.origin}${first}`, {method: 'PATCH', body: {state: 'canceled'}});
    expect(again.status).to.equal(200);
  });

  it('purge deletes finished tasks before the date, as the purge task does', async () => {
    const sim = await start({layout: 'pulpcore', workers: 2, taskMs: '10', history: {count: 200, hours: 1, seed: 3}});
    const before = (await call(`${sim.origin}/pulp/api/v3/tasks/?limit=1&state=completed`)).json().count as number;
    expect(before).to.be.greaterThan(100);
    const reply = await call(`${sim.origin}/pulp/api/v3/tasks/purge/`, {method: 'POST', body: {finished_before: '2999-01-01T00:00:00Z', states: ['completed', 'failed']}});
    const href = reply.json().task;
    await waitFor(async () => (await call(`${sim.origin}${href}`)).status === 404 || (await call(`${sim.origin}${href}`)).json().state === 'completed');
    const after = (await call(`${sim.origin}/pulp/api/v3/tasks/?limit=1&state__in=completed,failed`)).json().count as number;
    expect(after).to.be.at.most(1); // at most the purge task itself, finished after it ran
    expect((await call(`${sim.origin}/pulp/api/v3/tasks/?limit=1&state=canceled`)).json().count).to.be.greaterThan(0);
  });

  it('test endpoint modes: disabled → HTML 500; fixed duration ignores ?timeout=', async () => {
    const disabled = await start({testEndpointsEnabled: false});
    const reply = await call(`${disabled.origin}/api/pulp/test/tasks/?timeout=1`, {auth: null});
    expect(reply.status).to.equal(500);
    expect(reply.headers.get('content-type')).to.include('text/html');
    expect(reply.text).to.include('Server Error (500)');
    const fixed = await start({honourTimeout: false, fixedSeconds: 0.4});
    const began = Date.now();
    await call(`${fixed.origin}/api/pulp/test/tasks/?timeout=5`, {auth: null});
    expect(Date.now() - began).to.be.within(350, 2000);
  });

  it('fault injection: 5xx, dropped connections and latency on chosen routes only', async () => {
    const failing = await start({faults: {failRate: 1, resetRate: 0, latencyMs: 0, routes: ['test-tasks']}});
    expect((await call(`${failing.origin}/api/pulp/test/tasks/?timeout=0.05`, {auth: null})).status).to.equal(500);
    expect((await call(`${failing.origin}/api/pulp/api/v3/status/`, {auth: null})).status).to.equal(200);
    const resetting = await start({faults: {failRate: 0, resetRate: 1, latencyMs: 0, routes: ['status']}});
    const port = Number(new URL(resetting.origin).port);
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /api/pulp/api/v3/status/ HTTP/1.1\r\nHost: x\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(answer).to.equal('');
    const slow = await start({faults: {failRate: 0, resetRate: 0, latencyMs: 300, routes: ['all']}});
    const began = Date.now();
    expect((await call(`${slow.origin}/api/pulp/api/v3/status/`, {auth: null})).status).to.equal(200);
    expect(Date.now() - began).to.be.at.least(290);
  });
});
