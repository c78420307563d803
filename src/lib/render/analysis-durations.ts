/**
 * The durations table of an analysis in the widest layout that fits: one row per duration with every statistic
 * (a wide terminal), else stacked — one row per statistic, one column per duration — with durations written out,
 * else stacked with compact durations (`1m12s`).
 */
import type {AnalysisResult} from '../analysis/run-analysis.js';
import {formatNumber, formatSeconds} from './format.js';
import {renderTable, type TableSpec} from './table.js';
import {tableWidth} from './table-layout.js';
import {displayWidth, flowSegments} from './text.js';
import type {View} from './view.js';

type Duration = AnalysisResult['waitTime'];

const DURATIONS = [
  {key: 'waitTime', short: 'wait', long: 'wait (started − created)', meaning: 'wait = started − created'},
  {key: 'blockedTime', short: 'blocked', long: 'blocked (unblocked − created)', meaning: 'blocked = unblocked − created (resource locks)'},
  {key: 'queueTime', short: 'queued', long: 'queued (started − unblocked)', meaning: 'queued = started − unblocked (a free worker)'},
  {key: 'runTime', short: 'run', long: 'run (finished − started)', meaning: 'run = finished − started'},
] as const;

const STATISTICS = [
  {key: 'mean', name: 'mean'},
  {key: 'median', name: 'p50'},
  {key: 'p90', name: 'p90'},
  {key: 'p95', name: 'p95'},
  {key: 'p99', name: 'p99'},
  {key: 'p999', name: 'p99.9'},
  {key: 'min', name: 'min'},
  {key: 'max', name: 'max'},
] as const;

const TITLE = 'Durations of analyzed tasks';

function wide(result: AnalysisResult): TableSpec {
  return {
    title: TITLE,
    columns: [{key: 'what', name: 'Duration'}, {key: 'count', name: 'Tasks', align: 'right'}, ...STATISTICS.map((statistic) => ({key: statistic.key, name: statistic.name, align: 'right' as const}))],
    rows: DURATIONS.map((duration) => {
      const figures: Duration = result[duration.key];
      return {what: duration.long, count: formatNumber(figures.count), ...Object.fromEntries(STATISTICS.map((statistic) => [statistic.key, formatSeconds(figures[statistic.key])]))};
    }),
  };
}

function stacked(result: AnalysisResult, compact: boolean): TableSpec {
  const cells = (pick: (figures: Duration) => string) => Object.fromEntries(DURATIONS.map((duration) => [duration.key, pick(result[duration.key])]));
  return {
    title: TITLE,
    columns: [{key: 'what', name: ''}, ...DURATIONS.map((duration) => ({key: duration.key, name: duration.short, align: 'right' as const}))],
    rows: [
      {what: 'tasks', ...cells((figures) => formatNumber(figures.count))},
      ...STATISTICS.map((statistic) => ({what: statistic.name, ...cells((figures) => formatSeconds(figures[statistic.key], {compact}))})),
    ],
  };
}

/** The table's width with every column at its natural width. */
function naturalWidth(spec: TableSpec): number {
  return tableWidth(spec.columns.map((column) => Math.max(displayWidth(column.name), ...spec.rows.map((row) => displayWidth(String(row[column.key] ?? ''))))));
}

export async function renderDurations(result: AnalysisResult, view: View): Promise<string> {
  const wideSpec = wide(result);
  if (naturalWidth(wideSpec) <= view.width) return renderTable(wideSpec, view);
  const spelled = stacked(result, false);
  const table = await renderTable(naturalWidth(spelled) <= view.width ? spelled : stacked(result, true), view);
  return `${table}${flowSegments(DURATIONS.map((duration) => duration.meaning), view.width).join('\n')}\n`;
}
