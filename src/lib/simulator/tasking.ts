/**
 * The tasking model, in real time: dispatch creates a waiting task; an unblocking pass (as pulpcore's
 * PostgreSQL worker does) walks incomplete tasks in creation order and sets `unblocked_at` on those whose
 * locks are free, honouring per-resource FIFO; N workers pick unblocked tasks oldest first and run them for a
 * drawn duration; cancel and purge behave as Pulp's do.
 */
import {cryptoWords} from './random.js';
import {FINAL_STATES, STATE_CODE, type TaskState, type TaskStore} from './task-store.js';
import {nowUs} from './timestamps.js';

export interface TaskingOptions {
  workers: number;
  /** Draws a run duration in ms for a task name. */
  runMs: (name: string) => number;
  /** Probability that a task fails. */
  failureRate: number;
  /**
   * 'pulpcore' (PostgreSQL workers) records `unblocked_at`; 'redis' (pulp-service's default) respects the same
   * locks but never sets it.
   */
  workerType?: 'pulpcore' | 'redis';
}

export interface DispatchRequest {
  name: string;
  exclusive: string[];
  shared: string[];
  loggingCid: string;
  createdBy: boolean;
  domain: number;
}

const SHARED = 'shared:';
/** Minimum time between two unblocking passes. */
const PASS_INTERVAL_MS = 10;

export class TaskingModel {
  /** Incomplete rows, in creation order (a Set iterates in insertion order). */
  private readonly incomplete = new Set<number>();
  private readonly runningTimers = new Map<number, NodeJS.Timeout>();
  /** Work a task does when it completes (purge deletes rows). */
  private readonly effects = new Map<number, () => void>();
  private passScheduled = false;
  private lastPassMs = Number.NEGATIVE_INFINITY;
  private stopped = false;
  /** Rows found free of conflicts (what `unblocked_at` records, kept here for the redis worker type). */
  private readonly released = new Set<number>();
  /** Most tasks ever running at once (for model tests). */
  peakRunning = 0;

  constructor(
    readonly store: TaskStore,
    private readonly options: TaskingOptions,
  ) {}

  get running(): number {
    return this.runningTimers.size;
  }

  get workerCount(): number {
    return this.options.workers;
  }

  dispatch(request: DispatchRequest, effect?: () => void): number {
    const words = cryptoWords(3);
    const resources = [...new Set(request.exclusive), ...[...new Set(request.shared)].map((name) => SHARED + name)];
    const row = this.store.append({
      createdUs: nowUs(),
      name: request.name,
      loggingCid: request.loggingCid,
      resources,
      createdBy: request.createdBy,
      domain: request.domain,
      idWords: [words[0], words[1], words[2]],
    });
    this.incomplete.add(row);
    if (effect) this.effects.set(row, effect);
    this.schedulePass();
    return row;
  }

  /**
   * Coalesces bursts of events into one unblocking pass and pickup, at most one per PASS_INTERVAL_MS: a pass walks
   * every incomplete task, and a backlog of tens of thousands under heavy dispatch would otherwise eat the CPU
   * that the HTTP front needs (pulpcore's workers likewise coalesce their wakeup notifications).
   */
  private schedulePass(): void {
    if (this.passScheduled || this.stopped) return;
    this.passScheduled = true;
    const wait = this.lastPassMs + PASS_INTERVAL_MS - performance.now();
    const pass = () => {
      this.passScheduled = false;
      if (this.stopped) return;
      this.lastPassMs = performance.now();
      this.unblockingPass();
      this.pickup();
    };
    if (wait > 0) setTimeout(pass, wait);
    else setImmediate(pass);
  }

  /** pulpcore's unblocking pass over all incomplete tasks, oldest first. */
  unblockingPass(): void {
    const {store} = this;
    const claimedExclusive = new Set<string>();
    const claimedShared = new Set<string>();
    const now = nowUs();
    for (const row of this.incomplete) {
      const resources = store.resources(row);
      const state = store.state[row];
      if (!this.released.has(row) && (state === STATE_CODE.waiting || state === STATE_CODE.canceling)) {
        let free = true;
        for (const resource of resources) {
          if (resource.startsWith(SHARED)) {
            if (claimedExclusive.has(resource.slice(SHARED.length))) free = false;
          } else if (claimedExclusive.has(resource) || claimedShared.has(resource)) free = false;
          if (!free) break;
        }
        if (free || state === STATE_CODE.canceling) {
          this.released.add(row);
          if (this.options.workerType !== 'redis') store.unblocked[row] = now;
        }
      }
      for (const resource of resources) {
        if (resource.startsWith(SHARED)) claimedShared.add(resource.slice(SHARED.length));
        else claimedExclusive.add(resource);
      }
    }
  }

  /** Idle workers take unblocked waiting tasks, oldest first. */
  private pickup(): void {
    const {store} = this;
    if (this.runningTimers.size >= this.options.workers) return;
    for (const row of this.incomplete) {
      if (this.runningTimers.size >= this.options.workers) break;
      if (store.state[row] !== STATE_CODE.waiting || !this.released.has(row)) continue;
      store.state[row] = STATE_CODE.running;
      store.started[row] = Number.isNaN(store.unblocked[row]) ? nowUs() : Math.max(nowUs(), store.unblocked[row]);
      const duration = Math.max(0, this.options.runMs(store.name(row)));
      this.runningTimers.set(row, setTimeout(() => this.finish(row), duration));
      this.peakRunning = Math.max(this.peakRunning, this.runningTimers.size);
    }
  }

  private finish(row: number): void {
    const {store} = this;
    this.runningTimers.delete(row);
    if (store.state[row] === STATE_CODE.running) {
      if (Math.random() < this.options.failureRate) {
        store.state[row] = STATE_CODE.failed;
        store.setError(row, {description: 'Simulated task failure.', traceback: null});
      } else {
        store.state[row] = STATE_CODE.completed;
        this.effects.get(row)?.();
      }
    } else if (store.state[row] === STATE_CODE.canceling) {
      store.state[row] = STATE_CODE.canceled;
    }
    store.finished[row] = Math.max(nowUs(), store.started[row]);
    this.effects.delete(row);
    this.released.delete(row);
    this.incomplete.delete(row);
    this.schedulePass();
  }

  /**
   * Cancels a task as `PATCH {"state": "canceled"}` does. Returns 'canceling' when a cancel started (the task is
   * finalised as canceled shortly after), 'canceled' when it already was, or the final state that prevents it.
   */
  cancel(row: number): 'canceling' | TaskState {
    const {store} = this;
    const state = store.stateName(row);
    if (state === 'canceled' || state === 'canceling') return state;
    if ((FINAL_STATES as readonly string[]).includes(state)) return state;
    store.state[row] = STATE_CODE.canceling;
    const timer = this.runningTimers.get(row);
    if (timer) clearTimeout(timer);
    setImmediate(() => {
      if (store.state[row] !== STATE_CODE.canceling) return;
      this.runningTimers.delete(row);
      store.state[row] = STATE_CODE.canceled;
      store.finished[row] = nowUs();
      if (!Number.isNaN(store.started[row])) store.finished[row] = Math.max(store.finished[row], store.started[row]);
      this.released.delete(row);
      this.incomplete.delete(row);
      this.schedulePass();
    });
    return 'canceling';
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
    this.stopped = true;
    for (const timer of this.runningTimers.values()) clearTimeout(timer);
    this.runningTimers.clear();
  }
}
