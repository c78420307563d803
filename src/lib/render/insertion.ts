/** Human rendering of a task-insertion report. */
import type {InsertionResult} from '../insertion/report.js';
import {ratePerSecond} from '../stats.js';
import {formatNumber, formatSeconds} from './format.js';
import {renderTable} from './table.js';

/** An interval of the condensed timeline: from `from` to `to` seconds since the start (`seconds` wide). */
export interface TimelineInterval {
  from: number;
  to: number;
  seconds: number;
  requests: number;
  failed: number;
  tasks: number;
  /** Tasks per second over the interval's real width (a partial last second counts for what it is). */
  tasksPerSecond: number;
}

/** Merges the timeline's buckets into at most `rows` intervals. */
export function condenseTimeline(timeline: InsertionResult['timeline'], rows = 12): TimelineInterval[] {
  if (timeline.length === 0) return [];
  const width = Math.max(1, Math.ceil(timeline.length / rows));
  const result: TimelineInterval[] = [];
  for (let index = 0; index < timeline.length; index += width) {
    const slice = timeline.slice(index, index + width);
    const total = (pick: (entry: InsertionResult['timeline'][number]) => number) => slice.reduce((sum, entry) => sum + pick(entry), 0);
    const seconds = total((entry) => entry.seconds);
    const tasks = total((entry) => entry.tasks);
    const last = slice.at(-1)!;
    result.push({from: slice[0].t, to: last.t + last.seconds, seconds, requests: total((entry) => entry.requests), failed: total((entry) => entry.failed), tasks, tasksPerSecond: ratePerSecond(tasks, seconds)});
  }
  return result;
}

const TIMELINE_NOTE = [
  'Requests ended: answered or failed in the interval. Tasks created: each',
  "request's reported count spread evenly over the time it was in flight.",
  "Tasks/s: over the interval's real width (the last one ends at the last answer).",
].join('\n');

/** `0–12`, `12–12.43` (a partial last interval shows its real end). */
function intervalLabel(interval: TimelineInterval): string {
  const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
  return `${format(interval.from)}–${format(interval.to)}`;
}

export async function renderInsertion(result: InsertionResult): Promise<string> {
  const failures = Object.entries(result.requests.failures)
    .map(([cause, count]) => `${cause} ${count}`)
    .join(', ');
  const latency = result.latency;
  const mode = result.rate ? `open model at ${result.rate}/s` : result.stop.runUntil ? `until ${result.stop.runUntil} tasks` : result.stop.durationSeconds ? `for ${formatSeconds(result.stop.durationSeconds)}` : 'one request each';
  const summary = await renderTable({
    title: `Task insertion${result.interrupted ? ' (INTERRUPTED: partial report)' : ''}`,
    columns: [
      {key: 'what', name: ''},
      {key: 'value', name: ''},
    ],
    rows: [
      {what: 'Target', value: `${result.method} ${result.target} (${result.targetKind})`},
      {what: 'Workers', value: `${result.workers} (${mode})`},
      {what: 'Elapsed', value: formatSeconds(result.elapsedSeconds)},
      {what: 'Tasks created', value: `${formatNumber(result.tasksCreated)}  ·  ${formatNumber(result.tasksPerSecond)} tasks/s`},
      {what: 'Requests', value: `${formatNumber(result.requests.total)} total · ${formatNumber(result.requests.ok)} ok · ${formatNumber(result.requests.failed)} failed${failures ? ` (${failures})` : ''}`},
      {what: 'Latency', value: `ok requests only: min ${formatSeconds(latency.min)} · mean ${formatSeconds(latency.mean)} · p50 ${formatSeconds(latency.p50)} · p90 ${formatSeconds(latency.p90)} · p99 ${formatSeconds(latency.p99)} · max ${formatSeconds(latency.max)}`},
      {what: 'Tasks/request', value: `min ${formatNumber(result.tasksPerRequest.min)} · mean ${formatNumber(result.tasksPerRequest.mean)} · max ${formatNumber(result.tasksPerRequest.max)}`},
      {what: 'Stopped', value: result.stoppedBy},
    ],
  });
  const parts = [summary];
  const failureRows = Object.entries(result.failures);
  if (failureRows.length > 0) {
    parts.push(
      await renderTable({
        title: 'Failed requests (not in the latency above)',
        columns: [
          {key: 'cause', name: 'Cause'},
          {key: 'count', name: 'Requests', align: 'right'},
          {key: 'p50', name: 'Latency p50', align: 'right'},
          {key: 'max', name: 'Latency max', align: 'right'},
        ],
        rows: failureRows.map(([cause, figures]) => ({cause, count: formatNumber(figures.count), p50: formatSeconds(figures.latency.p50), max: formatSeconds(figures.latency.max)})),
      }),
    );
  }
  const intervals = condenseTimeline(result.timeline);
  if (intervals.length > 0) {
    const table = await renderTable({
      title: 'Timeline',
      columns: [
        {key: 'interval', name: 'Seconds'},
        {key: 'requests', name: 'Requests ended', align: 'right'},
        {key: 'failed', name: 'Failed', align: 'right'},
        {key: 'tasks', name: 'Tasks created', align: 'right'},
        {key: 'rate', name: 'Tasks/s', align: 'right'},
      ],
      rows: intervals.map((entry) => ({interval: intervalLabel(entry), requests: formatNumber(entry.requests), failed: formatNumber(entry.failed), tasks: formatNumber(Math.round(entry.tasks)), rate: formatNumber(entry.tasksPerSecond)})),
    });
    parts.push(`${table}\n${TIMELINE_NOTE}`);
  }
  if (result.track) {
    const track = result.track;
    const row = (name: string, summary: typeof track.endToEnd) => ({phase: name, count: summary.count, p50: formatSeconds(summary.median), p90: formatSeconds(summary.p90), p99: formatSeconds(summary.p99), max: formatSeconds(summary.max)});
    parts.push(
      await renderTable({
        title: `Tracked tasks: ${track.finished} of ${track.tracked} finished${track.timedOut ? ' (track timeout reached)' : ''}${track.interrupted ? ` (tracking stopped by ${result.signal ?? 'a signal'})` : ''}`,
        columns: [
          {key: 'phase', name: 'Phase'},
          {key: 'count', name: 'Tasks', align: 'right'},
          {key: 'p50', name: 'p50', align: 'right'},
          {key: 'p90', name: 'p90', align: 'right'},
          {key: 'p99', name: 'p99', align: 'right'},
          {key: 'max', name: 'max', align: 'right'},
        ],
        rows: [row('end to end', track.endToEnd), row('blocked (locks)', track.blocked), row('queued (worker)', track.queue), row('run', track.run)],
      }),
    );
  }
  if (result.trackingError) parts.push(`Tracking FAILED (${result.trackingError}); the insertion figures above are complete.`);
  if (result.abandoned > 0) {
    parts.push(`${formatNumber(result.abandoned)} request(s) were abandoned in flight after ${result.signal ?? 'the stop'}: the server may have created tasks for them, so tasks created and tasks/s are lower bounds.`);
  }
  if (result.targetKind === 'test-tasks' || result.targetKind === 'random-lock') {
    parts.push('Tasks are what the server reported creating (tasks_executed): the rate is an ingestion rate.');
  }
  return parts.join('\n');
}
