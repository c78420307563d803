/**
 * Result documents shaped as schema/result-v1.json fixes them (`pulp-bench/result@1`), from synthetic but coherent data:
 * every figure is computed from the same values its histogram (src/lib/histogram.ts) encodes, timelines carry
 * per-second latency and failures, backlog points carry created/started/finished, byName rows a 24-slice sparkline.
 * Each is checked against schema/result-v1.json (and typed as src/lib/result/document.ts's documents), so it cannot
 * drift from what the commands write. Used by the HTML report's tests and bench/html-report.ts (1,000,000 tasks).
 */
import {emptyFetchFigures} from '../../src/lib/analysis/fetch-tasks.js';
import {histogramOfSortedSeconds} from '../../src/lib/histogram.js';
import {compareDocument, type CompareDocument, compareDocuments, compareScope, compareSubject} from '../../src/lib/report/compare.js';
import type {ReportDurationFigures} from '../../src/lib/report-html/types.js';
import {evaluateThresholds, parseThresholds, type ThresholdOutcome} from '../../src/lib/thresholds.js';
import type {AnalysisDocument, DemoDocument, InsertionDocument, ResultMeta} from '../../src/lib/result/document.js';
import {summariseStatus} from '../../src/lib/status.js';
import type {ServerStats} from '../../src/lib/telemetry/insertion-telemetry.js';
import {assertValidResult} from './result-schema.js';
import {statusFixture} from './status-fixture.js';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function logNormal(next: () => number, median: number, sigma: number): number {
  const u = Math.max(next(), 1e-12);
  const v = next();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

const micro = (value: number) => Math.round(value * 1e6) / 1e6;
const rate = (value: number) => Math.round(value * 1e9) / 1e9;

/** Linear interpolation between closest ranks (R type 7), on sorted values. */
function percentile(sorted: Float64Array, fraction: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * fraction;
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return micro(sorted[low] + (sorted[high] - sorted[low]) * (position - low));
}

function durationFigures(values: Float64Array): ReportDurationFigures & {std: number | null; waited: number; p999: number | null} {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  let waited = 0;
  for (const value of sorted) {
    sum += value;
    if (value > 0) waited++;
  }
  const mean = sorted.length > 0 ? sum / sorted.length : null;
  let squares = 0;
  if (mean !== null) for (const value of sorted) squares += (value - mean) ** 2;
  return {
    count: sorted.length,
    mean: mean === null ? null : micro(mean),
    median: percentile(sorted, 0.5),
    min: sorted.length > 0 ? micro(sorted[0]) : null,
    max: sorted.length > 0 ? micro(sorted.at(-1)!) : null,
    std: sorted.length > 1 ? micro(Math.sqrt(squares / (sorted.length - 1))) : null,
    p90: percentile(sorted, 0.9),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    p999: percentile(sorted, 0.999),
    waited,
  };
}

function meta(command: string, startedAt: Date, endedAt: Date): ResultMeta {
  return {
    tool: {name: 'pulp-bench', version: '0.1.0', node: process.version},
    command,
    argv: ['--api-root', 'http://127.0.0.1:24817/api', '--password', '<redacted>', '--json'],
    startedAt: startedAt.toISOString().replace('Z', '000Z'),
    endedAt: endedAt.toISOString().replace('Z', '000Z'),
    host: 'bench-host',
    // The status summary the commands make of a pulpcore 3.116 status answer.
    server: {apiRoot: 'http://127.0.0.1:24817/api', status: summariseStatus(statusFixture() as never)},
  };
}

/** Fixtures cannot drift from real documents: every one is checked against schema/result-v1.json. */
function valid<T>(document: T): T {
  assertValidResult(document);
  return document;
}

/**
 * The server's side of a load of `seconds` (telemetry/insertion-telemetry.ts's ServerStats): a queue that fills while
 * `ingest` tasks/s arrive and `workers` workers finish `processing` tasks/s, then drains after the load.
 */
export function serverFixture(options: {seconds: number; ingest: number; processing: number; workers: number; intervalSeconds?: number; loadEndedAt: Date}): ServerStats {
  const interval = options.intervalSeconds ?? 2;
  const timeline: ServerStats['timeline'] = [{t: -0.2, waiting: 3, running: 1, workersOnline: options.workers}];
  let waiting = 3;
  let t = 0;
  let drainedAt: number | null = null;
  while (t < options.seconds + 600) {
    t += interval;
    const arriving = t <= options.seconds ? options.ingest * interval : 0;
    waiting = Math.max(0, waiting + arriving - options.processing * interval);
    const running = waiting > 0 ? options.workers : Math.min(options.workers, Math.round(arriving / interval)) || 1;
    timeline.push({t: micro(t), waiting: Math.round(waiting), running, workersOnline: options.workers});
    if (t > options.seconds && Math.round(waiting) + running <= 4) {
      drainedAt = t;
      break;
    }
  }
  const maxWaiting = Math.max(...timeline.map((entry) => entry.waiting ?? 0));
  const utilisation = timeline.reduce((sum, entry) => sum + (entry.running ?? 0) / (entry.workersOnline ?? 1), 0) / timeline.length;
  const iso = (offset: number) => new Date(options.loadEndedAt.getTime() + offset * 1000).toISOString().replace('Z', '000Z');
  const tasksCreated = Math.round(options.ingest * options.seconds);
  return {
    enabled: true,
    endpoint: 'http://127.0.0.1:24817/api/pulp/admin/tasks/',
    intervalSeconds: interval,
    timeline,
    baselineWaiting: 3,
    baselineRunning: 1,
    maxWaiting,
    finalWaiting: timeline.at(-1)!.waiting,
    tasksCreated,
    ingestRate: rate(tasksCreated / options.seconds),
    tasksFinished: tasksCreated,
    processingRate: rate(tasksCreated / (drainedAt ?? t)),
    loadEndedAt: iso(0),
    drainedAt: drainedAt === null ? null : iso(drainedAt - options.seconds),
    drainSeconds: drainedAt === null ? null : micro(drainedAt - options.seconds),
    drainReason: drainedAt === null ? 'the backlog had not drained after --drain-timeout 600 s' : null,
    interrupted: false,
    workerUtilisation: rate(utilisation),
    requests: timeline.length * 3 + 2,
    failedSamples: 0,
    notes: [],
  };
}

export const HOSTILE_NAME = `</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">\u2028&amp;`;

export interface InsertionFixtureOptions {
  seconds?: number;
  workers?: number;
  seed?: number;
  /** Share of requests that fail. */
  failureRate?: number;
}

export async function insertionFixture(options: InsertionFixtureOptions = {}): Promise<InsertionDocument> {
  const seconds = options.seconds ?? 60;
  const workers = options.workers ?? 8;
  const next = random(options.seed ?? 7);
  const failureRate = options.failureRate ?? 0.03;
  const start = new Date(Date.UTC(2026, 11, 1, 17, 0, 0, 123));
  // Requests back to back on each worker; latency grows in the middle of the run (a backlog building up).
  const all: number[] = [];
  const perSecond = Array.from({length: Math.ceil(seconds)}, () => ({latencies: [] as number[], failures: {} as Record<string, number>, requests: 0, tasks: 0}));
  const failures: Record<string, number> = {};
  let tasksCreated = 0;
  for (let worker = 0; worker < workers; worker++) {
    let at = next() * 0.05;
    while (at < seconds) {
      const load = 1 + 1.5 * Math.exp(-(((at / seconds - 0.55) / 0.15) ** 2));
      const latency = micro(Math.min(logNormal(next, 0.09 * load, 0.35), 20));
      const end = at + latency;
      const slot = Math.min(perSecond.length - 1, Math.floor(end));
      const bucket = perSecond[slot];
      bucket.requests++;
      if (next() < failureRate * load) {
        const cause = next() < 0.6 ? 'timeout' : next() < 0.5 ? 'http-503' : 'connection-reset';
        bucket.failures[cause] = (bucket.failures[cause] ?? 0) + 1;
        failures[cause] = (failures[cause] ?? 0) + 1;
      } else {
        bucket.latencies.push(latency);
        all.push(latency);
        const tasks = 1 + Math.floor(next() * 4);
        bucket.tasks += tasks;
        tasksCreated += tasks;
      }
      at = end;
    }
  }
  const elapsedSeconds = micro(Math.max(seconds, ...perSecond.map((_, index) => index)) + 0.0421);
  const timeline = [];
  for (const [index, bucket] of perSecond.entries()) {
    const width = index === perSecond.length - 1 ? micro(elapsedSeconds - index) : 1;
    const sorted = Float64Array.from(bucket.latencies).sort();
    const failed = Object.values(bucket.failures).reduce((sum, value) => sum + value, 0);
    timeline.push({
      t: index,
      seconds: width,
      requests: bucket.requests,
      failed,
      tasks: bucket.tasks,
      tasksPerSecond: rate(bucket.tasks / width),
      latency: sorted.length === 0 ? null : {count: sorted.length, p50: percentile(sorted, 0.5)!, p90: percentile(sorted, 0.9)!, p99: percentile(sorted, 0.99)!, max: micro(sorted.at(-1)!), histogram: await histogramOfSortedSeconds(sorted)},
      failures: bucket.failures,
    });
  }
  const sorted = Float64Array.from(all).sort();
  const figures = durationFigures(sorted);
  const total = perSecond.reduce((sum, bucket) => sum + bucket.requests, 0);
  const failed = Object.values(failures).reduce((sum, value) => sum + value, 0);
  const endedAt = new Date(start.getTime() + elapsedSeconds * 1000);
  return valid({
    schema: 'pulp-bench/result@1',
    kind: 'insertion',
    meta: meta('test-task-insertion', start, endedAt),
    target: 'http://127.0.0.1:24817/api/pulp/test/tasks/?timeout=30',
    targetKind: 'test-tasks',
    method: 'POST',
    workers,
    rate: null,
    stop: {runUntil: null, durationSeconds: seconds},
    startedAt: start.toISOString(),
    endedAt: endedAt.toISOString(),
    elapsedSeconds,
    tasksCreated,
    tasksPerSecond: rate(tasksCreated / elapsedSeconds),
    requests: {total, ok: total - failed, failed, failures, perSecond: rate(total / elapsedSeconds)},
    latency: {min: figures.min, mean: figures.mean, p50: figures.median, p90: figures.p90, p99: figures.p99, max: figures.max},
    failures: Object.fromEntries(Object.entries(failures).map(([cause, value]) => [cause, {count: value, latency: {min: null, mean: null, p50: null, p90: null, p99: null, max: null}}])),
    tasksPerRequest: {min: 1, mean: rate(tasksCreated / Math.max(1, total - failed)), max: 4},
    timeline,
    interrupted: false,
    stoppedBy: 'duration',
    abandoned: 0,
    thresholds: <ThresholdOutcome[]>[
      {expression: 'latency.p99 > 30 s', crossed: false, values: {'latency.p99': figures.p99}, units: {'latency.p99': 's'}},
      {expression: 'requests.failed / requests.total > 0.01', crossed: failed / total > 0.01, values: {'requests.failed': failed, 'requests.total': total}, units: {}},
    ],
    histograms: {latency: await histogramOfSortedSeconds(sorted)},
    server: serverFixture({seconds: elapsedSeconds, ingest: (tasksCreated / elapsedSeconds), processing: (tasksCreated / elapsedSeconds) * 0.6, workers: 8, loadEndedAt: endedAt}),
  });
}

export interface AnalysisFixtureOptions {
  tasks?: number;
  hours?: number;
  seed?: number;
  /** Include a task name made to break out of HTML and <script> (default true). */
  hostileName?: boolean;
}

const NAMES = ['pulp_rpm.app.tasks.synchronizing.synchronize', 'pulpcore.app.tasks.base.general_update', 'pulp_service.app.tasks.util.no_op_task', 'pulp_file.app.tasks.synchronizing.synchronize', 'pulpcore.app.tasks.purge.purge'];

export async function analysisFixture(options: AnalysisFixtureOptions = {}): Promise<AnalysisDocument> {
  const count = options.tasks ?? 20_000;
  const hours = options.hours ?? 2;
  const next = random(options.seed ?? 11);
  const names = options.hostileName === false ? NAMES : [...NAMES, HOSTILE_NAME];
  const until = Date.UTC(2026, 11, 1, 18, 0, 0, 0) / 1000;
  const windowSeconds = hours * 3600;
  const since = until - windowSeconds;
  const created = new Float64Array(count);
  const wait = new Float64Array(count);
  const blocked = new Float64Array(count);
  const queue = new Float64Array(count);
  const run = new Float64Array(count);
  const nameOf = new Uint8Array(count);
  for (let index = 0; index < count; index++) {
    // A busy hour in the middle of the window.
    const busy = next() < 0.4;
    created[index] = since + (busy ? windowSeconds * (0.4 + 0.2 * next()) : windowSeconds * next());
    nameOf[index] = Math.min(names.length - 1, Math.floor(next() ** 1.6 * names.length));
    blocked[index] = micro(next() < 0.3 ? logNormal(next, 2, 1.5) : next() * 0.01);
    queue[index] = micro(logNormal(next, busy ? 20 : 1.5, 1.2) - (next() < 0.01 ? 3 : 0));
    wait[index] = micro(blocked[index] + queue[index]);
    run[index] = micro(logNormal(next, nameOf[index] === 0 ? 40 : 0.4, 1));
  }
  const started = created.map((value, index) => value + wait[index]);
  const finished = started.map((value, index) => value + run[index]);
  // Tasks still running or waiting at the window's end are not analyzed (state running / waiting).
  const done = Uint8Array.from(finished, (value) => (value <= until ? 1 : 0));
  const pick = (values: Float64Array) => values.filter((_, index) => done[index] === 1);
  const analyzed = done.reduce((sum, value) => sum + value, 0);
  const sortedOf = (values: Float64Array) => pick(values).sort();
  const [waitSorted, blockedSorted, queueSorted, runSorted] = [wait, blocked, queue, run].map(sortedOf);
  const bucket = [1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600].find((size) => windowSeconds / size <= 60) ?? 3600;
  const points = Math.floor(windowSeconds / bucket) + 1;
  const backlog = Array.from({length: points}, (_, index) => ({t: index * bucket, at: new Date((since + index * bucket) * 1000).toISOString(), waiting: 0, running: 0, created: 0, started: 0, finished: 0}));
  const sparklines = names.map(() => Array.from({length: 24}, () => 0));
  const nameRows = names.map(() => ({count: 0, waits: [] as number[], runs: [] as number[]}));
  for (let index = 0; index < count; index++) {
    const slot = (time: number) => Math.floor((time - since) / bucket);
    const [c, s, f] = [slot(created[index]), slot(started[index]), slot(finished[index])];
    if (c < points) backlog[c].created++;
    if (s < points) backlog[s].started++;
    if (f < points) backlog[f].finished++;
    // Waiting at boundary k when created < k ≤ started; running when started < k ≤ finished.
    for (let k = c + 1; k <= Math.min(s, points - 1); k++) backlog[k].waiting++;
    for (let k = s + 1; k <= Math.min(f, points - 1); k++) backlog[k].running++;
    const name = nameOf[index];
    sparklines[name][Math.min(23, Math.floor(((created[index] - since) / windowSeconds) * 24))]++;
    nameRows[name].count++;
    if (done[index]) {
      nameRows[name].waits.push(wait[index]);
      nameRows[name].runs.push(run[index]);
    }
  }
  const byName = names
    .map((name, index) => {
      const waits = Float64Array.from(nameRows[index].waits).sort();
      const runs = Float64Array.from(nameRows[index].runs).sort();
      return {name, count: nameRows[index].count, analyzed: waits.length, waitP50: percentile(waits, 0.5), waitP95: percentile(waits, 0.95), runP50: percentile(runs, 0.5), sparkline: sparklines[index]};
    })
    .sort((a, b) => b.count - a.count);
  const waitFigures = durationFigures(waitSorted);
  const edges: Array<[string, number | null, number | null]> = [['<0s', null, 0], ['0–1 s', 0, 1], ['1–5 s', 1, 5], ['5–30 s', 5, 30], ['30 s–1 m', 30, 60], ['1–5 m', 60, 300], ['5–15 m', 300, 900], ['15–60 m', 900, 3600], ['>1 h', 3600, null]];
  const distribution = edges.map(([label, from, to]) => ({label, from, to, count: waitSorted.filter((value) => (from === null || value >= from) && (to === null || value < to)).length}));
  const notDone = count - analyzed;
  const failed = Math.round(analyzed * 0.02);
  return valid({
    schema: 'pulp-bench/result@1',
    kind: 'analysis',
    meta: meta('task-analysis', new Date(until * 1000 + 500), new Date(until * 1000 + 5200)),
    window: {since: new Date(since * 1000).toISOString().replace('Z', '000Z'), until: new Date(until * 1000).toISOString().replace('Z', '000Z')},
    endpoint: 'http://127.0.0.1:24817/api/pulp/admin/tasks/',
    filters: {taskName: null, states: []},
    total: count,
    states: {completed: analyzed - failed, failed, running: Math.ceil(notDone / 3), waiting: notDone - Math.ceil(notDone / 3)},
    analyzed,
    throughput: {tasks: analyzed, windowSeconds, tasksPerSecond: rate(analyzed / windowSeconds)},
    waitTime: waitFigures,
    blockedTime: durationFigures(blockedSorted),
    queueTime: durationFigures(queueSorted),
    runTime: durationFigures(runSorted),
    distribution,
    byName,
    backlogBucketSeconds: bucket,
    backlog,
    thresholds: <ThresholdOutcome[]>[{expression: 'waitTime.p95 > 60 s', crossed: (waitFigures.p95 ?? 0) > 60, values: {'waitTime.p95': waitFigures.p95}, units: {'waitTime.p95': 's'}}],
    fetch: {...emptyFetchFigures(), pages: Math.ceil(count / 1000), requests: Math.ceil(count / 1000) + 1, expected: count, received: count, seconds: 4.2},
    statisticsSeconds: 0.05,
    histograms: {
      waitTime: await histogramOfSortedSeconds(waitSorted),
      blockedTime: await histogramOfSortedSeconds(blockedSorted),
      queueTime: await histogramOfSortedSeconds(queueSorted),
      runTime: await histogramOfSortedSeconds(runSorted),
    },
  });
}

export async function demoFixture(): Promise<DemoDocument> {
  const insertion = await insertionFixture({seconds: 10, workers: 4});
  const analysis = await analysisFixture({tasks: 2000});
  const body = <T extends {schema: string; kind: string; meta?: ResultMeta}>(document: T): Omit<T, 'schema' | 'kind' | 'meta'> => {
    const copy: Partial<T> = {...document};
    delete copy.schema;
    delete copy.kind;
    delete copy.meta;
    return copy as Omit<T, 'schema' | 'kind' | 'meta'>;
  };
  const insertionBody = body(insertion);
  const analysisBody = body(analysis);
  const analysisMeta = analysis.meta;
  return valid({schema: 'pulp-bench/result@1', kind: 'demo', meta: {...analysisMeta!, command: 'demo'}, simulator: {apiRoot: 'http://127.0.0.1:35903/api', username: 'admin'}, insertion: insertionBody, analysis: analysisBody});
}

/**
 * A `report compare` document (pulp-bench/compare@1) made by the report commands' own functions from two insertion
 * fixtures — the new run slower — with `--fail-if` gates, one held and one crossed.
 */
export async function compareFixture(options: {baseFile?: string} = {}): Promise<CompareDocument> {
  const base = await insertionFixture({seconds: 20, seed: 3});
  const slower = await insertionFixture({seconds: 20, seed: 5, failureRate: 0.06});
  const next = {...slower, latency: Object.fromEntries(Object.entries(slower.latency).map(([key, value]) => [key, value === null ? null : value * 1.5])) as unknown as typeof slower.latency};
  const figures = compareDocuments(base as never, next as never);
  const subject = compareSubject(figures);
  const thresholds = parseThresholds(['delta.latency.p99 > 20%', 'change.tasksPerSecond < -1000'], subject);
  const outcomes = evaluateThresholds(thresholds, compareScope(figures), subject);
  return compareDocument({file: options.baseFile ?? 'base.json', document: base as never}, {file: 'new.json', document: next as never}, figures, outcomes);
}
