/** The tasking model's options, requests and outcomes, and the texts Pulp writes into `error`. */
import type {Clock} from './clock.js';

/** Pulp's WORKER_TYPE setting ('postgres' is accepted for 'pulpcore', the PostgreSQL worker). */
export type WorkerType = 'pulpcore' | 'postgres' | 'redis';

export interface TaskingOptions {
  workers: number;
  /** Draws a run duration in ms for a task name. */
  runMs: (name: string) => number;
  /** Probability that a task fails (when `fails` is not given). */
  failureRate: number;
  /** Decides whether a task fails (default: random() < failureRate). */
  fails?: (name: string) => boolean;
  /** 'pulpcore' (PostgreSQL worker, records `unblocked_at`) or 'redis' (never records it). Default pulpcore. */
  workerType?: WorkerType;
  /** Default: the wall clock. */
  clock?: Clock;
  /** Default Math.random. */
  random?: () => number;
  /**
   * What a task costs its worker besides running, ms (default 40): 60 % before `started_at` (claim, fork,
   * set_running), 40 % after `finished_at` (join, app_lock release, wakeups). A tenth of it for immediate tasks,
   * which a worker runs in its own process.
   */
  taskOverheadMs?: number;
  /** WORKER_TTL (default 30 s): heartbeats every third of it; a worker silent for longer is missing. */
  workerTtlMs?: number;
  /** WORKER_CLEANUP_INTERVAL in heartbeats (default 100; the first cleanup after 10 %–100 % of it). */
  workerCleanupBeats?: number;
  /** The claim jitter of the PostgreSQL worker (default 8 s). */
  claimJitterMs?: number;
  /** IMMEDIATE_TIMEOUT (default 5 s). */
  immediateTimeoutMs?: number;
}

export interface DispatchRequest {
  name: string;
  /** Exclusive resource names; UNIQUE_LOCK stands for a fresh uuid4 of the task's own. */
  exclusive: string[];
  shared: string[];
  loggingCid: string;
  createdBy: boolean;
  domain: number;
  /** pulp_created, µs (default: now). The history uses it for API clocks that run ahead. */
  createdUs?: number;
  /** The whole reserved_resources_record, ready-made (exclusive and shared are then ignored). */
  record?: string[];
  /** Random words of the id (default: from crypto). */
  idWords?: [number, number, number];
}

export interface ImmediateOutcome {
  row: number;
  /** 'ran': run inline (the call answers when `done` resolves); 'deferred': left to a worker; 'canceled'. */
  outcome: 'ran' | 'deferred' | 'canceled';
  done: Promise<void>;
}

/** What a task costs its worker besides running, ms (an estimate: fork, several database writes). */
export const DEFAULT_TASK_OVERHEAD_MS = 40;
/** pulpcore's WORKER_TTL, seconds. */
export const DEFAULT_WORKER_TTL_SECONDS = 30;

export const WORKER_GONE_REASON = 'Worker has gone missing.';
export const UNAVAILABLE_REASON = 'Resources temporarily unavailable.';
export const TRACEBACK = '  File "/usr/local/lib/pulp/lib64/python3.11/site-packages/pulpcore/tasking/tasks.py", line 83, in _execute_task\n    result = task_function()\n';
