/**
 * Bounds on what the command line may ask for, so that input beyond what this machine or Node can do is refused
 * with one line (exit 2) before any request, instead of exhausting file descriptors, memory or a timer.
 */
import {readFileSync} from 'node:fs';

import {UsageError} from './errors.js';

/** The longest delay a Node timer holds (2^31 − 1 ms, ~24.8 days); longer ones fire at once instead. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Requests per second the load engine can schedule at most (start tickets are 10 µs apart at this rate). */
export const MAX_RATE_PER_SECOND = 100_000;
/** The slowest rate accepted: one request a day (far below what a timer holds). */
export const MIN_RATE_PER_SECOND = 1 / 86_400;

/**
 * History tasks the simulator preloads at most: ~80 bytes and ~2.4 µs each (measured), so the bound is ~1 GB of
 * memory and ~25 s of start-up. The analysis benchmark uses 1,000,000.
 */
export const MAX_HISTORY_TASKS = 10_000_000;

/** Hours of history at most: the longest analysis window (366 days). */
export const MAX_HISTORY_HOURS = 366 * 24;

/** Used when the open-file limit cannot be read (not Linux) or is unlimited. */
export const FALLBACK_MAX_WORKERS = 10_000;

/** Descriptors kept aside for what is not a worker's socket: stdio, Node's own, the status and tracking requests. */
export const RESERVED_FILE_DESCRIPTORS = 64;

/**
 * The soft "Max open files" limit from the text of /proc/self/limits, or undefined when absent or unlimited.
 * (Node raises the soft limit to the hard one at start, so this is the limit the process really has.)
 */
export function parseOpenFileLimit(procLimits: string): number | undefined {
  const match = /^Max open files\s+(\S+)/m.exec(procLimits);
  if (!match || match[1] === 'unlimited') return undefined;
  const value = Number(match[1]);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** This process's open-file limit, or undefined when it cannot be read (not Linux) or is unlimited. */
export function openFileLimit(): number | undefined {
  try {
    return parseOpenFileLimit(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Workers (requests in flight, one keep-alive socket each) this process can hold: the open-file limit less a reserve,
 * divided by the sockets each worker holds (2 when the server runs in this process too, as in `demo`).
 */
export function maxWorkers(socketsPerWorker: number, limit: number | undefined): {max: number; openFiles: number | undefined} {
  if (limit === undefined) return {max: FALLBACK_MAX_WORKERS, openFiles: undefined};
  return {max: Math.max(1, Math.floor((limit - RESERVED_FILE_DESCRIPTORS) / socketsPerWorker)), openFiles: limit};
}

/** A usage error (exit 2) when `workers` exceeds what the open-file limit allows; says the limit and what to do. */
export function requireWorkersWithinLimit(workers: number, flag: string, options: {socketsPerWorker?: number; limit?: number} = {}): number {
  const {max, openFiles} = maxWorkers(options.socketsPerWorker ?? 1, 'limit' in options ? options.limit : openFileLimit());
  if (workers <= max) return workers;
  const perWorker = (options.socketsPerWorker ?? 1) === 1 ? 'one socket each' : `${options.socketsPerWorker} sockets each`;
  const reason =
    openFiles === undefined
      ? `more than ${max} is not supported`
      : `the open-file limit (ulimit -n) is ${openFiles}, enough for ${max} (${perWorker}); raise it with ulimit -n or use a lower ${flag}`;
  throw new UsageError(`${flag} ${workers} is too many: ${reason}`);
}

/** A usage error when a number of milliseconds that ends in a timer is longer than a timer holds. */
export function requireTimerMs(ms: number, flag: string, text = String(ms)): number {
  if (ms > MAX_TIMER_MS) throw new UsageError(`${flag} '${text}' is longer than a timer holds (at most ${MAX_TIMER_MS} ms, ~24.8 days)`);
  return ms;
}

/**
 * Checks that the simulator's `--task-ms` (`N`, `MIN-MAX` or `lognormal:MEDIAN:SIGMA`) asks for run times a timer can
 * hold: N, MAX or MEDIAN at most MAX_TIMER_MS. (The form itself is checked by the simulator's parser.)
 */
export function requireTaskMsWithinTimer(spec: string, flag = '--task-ms'): void {
  const lognormal = /^lognormal:([\d.]+):/.exec(spec);
  const longest = lognormal ? Number(lognormal[1]) : Math.max(...(spec.match(/\d+(?:\.\d+)?/g) ?? ['0']).map(Number));
  requireTimerMs(longest, flag, spec);
}
