/**
 * The server's side of an insertion run: the queue before, during and after the load, until the backlog the run
 * created has drained. A ServerSampler in `counts` detail (waiting, running, online workers: 3 requests a sample)
 * polls at a fixed interval on its own PulpClient (its own sockets), so the load's requests, their count and their
 * timing never include it. At the end two count requests give the server's own ingest and processing rates.
 *
 * Drain time: from the end of the load (the last request answered) to the first sample whose backlog (waiting +
 * running) is back to the baseline (the sample before the load); null, with the reason, when --drain-timeout ran out
 * or the run was stopped. Its precision is one polling interval.
 */
import type {PulpClient} from '../client.js';
import {AuthError} from '../errors.js';
import {isoMicros, nowUs} from '../time.js';
import {type ServerSample, ServerSampler, type TelemetryEndpoints} from './server-sampler.js';

export interface ServerTimelineEntry {
  /** Seconds since the load started (the baseline sample is at 0 or just before it: negative). */
  t: number;
  waiting: number | null;
  running: number | null;
  workersOnline: number | null;
}

export interface ServerStats {
  enabled: true;
  endpoint: string;
  intervalSeconds: number;
  timeline: ServerTimelineEntry[];
  baselineWaiting: number;
  baselineRunning: number;
  maxWaiting: number;
  finalWaiting: number | null;
  /** Tasks the server created during the load (pulp_created within it, any client's), per second of load. */
  tasksCreated: number | null;
  ingestRate: number | null;
  /** Tasks the server finished from the start of the load to the end of polling, per second. */
  tasksFinished: number | null;
  processingRate: number | null;
  loadEndedAt: string;
  drainedAt: string | null;
  drainSeconds: number | null;
  /** Why drainSeconds is null. */
  drainReason: string | null;
  /** A stop signal ended the wait for the drain. */
  interrupted: boolean;
  /** Mean over the samples of running ÷ online workers (null when the workers are unknown). */
  workerUtilisation: number | null;
  /** Requests the telemetry made (not part of the load's requests), and samples that failed. */
  requests: number;
  failedSamples: number;
  notes: string[];
}

export interface ServerStatsOff {
  enabled: false;
  reason: string;
}

export interface TelemetryOptions {
  intervalSeconds: number;
  drainTimeoutSeconds: number;
  /** Stop signals: end the drain wait early. */
  signal?: AbortSignal;
  note?: (line: string) => void;
}

export type DrainListener = (progress: {backlog: number; baseline: number; atLoadEnd: number; timeoutSeconds: number} | undefined) => void;

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, {once: true});
  });
}

export class InsertionTelemetry {
  private readonly sampler: ServerSampler;
  private baseline: ServerSample | undefined;
  private loadStartUs = 0;
  private loadEndUs = 0;
  private readonly samples: Array<{us: number; sample: ServerSample}> = [];
  private failedSamples = 0;
  /** Why the last sample failed (cleared by an answered one). */
  private lastFailure: Error | undefined;
  private polling: Promise<void> | undefined;
  private stopPolling = new AbortController();
  private drained: {us: number} | undefined;
  private interrupted = false;
  /** After the load, called with each sample while waiting for the drain (the live line), and undefined at the end. */
  onDrain: DrainListener | undefined;

  constructor(
    private readonly client: PulpClient,
    private readonly endpoints: TelemetryEndpoints,
    private readonly options: TelemetryOptions,
  ) {
    // A stop signal ends a sample in flight at once (the final counts in report() are still asked).
    this.sampler = new ServerSampler(client, endpoints, {detail: 'counts', signal: options.signal});
  }

  /**
   * Takes the baseline sample. Resolves with a reason when telemetry cannot run (the credentials cannot read the
   * task list, the server does not answer it), else with undefined, and starts polling.
   */
  async start(): Promise<string | undefined> {
    try {
      this.baseline = await this.sampler.sample();
    } catch (error) {
      if (this.options.signal?.aborted) return 'stopped by a signal before the load';
      if (error instanceof AuthError) return `the credentials cannot read ${this.endpoints.tasks} (${error.message.match(/\((\d{3})/)?.[1] ?? 'refused'})`;
      return `the task list did not answer: ${(error as Error).message}`;
    }
    this.loadStartUs = nowUs();
    this.samples.push({us: this.loadStartUs, sample: this.baseline});
    this.polling = this.poll(this.stopPolling.signal);
    return undefined;
  }

  private backlog(sample: ServerSample): number | null {
    return sample.waiting === null || sample.running === null ? null : sample.waiting + sample.running;
  }

  private async poll(stop: AbortSignal): Promise<void> {
    const intervalMs = this.options.intervalSeconds * 1000;
    while (!stop.aborted && !this.options.signal?.aborted) {
      await pause(intervalMs, stop);
      if (stop.aborted || this.options.signal?.aborted) return;
      await this.takeSample();
    }
  }

  private async takeSample(): Promise<ServerSample | undefined> {
    const us = nowUs();
    try {
      const sample = await this.sampler.sample();
      this.samples.push({us, sample});
      this.lastFailure = undefined;
      for (const line of this.sampler.takeNewNotes()) this.options.note?.(`server stats: ${line}`);
      if (this.loadEndUs > 0 && us >= this.loadEndUs && !this.drained && this.isDrained(sample)) this.drained = {us};
      return sample;
    } catch (error) {
      if (this.options.signal?.aborted) return undefined; // stopped, not failed
      this.failedSamples++;
      this.lastFailure = error as Error;
      if (this.failedSamples === 1) this.options.note?.(`server stats: a sample failed (${(error as Error).message}); going on`);
      return undefined;
    }
  }

  private isDrained(sample: ServerSample): boolean {
    const backlog = this.backlog(sample);
    return backlog !== null && backlog <= this.backlog(this.baseline!)!;
  }

  /**
   * The load has ended: poll until the backlog is back to the baseline (or the drain timeout, or a stop signal),
   * then stop and report. `interrupted`: the load was stopped by a signal, so there is no drain to wait for.
   */
  async finish(options: {interrupted: boolean}): Promise<ServerStats> {
    this.loadEndUs = nowUs();
    this.stopPolling.abort();
    await this.polling;
    let reason: string | null = null;
    if (options.interrupted) reason = 'the run was interrupted';
    else {
      // A sample at once (the load may have ended drained), then every interval until drained or out of time.
      const deadline = performance.now() + this.options.drainTimeoutSeconds * 1000;
      const started = performance.now();
      let said = false;
      let atLoadEnd: number | undefined;
      for (;;) {
        const sample = await this.takeSample();
        if (this.drained) break;
        const backlog = sample ? this.backlog(sample) : null;
        if (backlog !== null) {
          atLoadEnd ??= backlog;
          this.onDrain?.({backlog, baseline: this.backlog(this.baseline!)!, atLoadEnd, timeoutSeconds: this.options.drainTimeoutSeconds});
        }
        // Credentials refused now will be refused for the rest of the wait (--drain-timeout, 5 min by default).
        if (!sample && this.lastFailure instanceof AuthError) {
          reason = `the server stopped letting the credentials read the task list after the load (${this.lastFailure.message})`;
          break;
        }
        if (this.options.signal?.aborted) {
          reason = 'stopped by a signal while waiting for the queue to drain';
          this.interrupted = true;
          break;
        }
        if (performance.now() >= deadline) {
          reason =
            atLoadEnd === undefined && this.lastFailure
              ? `no sample answered after the load within --drain-timeout (${this.options.drainTimeoutSeconds} s): ${this.lastFailure.message}`
              : `the queue was not back to its level before the run after --drain-timeout (${this.options.drainTimeoutSeconds} s)`;
          break;
        }
        if (!said && performance.now() - started > 1000) {
          said = true;
          this.options.note?.(`waiting for the server's queue to drain (up to ${this.options.drainTimeoutSeconds} s, --drain-timeout; Ctrl-C to stop waiting)…`);
        }
        await pause(Math.min(this.options.intervalSeconds * 1000, deadline - performance.now()), this.options.signal);
      }
    }
    this.onDrain?.(undefined);
    return this.report(reason);
  }

  private async countSince(query: Record<string, string>): Promise<number | null> {
    this.sampler.requests++;
    try {
      const page = (await this.client.getJson(this.endpoints.tasks, {searchParams: {...query, limit: '1', fields: 'pulp_href'}})) as {count?: unknown};
      return typeof page?.count === 'number' && Number.isSafeInteger(page.count) && page.count >= 0 ? page.count : null;
    } catch {
      return null;
    }
  }

  private async report(reason: string | null): Promise<ServerStats> {
    const baseline = this.baseline!;
    const endUs = this.samples.at(-1)!.us;
    const loadSeconds = (this.loadEndUs - this.loadStartUs) / 1e6;
    const pollSeconds = (endUs - this.loadStartUs) / 1e6;
    const [created, finished] = await Promise.all([
      this.countSince({pulp_created__gte: isoMicros(this.loadStartUs), pulp_created__lte: isoMicros(this.loadEndUs)}),
      this.countSince({finished_at__gte: isoMicros(this.loadStartUs), finished_at__lte: isoMicros(endUs)}),
    ]);
    const ratios = this.samples
      .map(({sample}) => (sample.running !== null && sample.workers.online ? Math.min(1, sample.running / sample.workers.online) : null))
      .filter((value) => value !== null);
    const waitingValues = this.samples.map(({sample}) => sample.waiting).filter((value) => value !== null);
    const last = this.samples.at(-1)!.sample;
    return {
      enabled: true,
      endpoint: this.endpoints.tasks,
      intervalSeconds: this.options.intervalSeconds,
      timeline: this.samples.map(({us, sample}) => ({t: (us - this.loadStartUs) / 1e6, waiting: sample.waiting, running: sample.running, workersOnline: sample.workers.online})),
      baselineWaiting: baseline.waiting ?? 0,
      baselineRunning: baseline.running ?? 0,
      maxWaiting: Math.max(...waitingValues),
      finalWaiting: last.waiting,
      tasksCreated: created,
      ingestRate: created === null || loadSeconds <= 0 ? null : created / loadSeconds,
      tasksFinished: finished,
      processingRate: finished === null || pollSeconds <= 0 ? null : finished / pollSeconds,
      loadEndedAt: isoMicros(this.loadEndUs),
      drainedAt: this.drained ? isoMicros(this.drained.us) : null,
      drainSeconds: this.drained ? Math.max(0, (this.drained.us - this.loadEndUs) / 1e6) : null,
      drainReason: this.drained ? null : reason,
      interrupted: this.interrupted,
      workerUtilisation: ratios.length > 0 ? ratios.reduce((sum, value) => sum + value, 0) / ratios.length : null,
      requests: this.sampler.requests,
      failedSamples: this.failedSamples,
      notes: last.notes,
    };
  }
}

/** The `server` keys --fail-if may read in an insertion result (drainSeconds is a duration). */
export const SERVER_STATS_SHAPE = {
  baselineWaiting: 0,
  maxWaiting: 0,
  finalWaiting: 0,
  tasksCreated: 0,
  ingestRate: 0,
  tasksFinished: 0,
  processingRate: 0,
  drainSeconds: 0,
  workerUtilisation: 0,
  requests: 0,
  failedSamples: 0,
};
