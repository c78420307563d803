/**
 * One analysis from flags to result document: pick the task-list endpoint for the layout, fetch the window,
 * compute the statistics. Used by `task-analysis` and `demo`.
 */
import type {PulpClient} from '../client.js';
import {isoMicros} from '../time.js';
import {analyzeTasks, type Analysis, type BinScheme} from './analyze.js';
import type {TaskColumns} from './columns.js';
import {fetchTasks, type FetchProgress, type SliceReport} from './fetch-tasks.js';
import type {AnalysisWindow} from './window.js';

export interface AnalysisOptions {
  window: AnalysisWindow;
  /** The task list to read: stock, domain or admin form. */
  endpoint: string;
  taskName?: string;
  states?: string[];
  pageSize: number;
  concurrency: number;
  bins: BinScheme;
  onPage?: (progress: FetchProgress) => void;
}

export interface AnalysisResult extends Analysis {
  window: {since: string; until: string};
  endpoint: string;
  filters: {taskName: string | null; states: string[]};
  fetch: {pages: number; slices: number; seconds: number; mismatches: SliceReport[]};
}

export interface AnalysisOutcome {
  result: AnalysisResult;
  columns: TaskColumns;
}

/** Which task list to read: the admin list (all domains), a domain's list, or the stock one. */
export function analysisEndpoint(client: PulpClient, options: {allDomains: boolean; domain?: string}): string {
  if (options.allDomains) return client.urls.adminTasks();
  return client.urls.tasks(options.domain);
}

export async function runAnalysis(client: PulpClient, options: AnalysisOptions): Promise<AnalysisOutcome> {
  const started = performance.now();
  const fetched = await fetchTasks(client, {
    url: options.endpoint,
    window: options.window,
    pageSize: options.pageSize,
    concurrency: options.concurrency,
    taskName: options.taskName,
    states: options.states,
    onPage: options.onPage,
  });
  const seconds = (performance.now() - started) / 1000;
  const analysis = await analyzeTasks(fetched.columns, options.window, options.bins);
  return {
    columns: fetched.columns,
    result: {
      window: {since: isoMicros(options.window.sinceUs), until: isoMicros(options.window.untilUs)},
      endpoint: options.endpoint,
      filters: {taskName: options.taskName ?? null, states: options.states ?? []},
      ...analysis,
      fetch: {pages: fetched.pages, slices: fetched.slices, seconds, mismatches: fetched.mismatches},
    },
  };
}
