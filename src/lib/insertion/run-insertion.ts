/**
 * One insertion run from start to report: the load, optional tracking of the dispatched tasks, the result
 * document, and the error the run should end with (if any). Used by `test-task-insertion` and `demo`.
 */
import type {PulpClient} from '../client.js';
import {AuthError, BadServerResponseError, InterruptedError, NotFoundError, PulpBenchError, TooManyOpenFilesError, UnreachableError} from '../errors.js';
import {formatNumber} from '../render/format.js';
import {LoadRun} from './engine.js';
import {LoadRecorder} from './recorder.js';
import {buildInsertionResult, type InsertionResult} from './report.js';
import type {LoadTarget} from './targets.js';
import {trackTasks, type TrackingReport} from './tracking.js';
import type {InsertionTelemetry, ServerStatsOff} from '../telemetry/insertion-telemetry.js';

/** pulp-service's test endpoints dispatch for 25 s whatever ?timeout= says. */
export const SERVER_FIXED_SECONDS = 25;

export interface InsertionOptions {
  target: LoadTarget;
  workers: number;
  /** The --timeout value: sent to test endpoints, or the per-request limit of 202 targets. */
  timeoutSeconds: number;
  runUntil?: number;
  durationSeconds?: number;
  rate?: number;
  maxConsecutiveFailures?: number;
  track?: {listUrl: string; timeoutSeconds: number; note?: (line: string) => void; onProgress?: (progress: {finished: number; tracked: number}) => void};
  /** The server's side (started before the load, on its own client), or why there is none. */
  server?: InsertionTelemetry | ServerStatsOff;
  /** Stop signals: tracking ends early when `signal` aborts; `received()` names the signal for the report. */
  stop?: {signal: AbortSignal; received: () => string | undefined};
}

export interface InsertionOutcome {
  result: InsertionResult;
  /** Why the run should end with a non-zero exit, if it should. */
  failure?: PulpBenchError;
}

/** Creates the run (so callers can attach Ctrl-C handling and progress before starting it). */
export function prepareInsertion(client: PulpClient, options: InsertionOptions): LoadRun {
  const testEndpoint = options.target.answers === 'tasks-executed';
  return new LoadRun(
    client,
    {
      target: options.target,
      workers: options.workers,
      runUntilTasks: options.runUntil,
      durationMs: options.durationSeconds === undefined ? undefined : options.durationSeconds * 1000,
      ratePerSecond: options.rate,
      requestTimeoutMs: (testEndpoint ? Math.max(options.timeoutSeconds, SERVER_FIXED_SECONDS) + 10 : options.timeoutSeconds) * 1000,
      maxConsecutiveFailures: options.maxConsecutiveFailures ?? 10 * options.workers,
    },
    new LoadRecorder(),
  );
}

export async function completeInsertion(client: PulpClient, load: LoadRun, options: InsertionOptions): Promise<InsertionOutcome> {
  const stoppedBy = await load.run();
  // Started at once: the drain is timed from the end of the load. It runs while the tasks are tracked.
  const server = options.server && 'finish' in options.server ? options.server.finish({interrupted: stoppedBy === 'interrupted'}) : undefined;
  await client.releaseIdleSockets(); // many workers may hold many descriptors, and the report may need to open files
  const {recorder} = load;
  let track: TrackingReport | undefined;
  let trackFailure: PulpBenchError | undefined;
  if (options.track && stoppedBy !== 'interrupted' && recorder.taskHrefs.length > 0) {
    options.track.note?.(`tracking ${recorder.taskHrefs.length} tasks (up to ${options.track.timeoutSeconds} s)…`);
    try {
      track = await trackTasks(client, options.track.listUrl, recorder.taskHrefs, {
        timeoutMs: options.track.timeoutSeconds * 1000,
        signal: options.stop?.signal,
        onProgress: options.track.onProgress,
      });
    } catch (error) {
      // The insertion's figures stand on their own: report them, with tracking marked failed and why.
      trackFailure = error instanceof PulpBenchError ? error : new BadServerResponseError(`tracking failed: ${(error as Error).message}`, undefined, 'tracking', {cause: error});
    }
  }
  const serverStats = options.server ? (server ? await server : (options.server as ServerStatsOff)) : undefined;
  const drainInterrupted = serverStats?.enabled === true && serverStats.interrupted;
  const signal = options.stop?.received();
  const result = await buildInsertionResult(recorder, {
    target: options.target,
    workers: options.workers,
    rate: options.rate,
    runUntil: options.runUntil,
    durationSeconds: options.durationSeconds,
    stoppedBy,
    track,
    trackingError: trackFailure ? `tracking failed: ${trackFailure.message}` : undefined,
    signal: stoppedBy === 'interrupted' || track?.interrupted || drainInterrupted ? signal : undefined,
    abandoned: load.abandoned,
  });
  if (serverStats) result.server = serverStats;
  if (drainInterrupted) result.interrupted = true;
  const drainStopped = drainInterrupted ? new InterruptedError(`interrupted by ${signal ?? 'SIGINT'} while waiting for the server's queue to drain (the insertion figures are complete)`, signal) : undefined;
  return {result, failure: insertionFailure(load, result) ?? trackFailure ?? drainStopped};
}

/** The error a finished run should exit with, if any. */
export function insertionFailure(load: LoadRun, result: InsertionResult): PulpBenchError | undefined {
  const {target} = load.plan;
  if (result.stoppedBy === 'interrupted') {
    const abandoned = result.abandoned > 0 ? `; ${result.abandoned} abandoned in flight` : '';
    return new InterruptedError(`interrupted by ${result.signal ?? 'SIGINT'}: partial report of ${result.requests.total} requests${abandoned}`, result.signal);
  }
  if (result.track?.interrupted) return new InterruptedError(`interrupted by ${result.signal ?? 'SIGINT'} while tracking: ${result.track.finished} of ${result.track.tracked} tasks seen finished`, result.signal);
  const fatal = load.fatal?.cause;
  if (fatal === 'http-404' || fatal === 'http-405') {
    const hint =
      target.answers === 'tasks-executed'
        ? '; stock Pulp has no test endpoints: try --target purge'
        : target.kind === 'purge' && !/\/pulp\/[^/]+\/api\/v3\//.test(target.url)
          ? '; on a server with domains (pulp-service) add --domain NAME'
          : '';
    return new NotFoundError(`${target.url} answered ${fatal.slice(5)}${hint}`);
  }
  if (fatal === 'http-401' || fatal === 'http-403') {
    return new AuthError(`${target.url} refused the request (${fatal.slice(5)}); check --user/--password or --cert/--key`, Number(fatal.slice(5)));
  }
  const fileLimited = result.requests.failures['too-many-open-files'] ?? 0;
  if (fileLimited > 0) {
    return new TooManyOpenFilesError(
      `${formatNumber(fileLimited)} of ${formatNumber(result.requests.total)} requests failed with too many open files, so the figures show this machine's limit, not the server's: raise it (e.g. 'ulimit -n 65536') or use a lower --concurrency (${load.plan.workers} now)`,
    );
  }
  if (result.requests.ok === 0 && result.requests.total > 0) {
    const [cause] = Object.keys(result.requests.failures);
    if (target.answers === 'tasks-executed' && load.htmlFailures === result.requests.failed && cause?.startsWith('http-5')) {
      return new BadServerResponseError(
        `every call to ${target.url} failed with an HTML ${cause.slice(5)}: the test endpoint is not enabled (pulp-service setting TEST_TASK_INGESTION, env PULP_TEST_TASK_INGESTION)`,
      );
    }
    const message = `all ${result.requests.total} requests failed (${Object.entries(result.requests.failures).map(([name, count]) => `${name} ${count}`).join(', ')})`;
    if (cause && ['connection-refused', 'dns', 'tls', 'timeout', 'connection-reset'].includes(cause)) return new UnreachableError(message);
    return new BadServerResponseError(message);
  }
  if (result.stoppedBy === 'failures') {
    return new BadServerResponseError(`stopped after ${load.plan.maxConsecutiveFailures} failed requests in a row (${formatNumber(result.requests.failed)} failed in all)`);
  }
  return undefined;
}
