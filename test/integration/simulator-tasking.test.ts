import {expect} from 'chai';
import nock from 'nock';

import {VirtualClock} from '../../src/lib/simulator/clock.js';
import {type RunningSimulator, SIMULATOR_IMMEDIATE_PATH, simulatorWorkerPath, startSimulator, type SimulatorOptions} from '../../src/lib/simulator/index.js';
import {EXECUTOR, TaskStore} from '../../src/lib/simulator/task-store.js';
import {type DispatchRequest, TaskingModel, type TaskingOptions, UNAVAILABLE_REASON, UNIQUE_LOCK, WORKER_GONE_REASON} from '../../src/lib/simulator/tasking.js';
import {call, waitFor} from '../helpers/http.js';

// The simulator's tasking model (issue 13 §3), driven on a virtual clock so that seconds and minutes of Pulp's
// behaviour run in milliseconds and exactly. Each test names the pulpcore code it follows.

const T0 = Date.parse('2026-06-01T12:00:00Z') * 1000;
const S = 1e6;
const DOMAIN = {name: 'default', uuid: '0190c2f4-1234-7abc-8def-0123456789ab', prefix: '/pulp/api/v3/'};

function setup(options: Partial<TaskingOptions> & {runs?: Record<string, number>} = {}) {
  const clock = new VirtualClock(T0);
  const store = new TaskStore([DOMAIN], {userPath: 'users/1/'});
  let seed = 12_345;
  const random = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 4_294_967_296;
  };
  const runs = options.runs ?? {};
  const model = new TaskingModel(store, {workers: 1, failureRate: 0, taskOverheadMs: 0, random, clock, runMs: (name) => runs[name] ?? 100, ...options});
  const task = (name: string, exclusive: string[] = [UNIQUE_LOCK], shared: string[] = []): DispatchRequest => ({
    name,
    exclusive,
    shared: [...shared, `prn:core.domain:${DOMAIN.uuid}`],
    loggingCid: 'c'.repeat(32),
    createdBy: true,
    domain: 0,
  });
  const at = (seconds: number) => clock.run(T0 + seconds * S);
  const view = (row: number) => ({
    state: store.stateName(row),
    created: store.created[row],
    unblocked: store.unblocked[row],
    started: store.started[row],
    finished: store.finished[row],
    error: store.errorRef[row] < 0 ? null : JSON.parse(store.errors.values[store.errorRef[row]]),
    executor: store.executor[row],
  });
  return {clock, store, model, task, at, view};
}

describe('simulator tasking model, as pulpcore runs it (virtual time)', () => {
  // worker.py `PulpcoreWorker.fetch_task`: ORDER BY immediate DESC, pulp_created + '8 s'::interval * random()
  it('the PostgreSQL worker claims in jittered order: never past a task 8 s older; immediate tasks first', () => {
    const {model, task, at, view, clock} = setup({runs: {hold: 60_000, short: 50}});
    model.dispatch(task('hold'));
    at(0.001);
    const rows: number[] = [];
    for (let index = 0; index < 200; index++) {
      clock.run(T0 + (1 + index * 0.25) * S);
      rows.push(model.dispatch(task('short')));
    }
    // a deferred immediate task, blocked by an older holder of its lock until t=55 s
    const blocker = model.dispatch(task('lockholder', ['repo-1']));
    const immediate = model.dispatchImmediate(task('update', ['repo-1']));
    expect(immediate.outcome).to.equal('deferred');
    at(3600);
    const started = rows.map((row) => view(row));
    const order = [...started].sort((a, b) => a.started - b.started);
    let inversions = 0;
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        if (order[j].created < order[i].created) {
          inversions++;
          expect(order[i].created - order[j].created, 'overtook a task created more than 8 s earlier').to.be.below(8 * S);
        }
      }
    }
    expect(inversions, 'the start order is jittered').to.be.greaterThan(50);
    // the immediate task started right after its lock was released, before the older backlog drained
    const update = view(immediate.row);
    expect(update.started).to.be.at.least(view(blocker).finished);
    expect(order.filter((task) => task.started > update.started).length, 'older tasks still waiting when it ran').to.be.greaterThan(0);
    expect(update.executor).to.equal(EXECUTOR.worker);
  });

  // redis_worker.py `RedisWorker.fetch_task`: waiting tasks ordered by pulp_created only (no jitter, no immediate first)
  it('the redis worker claims strictly oldest first and never records unblocked_at', () => {
    const {model, task, at, view, clock} = setup({workerType: 'redis', runs: {hold: 60_000, short: 50}});
    model.dispatch(task('hold'));
    at(0.001);
    const rows: number[] = [];
    for (let index = 0; index < 100; index++) {
      clock.run(T0 + (1 + index * 0.25) * S);
      rows.push(model.dispatch(task('short')));
    }
    at(3600);
    const starts = rows.map((row) => view(row).started);
    expect(starts).to.deep.equal([...starts].sort((a, b) => a - b));
    expect(rows.every((row) => Number.isNaN(view(row).unblocked))).to.equal(true);
    // an idle redis worker polls (redis_worker.py `sleep`: workers × 10 ms + 0.5–1.5 ms), so a pickup is not instant
    const lone = model.dispatch(task('short'));
    at(3601);
    expect(view(lone).started - view(lone).created).to.be.within(1, 11_500);
  });

  // tasks.py `cancel_task` (set_canceling, wakeup) + worker.py `_unblock_tasks` (a canceling task is unblocked but
  // its resources stay taken) + `handle_unblocked_tasks` → `cancel_abandoned_task(task, CANCELED)`
  it('PostgreSQL worker: a canceled waiting task is canceling and holds its locks until an idle worker finalises it', () => {
    const {model, task, at, view} = setup({runs: {busy: 30_000, sync: 1000}, taskOverheadMs: 40});
    const busy = model.dispatch(task('busy', ['other']));
    at(1);
    const waiting = model.dispatch(task('sync', ['repo-1']));
    const behind = model.dispatch(task('sync', ['repo-1']));
    at(2);
    expect(model.cancel(waiting)).to.equal('canceling');
    expect(view(waiting).state).to.equal('canceling');
    at(20);
    expect(view(waiting).state, 'no idle worker yet').to.equal('canceling');
    expect(Number.isNaN(view(behind).unblocked), 'its lock is still held').to.equal(true);
    at(60);
    const canceled = view(waiting);
    expect(canceled.state).to.equal('canceled');
    expect(Number.isNaN(canceled.started)).to.equal(true);
    expect(canceled.finished).to.be.at.least(view(busy).finished);
    expect(view(behind).unblocked).to.equal(canceled.finished);
    expect(view(behind).state).to.equal('completed');
  });

  // redis_tasks.py `cancel_task`: a task no worker holds is set canceled at once and its locks released
  it('redis worker: a canceled waiting task is canceled synchronously and frees its lock', () => {
    const {model, task, at, view} = setup({workerType: 'redis', runs: {busy: 30_000, sync: 1000}});
    model.dispatch(task('busy', ['other']));
    at(1);
    const waiting = model.dispatch(task('sync', ['repo-1']));
    const behind = model.dispatch(task('sync', ['repo-1']));
    at(2);
    expect(model.cancel(waiting)).to.equal('canceled');
    expect(view(waiting)).to.include({state: 'canceled', finished: T0 + 2 * S});
    expect(view(waiting).error).to.equal(null);
    at(60);
    expect(view(behind).state).to.equal('completed');
    expect(view(behind).started).to.be.below(T0 + 32 * S);
  });

  // worker.py `supervise_task` (pulp_worker_cancel → SIGUSR1 → cancel_abandoned_task) and redis_worker.py
  // `supervise_task` (the cancel signal is checked when the select() of a heartbeat period returns)
  it('a running task passes through canceling: at once killed by the PostgreSQL worker, at the next wakeup by redis', () => {
    for (const workerType of ['pulpcore', 'redis'] as const) {
      const {model, task, at, view} = setup({workerType, runs: {sync: 60_000}, taskOverheadMs: 40});
      const row = model.dispatch(task('sync', ['repo-1']));
      at(3);
      expect(view(row).state).to.equal('running');
      expect(model.cancel(row)).to.equal('canceling');
      at(3.005);
      expect(view(row).state, workerType).to.equal('canceling');
      at(3.02);
      expect(view(row).state, workerType).to.equal(workerType === 'redis' ? 'canceling' : 'canceled');
      at(30);
      const done = view(row);
      expect(done.state).to.equal('canceled');
      const expected = workerType === 'redis' ? done.started + 10 * S + 16_000 : T0 + 3 * S + 16_000; // next 10 s wakeup; + the worker's post-task work
      expect(done.finished, workerType).to.be.closeTo(expected, 1);
      expect(model.cancel(row), 'canceling again leaves it').to.equal('canceled');
    }
  });

  // worker.py `supervise_task` / `handle_unblocked_tasks`: claim, fork (Process.start), set_running in the child,
  // then join and release app_lock — worker time that is not the task's run time
  it('per-task worker cost: throughput is below workers ÷ run time', () => {
    const {model, task, at, view} = setup({workers: 2, runs: {job: 100}, taskOverheadMs: 40});
    const rows = Array.from({length: 200}, () => model.dispatch(task('job')));
    at(3600);
    const last = Math.max(...rows.map((row) => view(row).finished));
    const seconds = (last - T0) / S;
    expect(seconds, 'makespan').to.be.closeTo((200 / 2) * 0.14, 0.4); // not 200 / 2 × 0.1 = 10 s
    const starts = rows.map((row) => view(row).started);
    // claim + fork + set_running before started_at: 60 % of the 40 ms, each time between half and 1.5 times that
    const firstStart = Math.min(...starts) - T0;
    expect(firstStart).to.be.within(12_000, 36_000);
    const overheads = rows.map((row) => view(row).started).sort((a, b) => a - b).slice(0, 2).map((started) => started - T0);
    expect(new Set(overheads).size, 'the two workers\' first claims take different times').to.equal(2);
    expect(rows.every((row) => view(row).finished - view(row).started === 100_000)).to.equal(true);
  });

  // tasks.py `dispatch` (immediate: are_resources_available → execute inline; deferred → app_lock None; else
  // set_canceled(CANCELED, "Resources temporarily unavailable.")) and `_add_timeout_to` (IMMEDIATE_TIMEOUT = 5 s)
  it('immediate tasks: inline in the API when locks are free (5 s limit), deferred to a worker, or canceled', async () => {
    const {model, task, at, view} = setup({workers: 0, runs: {update: 200, slow: 9000, holder: 30_000}});
    const inline = model.dispatchImmediate(task('update', ['repo-1']));
    expect(inline.outcome).to.equal('ran');
    expect(view(inline.row)).to.include({state: 'running', executor: EXECUTOR.api});
    at(1);
    await inline.done;
    const ran = view(inline.row);
    expect(ran).to.include({state: 'completed', unblocked: ran.created, started: ran.created, finished: ran.created + 200_000});

    const slow = model.dispatchImmediate(task('slow', ['repo-2']));
    at(20);
    const timedOut = view(slow.row);
    expect(timedOut.state).to.equal('failed');
    expect(timedOut.finished - timedOut.started).to.equal(5 * S);
    expect(timedOut.error).to.include({error_code: 'PLP0024'});
    expect(timedOut.error.description).to.match(/^\[PLP0024\] Immediate task [0-9a-f-]{36} \(type: slow\) timed out after 5 seconds\.$/);

    model.dispatch(task('holder', ['repo-3'])); // no workers: it waits, holding repo-3
    const deferred = model.dispatchImmediate(task('update', ['repo-3']));
    const refused = model.dispatchImmediate(task('update', ['repo-3']), {deferred: false});
    expect([deferred.outcome, refused.outcome]).to.deep.equal(['deferred', 'canceled']);
    expect(view(deferred.row).state).to.equal('waiting');
    const canceled = view(refused.row);
    expect(canceled).to.include({state: 'canceled', finished: canceled.created});
    expect(Number.isNaN(canceled.started)).to.equal(true);
    expect(canceled.error).to.deep.equal({reason: UNAVAILABLE_REASON});
  });

  // worker.py `beat` / `app_worker_cleanup` (AppStatus.objects.missing(): last_heartbeat older than WORKER_TTL),
  // Task.app_lock on_delete=SET_NULL, then `handle_unblocked_tasks`: a running task without app_lock →
  // cancel_abandoned_task(FAILED, "Worker has gone missing."); redis_worker.py `cleanup_redis_locks_for_worker`
  it('heartbeats, missing workers, and the abandoned task failing with Pulp\'s reason', () => {
    for (const workerType of ['pulpcore', 'redis'] as const) {
      const {model, task, at, view} = setup({workerType, workers: 2, runs: {sync: 3_600_000, next: 100}});
      const row = model.dispatch(task('sync', ['repo-1']));
      const behind = model.dispatch(task('next', ['repo-1']));
      at(25);
      const name = model.killWorker();
      expect(name).to.match(/^\d+@pulp-worker-sim-\d$/);
      const dead = () => model.workers().find((worker) => worker.name === name);
      expect(dead()).to.include({online: true, currentTask: row});
      expect(dead()!.lastHeartbeatUs).to.equal(T0 + 20 * S); // heartbeats every WORKER_TTL / 3 = 10 s
      at(51);
      expect(dead()).to.include({online: false, missing: true});
      expect(model.workers().filter((worker) => worker.online)).to.have.length(1);
      expect(view(row).state, 'still running until the cleanup').to.equal('running');
      at(4000); // the cleanup runs every WORKER_CLEANUP_INTERVAL (100) heartbeats, first after 10–100
      expect(dead(), 'record deleted').to.equal(undefined);
      const failed = view(row);
      expect(failed.state, workerType).to.equal('failed');
      expect(failed.error).to.deep.equal({reason: WORKER_GONE_REASON});
      expect(failed.finished).to.be.within(T0 + 50 * S, T0 + 1040 * S);
      expect(view(behind).started, 'the lock was held until then').to.be.at.least(failed.finished);
      expect(view(behind).state).to.equal('completed');
    }
  });

  // viewsets.py (pulp-service) `TaskIngestionDispatcherView.get`: exclusive_resources=[str(uuid4())] per task
  it('locks nobody holds any more are forgotten (a fresh uuid4 per test task does not pile up)', () => {
    const {model, task, at} = setup({workers: 4, runs: {job: 10}});
    for (let index = 0; index < 2000; index++) model.dispatch(task('job', [crypto.randomUUID()]));
    expect(model.locks.tracked).to.be.greaterThan(1000);
    at(60);
    expect(model.incomplete).to.equal(0);
    expect(model.locks.tracked, 'only the domain lock').to.equal(1);
  });

  it('a killed worker can be replaced by a new process', () => {
    const {model, task, at} = setup({workers: 1, runs: {job: 1000}});
    model.dispatch(task('job'));
    at(0.5);
    model.killWorker(undefined, 5000);
    at(10);
    const workers = model.workers();
    expect(workers.map((worker) => worker.online)).to.deep.equal([true, true]);
    const later = model.dispatch(task('job'));
    at(20);
    expect(model.store.stateName(later)).to.equal('completed');
  });

  // The same model on the wall clock behind the HTTP API: worker.py `app_worker_cleanup` + `cancel_abandoned_task`
  it('live simulator: --kill-worker-after fails the running task with Pulp\'s reason once the worker is cleaned up', async function () {
    this.timeout(30_000);
    nock.enableNetConnect();
    const sim = await startSimulator({port: 0, layout: 'pulpcore', workers: 2, taskMs: '60000', workerTtlMs: 300, workerCleanupBeats: 10, killWorkerAfterSeconds: 0.3});
    try {
      const href = (await call(`${sim.origin}/pulp/api/v3/orphans/cleanup/`, {method: 'POST', body: {}})).json().task as string;
      await waitFor(async () => (await call(`${sim.origin}${href}`)).json().state === 'failed', 15_000);
      const task = (await call(`${sim.origin}${href}`)).json();
      expect(task.error).to.deep.equal({reason: WORKER_GONE_REASON});
      expect(task.started_at).not.to.equal(null);
      expect(sim.model.workers().map((worker) => worker.online)).to.deep.equal([true]);
    } finally {
      await sim.stop();
    }
  });
});

/** The model's operations behind the HTTP routes (issue 13 §3, wired): each test names the pulpcore code it follows. */
describe('simulator routes over the tasking model (HTTP)', function () {
  this.timeout(30_000);
  const running: RunningSimulator[] = [];
  const start = async (options: SimulatorOptions) => {
    const sim = await startSimulator({port: 0, layout: 'pulpcore', ...options});
    running.push(sim);
    return sim;
  };
  before(() => nock.enableNetConnect());
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.stop()));
  });
  const orphanCleanup = async (sim: RunningSimulator) => (await call(`${sim.origin}/pulp/api/v3/orphans/cleanup/`, {method: 'POST', body: {}})).json().task as string;
  const cancel = (sim: RunningSimulator, href: string) => call(`${sim.origin}${href}`, {method: 'PATCH', body: {state: 'canceled'}});
  const task = async (sim: RunningSimulator, href: string) => (await call(`${sim.origin}${href}`)).json();

  // pulpcore/app/viewsets/task.py `TaskViewSet.partial_update` (200 when the task is canceling or canceled, else
  // 409) over tasks.py `cancel_task` (PostgreSQL worker: set_canceling; an idle worker finalises it) and
  // redis_tasks.py `cancel_task` (a waiting task no worker holds is canceled in the API at once)
  it('PATCH tasks/{id}/: a waiting task goes canceling (PostgreSQL worker) or canceled (redis); a completed one is a 409', async () => {
    await Promise.all(
      (['pulpcore', 'redis'] as const).map(async (workerType) => {
        const sim = await start({workerType, workers: 1, taskMs: '1000'});
        const first = await orphanCleanup(sim);
        const second = await orphanCleanup(sim); // blocked behind the first (the same exclusive lock)
        await waitFor(async () => (await task(sim, first)).state === 'running');
        const reply = await cancel(sim, second);
        expect(reply.status, workerType).to.equal(200);
        expect(reply.json().state, workerType).to.equal(workerType === 'redis' ? 'canceled' : 'canceling');
        await waitFor(async () => (await task(sim, first)).state === 'completed');
        const late = await cancel(sim, first);
        expect([late.status, late.json().state], workerType).to.deep.equal([409, 'completed']);
        await waitFor(async () => (await task(sim, second)).state === 'canceled');
        const canceled = await task(sim, second);
        expect(canceled.started_at, workerType).to.equal(null);
        expect(canceled.error, workerType).to.equal(null);
        // canceling it again is not a conflict: the task is canceled (cancel_task returns it as it is)
        expect((await cancel(sim, second)).status, workerType).to.equal(200);
      }),
    );
  });

  // pulpcore/app/models/status.py `AppStatus.current_task` and `AppStatusManager.online/missing`,
  // viewsets/task.py `WorkerFilter.filter_online/filter_missing`, views/status.py (online_workers), worker.py
  // `app_worker_cleanup` + `handle_unblocked_tasks` → cancel_abandoned_task(FAILED, "Worker has gone missing.")
  it('a worker killed through the simulator route goes missing; its task fails "Worker has gone missing." after cleanup', async () => {
    const sim = await start({workers: 2, taskMs: '60000', workerTtlMs: 300, workerCleanupBeats: 10});
    const workers = `${sim.origin}/pulp/api/v3/workers/`;
    const href = await orphanCleanup(sim);
    await waitFor(async () => (await call(workers)).json().results.some((worker: {current_task: string | null}) => worker.current_task === href));
    const busy = (await call(workers)).json().results.find((worker: {current_task: string | null}) => worker.current_task === href);
    const index = sim.model.workers().find((worker) => worker.name === busy.name)!.index;
    const kill = (body: unknown, at = index) => call(`${sim.origin}${simulatorWorkerPath(at)}`, {method: 'PATCH', body, auth: null});
    expect((await kill({state: 'dead'})).status).to.equal(400);
    expect((await kill({state: 'killed'}, 99)).status).to.equal(404);
    expect((await kill({state: 'killed'})).json()).to.deep.equal({index, name: busy.name, state: 'killed'});
    expect((await kill({state: 'killed'})).status, 'already dead').to.equal(409);
    // missing once WORKER_TTL has passed since its last heartbeat; it still holds its running task
    await waitFor(async () => (await call(`${workers}?missing=true`)).json().count === 1);
    const missing = (await call(`${workers}?missing=true`)).json().results[0];
    expect(missing).to.include({name: busy.name, current_task: href});
    expect((await call(`${workers}?online=false`)).json().results.map((worker: {name: string}) => worker.name)).to.deep.equal([busy.name]);
    expect((await call(`${workers}?online=true`)).json().count).to.equal(1);
    const status = (await call(`${sim.origin}/pulp/api/v3/status/`, {auth: null})).json();
    expect(status.online_workers.map((worker: {name: string}) => worker.name)).not.to.include(busy.name);
    expect(status.online_workers).to.have.length(1);
    expect(Date.parse(missing.last_heartbeat)).to.be.below(Date.parse(status.online_workers[0].last_heartbeat));
    // a live worker's cleanup deletes the record; the next fetch fails the abandoned task
    await waitFor(async () => (await task(sim, href)).state === 'failed', 15_000);
    expect((await task(sim, href)).error).to.deep.equal({reason: WORKER_GONE_REASON});
    expect((await call(`${sim.origin}${busy.pulp_href}`)).status, 'the record is deleted').to.equal(404);
    expect((await call(`${workers}?missing=true`)).json().count).to.equal(0);
  });

  // pulpcore/app/viewsets/base.py `AsyncUpdateMixin.update` (dispatch ageneral_update with immediate=True, answered
  // with OperationPostponedResponse) over tasks.py `dispatch`: inline when are_resources_available, else deferred
  // (app_lock None) or set_canceled(CANCELED, "Resources temporarily unavailable.")
  it('immediate tasks through the simulator route: ran inline, deferred to a worker, or canceled', async () => {
    const sim = await start({workers: 1, taskMs: '800'});
    const immediate = (body: unknown, auth?: null) => call(`${sim.origin}${SIMULATOR_IMMEDIATE_PATH}`, {method: 'POST', body, auth});
    const before = performance.now();
    const ran = await immediate({exclusive: ['prn:file.filerepository:0190c2f4-0000-7abc-8def-000000000001']});
    expect(ran.status).to.equal(202);
    expect(performance.now() - before, 'answered after the inline run').to.be.within(750, 3000);
    const ranTask = await task(sim, ran.json().task);
    expect(ranTask).to.include({name: 'pulpcore.app.tasks.base.ageneral_update', state: 'completed'});
    expect(Date.parse(ranTask.started_at) - Date.parse(ranTask.unblocked_at), 'started as it was unblocked').to.be.within(0, 1);
    expect(ranTask.reserved_resources_record).to.deep.equal(['prn:file.filerepository:0190c2f4-0000-7abc-8def-000000000001', `shared:prn:core.domain:${sim.model.store.domains[0].uuid}`]);

    const holder = sim.model.dispatch({name: 'pulp_file.app.tasks.synchronizing.synchronize', exclusive: ['repo-b'], shared: [], loggingCid: 'c'.repeat(32), createdBy: true, domain: 0});
    const quick = performance.now();
    const deferred = await immediate({exclusive: ['repo-b']});
    const refused = await immediate({exclusive: ['repo-b'], deferred: false});
    expect(performance.now() - quick, 'neither waits for a run').to.be.below(500);
    expect([deferred.status, refused.status]).to.deep.equal([202, 202]);
    const canceled = await task(sim, refused.json().task);
    expect(canceled).to.include({state: 'canceled', started_at: null});
    expect(canceled.error).to.deep.equal({reason: UNAVAILABLE_REASON});
    expect((await task(sim, deferred.json().task)).state).to.equal('waiting');
    await waitFor(async () => (await task(sim, deferred.json().task)).state === 'completed');
    expect(Date.parse((await task(sim, deferred.json().task)).started_at)).to.be.at.least(sim.model.store.finished[holder] / 1000 - 1);

    expect((await immediate({exclusive: 'repo-b'})).json()).to.have.property('exclusive');
    expect((await immediate({exclusive: [], bogus: 1})).json()).to.deep.equal({bogus: ['Unexpected field']});
    expect((await immediate({}, null)).status, 'an API call: credentials required').to.equal(401);
  });

  // pulp_service/app/viewsets.py `TaskIngestionDispatcherView.get`: exclusive_resources=[str(uuid4())] per task
  it('test-endpoint tasks each hold a uuid4 lock of their own, forgotten once they finish', async () => {
    const sim = await start({layout: 'pulp-service', honourTimeout: true, workers: 4, taskMs: '5'});
    const executed = (await call(`${sim.origin}/api/pulp/test/tasks/?timeout=0.4`, {auth: null})).json().tasks_executed as number;
    expect(executed).to.be.greaterThan(10);
    await waitFor(() => sim.model.incomplete === 0);
    const tasks = (await call(`${sim.origin}/api/pulp/default/api/v3/tasks/?limit=1000&fields=reserved_resources_record`)).json().results as Array<{reserved_resources_record: string[]}>;
    expect(tasks).to.have.length(executed);
    const own = tasks.map((entry) => entry.reserved_resources_record[0]);
    expect(own.every((name) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(name))).to.equal(true);
    expect(new Set(own).size).to.equal(executed);
    expect(tasks.every((entry) => entry.reserved_resources_record[1] === `shared:prn:core.domain:${sim.model.store.domains[0].uuid}`)).to.equal(true);
    // one interned record for all of them (a string per task would stay in memory for good), no lock remembered
    expect(sim.model.store.resourceSets.values.length).to.equal(1);
    expect(sim.model.locks.tracked).to.equal(0);
  });

  // pulpcore/app/models/task.py `Task.set_failed`: error = exception_to_dict(exc, traceback as a string)
  it('a failed task carries its description and a string traceback', async () => {
    const sim = await start({workers: 1, taskMs: '5', failureRate: 1});
    const href = await orphanCleanup(sim);
    await waitFor(async () => (await task(sim, href)).state === 'failed');
    const {error} = await task(sim, href);
    expect(error.description).to.be.a('string');
    expect(error.traceback).to.be.a('string').and.match(/File ".+", line \d+, in /);
  });
});
