/**
 * The load engine. `workers` loops run through one bottleneck limiter (maxConcurrent = workers): each loop keeps
 * one request in flight, so the limiter schedules a few long jobs instead of one job per request (bottleneck's
 * per-job timer would otherwise cap the engine near 360 requests/s). Requests are timed inside the loop, not
 * around the limiter. With a rate, requests take start tickets at fixed intervals (open model) and latency
 * counts from the ticket's time, so a stalled server cannot hide behind fewer requests.
 */
import Bottleneck from 'bottleneck';

import {failureCause, type PulpClient} from '../client.js';
import type {LoadRecorder} from './recorder.js';
import {interpretAnswer, type Interpretation, type LoadTarget} from './targets.js';

export type StopReason = 'completed' | 'run-until' | 'duration' | 'failures' | 'fatal' | 'interrupted';

export interface LoadPlan {
  target: LoadTarget;
  workers: number;
  /** Stop once this many tasks were reported (in-flight requests still finish and count). */
  runUntilTasks?: number;
  /** Stop starting requests after this long. */
  durationMs?: number;
  /** Requests per second across all workers (open model); undefined = closed loop. */
  ratePerSecond?: number;
  requestTimeoutMs: number;
  /** Stop after this many failures in a row. */
  maxConsecutiveFailures: number;
}

/** Answers that make going on pointless: wrong URL or credentials. */
function isFatal(outcome: Interpretation): boolean {
  return outcome.cause === 'http-401' || outcome.cause === 'http-403' || outcome.cause === 'http-404' || outcome.cause === 'http-405';
}

export class LoadRun {
  private stopReason: StopReason | undefined;
  /** Aborts of the requests in flight. */
  private readonly inFlightAborts = new Set<() => void>();
  private consecutiveFailures = 0;
  private ticket = 0;
  inFlight = 0;
  /** Requests that were still in flight when the run gave up waiting for them (abortInFlight). */
  abandoned = 0;
  /** The first fatal answer, if any. */
  fatal: Interpretation | undefined;
  /** Whether every failure so far was an HTML error page (a disabled test endpoint). */
  htmlFailures = 0;
  private sleepers = new Set<() => void>();
  private readonly bodyText: string | undefined;

  constructor(
    private readonly client: PulpClient,
    readonly plan: LoadPlan,
    readonly recorder: LoadRecorder,
  ) {
    this.bodyText = plan.target.body === undefined ? undefined : JSON.stringify(plan.target.body);
  }

  get reason(): StopReason | undefined {
    return this.stopReason;
  }

  /** Stops starting new requests (in-flight ones finish). */
  stop(reason: StopReason): void {
    this.stopReason ??= reason;
    for (const wake of this.sleepers) wake();
  }

  /** Abandons the requests still in flight (they are recorded as failed with cause `aborted`, and counted). */
  abortInFlight(): void {
    this.abandoned += this.inFlightAborts.size;
    for (const abort of this.inFlightAborts) abort();
  }

  private mayStart(): boolean {
    if (this.stopReason) return false;
    const {plan, recorder} = this;
    if (plan.runUntilTasks !== undefined && recorder.tasks >= plan.runUntilTasks) {
      this.stop('run-until');
      return false;
    }
    if (plan.durationMs !== undefined && performance.now() - recorder.startedMs >= plan.durationMs) {
      this.stop('duration');
      return false;
    }
    return true;
  }

  private sleepUntil(ms: number): Promise<void> {
    const wait = ms - performance.now();
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, wait);
      this.sleepers.add(wake);
    });
  }

  private async oneRequest(intendedMs: number): Promise<void> {
    const {target} = this.plan;
    const startMs = performance.now();
    this.inFlight++;
    let outcome: Interpretation;
    let abort: (() => void) | undefined;
    try {
      const response = await this.client.send(target.method, target.url, {
        jsonText: this.bodyText,
        searchParams: target.searchParams,
        timeoutMs: this.plan.requestTimeoutMs,
        onAbortable: (abortRequest) => {
          abort = abortRequest;
          this.inFlightAborts.add(abortRequest);
        },
        retry: false,
        auth: target.authenticated,
      });
      outcome = interpretAnswer(target, response);
    } catch (error) {
      outcome = {ok: false, cause: failureCause(error), tasks: 0};
    }
    if (abort) this.inFlightAborts.delete(abort);
    this.inFlight--;
    this.recorder.record({intendedMs, startMs, endMs: performance.now(), ok: outcome.ok, cause: outcome.cause, tasks: outcome.tasks, taskHref: outcome.taskHref});
    if (outcome.ok) this.consecutiveFailures = 0;
    else {
      this.consecutiveFailures++;
      if (outcome.html) this.htmlFailures++;
      if (isFatal(outcome)) {
        this.fatal ??= outcome;
        this.stop('fatal');
      } else if (this.consecutiveFailures >= this.plan.maxConsecutiveFailures) this.stop('failures');
    }
  }

  private async workerLoop(): Promise<void> {
    const {plan} = this;
    const once = plan.runUntilTasks === undefined && plan.durationMs === undefined;
    do {
      if (!this.mayStart()) return;
      let intendedMs = performance.now();
      if (plan.ratePerSecond) {
        intendedMs = this.recorder.startedMs + (this.ticket++ * 1000) / plan.ratePerSecond;
        await this.sleepUntil(intendedMs);
        if (!this.mayStart()) return;
      }
      await this.oneRequest(intendedMs);
    } while (!once);
  }

  /** Runs the plan to its end; resolves with why it stopped. */
  async run(): Promise<StopReason> {
    const limiter = new Bottleneck({maxConcurrent: this.plan.workers});
    const loops = Array.from({length: this.plan.workers}, () => limiter.schedule(() => this.workerLoop()));
    await Promise.all(loops);
    await limiter.stop({dropWaitingJobs: false});
    this.stopReason ??= 'completed';
    return this.stopReason;
  }
}
