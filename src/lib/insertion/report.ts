/** The insertion result document (the --json output and what --fail-if reads). */
import type {EncodedHistogram} from '../histogram.js';
import type {LatencyFigures, Summary} from '../stats.js';
import {FAILURE_CAUSE_NAMES} from '../http-errors.js';
import {durationKeyTest, type ResultSubject, TASK_STATE_NAMES, type ThresholdOutcome} from '../thresholds.js';
import type {StopReason} from './engine.js';
import type {FailureFigures, LoadRecorder, TimelineBucket} from './recorder.js';
import type {LoadTarget} from './targets.js';
import type {TrackingReport} from './tracking.js';
import {SERVER_STATS_SHAPE, type ServerStats, type ServerStatsOff} from '../telemetry/insertion-telemetry.js';

export interface InsertionResult {
  target: string;
  targetKind: string;
  method: string;
  workers: number;
  rate: number | null;
  stop: {runUntil: number | null; durationSeconds: number | null};
  /** Wall-clock time (ISO, µs) of the run's t = 0 (timeline `t` counts from here) and of its last answer. */
  startedAt: string;
  endedAt: string;
  elapsedSeconds: number;
  tasksCreated: number;
  tasksPerSecond: number;
  /** `failures`: failed requests by cause (the counts --fail-if reads: `requests.failures.timeout > 0`). */
  requests: {total: number; ok: number; failed: number; failures: Record<string, number>; perSecond: number};
  /** Seconds, of successful requests only. */
  latency: LatencyFigures;
  /** Failed requests by cause, most frequent first: their count and their own latency. */
  failures: Record<string, FailureFigures>;
  tasksPerRequest: {min: number | null; mean: number | null; max: number | null};
  /**
   * Per second (the last bucket partial): requests finished, tasks created (spread over each request's duration),
   * the latency of the successful requests that finished in it, and its failures by cause.
   */
  timeline: TimelineBucket[];
  /** The mergeable histogram of every successful request's latency (the values `latency` was computed from). */
  histograms: {latency: EncodedHistogram};
  interrupted: boolean;
  /** The stop signal that interrupted the run (SIGINT, SIGTERM, SIGHUP), when one did. */
  signal?: string;
  /**
   * Requests still in flight when the run stopped waiting for them (after a stop signal and --grace): the server may
   * have created tasks for them, so tasksCreated and tasksPerSecond are lower bounds.
   */
  abandoned: number;
  stoppedBy: StopReason;
  track?: TrackingReport;
  /** The server's side: queue over time, drain time, rates (telemetry/insertion-telemetry.ts), or why there is none. */
  server?: ServerStats | ServerStatsOff;
  /** Why tracking failed, when it did (the insertion figures above stay valid). */
  trackingError?: string;
  /** The --fail-if verdicts, when any were given. */
  thresholds?: ThresholdOutcome[];
}

export async function buildInsertionResult(
  recorder: LoadRecorder,
  context: {
    target: LoadTarget;
    workers: number;
    rate?: number;
    runUntil?: number;
    durationSeconds?: number;
    stoppedBy: StopReason;
    track?: TrackingReport;
    trackingError?: string;
    signal?: string;
    abandoned?: number;
  },
): Promise<InsertionResult> {
  const summary = await recorder.summary();
  const query = context.target.searchParams ? `?${new URLSearchParams(context.target.searchParams).toString()}` : '';
  return {
    target: context.target.url + query,
    targetKind: context.target.kind,
    method: context.target.method,
    workers: context.workers,
    rate: context.rate ?? null,
    stop: {runUntil: context.runUntil ?? null, durationSeconds: context.durationSeconds ?? null},
    startedAt: summary.startedAt,
    endedAt: summary.endedAt,
    elapsedSeconds: summary.elapsedSeconds,
    tasksCreated: summary.tasksCreated,
    tasksPerSecond: summary.tasksPerSecond,
    requests: summary.requests,
    latency: summary.latency,
    failures: summary.failures,
    tasksPerRequest: summary.tasksPerRequest,
    timeline: summary.timeline,
    histograms: summary.histograms,
    interrupted: context.stoppedBy === 'interrupted' || context.track?.interrupted === true,
    ...(context.signal ? {signal: context.signal} : {}),
    abandoned: context.abandoned ?? 0,
    stoppedBy: context.stoppedBy,
    ...(context.track ? {track: context.track} : {}),
    ...(context.trackingError ? {trackingError: context.trackingError} : {}),
  };
}

const EMPTY_SUMMARY_SHAPE: Summary = {count: 0, mean: 0, median: 0, min: 0, max: 0, std: 0, p90: 0, p95: 0, p99: 0, p999: 0};

/** A result with every key a threshold may read present (not the histograms), to check --fail-if keys before the run. */
export function insertionResultShape(withTrack: boolean): Omit<InsertionResult, 'histograms' | 'startedAt' | 'endedAt'> {
  return {
    target: '',
    targetKind: '',
    method: '',
    workers: 0,
    rate: 0,
    stop: {runUntil: 0, durationSeconds: 0},
    elapsedSeconds: 0,
    tasksCreated: 0,
    tasksPerSecond: 0,
    requests: {total: 0, ok: 0, failed: 0, failures: {}, perSecond: 0},
    latency: {min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0},
    // Causes are known only after the run; their counts are gated through the count map requests.failures.
    failures: {},
    tasksPerRequest: {min: 0, mean: 0, max: 0},
    timeline: [],
    interrupted: false,
    abandoned: 0,
    stoppedBy: 'completed',
    server: SERVER_STATS_SHAPE as unknown as ServerStats, // only its numeric keys matter to --fail-if
    ...(withTrack
      ? {track: {tracked: 0, finished: 0, unfinished: 0, states: {}, endToEnd: EMPTY_SUMMARY_SHAPE, blocked: EMPTY_SUMMARY_SHAPE, queue: EMPTY_SUMMARY_SHAPE, run: EMPTY_SUMMARY_SHAPE, timedOut: false, interrupted: false}}
      : {}),
  };
}

/** What --fail-if may read in an insertion result: its keys, which are durations, which are count maps. */
export function insertionSubject(withTrack: boolean): ResultSubject {
  return {
    shape: insertionResultShape(withTrack),
    isDuration: durationKeyTest(['latency', 'track.endToEnd', 'track.blocked', 'track.queue', 'track.run']),
    countMaps: ['requests.failures', 'track.states'],
    // failure causes (engine/client: failureCause, interpretAnswer) and Pulp's task states
    countNames: {'requests.failures': FAILURE_CAUSE_NAMES, 'track.states': TASK_STATE_NAMES},
  };
}
