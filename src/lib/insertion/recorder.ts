/**
 * LoadRecorder: everything that happened in a load test, kept compactly — every request's latency (seconds,
 * from its intended start) and outcome, counts by failure cause, tasks reported, and a per-second timeline.
 */
import {latencySummary, ratePerSecond} from '../stats.js';
import {resized} from '../typed-arrays.js';

export interface RequestRecord {
  /** When the request was meant to start (= start, except with --rate), ms on the performance clock. */
  intendedMs: number;
  endMs: number;
  ok: boolean;
  cause?: string;
  tasks: number;
  taskHref?: string;
}

export interface TimelineEntry {
  /** Seconds since the start (the second this entry covers begins at t). */
  t: number;
  requests: number;
  failed: number;
  tasks: number;
}

export class LoadRecorder {
  readonly startedMs: number;
  lastEndMs: number;
  private latencies = new Float64Array(1024);
  total = 0;
  ok = 0;
  tasks = 0;
  readonly failures = new Map<string, number>();
  readonly taskHrefs: string[] = [];
  private readonly timeline: TimelineEntry[] = [];
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
    if (this.total === this.latencies.length) this.latencies = resized(this.latencies, this.latencies.length * 2);
    this.latencies[this.total++] = Math.max(0, entry.endMs - entry.intendedMs) / 1000;
    this.lastEndMs = Math.max(this.lastEndMs, entry.endMs);
    const second = Math.max(0, Math.floor((entry.endMs - this.startedMs) / 1000));
    while (this.timeline.length <= second) this.timeline.push({t: this.timeline.length, requests: 0, failed: 0, tasks: 0});
    const bucket = this.timeline[second];
    bucket.requests++;
    if (entry.ok) {
      this.ok++;
      this.tasks += entry.tasks;
      bucket.tasks += entry.tasks;
      this.minTasksPerOk = Math.min(this.minTasksPerOk, entry.tasks);
      this.maxTasksPerOk = Math.max(this.maxTasksPerOk, entry.tasks);
      if (entry.taskHref) this.taskHrefs.push(entry.taskHref);
    } else {
      bucket.failed++;
      const cause = entry.cause ?? 'error';
      this.failures.set(cause, (this.failures.get(cause) ?? 0) + 1);
    }
  }

  /** Seconds from the start to the last finished request. */
  get elapsedSeconds(): number {
    return (this.lastEndMs - this.startedMs) / 1000;
  }

  latencyValues(): Float64Array {
    return this.latencies.subarray(0, this.total);
  }

  timelineEntries(): TimelineEntry[] {
    return this.timeline.map((entry) => ({...entry}));
  }

  async summary() {
    return {
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
      latency: await latencySummary(this.latencyValues()),
      tasksPerRequest: {
        min: this.ok > 0 ? this.minTasksPerOk : null,
        mean: this.ok > 0 ? this.tasks / this.ok : null,
        max: this.ok > 0 ? this.maxTasksPerOk : null,
      },
      timeline: this.timelineEntries().map(({t, requests, tasks}) => ({t, requests, tasks})),
    };
  }
}
