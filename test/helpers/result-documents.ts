/** Result documents built in-process from the real builders (no server), for unit tests of documents and outputs. */
import {analyzeTasks} from '../../src/lib/analysis/analyze.js';
import {TaskColumns} from '../../src/lib/analysis/columns.js';
import {emptyFetchFigures} from '../../src/lib/analysis/fetch-tasks.js';
import type {AnalysisResult} from '../../src/lib/analysis/run-analysis.js';
import {LoadRecorder} from '../../src/lib/insertion/recorder.js';
import {buildInsertionResult, type InsertionResult} from '../../src/lib/insertion/report.js';
import {type AnalysisDocument, type InsertionDocument, resultDocument} from '../../src/lib/result/document.js';
import {buildMeta} from '../../src/lib/result/meta.js';
import {documentJson} from '../../src/lib/render/json.js';
import {summariseStatus} from '../../src/lib/status.js';
import {statusFixture} from './status-fixture.js';
import {iso} from './task-list.js';

const SINCE = Date.UTC(2026, 10, 1) * 1000;

export const testMeta = (command: string) =>
  buildMeta({
    command,
    argv: ['--api-root', 'https://admin:pw@pulp.example.com/api', '--password', 'pw-secret', '--json'],
    version: '0.1.0',
    startedUs: SINCE,
    server: {apiRoot: 'https://pulp.example.com/api', status: summariseStatus(statusFixture() as never)},
  }, SINCE + 5e6);

/** A recorder with ok and failed requests over ~3 s. */
export function sampleRecorder(): LoadRecorder {
  const recorder = new LoadRecorder(0);
  for (let index = 0; index < 40; index++) {
    const start = index * 60;
    recorder.record({intendedMs: start, endMs: start + 100 + (index % 9) * 50, ok: index % 8 !== 3, cause: index % 8 === 3 ? 'http-503' : undefined, tasks: index % 8 === 3 ? 0 : 25});
  }
  return recorder;
}

export async function sampleInsertion(): Promise<InsertionResult> {
  return buildInsertionResult(sampleRecorder(), {
    target: {kind: 'test-tasks', url: 'https://pulp.example.com/api/pulp/test/tasks/', method: 'POST', answers: 'tasks-executed', authenticated: false, searchParams: {timeout: '1'}},
    workers: 4,
    stoppedBy: 'completed',
  });
}

/** Task columns: 300 tasks over an hour, two names, a few failed. */
export function sampleColumns(): TaskColumns {
  const columns = new TaskColumns();
  for (let index = 0; index < 300; index++) {
    const created = SINCE + index * 12e6;
    columns.add({
      pulp_created: iso(created),
      unblocked_at: iso(created + 1000),
      started_at: iso(created + (index % 30) * 1e6),
      finished_at: iso(created + (index % 30) * 1e6 + 2e6),
      state: index % 15 === 0 ? 'failed' : 'completed',
      name: index % 3 === 0 ? 'sync' : 'noop',
    });
  }
  return columns;
}

export async function sampleAnalysis(columns = sampleColumns()): Promise<AnalysisResult> {
  const window = {sinceUs: SINCE, untilUs: SINCE + 3600e6};
  return {
    window: {since: iso(window.sinceUs), until: iso(window.untilUs)},
    endpoint: 'https://pulp.example.com/api/pulp/admin/tasks/',
    filters: {taskName: null, states: []},
    ...(await analyzeTasks(columns, window, 'human')),
    fetch: emptyFetchFigures(),
    statisticsSeconds: 0.01,
  };
}

/** A document as a file or --json has it: serialized by documentJson, parsed back. */
export const asWritten = <T>(document: T): T => JSON.parse(documentJson(document)) as T;

export async function sampleDocuments(): Promise<{insertion: InsertionDocument; analysis: AnalysisDocument}> {
  return {
    insertion: resultDocument('insertion', testMeta('test-task-insertion'), await sampleInsertion()),
    analysis: resultDocument('analysis', testMeta('task-analysis'), await sampleAnalysis()),
  };
}
