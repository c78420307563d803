/**
 * One analysis from flags to result document: pick the task-list endpoint for the layout, fetch the window,
 * compute the statistics. Used by `task-analysis` and `demo`.
 */
import type {PulpClient} from '../client.js';
import {durationKeyTest, type ResultSubject, TASK_STATE_NAMES, type ThresholdOutcome} from '../thresholds.js';
import {isoMicros} from '../time.js';
import {analyzeTasks, type Analysis, type BinScheme} from './analyze.js';
import {TaskColumns} from './columns.js';
import {emptyFetchFigures, type FetchFigures, fetchTasks, type FetchProgress} from './fetch-tasks.js';
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
  /** Keep the consistent part of inconsistent answers (counted in fetch.problems) instead of exit 5. */
  allowPartial?: boolean;
  onPage?: (progress: FetchProgress) => void;
}

export interface AnalysisResult extends Analysis {
  window: {since: string; until: string};
  endpoint: string;
  filters: {taskName: string | null; states: string[]};
  fetch: FetchFigures;
  /** Seconds spent computing the statistics once every page was in. */
  statisticsSeconds: number;
  /** The --fail-if verdicts, when any were given. */
  thresholds?: ThresholdOutcome[];
  /** Set when a stop signal came after the fetch (the figures are complete). */
  interrupted?: boolean;
  signal?: string;
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
  const fetched = await fetchTasks(client, {
    url: options.endpoint,
    window: options.window,
    pageSize: options.pageSize,
    concurrency: options.concurrency,
    taskName: options.taskName,
    states: options.states,
    allowPartial: options.allowPartial,
    onPage: options.onPage,
  });
  const statisticsStarted = performance.now();
  const analysis = await analyzeTasks(fetched.columns, options.window, options.bins);
  const statisticsSeconds = (performance.now() - statisticsStarted) / 1000;
  return {
    columns: fetched.columns,
    result: {
      window: {since: isoMicros(options.window.sinceUs), until: isoMicros(options.window.untilUs)},
      endpoint: options.endpoint,
      filters: {taskName: options.taskName ?? null, states: options.states ?? []},
      ...analysis,
      fetch: fetched.figures,
      statisticsSeconds,
    },
  };
}

/** What --fail-if may read in an analysis result: every key present (an analysis of no tasks), durations, count maps. */
export async function analysisSubject(bins: BinScheme = 'human'): Promise<ResultSubject> {
  const window = {sinceUs: 0, untilUs: 1e6};
  const analysis: Partial<Analysis> = await analyzeTasks(new TaskColumns(), window, bins);
  // The histograms are not figures a threshold reads (their counts are waitTime.count …).
  delete analysis.histograms;
  const shape = {
    window: {since: '', until: ''},
    endpoint: '',
    filters: {taskName: '', states: []},
    ...analysis,
    fetch: emptyFetchFigures(),
    statisticsSeconds: 0,
  };
  return {shape, isDuration: durationKeyTest(['waitTime', 'blockedTime', 'queueTime', 'runTime']), countMaps: ['states'], countNames: {states: TASK_STATE_NAMES}};
}
