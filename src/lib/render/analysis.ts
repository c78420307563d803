/** Human rendering of a task analysis: summary first, then durations, distribution with bars, names, backlog. */
import type {AnalysisResult} from '../analysis/run-analysis.js';
import {formatNumber, formatSeconds} from './format.js';
import {renderTable} from './table.js';

export function bar(count: number, max: number, width = 30): string {
  if (max <= 0 || count <= 0) return '';
  return '█'.repeat(Math.max(1, Math.round((count / max) * width)));
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

export async function renderAnalysis(result: AnalysisResult): Promise<string> {
  const parts: string[] = [];
  const states = Object.entries(result.states)
    .sort((a, b) => b[1] - a[1])
    .map(([state, count]) => `${state} ${formatNumber(count)}`)
    .join(', ');
  const filters = [result.filters.taskName ? `name = ${result.filters.taskName}` : '', result.filters.states.length > 0 ? `state in ${result.filters.states.join(',')}` : ''].filter(Boolean).join('; ');
  parts.push(
    await renderTable({
      title: 'Task analysis',
      columns: [
        {key: 'what', name: ''},
        {key: 'value', name: ''},
      ],
      rows: [
        {what: 'Window', value: `${result.window.since} → ${result.window.until} (pulp_created)`},
        {what: 'Endpoint', value: result.endpoint + (filters ? `  [${filters}]` : '')},
        {what: 'Tasks fetched', value: `${formatNumber(result.total)} in ${formatSeconds(result.fetch.seconds)} (${formatNumber(result.fetch.requests)} requests, ${result.fetch.slices} slices)`},
        {what: 'Statistics', value: `computed in ${formatSeconds(result.statisticsSeconds)}`},
        {what: 'States', value: states || '—'},
        {what: 'Analyzed', value: `${formatNumber(result.analyzed)} completed tasks with started_at and finished_at`},
        {what: 'Throughput', value: `${formatNumber(result.throughput.tasksPerSecond, 3)} tasks/s (${formatNumber(result.throughput.tasks)} tasks over ${formatSeconds(result.throughput.windowSeconds)}, first start to last finish)`},
        {what: 'Waited (> 0 s)', value: `${formatNumber(result.waitTime.waited)} of ${formatNumber(result.waitTime.count)}`},
      ],
    }),
  );
  parts.push(...fetchWarnings(result));
  if (result.total === 0) {
    parts.push(
      result.fetch.received > 0
        ? `None of the ${formatNumber(result.fetch.received)} tasks received had a valid pulp_created: nothing to analyze.`
        : 'No tasks were created in this window. Widen it with --since/--until, or check --task-name/--state/--domain.',
    );
    return parts.join('\n');
  }
  const row = (name: string, duration: AnalysisResult['waitTime']) => ({
    what: name,
    count: formatNumber(duration.count),
    mean: formatSeconds(duration.mean),
    median: formatSeconds(duration.median),
    p90: formatSeconds(duration.p90),
    p95: formatSeconds(duration.p95),
    p99: formatSeconds(duration.p99),
    p999: formatSeconds(duration.p999),
    min: formatSeconds(duration.min),
    max: formatSeconds(duration.max),
  });
  parts.push(
    await renderTable({
      title: 'Durations of analyzed tasks',
      columns: [
        {key: 'what', name: 'Duration'},
        {key: 'count', name: 'Tasks', align: 'right'},
        {key: 'mean', name: 'mean', align: 'right'},
        {key: 'median', name: 'p50', align: 'right'},
        {key: 'p90', name: 'p90', align: 'right'},
        {key: 'p95', name: 'p95', align: 'right'},
        {key: 'p99', name: 'p99', align: 'right'},
        {key: 'p999', name: 'p99.9', align: 'right'},
        {key: 'min', name: 'min', align: 'right'},
        {key: 'max', name: 'max', align: 'right'},
      ],
      rows: [
        row('wait (started − created)', result.waitTime),
        row('blocked (unblocked − created)', result.blockedTime),
        row('queued (started − unblocked)', result.queueTime),
        row('run (finished − started)', result.runTime),
      ],
    }),
  );
  if (result.analyzed > 0 && result.blockedTime.count === 0) {
    parts.push('unblocked_at is not recorded by this server (the redis worker type never sets it): only the total wait is known.');
  }

  const max = Math.max(...result.distribution.map((entry) => entry.count));
  parts.push(
    await renderTable({
      title: 'Wait time distribution',
      columns: [
        {key: 'label', name: 'Wait'},
        {key: 'count', name: 'Tasks', align: 'right'},
        {key: 'share', name: '%', align: 'right'},
        {key: 'bar', name: ''},
      ],
      rows: result.distribution.map((entry) => ({
        label: entry.label,
        count: formatNumber(entry.count),
        share: result.analyzed > 0 ? ((100 * entry.count) / result.analyzed).toFixed(1) : '0.0',
        bar: bar(entry.count, max),
      })),
    }),
  );

  parts.push(
    await renderTable({
      title: 'By task name',
      columns: [
        {key: 'name', name: 'Name'},
        {key: 'count', name: 'Tasks', align: 'right'},
        {key: 'analyzed', name: 'Analyzed', align: 'right'},
        {key: 'waitP50', name: 'wait p50', align: 'right'},
        {key: 'waitP95', name: 'wait p95', align: 'right'},
        {key: 'runP50', name: 'run p50', align: 'right'},
      ],
      rows: result.byName.slice(0, 20).map((entry) => ({
        name: entry.name,
        count: formatNumber(entry.count),
        analyzed: formatNumber(entry.analyzed),
        waitP50: formatSeconds(entry.waitP50),
        waitP95: formatSeconds(entry.waitP95),
        runP50: formatSeconds(entry.runP50),
      })),
    }),
  );

  const points = result.backlog;
  const step = Math.max(1, Math.ceil(points.length / 24));
  const shown = points.filter((_, index) => index % step === 0);
  const peak = Math.max(1, ...shown.map((point) => point.waiting));
  parts.push(
    await renderTable({
      title: `Backlog (tasks waiting and running; every ${formatSeconds(result.backlogBucketSeconds * step)})`,
      columns: [
        {key: 'at', name: 'At (UTC)'},
        {key: 'waiting', name: 'Waiting', align: 'right'},
        {key: 'running', name: 'Running', align: 'right'},
        {key: 'bar', name: ''},
      ],
      rows: shown.map((point) => ({at: point.at.slice(0, 19).replace('T', ' '), waiting: formatNumber(point.waiting), running: formatNumber(point.running), bar: bar(point.waiting, peak, 20)})),
    }),
  );
  return parts.join('\n');
}
