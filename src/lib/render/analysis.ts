/** Human rendering of a task analysis: summary first, then durations, distribution with bars, names, backlog. */
import type {AnalysisResult} from '../analysis/run-analysis.js';
import {renderDurations} from './analysis-durations.js';
import {formatNumber, formatPercent, formatSeconds} from './format.js';
import {renderTable, type Segment, type TableSpec} from './table.js';
import {tableWidth} from './table-layout.js';
import {displayWidth, flowText} from './text.js';
import {stdoutView, type View} from './view.js';

export function bar(count: number, max: number, width = 30): string {
  if (max <= 0 || count <= 0 || width <= 0) return '';
  return '█'.repeat(Math.max(1, Math.round((count / max) * width)));
}

/** Columns left for a bar column after the other columns of `spec` (at least 8, at most `most`). */
function barWidth(spec: TableSpec, view: View, most: number): number {
  const others = spec.columns.map((column) => Math.max(displayWidth(column.name), ...spec.rows.map((row) => displayWidth(String(row[column.key] ?? '')))));
  return Math.max(8, Math.min(most, view.width - tableWidth([...others, 0]) - 2));
}

/** One line per thing the figures should not be read without: inconsistent answers, invalid timestamps, mismatches. */
export function fetchWarnings(result: AnalysisResult): string[] {
  const {fetch} = result;
  const warnings: string[] = [];
  if (fetch.problems > 0) {
    warnings.push(
      `WARNING: ${formatNumber(fetch.problems)} inconsistent task list answer(s) accepted with --allow-partial (first: ${fetch.problemDetails[0]}); the figures cover only their consistent part. Gate on it with --fail-if "fetch.problems > 0".`,
    );
  }
  const invalid = fetch.invalidTimestamps;
  if (invalid.total > 0) {
    const fields = (['pulp_created', 'unblocked_at', 'started_at', 'finished_at'] as const).filter((field) => invalid[field] > 0).map((field) => `${field} ${formatNumber(invalid[field])}`);
    warnings.push(
      `WARNING: ${formatNumber(invalid.total)} timestamp(s) were not valid RFC 3339 (${fields.join(', ')}) and were excluded: a task with an invalid pulp_created entirely, the others from the figures that need that field.`,
    );
  }
  if (fetch.missing > 0 || fetch.extra > 0) {
    warnings.push(
      `WARNING: the server counted ${formatNumber(fetch.expected)} tasks and ${formatNumber(fetch.received)} were received (${formatNumber(fetch.missing)} missing, ${formatNumber(fetch.extra)} extra, in ${fetch.mismatches.length} slice(s)): tasks deleted or created in the window while it was read? Gate on it with --fail-if "fetch.missing > 0".`,
    );
  }
  return warnings;
}

/** `2026-12-01 13:25:34 → 15:25:34 UTC` (the date once when both ends share it), to the second. */
export function formatWindow(since: string, until: string): string {
  const [sinceDate, sinceTime] = since.slice(0, 19).split('T');
  const [untilDate, untilTime] = until.slice(0, 19).split('T');
  return `${sinceDate} ${sinceTime} → ${untilDate === sinceDate ? '' : `${untilDate} `}${untilTime} UTC`;
}

function summary(result: AnalysisResult, view: View): Promise<string> {
  const states: Segment[] = Object.entries(result.states)
    .sort((a, b) => b[1] - a[1])
    .map(([state, count]) => (state === 'failed' && count > 0 ? {text: `${state} ${formatNumber(count)}`, tone: 'failure'} : `${state} ${formatNumber(count)}`));
  const filters = [result.filters.taskName ? `name = ${result.filters.taskName}` : '', result.filters.states.length > 0 ? `state in ${result.filters.states.join(',')}` : ''].filter(Boolean);
  const {fetch, throughput} = result;
  return renderTable(
    {
      title: 'Task analysis',
      columns: [
        {key: 'what', name: ''},
        {key: 'value', name: '', shrink: 'lines', minWidth: 20},
      ],
      rows: [
        {what: 'Window', value: [formatWindow(result.window.since, result.window.until), 'by pulp_created']},
        {what: 'Endpoint', value: [result.endpoint]},
        ...(filters.length > 0 ? [{what: 'Filters', value: filters}] : []),
        {what: 'Tasks fetched', value: [`${formatNumber(result.total)} in ${formatSeconds(fetch.seconds)}`, `${formatNumber(fetch.requests)} requests`, `${formatNumber(fetch.slices)} slices`]},
        {what: 'Statistics', value: `computed in ${formatSeconds(result.statisticsSeconds)}`},
        {what: 'States', value: states.length > 0 ? states : '—'},
        {what: 'Analyzed', value: `${formatNumber(result.analyzed)} completed tasks with started_at and finished_at`},
        {
          what: 'Throughput',
          value: [`${formatNumber(throughput.tasksPerSecond)} tasks/s`, `${formatNumber(throughput.tasks)} tasks over ${formatSeconds(throughput.windowSeconds)}`, 'first start to last finish'],
        },
        {what: 'Waited (> 0 s)', value: `${formatNumber(result.waitTime.waited)} of ${formatNumber(result.waitTime.count)}`},
      ],
    },
    view,
  );
}

function distribution(result: AnalysisResult, view: View): Promise<string> {
  const max = Math.max(...result.distribution.map((entry) => entry.count));
  const spec: TableSpec = {
    title: 'Wait time distribution',
    columns: [
      {key: 'label', name: 'Wait'},
      {key: 'count', name: 'Tasks', align: 'right'},
      {key: 'share', name: '%', align: 'right'},
    ],
    rows: result.distribution.map((entry) => ({label: entry.label, count: formatNumber(entry.count), share: formatPercent(entry.count, result.analyzed).slice(0, -1)})),
  };
  const width = barWidth(spec, view, 30);
  spec.columns.push({key: 'bar', name: ''});
  spec.rows = spec.rows.map((row, index) => ({...row, bar: bar(result.distribution[index].count, max, width)}));
  return renderTable(spec, view);
}

function byName(result: AnalysisResult, view: View): Promise<string> {
  return renderTable(
    {
      title: 'By task name',
      columns: [
        {key: 'name', name: 'Name', shrink: 'middle', minWidth: 30},
        {key: 'count', name: 'Tasks', align: 'right'},
        {key: 'analyzed', name: 'Analyzed', align: 'right', dropOrder: 3},
        {key: 'waitP50', name: 'wait p50', align: 'right', dropOrder: 1},
        {key: 'waitP95', name: 'wait p95', align: 'right'},
        {key: 'runP50', name: 'run p50', align: 'right', dropOrder: 2},
      ],
      rows: result.byName.slice(0, 20).map((entry) => ({
        name: entry.name,
        count: formatNumber(entry.count),
        analyzed: formatNumber(entry.analyzed),
        waitP50: formatSeconds(entry.waitP50),
        waitP95: formatSeconds(entry.waitP95),
        runP50: formatSeconds(entry.runP50),
      })),
    },
    view,
  );
}

function backlog(result: AnalysisResult, view: View): Promise<string> {
  const points = result.backlog;
  const step = Math.max(1, Math.ceil(points.length / 24));
  const shown = points.filter((_, index) => index % step === 0);
  const peak = Math.max(1, ...shown.map((point) => point.waiting));
  const spec: TableSpec = {
    title: `Backlog (tasks waiting and running; every ${formatSeconds(result.backlogBucketSeconds * step)})`,
    columns: [
      {key: 'at', name: 'At (UTC)'},
      {key: 'waiting', name: 'Waiting', align: 'right'},
      {key: 'running', name: 'Running', align: 'right'},
    ],
    rows: shown.map((point) => ({at: point.at.slice(0, 19).replace('T', ' '), waiting: formatNumber(point.waiting), running: formatNumber(point.running)})),
  };
  const width = barWidth(spec, view, 20);
  spec.columns.push({key: 'bar', name: ''});
  spec.rows = spec.rows.map((row, index) => ({...row, bar: bar(shown[index].waiting, peak, width)}));
  return renderTable(spec, view);
}

export async function renderAnalysis(result: AnalysisResult, view: View = stdoutView()): Promise<string> {
  const parts = [await summary(result, view)];
  parts.push(...fetchWarnings(result).map((warning) => view.paint.warning(flowText(warning, view.width))));
  if (result.total === 0) {
    const message =
      result.fetch.received > 0
        ? `None of the ${formatNumber(result.fetch.received)} tasks received had a valid pulp_created: nothing to analyze.`
        : 'No tasks were created in this window. Widen it with --since/--until, or check --task-name/--state/--domain.';
    parts.push(flowText(message, view.width));
    return parts.join('\n');
  }
  parts.push(await renderDurations(result, view));
  if (result.analyzed > 0 && result.blockedTime.count === 0) {
    parts.push(flowText('unblocked_at is not recorded by this server (the redis worker type never sets it): only the total wait is known.', view.width));
  }
  parts.push(await distribution(result, view), await byName(result, view), await backlog(result, view));
  return parts.join('\n');
}
