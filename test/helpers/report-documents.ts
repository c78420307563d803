/**
 * Result documents (spec-12 `pulp-bench/result@1`) for the report tests, built from what today's commands produce
 * plus the fields the spec adds — STAND-IN until the doc helper's writer (--output, per-request CSV) is merged:
 * - insertion: from the request records a LoadRecorder saw (captured in-process, or made up), the recorder's own
 *   InsertionResult plus startedAt/endedAt, per-bucket latency and failures, and the latency histogram;
 * - analysis: from `task-analysis --json` and its `--csv` rows (the durations of exactly the analyzed tasks).
 */
import {readFileSync} from 'node:fs';

import {histogramOfSeconds} from '../../src/lib/histogram.js';
import {LoadRecorder, type RequestRecord} from '../../src/lib/insertion/recorder.js';
import {buildInsertionResult, type InsertionResult} from '../../src/lib/insertion/report.js';
import type {LoadTarget} from '../../src/lib/insertion/targets.js';
import type {AnalysisDocument, InsertionDocument, ResultMeta} from '../../src/lib/report/document-types.js';
import {documentJson} from '../../src/lib/render/json.js';
import {quantiles} from '../../src/lib/stats.js';
import {isoMicros, timestampMicros} from '../../src/lib/time.js';

/** Captures every request a recorder records (the recorder still records them). */
export function captureRequests(recorder: LoadRecorder): RequestRecord[] {
  const records: RequestRecord[] = [];
  const record = recorder.record.bind(recorder);
  recorder.record = (entry) => {
    records.push(entry);
    record(entry);
  };
  return records;
}

/** The latency (seconds) the recorder books for a request. */
export const latencyOf = (entry: RequestRecord) => Math.max(0, entry.endMs - entry.intendedMs) / 1000;

export function meta(command: string, startedAt: string, endedAt: string, host = 'test-host', apiRoot = 'http://127.0.0.1/api'): ResultMeta {
  return {tool: {name: 'pulp-bench', version: '0.1.0', node: process.version}, command, argv: [], startedAt, endedAt, host, server: {apiRoot, status: null}};
}

/** The document as a file holds it (numbers rounded as --json writes them). */
export const asWritten = <T>(document: T): T => JSON.parse(documentJson(document)) as T;

/**
 * An insertion document from a recorder's result and the requests it recorded; `originMs` maps the recorder's
 * performance-clock milliseconds to the wall clock (performance.timeOrigin for a real run).
 */
export async function insertionDocument(result: InsertionResult, recorder: {startedMs: number; lastEndMs: number}, records: RequestRecord[], options: {originMs?: number; host?: string} = {}): Promise<InsertionDocument> {
  const originMs = options.originMs ?? performance.timeOrigin;
  const wall = (ms: number) => isoMicros(Math.round((originMs + ms) * 1000));
  const buckets = result.timeline.map(() => ({latencies: [] as number[], failures: {} as Record<string, number>}));
  for (const entry of records) {
    const index = Math.min(buckets.length - 1, Math.floor(Math.max(0, entry.endMs - recorder.startedMs) / 1000));
    if (entry.ok) buckets[index].latencies.push(latencyOf(entry));
    else buckets[index].failures[entry.cause ?? 'error'] = (buckets[index].failures[entry.cause ?? 'error'] ?? 0) + 1;
  }
  const timeline = await Promise.all(
    result.timeline.map(async (entry, index) => {
      const {latencies, failures} = buckets[index];
      if (latencies.length === 0) return {...entry, latency: null, failures};
      const [p50, p90, p99, max] = quantiles(latencies, [0.5, 0.9, 0.99, 1]) as number[];
      return {...entry, latency: {count: latencies.length, p50, p90, p99, max, histogram: await histogramOfSeconds(latencies)}, failures};
    }),
  );
  const startedAt = wall(recorder.startedMs);
  const endedAt = wall(recorder.lastEndMs);
  return asWritten({
    schema: 'pulp-bench/result@1',
    kind: 'insertion',
    meta: meta('test-task-insertion', startedAt, endedAt, options.host),
    ...result,
    startedAt,
    endedAt,
    timeline,
    histograms: {latency: await histogramOfSeconds(records.filter((entry) => entry.ok).map(latencyOf))},
  });
}

const FAKE_TARGET: LoadTarget = {kind: 'test-tasks', url: 'http://127.0.0.1/api/pulp/test/tasks/', method: 'POST', answers: 'tasks-executed', authenticated: false};

/** A made-up insertion run: `records` on a recorder started at 0 ms, mapped to the wall clock at `originMs`. */
export async function syntheticInsertion(records: RequestRecord[], originMs: number, host = 'test-host'): Promise<InsertionDocument> {
  const recorder = new LoadRecorder(0);
  for (const entry of records) recorder.record(entry);
  const result = await buildInsertionResult(recorder, {target: FAKE_TARGET, workers: 4, stoppedBy: 'completed'});
  return insertionDocument(result, recorder, records, {originMs, host});
}

/** An analysis document from `task-analysis --json` output and the rows of its `--csv` file. */
export async function analysisDocument(jsonText: string, csvFile: string, run: {startedAt: string; endedAt: string; host?: string}): Promise<AnalysisDocument> {
  const result = JSON.parse(jsonText) as Omit<AnalysisDocument, 'schema' | 'kind' | 'meta' | 'histograms'>;
  const rows = readFileSync(csvFile, 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const column = (index: number) => rows.map((row) => row[index]).filter((value) => value !== '').map(Number);
  const sinceUs = timestampMicros(result.window.since);
  const untilUs = timestampMicros(result.window.until);
  const step = result.backlogBucketSeconds * 1e6;
  const backlog = result.backlog.map((point) => ({...point, created: 0, started: 0, finished: 0}));
  const sparklines = new Map<string, number[]>();
  const slot = (us: number) => Math.floor((us - sinceUs) / step);
  for (const row of rows) {
    const createdUs = timestampMicros(row[0]);
    const startedUs = createdUs + Number(row[3]) * 1e6;
    const finishedUs = startedUs + Number(row[6]) * 1e6;
    for (const [key, us] of [['created', createdUs], ['started', startedUs], ['finished', finishedUs]] as const) {
      const point = backlog[slot(us)];
      if (point) point[key]++;
    }
    const line = sparklines.get(row[1]) ?? Array.from({length: 24}, () => 0);
    line[Math.min(23, Math.floor(((createdUs - sinceUs) / (untilUs - sinceUs)) * 24))]++;
    sparklines.set(row[1], line);
  }
  return asWritten({
    schema: 'pulp-bench/result@1',
    kind: 'analysis',
    meta: meta('task-analysis', run.startedAt, run.endedAt, run.host),
    ...result,
    backlog,
    byName: result.byName.map((row) => ({...row, sparkline: sparklines.get(row.name) ?? Array.from({length: 24}, () => 0)})),
    histograms: {waitTime: await histogramOfSeconds(column(3)), blockedTime: await histogramOfSeconds(column(4)), queueTime: await histogramOfSeconds(column(5)), runTime: await histogramOfSeconds(column(6))},
  });
}
