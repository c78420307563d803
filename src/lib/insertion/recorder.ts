/**
 * LoadRecorder: everything that happened in a load test, kept compactly — every request's latency (seconds, from
 * its intended start), kept apart for successful requests and for each failure cause; tasks reported; and a
 * per-second timeline.
 *
 * The timeline books a request's tasks across the time it was in flight, not at its end: a pulp-service test
 * endpoint call dispatches for ~25 s and reports ~2,700 tasks only when it answers, so booking them at the answer
 * would show bursts that never happened. Each successful request's count is spread evenly over its duration (each
 * second gets the share of the request that overlaps it), so a bucket's tasks are an estimate and need not be
 * whole; they add up to the tasks reported. Shares are not rounded to whole tasks: in a partial last bucket a few
 * milliseconds wide, one task more or less would change its rate by hundreds per second. Every bucket carries its
 * real width — the last one covers only the part of its second before the last answer — and its rate is divided by
 * that width.
 *
 * Every request is also kept in a RequestLog (typed arrays): the `.csv` rows, and each timeline bucket's latency
 * figures and histogram (successful requests that finished in the bucket; their percentiles by stats.ts, exact).
 */
import type {EncodedHistogram} from '../histogram.js';
import {groupedDurationFigures, type LatencyFigures, latencySummary, ratePerSecond} from '../stats.js';
import {isoMicros} from '../time.js';
import {resized} from '../typed-arrays.js';
import {RequestLog} from './request-log.js';

export interface RequestRecord {
  /** When the request was meant to start (= start, except with --rate), ms on the performance clock. */
  intendedMs: number;
  /** When it was actually sent (default: intendedMs); its tasks are spread from here to endMs. */
  startMs?: number;
  endMs: number;
  ok: boolean;
  cause?: string;
  tasks: number;
  taskHref?: string;
}

/** One bucket of the timeline: a second of the run, or the part of the last second before the last answer. */
export interface TimelineEntry {
  /** Seconds since the start at which the bucket begins. */
  t: number;
  /** Its real width in seconds (to the microsecond): 1, less for the last bucket. */
  seconds: number;
  /** Requests that finished (answered or failed) in the bucket. */
  requests: number;
  /** Of those, the ones that failed. */
  failed: number;
  /**
   * Tasks created during the bucket, estimated by spreading each request's reported count evenly over its duration
   * (fractional, to six decimals).
   */
  tasks: number;
  /** tasks / seconds. */
  tasksPerSecond: number;
}

/** The latency of the successful requests that finished in one timeline bucket (seconds). */
export interface BucketLatency {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  histogram: EncodedHistogram;
}

/** A timeline bucket in the result: its counts, its latency (null when no request succeeded in it), failures by cause. */
export interface TimelineBucket extends TimelineEntry {
  latency: BucketLatency | null;
  failures: Record<string, number>;
}

/** Requests that failed for one cause: how many, and how long they took (seconds). */
export interface FailureFigures {
  count: number;
  latency: LatencyFigures;
}

/** To six decimals: seconds to the microsecond (the clock's resolution), `0.2`, not `0.1999999999999993`. */
function millionths(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** A growing column of seconds. */
class SecondsColumn {
  private values = new Float64Array(64);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) this.values = resized(this.values, this.values.length * 2);
    this.values[this.length++] = value;
  }

  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

export class LoadRecorder {
  readonly startedMs: number;
  lastEndMs: number;
  total = 0;
  ok = 0;
  tasks = 0;
  /** Failed requests by cause. */
  readonly failures = new Map<string, number>();
  readonly taskHrefs: string[] = [];
  /** Every request, in typed arrays. */
  readonly requests = new RequestLog();
  private readonly failureLatencies = new Map<string, SecondsColumn>();
  /** Per second since the start: requests finished, of which failed, and the (fractional) tasks booked to it. */
  private readonly finishedPerSecond: number[] = [];
  private readonly failedPerSecond: number[] = [];
  private readonly taskSharePerSecond: number[] = [];
  private minTasksPerOk = Number.POSITIVE_INFINITY;
  private maxTasksPerOk = 0;

  constructor(startedMs = performance.now()) {
    this.startedMs = startedMs;
    this.lastEndMs = startedMs;
  }

  get failed(): number {
    return this.total - this.ok;
  }

  record(entry: RequestRecord): void {
    this.total++;
    const latency = Math.max(0, entry.endMs - entry.intendedMs) / 1000;
    this.lastEndMs = Math.max(this.lastEndMs, entry.endMs);
    const endSecond = this.sinceStart(entry.endMs);
    const second = Math.floor(endSecond);
    this.grow(second);
    this.finishedPerSecond[second]++;
    this.requests.add({intendedMs: entry.intendedMs, startMs: entry.startMs ?? entry.intendedMs, endMs: entry.endMs, ok: entry.ok, cause: entry.cause, tasks: entry.tasks});
    if (entry.ok) {
      this.ok++;
      this.tasks += entry.tasks;
      this.spreadTasks(entry.tasks, Math.min(this.sinceStart(entry.startMs ?? entry.intendedMs), endSecond), endSecond);
      this.minTasksPerOk = Math.min(this.minTasksPerOk, entry.tasks);
      this.maxTasksPerOk = Math.max(this.maxTasksPerOk, entry.tasks);
      if (entry.taskHref) this.taskHrefs.push(entry.taskHref);
    } else {
      this.failedPerSecond[second]++;
      const cause = entry.cause ?? 'error';
      this.failures.set(cause, (this.failures.get(cause) ?? 0) + 1);
      let column = this.failureLatencies.get(cause);
      if (!column) this.failureLatencies.set(cause, (column = new SecondsColumn()));
      column.push(latency);
    }
  }

  /** Seconds from the start to the last finished request. */
  get elapsedSeconds(): number {
    return (this.lastEndMs - this.startedMs) / 1000;
  }

  /** Seconds since the start (never negative). */
  private sinceStart(ms: number): number {
    return Math.max(0, ms - this.startedMs) / 1000;
  }

  private grow(second: number): void {
    while (this.finishedPerSecond.length <= second) {
      this.finishedPerSecond.push(0);
      this.failedPerSecond.push(0);
      this.taskSharePerSecond.push(0);
    }
  }

  /** Books `tasks` over [from, to] (seconds since the start), each second by its overlap; an instant goes whole. */
  private spreadTasks(tasks: number, from: number, to: number): void {
    if (tasks === 0) return;
    const span = to - from;
    if (span <= 0) {
      this.taskSharePerSecond[Math.floor(to)] += tasks;
      return;
    }
    for (let second = Math.floor(from); second < to; second++) {
      const overlap = Math.min(to, second + 1) - Math.max(from, second);
      if (overlap > 0) this.taskSharePerSecond[second] += (tasks * overlap) / span;
    }
  }

  /**
   * The timeline: one bucket per second up to the last answer, the last one as wide as the part of its second that
   * was run. An answer exactly at the end (an elapsed time of whole seconds) counts in the last bucket.
   */
  timelineEntries(): TimelineEntry[] {
    if (this.total === 0) return [];
    const elapsed = this.elapsedSeconds;
    const count = Math.max(1, Math.ceil(elapsed));
    const entries: TimelineEntry[] = [];
    for (let second = 0; second < this.finishedPerSecond.length; second++) {
      const index = Math.min(second, count - 1);
      if (index === entries.length) entries.push({t: index, seconds: Math.min(1, millionths(elapsed - index)), requests: 0, failed: 0, tasks: 0, tasksPerSecond: 0});
      const entry = entries[index];
      entry.requests += this.finishedPerSecond[second];
      entry.failed += this.failedPerSecond[second];
      entry.tasks += this.taskSharePerSecond[second];
    }
    for (const entry of entries) {
      entry.tasksPerSecond = ratePerSecond(entry.tasks, entry.seconds);
      entry.tasks = millionths(entry.tasks);
    }
    return entries;
  }

  /** Latency figures of each failure cause, most frequent first. */
  async failureFigures(): Promise<Record<string, FailureFigures>> {
    const causes = [...this.failures.entries()].sort((a, b) => b[1] - a[1]);
    const figures: Record<string, FailureFigures> = {};
    for (const [cause, count] of causes) figures[cause] = {count, latency: await latencySummary(this.failureLatencies.get(cause)!.view())};
    return figures;
  }

  /** Wall-clock time (ISO, µs) of a performance-clock instant. */
  wallClock(ms: number): string {
    return isoMicros(Math.round((performance.timeOrigin + ms) * 1000));
  }

  /**
   * The successful requests' latency figures and histogram, and per timeline bucket (the bucket a request finished
   * in): its latency figures and histogram and its failures by cause — from one sort (stats.ts).
   */
  async latencyByBucket(buckets: number) {
    const {requests} = this;
    const lastBucket = Math.max(0, buckets - 1);
    const bucketOf = (row: number) => Math.min(lastBucket, Math.floor(this.sinceStart(requests.endMs[row])));
    const values = new Float64Array(this.ok);
    const groupOf = new Uint32Array(this.ok);
    const failures: Array<Record<string, number>> = Array.from({length: buckets}, () => ({}));
    for (let row = 0, index = 0; row < requests.length; row++) {
      if (requests.ok(row)) {
        values[index] = requests.latencySeconds(row);
        groupOf[index++] = bucketOf(row);
      } else if (buckets > 0) {
        const counts = failures[bucketOf(row)];
        const cause = requests.causeOf(row);
        counts[cause] = (counts[cause] ?? 0) + 1;
      }
    }
    const figures = await groupedDurationFigures(values, groupOf, buckets, [0.5, 0.9, 0.99, 1], [], {histogram: true, groupHistograms: true});
    const {summary} = figures;
    const latency: LatencyFigures = {min: summary.min, mean: summary.mean, p50: summary.median, p90: summary.p90, p99: summary.p99, max: summary.max};
    const perBucket = figures.groups.map((group): BucketLatency | null => {
      if (group.count === 0) return null;
      const [p50, p90, p99, max] = group.quantiles as number[];
      return {count: group.count, p50, p90, p99, max, histogram: group.histogram!};
    });
    return {latency, histogram: figures.histogram!, perBucket, failures};
  }

  async summary() {
    const entries = this.timelineEntries();
    const byBucket = await this.latencyByBucket(entries.length);
    const timeline: TimelineBucket[] = entries.map((entry, index) => ({...entry, latency: byBucket.perBucket[index], failures: byBucket.failures[index]}));
    return {
      startedAt: this.wallClock(this.startedMs),
      endedAt: this.wallClock(this.lastEndMs),
      elapsedSeconds: this.elapsedSeconds,
      tasksCreated: this.tasks,
      tasksPerSecond: ratePerSecond(this.tasks, this.elapsedSeconds),
      requests: {
        total: this.total,
        ok: this.ok,
        failed: this.failed,
        failures: Object.fromEntries([...this.failures.entries()].sort((a, b) => b[1] - a[1])),
        perSecond: ratePerSecond(this.total, this.elapsedSeconds),
      },
      /** Successful requests only. */
      latency: byBucket.latency,
      /** The successful requests' latency histogram. */
      histograms: {latency: byBucket.histogram},
      failures: await this.failureFigures(),
      tasksPerRequest: {
        min: this.ok > 0 ? this.minTasksPerOk : null,
        mean: this.ok > 0 ? this.tasks / this.ok : null,
        max: this.ok > 0 ? this.maxTasksPerOk : null,
      },
      timeline,
    };
  }
}
