/** Human rendering of a task-insertion report. */
import type {InsertionResult} from '../insertion/report.js';
import {formatNumber, formatSeconds} from './format.js';
import {renderTable} from './table.js';

/** Merges per-second timeline entries into at most `rows` intervals. */
export function condenseTimeline(timeline: InsertionResult['timeline'], rows = 12): Array<{from: number; to: number; requests: number; tasks: number}> {
  if (timeline.length === 0) return [];
  const width = Math.max(1, Math.ceil(timeline.length / rows));
  const result: Array<{from: number; to: number; requests: number; tasks: number}> = [];
  for (let index = 0; index < timeline.length; index += width) {
    const slice = timeline.slice(index, index + width);
    result.push({from: slice[0].t, to: slice.at(-1)!.t + 1, requests: slice.reduce((sum, entry) => sum + entry.requests, 0), tasks: slice.reduce((sum, entry) => sum + entry.tasks, 0)});
  }
  return result;
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
      {what: 'Latency', value: `min ${formatSeconds(latency.min)} · mean ${formatSeconds(latency.mean)} · p50 ${formatSeconds(latency.p50)} · p90 ${formatSeconds(latency.p90)} · p99 ${formatSeconds(latency.p99)} · max ${formatSeconds(latency.max)}`},
      {what: 'Tasks/request', value: `min ${formatNumber(result.tasksPerRequest.min)} · mean ${formatNumber(result.tasksPerRequest.mean)} · max ${formatNumber(result.tasksPerRequest.max)}`},
      {what: 'Stopped', value: result.stoppedBy},
    ],
  });
  const parts = [summary];
  const intervals = condenseTimeline(result.timeline);
  if (intervals.length > 0) {
    parts.push(
      await renderTable({
        title: 'Timeline (requests finished, tasks reported)',
        columns: [
          {key: 'interval', name: 'Seconds'},
          {key: 'requests', name: 'Requests', align: 'right'},
          {key: 'tasks', name: 'Tasks', align: 'right'},
          {key: 'rate', name: 'Tasks/s', align: 'right'},
        ],
        rows: intervals.map((entry) => ({interval: `${entry.from}–${entry.to}`, requests: entry.requests, tasks: entry.tasks, rate: formatNumber(entry.tasks / (entry.to - entry.from))})),
      }),
    );
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
