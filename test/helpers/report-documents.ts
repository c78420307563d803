/**
 * Made-up insertion result documents for the unit tests of the report commands, where a hand-picked set of requests
 * is clearer than a run: the real recorder and builders (LoadRecorder, buildInsertionResult, resultDocument) over the
 * given requests, with the recorder's clock mapped to a chosen wall-clock origin, as a file holds the document.
 * The integration tests (test/integration/report.test.ts) use real runs and their --output files instead.
 */
import {LoadRecorder, type RequestRecord} from '../../src/lib/insertion/recorder.js';
import {buildInsertionResult} from '../../src/lib/insertion/report.js';
import type {LoadTarget} from '../../src/lib/insertion/targets.js';
import {asWritten} from '../../src/lib/render/json.js';
import {type InsertionDocument, resultDocument, type ResultMeta} from '../../src/lib/result/document.js';
import type {ServerStats} from '../../src/lib/telemetry/insertion-telemetry.js';
import {isoMicros} from '../../src/lib/time.js';

/** The latency (seconds) the recorder books for a request. */
export const latencyOf = (entry: RequestRecord) => Math.max(0, entry.endMs - entry.intendedMs) / 1000;

export function meta(command: string, startedAt: string, endedAt: string, host = 'test-host', apiRoot = 'http://127.0.0.1/api'): ResultMeta {
  return {tool: {name: 'pulp-bench', version: '0.1.0', node: process.version}, command, argv: [], startedAt, endedAt, host, server: {apiRoot, status: null}};
}

const FAKE_TARGET: LoadTarget = {kind: 'test-tasks', url: 'http://127.0.0.1/api/pulp/test/tasks/', method: 'POST', answers: 'tasks-executed', authenticated: false};

/** A made-up insertion run: `records` on a recorder started at 0 ms, whose 0 ms is `originMs` on the wall clock. */
export async function syntheticInsertion(records: RequestRecord[], originMs: number, host = 'test-host'): Promise<InsertionDocument> {
  const recorder = new LoadRecorder(0);
  recorder.wallClock = (ms: number) => isoMicros(Math.round((originMs + ms) * 1000));
  for (const entry of records) recorder.record(entry);
  const result = await buildInsertionResult(recorder, {target: FAKE_TARGET, workers: 4, stoppedBy: 'completed'});
  return asWritten(resultDocument('insertion', meta('test-task-insertion', result.startedAt, result.endedAt, host), result));
}

/** A server view (test-task-insertion --server-stats) with samples at the given seconds since the load started. */
export function serverStats(times: number[], figures: Partial<ServerStats> = {}): ServerStats {
  const waiting = times.map((_, index) => (index * 7) % 11);
  return {
    enabled: true,
    endpoint: 'http://127.0.0.1/api/pulp/api/v3/tasks/',
    intervalSeconds: 1,
    timeline: times.map((t, index) => ({t, waiting: waiting[index], running: 2, workersOnline: 2})),
    baselineWaiting: waiting[0],
    baselineRunning: 2,
    maxWaiting: Math.max(...waiting),
    finalWaiting: waiting.at(-1)!,
    tasksCreated: 300,
    ingestRate: 100,
    tasksFinished: 290,
    processingRate: 48.3,
    loadEndedAt: '2026-12-01T17:00:03.000000Z',
    drainedAt: null,
    drainSeconds: null,
    drainReason: null,
    interrupted: false,
    workerUtilisation: 1,
    requests: 3 * times.length,
    failedSamples: 0,
    notes: [],
    ...figures,
  };
}
