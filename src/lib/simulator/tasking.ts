/**
 * The tasking model, as pulpcore 3.116 runs it, on a clock that is either real (the live simulator) or virtual
 * (history, tests): the same code produces both.
 *
 * - Dispatch (tasks.py `dispatch`) appends a waiting task holding its locks; it is unblocked as soon as no older
 *   incomplete task holds a conflicting lock (locks.ts; worker.py `_unblock_tasks`).
 * - Workers claim unblocked tasks: the PostgreSQL worker (worker.py `fetch_task`) orders by `immediate DESC,
 *   pulp_created + 8 s × random()` (random() drawn afresh at every claim); the redis worker (redis_worker.py
 *   `fetch_task`) takes the oldest, and an idle redis worker polls every (workers × 10 ms + 0.5–1.5 ms)
 *   (redis_worker.py `sleep`) instead of being woken by a notification.
 * - Each task costs its worker time besides its run: the claim, forking the task process and `set_running` before
 *   `started_at`; joining it and releasing `app_lock` after `finished_at` (worker.py `supervise_task`).
 * - Immediate tasks run inline in the API process when their locks are free, with a 5 s limit (tasks.py
 *   `dispatch`, `_add_timeout_to`); else deferred to a worker, or canceled "Resources temporarily unavailable.".
 * - Cancel (tasks.py / redis_tasks.py `cancel_task`), heartbeats, missing workers and abandoned tasks: see
 *   worker-fleet.ts.
 *
 * One state machine over shared private state (locks, ready sets, app_lock, workers): kept in one file on purpose.
 */
import {type Clock, RealClock} from './clock.js';
import {type LockSet, ResourceLocks} from './locks.js';
import {cryptoWords} from './random.js';
import {RowSet} from './row-set.js';
import {EXECUTOR, FINAL_STATES, STATE_CODE, type TaskState, type TaskStore, UNIQUE_LOCK} from './task-store.js';
import {DEFAULT_TASK_OVERHEAD_MS, DEFAULT_WORKER_TTL_SECONDS, type DispatchRequest, type ImmediateOutcome, TRACEBACK, type TaskingOptions, UNAVAILABLE_REASON, WORKER_GONE_REASON} from './tasking-options.js';
import {type SimWorker, WorkerFleet, type WorkerInfo} from './worker-fleet.js';

export {UNIQUE_LOCK} from './task-store.js';
export * from './tasking-options.js';
export type {WorkerInfo} from './worker-fleet.js';

/** What a worker's next event does. */
const PHASE = {free: 0, start: 1, runEnds: 2, finalizeCanceled: 3, finalizeGone: 4} as const;
type Phase = (typeof PHASE)[keyof typeof PHASE];

const WAITING = STATE_CODE.waiting;
const RUNNING = STATE_CODE.running;
const CANCELING = STATE_CODE.canceling;
const API = -2;
export class TaskingModel {
  readonly clock: Clock;
  readonly redis: boolean;
  private readonly random: () => number;
  readonly locks: ResourceLocks;
  /** Unblocked incomplete tasks no worker holds (what `fetch_task` may claim), and the immediate ones among them. */
  private readonly ready = new RowSet();
  private readonly readyImmediate = new RowSet();
  private readonly unblockedRows = new RowSet();
  private readonly immediate = new Set<number>();
  /** app_lock of incomplete tasks: a worker index, or API. */
  readonly appLock = new Map<number, number>();
  private readonly effects = new Map<number, () => void>();
  private readonly fleet: WorkerFleet;
  private pickupPending = false;
  private pickupWanted = false;
  private pickingUp = false;
  /** Inside a release's re-check of waiting tasks (the wakeup comes after it). */
  private releasing = 0;
  private readonly preUs: number;
  private readonly postUs: number;
  private readonly jitterUs: number;
  private readonly timeoutUs: number;
  /** Tasks in state running, and the most ever running on workers at once. */
  running = 0;
  private runningOnWorkers = 0;
  peakRunning = 0;
  /** Incomplete tasks. */
  incomplete = 0;

  constructor(
    readonly store: TaskStore,
    private readonly options: TaskingOptions,
  ) {
    this.clock = options.clock ?? new RealClock();
    this.redis = options.workerType === 'redis';
    this.random = options.random ?? Math.random;
    const overheadUs = (options.taskOverheadMs ?? DEFAULT_TASK_OVERHEAD_MS) * 1000;
    this.preUs = overheadUs * 0.6;
    this.postUs = overheadUs * 0.4;
    this.jitterUs = (options.claimJitterMs ?? 8000) * 1000;
    this.timeoutUs = (options.immediateTimeoutMs ?? 5000) * 1000;
    this.locks = new ResourceLocks((row) => this.holding(row));
    this.fleet = new WorkerFleet(this.clock, {
      workers: options.workers,
      ttlUs: (options.workerTtlMs ?? DEFAULT_WORKER_TTL_SECONDS * 1000) * 1000,
      cleanupBeats: options.workerCleanupBeats ?? 100,
      random: this.random,
      onIdle: () => this.requestPickup(),
      onMissing: (worker) => this.abandon(worker),
    });
  }

  get workerCount(): number {
    return this.options.workers;
  }

  get workerType(): 'pulpcore' | 'redis' {
    return this.redis ? 'redis' : 'pulpcore';
  }

  /** The worker records as the status and workers endpoints show them (missing ones until cleaned up). */
  workers(): WorkerInfo[] {
    return this.fleet.info();
  }

  /** Kills a worker process (the busiest first when no index is given); a new one starts after `restartAfterMs`. */
  killWorker(index?: number, restartAfterMs?: number): string | undefined {
    const worker = this.fleet.kill(index);
    if (worker && restartAfterMs !== undefined) this.clock.at(this.clock.now() + restartAfterMs * 1000, () => this.fleet.add());
    return worker?.name;
  }

  private lockSet(row: number): LockSet {
    return this.locks.lockSet(this.store.resourceRef[row], this.store.resourceSets.values[this.store.resourceRef[row]], UNIQUE_LOCK);
  }

  private append(request: DispatchRequest): number {
    const words = request.idWords ?? (Array.from(cryptoWords(3)) as [number, number, number]);
    const {exclusive, shared} = request;
    // tasks.py `get_resources`: exclusive names, then `shared:` names not also taken exclusively
    const resources = request.record ?? (
      exclusive.length <= 1 && shared.length === 1 && exclusive[0] !== shared[0]
        ? [...exclusive, `shared:${shared[0]}`]
        : [...new Set(exclusive), ...[...new Set(shared)].filter((name) => !exclusive.includes(name)).map((name) => `shared:${name}`)]);
    const row = this.store.append({
      createdUs: request.createdUs ?? this.clock.now(),
      name: request.name,
      loggingCid: request.loggingCid,
      resources,
      createdBy: request.createdBy,
      domain: request.domain,
      idWords: words,
    });
    this.locks.add(row, this.lockSet(row));
    this.incomplete++;
    return row;
  }

  /** Dispatches a task for the workers (tasks.py `dispatch` with immediate=False). */
  dispatch(request: DispatchRequest, effect?: () => void): number {
    const row = this.append(request);
    if (effect) this.effects.set(row, effect);
    if (!this.locks.blocked(row, this.lockSet(row))) this.unblock(row);
    return row;
  }

  /**
   * Dispatches an immediate task (tasks.py `dispatch` with immediate=True): run inline by the API when no older
   * incomplete task holds a colliding lock, with the 5 s limit; else left to a worker when `deferred`, else
   * canceled with "Resources temporarily unavailable.".
   */
  dispatchImmediate(request: DispatchRequest, options: {deferred?: boolean} = {}, effect?: () => void): ImmediateOutcome {
    const row = this.append(request);
    this.immediate.add(row);
    if (effect) this.effects.set(row, effect);
    const {store} = this;
    if (!this.locks.blocked(row, this.lockSet(row))) {
      this.appLock.set(row, API);
      this.unblock(row);
      store.state[row] = RUNNING;
      store.started[row] = this.clock.now();
      store.executor[row] = EXECUTOR.api;
      this.running++;
      const done = new Promise<void>((resolve) => {
        const runUs = Math.max(0, this.options.runMs(store.name(row))) * 1000;
        this.clock.at(this.clock.now() + Math.min(runUs, this.timeoutUs), () => {
          if (store.state[row] === RUNNING) this.complete(row, runUs > this.timeoutUs);
          else this.finalize(row, STATE_CODE.canceled, undefined);
          resolve();
        });
      });
      return {row, outcome: 'ran', done};
    }
    if (options.deferred ?? true) return {row, outcome: 'deferred', done: Promise.resolve()};
    store.state[row] = STATE_CODE.canceled;
    store.finished[row] = this.clock.now();
    store.setError(row, {reason: UNAVAILABLE_REASON});
    this.release(row);
    return {row, outcome: 'canceled', done: Promise.resolve()};
  }

  private unblock(row: number): void {
    if (this.unblockedRows.has(row)) return;
    this.unblockedRows.add(row);
    if (!this.redis) this.store.unblocked[row] = this.clock.now();
    if (!this.appLock.has(row)) this.makeReady(row);
  }

  private makeReady(row: number): void {
    this.ready.add(row);
    if (this.immediate.has(row)) this.readyImmediate.add(row);
    this.requestPickup();
  }

  /**
   * PostgreSQL: idle workers are woken by the notification at once (after the unblocking that sent it is done);
   * redis: the next poll of an idle worker.
   */
  private requestPickup(): void {
    if (this.pickupPending || this.ready.size === 0 || this.fleet.idleCount === 0) return;
    if (!this.redis) {
      if (this.releasing > 0 || this.pickingUp) this.pickupWanted = true;
      else this.pickup();
      return;
    }
    this.pickupPending = true;
    const delay = (this.random() * (this.fleet.aliveCount * 10_000 + 500 + this.random() * 1000)) / this.fleet.idleCount;
    this.clock.at(this.clock.now() + delay, this.pickup);
  }

  private readonly pickup = (): void => {
    this.pickupPending = false;
    if (this.redis) {
      const worker = this.fleet.takeIdle();
      if (worker) this.claimNext(worker);
      this.requestPickup();
      return;
    }
    this.pickingUp = true;
    do {
      this.pickupWanted = false;
      for (let worker = this.fleet.takeIdle(); worker; worker = this.fleet.takeIdle()) {
        if (!this.claimNext(worker)) break;
      }
    } while (this.pickupWanted && this.ready.size > 0 && this.fleet.idleCount > 0);
    this.pickupWanted = false;
    this.pickingUp = false;
  };

  /** Schedules the worker's next step (one closure per worker, not per event). */
  private next(worker: SimWorker, phase: Phase, atUs: number): void {
    worker.phase = phase;
    worker.step ??= () => this.step(worker);
    worker.timer = this.clock.at(atUs, worker.step);
  }

  private step(worker: SimWorker): void {
    worker.timer = undefined;
    const {row} = worker;
    switch (worker.phase) {
      case PHASE.start:
        this.start(worker, row);
        break;
      case PHASE.runEnds:
        this.runEnds(worker, row);
        break;
      case PHASE.finalizeCanceled:
        this.finalize(row, STATE_CODE.canceled, undefined, worker);
        break;
      case PHASE.finalizeGone:
        this.finalize(row, STATE_CODE.failed, WORKER_GONE_REASON, worker);
        break;
      default:
        this.claimNext(worker);
    }
  }

  /** The task `fetch_task` returns, or -1. */
  private choose(): number {
    if (this.redis) return this.ready.next(0);
    const set = this.readyImmediate.size > 0 ? this.readyImmediate : this.ready;
    const {created} = this.store;
    let best = -1;
    let bestKey = Number.POSITIVE_INFINITY;
    for (let row = set.next(0); row >= 0 && created[row] < bestKey; row = set.next(row + 1)) {
      const key = created[row] + this.jitterUs * this.random();
      if (key < bestKey) {
        bestKey = key;
        best = row;
      }
    }
    return best;
  }

  /** A free worker claims a task (or goes back to idle); returns whether it claimed one. */
  private claimNext(worker: SimWorker): boolean {
    const row = this.choose();
    if (row < 0) {
      this.fleet.setIdle(worker);
      return false;
    }
    this.ready.delete(row);
    this.readyImmediate.delete(row);
    this.appLock.set(row, worker.index);
    worker.row = row;
    const {store} = this;
    const state = store.state[row];
    const from = Math.max(this.clock.now(), worker.busyUntilUs);
    if (state === WAITING) {
      this.next(worker, PHASE.start, from + this.jittered(this.immediate.has(row) ? this.preUs / 6 : this.preUs));
    } else {
      // worker.py `handle_unblocked_tasks`: a canceling task nobody ran is finalised as canceled, a running one
      // without its worker as failed (`cancel_abandoned_task`).
      this.next(worker, state === RUNNING ? PHASE.finalizeGone : PHASE.finalizeCanceled, from + this.postUs);
    }
    return true;
  }

  private start(worker: SimWorker, row: number): void {
    const {store} = this;
    if (store.state[row] === CANCELING) {
      // canceled between the claim and set_running: the child fails to start it, the worker finalises
      this.next(worker, PHASE.finalizeCanceled, this.clock.now() + this.postUs);
      return;
    }
    store.state[row] = RUNNING;
    store.started[row] = this.clock.now();
    store.executor[row] = EXECUTOR.worker;
    this.running++;
    this.runningOnWorkers++;
    if (this.runningOnWorkers > this.peakRunning) this.peakRunning = this.runningOnWorkers;
    const runUs = Math.max(0, this.options.runMs(store.name(row))) * 1000;
    worker.timedOut = this.immediate.has(row) && runUs > this.timeoutUs;
    worker.runEndsUs = this.clock.now() + (worker.timedOut ? this.timeoutUs : runUs);
    this.next(worker, PHASE.runEnds, worker.runEndsUs);
  }

  /**
   * A worker's cost for one task varies (the claim query, the fork, the database writes): uniform between half and
   * one and a half times the configured mean, so waits do not all land on one value.
   */
  private jittered(us: number): number {
    return us * (0.5 + this.random());
  }

  private runEnds(worker: SimWorker, row: number): void {
    const immediate = this.immediate.has(row);
    if (this.store.state[row] === RUNNING) this.complete(row, worker.timedOut);
    else this.finalize(row, STATE_CODE.canceled, undefined); // redis: a cancel noticed when the process ended
    this.afterTask(worker, this.jittered(immediate ? this.postUs / 4 : this.postUs));
  }

  /** The task function returned (or raised, or the immediate timeout struck). */
  private complete(row: number, timedOut: boolean): void {
    const {store} = this;
    this.stopRunning(row);
    store.finished[row] = this.clock.now();
    if (timedOut) {
      store.state[row] = STATE_CODE.failed;
      const seconds = this.timeoutUs / 1e6;
      store.setError(row, {description: `[PLP0024] Immediate task ${store.id(row)} (type: ${store.name(row)}) timed out after ${seconds} seconds.`, traceback: TRACEBACK, error_code: 'PLP0024'});
    } else if (this.options.fails ? this.options.fails(store.name(row)) : this.random() < this.options.failureRate) {
      store.state[row] = STATE_CODE.failed;
      store.setError(row, {description: 'Simulated task failure.', traceback: TRACEBACK});
    } else {
      store.state[row] = STATE_CODE.completed;
      this.effects.get(row)?.();
    }
    this.release(row);
  }

  /** The task leaves the running state (counts only). */
  private stopRunning(row: number): void {
    const {store} = this;
    if (Number.isNaN(store.started[row]) || !Number.isNaN(store.finished[row])) return;
    this.running--;
    if (store.executor[row] === EXECUTOR.worker) this.runningOnWorkers--;
  }

  private holding(row: number): boolean {
    const code = this.store.state[row];
    return code === WAITING || code === RUNNING || code === CANCELING;
  }

  /** Ends an incomplete task as canceled or failed (`set_canceled`), then frees the worker that did it. */
  private finalize(row: number, state: number, reason: string | undefined, worker?: SimWorker): void {
    const {store} = this;
    if (this.holding(row)) {
      this.stopRunning(row);
      store.state[row] = state;
      store.finished[row] = Math.max(this.clock.now(), Number.isNaN(store.started[row]) ? store.created[row] : store.started[row]);
      if (reason) store.setError(row, {reason});
      this.release(row);
    }
    if (worker) this.afterTask(worker, 0);
  }

  private afterTask(worker: SimWorker, postUs: number): void {
    worker.row = -1;
    worker.timer = undefined;
    if (!worker.alive) return;
    worker.busyUntilUs = this.clock.now() + postUs;
    // Nothing to claim: idle now, its post-task work delays its next claim (saves an event per task).
    if (postUs > 0 && this.ready.size > 0) this.next(worker, PHASE.free, worker.busyUntilUs);
    else this.claimNext(worker);
  }

  /** The task stopped holding its locks: tasks waiting for them may be unblocked. */
  private release(row: number): void {
    this.incomplete--;
    this.appLock.delete(row);
    this.immediate.delete(row);
    this.unblockedRows.delete(row);
    this.ready.delete(row);
    this.readyImmediate.delete(row);
    this.effects.delete(row);
    this.releasing++;
    this.locks.candidatesAfterRelease(row, this.lockSet(row), this.recheck);
    this.releasing--;
    if (this.releasing === 0 && this.pickupWanted) this.requestPickup();
  }

  private readonly recheck = (candidate: number): void => {
    if (this.store.state[candidate] === WAITING && !this.unblockedRows.has(candidate) && !this.locks.blocked(candidate, this.lockSet(candidate))) this.unblock(candidate);
  };

  /**
   * Cancels a task as `PATCH {"state": "canceled"}` does (tasks.py / redis_tasks.py `cancel_task`). Returns the
   * state it is left in ('canceling' or 'canceled'), or the final state that prevents it.
   */
  cancel(row: number): TaskState {
    const {store} = this;
    const state = store.stateName(row);
    if (state === 'canceling' || (FINAL_STATES as readonly string[]).includes(state)) return state;
    const owner = this.appLock.get(row);
    const worker = owner !== undefined && owner >= 0 ? this.fleet.get(owner) : undefined;
    if (this.redis && state === 'waiting' && owner === undefined) {
      // redis_tasks.py `cancel_task`: nobody holds it, so it is canceled at once and its locks released
      store.state[row] = STATE_CODE.canceled;
      store.finished[row] = this.clock.now();
      this.release(row);
      return 'canceled';
    }
    store.state[row] = CANCELING;
    if (owner === undefined) {
      // worker.py `_unblock_tasks` marks a canceling task unblocked; an idle worker finalises it (still holding locks)
      if (!this.unblockedRows.has(row)) this.unblock(row);
      else this.requestPickup();
    } else if (state === 'running' && worker?.alive && worker.row === row && worker.runEndsUs !== undefined) {
      // The worker kills the task process: the PostgreSQL worker on the pulp_worker_cancel notification; the redis
      // worker when its supervise loop next wakes (every heartbeat period) or the process ends.
      const now = this.clock.now();
      let noticedUs = now;
      if (this.redis) {
        const period = this.fleet.heartbeatUs;
        noticedUs = store.started[row] + Math.ceil((now - store.started[row]) / period + 1e-9) * period;
      }
      if (noticedUs < worker.runEndsUs) {
        if (worker.timer) this.clock.cancel(worker.timer);
        this.next(worker, PHASE.finalizeCanceled, noticedUs + this.postUs);
      }
    }
    // an immediate task running inline in the API, or a task of a dead worker: finalised when that ends / is cleaned up
    return 'canceling';
  }

  /** Cleanup of a missing worker (worker.py `app_worker_cleanup`, redis_worker.py `cleanup_redis_locks_for_worker`). */
  private abandon(worker: SimWorker): void {
    const row = worker.row;
    worker.row = -1;
    if (row < 0 || this.appLock.get(row) !== worker.index) return;
    const {store} = this;
    this.appLock.delete(row);
    const state = store.state[row];
    if (state === WAITING) {
      this.makeReady(row); // claimed but never started: claimable again
    } else if (this.redis) {
      this.finalize(row, STATE_CODE.failed, WORKER_GONE_REASON);
    } else {
      this.makeReady(row); // app_lock set to NULL: the next worker to fetch it fails it (or cancels a canceling one)
    }
  }

  /** Deletes finished tasks of `states` finished before `beforeUs` in a domain (what the purge task does). */
  purge(beforeUs: number, states: readonly TaskState[], domain: number): number {
    const {store} = this;
    const codes = new Set(states.map((state) => STATE_CODE[state]));
    let deleted = 0;
    for (let row = 0; row < store.size; row++) {
      if (store.domainRef[row] === domain && codes.has(store.state[row]) && store.finished[row] < beforeUs) {
        store.markDeleted(row);
        deleted++;
      }
    }
    return deleted;
  }

  /** Stops all timers (the simulator is shutting down). */
  stop(): void {
    this.clock.stop();
  }
}
