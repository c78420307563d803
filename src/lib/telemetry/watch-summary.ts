/**
 * What `pulp-bench watch` keeps of the samples it showed: the figures of the watched period for the summary printed
 * when it stops (Ctrl-C), and the `--fail-if` subject of one sample.
 */
import {durationKeyTest, type ResultSubject} from '../thresholds.js';
import type {ServerSample} from './server-sampler.js';

export interface WatchSummary {
  kind: 'summary';
  from: string | null;
  to: string | null;
  watchedSeconds: number;
  samples: number;
  /** Samples that could not be taken (server unreachable or answering errors), the last reason. */
  failedSamples: number;
  lastFailure: string | null;
  waiting: {first: number | null; last: number | null; min: number | null; max: number | null; maxAt: string | null};
  running: {last: number | null; max: number | null};
  /** Tasks per second over the last minute, as sampled: mean and max over the samples. */
  processingRate: {mean: number | null; max: number | null};
  ingestRate: {mean: number | null; max: number | null};
  failedLastMinuteMax: number | null;
  workersOnline: {min: number | null; max: number | null};
  workersMissingMax: number | null;
  oldestWaitingSecondsMax: number | null;
  /** Samples on which a --fail-if threshold was crossed. */
  samplesCrossingThresholds: number;
  /** Requests made to the server over the period. */
  requests: number;
  signal?: string;
}

const maxOf = (current: number | null, value: number | null) => (value === null ? current : current === null ? value : Math.max(current, value));
const minOf = (current: number | null, value: number | null) => (value === null ? current : current === null ? value : Math.min(current, value));

export class WatchPeriod {
  private readonly summary: WatchSummary = {
    kind: 'summary',
    from: null,
    to: null,
    watchedSeconds: 0,
    samples: 0,
    failedSamples: 0,
    lastFailure: null,
    waiting: {first: null, last: null, min: null, max: null, maxAt: null},
    running: {last: null, max: null},
    processingRate: {mean: null, max: null},
    ingestRate: {mean: null, max: null},
    failedLastMinuteMax: null,
    workersOnline: {min: null, max: null},
    workersMissingMax: null,
    oldestWaitingSecondsMax: null,
    samplesCrossingThresholds: 0,
    requests: 0,
  };

  private readonly started = performance.now();
  private readonly rateSums = {processing: 0, processingSamples: 0, ingest: 0, ingestSamples: 0};

  add(sample: ServerSample, crossed: boolean): void {
    const s = this.summary;
    s.samples++;
    s.from ??= sample.at;
    s.to = sample.at;
    s.requests += sample.requests;
    if (crossed) s.samplesCrossingThresholds++;
    const {waiting} = s;
    waiting.first ??= sample.waiting;
    waiting.last = sample.waiting;
    waiting.min = minOf(waiting.min, sample.waiting);
    if (sample.waiting !== null && (waiting.max === null || sample.waiting > waiting.max)) {
      waiting.max = sample.waiting;
      waiting.maxAt = sample.at;
    }
    s.running.last = sample.running;
    s.running.max = maxOf(s.running.max, sample.running);
    if (sample.processingRate !== null) {
      this.rateSums.processing += sample.processingRate;
      this.rateSums.processingSamples++;
      s.processingRate = {mean: this.rateSums.processing / this.rateSums.processingSamples, max: maxOf(s.processingRate.max, sample.processingRate)};
    }
    if (sample.ingestRate !== null) {
      this.rateSums.ingest += sample.ingestRate;
      this.rateSums.ingestSamples++;
      s.ingestRate = {mean: this.rateSums.ingest / this.rateSums.ingestSamples, max: maxOf(s.ingestRate.max, sample.ingestRate)};
    }
    s.failedLastMinuteMax = maxOf(s.failedLastMinuteMax, sample.failedLastMinute);
    s.workersOnline.min = minOf(s.workersOnline.min, sample.workers.online);
    s.workersOnline.max = maxOf(s.workersOnline.max, sample.workers.online);
    s.workersMissingMax = maxOf(s.workersMissingMax, sample.workers.missing);
    s.oldestWaitingSecondsMax = maxOf(s.oldestWaitingSecondsMax, sample.oldestWaitingSeconds);
  }

  /** Requests of a sample that was stopped before it ended (Ctrl-C): they reached the server all the same. */
  addRequests(requests: number): void {
    this.summary.requests += requests;
  }

  addFailure(reason: string, requests = 0): void {
    this.summary.failedSamples++;
    this.summary.lastFailure = reason;
    this.summary.requests += requests;
  }

  finish(signal?: string): WatchSummary {
    return {...this.summary, watchedSeconds: (performance.now() - this.started) / 1000, ...(signal ? {signal} : {})};
  }
}

/** A sample's numeric keys, for checking --fail-if expressions before the first request. */
const SAMPLE_SHAPE = {
  waiting: 0,
  running: 0,
  finishedLastMinute: 0,
  failedLastMinute: 0,
  createdLastMinute: 0,
  ingestRate: 0,
  processingRate: 0,
  workers: {online: 0, missing: 0, busy: 0},
  oldestWaitingSeconds: 0,
  longestRunningSeconds: 0,
  requests: 0,
};

/** What `watch --fail-if` reads: one sample; `oldestWaitingSeconds` and `longestRunningSeconds` are durations. */
export function watchSubject(): ResultSubject {
  return {shape: SAMPLE_SHAPE, isDuration: durationKeyTest([]), countMaps: []};
}
