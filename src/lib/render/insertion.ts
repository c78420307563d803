/** Human rendering of a task-insertion report. */
import type {InsertionResult} from '../insertion/report.js';
import {ratePerSecond} from '../stats.js';
import {formatNumber, formatSeconds} from './format.js';
import {renderServerStats} from './server-stats.js';
import {renderTable} from './table.js';
import {flowText} from './text.js';
import {stdoutView, type View} from './view.js';

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
  'Requests: ended in the interval, answered or failed.',
  "Tasks: created in it, each request's reported count spread evenly over the time it was in flight.",
  "Tasks/s: over the interval's real width (the last one ends at the last answer).",
].join('\n');

/** `0–12`, `12–12.43` (a partial last interval shows its real end). */
function intervalLabel(interval: TimelineInterval): string {
  const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
  return `${format(interval.from)}–${format(interval.to)}`;
}

const latencySegments = (latency: InsertionResult['latency']): string[] =>
  latency.max === null ? ['no ok requests'] : ['ok requests only', ...(['min', 'mean', 'p50', 'p90', 'p99', 'max'] as const).map((key) => `${key} ${formatSeconds(latency[key])}`)];

function summary(result: InsertionResult, view: View): Promise<string> {
  const {paint} = view;
  const failures = Object.entries(result.requests.failures).map(([cause, count]) => `${cause} ${formatNumber(count)}`);
  const failed = `${formatNumber(result.requests.failed)} failed${failures.length > 0 ? ` (${failures.join(', ')})` : ''}`;
  const mode = result.rate
    ? `open model at ${formatNumber(result.rate)}/s`
    : result.stop.runUntil
      ? `until ${formatNumber(result.stop.runUntil)} tasks`
      : result.stop.durationSeconds
        ? `for ${formatSeconds(result.stop.durationSeconds)}`
        : 'one request each';
  const perRequest = result.tasksPerRequest;
  return renderTable(
    {
      title: `Task insertion${result.interrupted ? ` ${paint.warning('(INTERRUPTED: partial report)')}` : ''}`,
      columns: [
        {key: 'what', name: ''},
        {key: 'value', name: '', shrink: 'lines', minWidth: 20},
      ],
      rows: [
        {what: 'Target', value: [`${result.method} ${result.target}`, result.targetKind]},
        {what: 'Concurrency', value: [formatNumber(result.workers), mode]},
        {what: 'Elapsed', value: formatSeconds(result.elapsedSeconds)},
        {what: 'Tasks created', value: [formatNumber(result.tasksCreated), `${formatNumber(result.tasksPerSecond)} tasks/s`]},
        {what: 'Requests', value: [`${formatNumber(result.requests.total)} total`, `${formatNumber(result.requests.ok)} ok`, result.requests.failed > 0 ? {text: failed, tone: 'failure'} : failed]},
        {what: 'Latency', value: latencySegments(result.latency)},
        {what: 'Tasks/request', value: [`min ${formatNumber(perRequest.min)}`, `mean ${formatNumber(perRequest.mean)}`, `max ${formatNumber(perRequest.max)}`]},
        {what: 'Stopped', value: result.stoppedBy},
      ],
    },
    view,
  );
}

function failureTable(result: InsertionResult, view: View): Promise<string> {
  return renderTable(
    {
      title: view.paint.failure('Failed requests (not in the latency above)'),
      columns: [
        {key: 'cause', name: 'Cause', shrink: 'end'},
        {key: 'count', name: 'Requests', align: 'right'},
        {key: 'p50', name: 'Latency p50', align: 'right'},
        {key: 'max', name: 'Latency max', align: 'right'},
      ],
      rows: Object.entries(result.failures).map(([cause, figures]) => ({cause, count: formatNumber(figures.count), p50: formatSeconds(figures.latency.p50), max: formatSeconds(figures.latency.max)})),
    },
    view,
  );
}

async function timelineTable(intervals: TimelineInterval[], view: View): Promise<string> {
  const table = await renderTable(
    {
      title: 'Timeline',
      columns: [
        {key: 'interval', name: 'Seconds'},
        {key: 'requests', name: 'Requests', align: 'right'},
        {key: 'failed', name: 'Failed', align: 'right'},
        {key: 'tasks', name: 'Tasks', align: 'right'},
        {key: 'rate', name: 'Tasks/s', align: 'right'},
      ],
      rows: intervals.map((entry) => ({
        interval: intervalLabel(entry),
        requests: formatNumber(entry.requests),
        failed: entry.failed > 0 ? {text: formatNumber(entry.failed), tone: 'failure'} : '0',
        tasks: formatNumber(Math.round(entry.tasks)),
        rate: formatNumber(entry.tasksPerSecond),
      })),
    },
    view,
  );
  return `${table}${flowText(TIMELINE_NOTE, view.width, '  ')}\n`;
}

function trackTable(result: InsertionResult, track: NonNullable<InsertionResult['track']>, view: View): Promise<string> {
  const row = (name: string, figures: typeof track.endToEnd) => ({
    phase: name,
    count: formatNumber(figures.count),
    p50: formatSeconds(figures.median),
    p90: formatSeconds(figures.p90),
    p99: formatSeconds(figures.p99),
    max: formatSeconds(figures.max),
  });
  const stopped = track.interrupted ? ` ${view.paint.warning(`(tracking stopped by ${result.signal ?? 'a signal'})`)}` : '';
  return renderTable(
    {
      title: `Tracked tasks: ${formatNumber(track.finished)} of ${formatNumber(track.tracked)} finished${track.timedOut ? ` ${view.paint.warning('(track timeout reached)')}` : ''}${stopped}`,
      columns: [
        {key: 'phase', name: 'Phase'},
        {key: 'count', name: 'Tasks', align: 'right'},
        {key: 'p50', name: 'p50', align: 'right'},
        {key: 'p90', name: 'p90', align: 'right'},
        {key: 'p99', name: 'p99', align: 'right'},
        {key: 'max', name: 'max', align: 'right'},
      ],
      rows: [row('end to end', track.endToEnd), row('blocked (locks)', track.blocked), row('queued (worker)', track.queue), row('run', track.run)],
    },
    view,
  );
}

export async function renderInsertion(result: InsertionResult, view: View = stdoutView()): Promise<string> {
  const parts = [await summary(result, view)];
  if (Object.keys(result.failures).length > 0) parts.push(await failureTable(result, view));
  const intervals = condenseTimeline(result.timeline);
  if (intervals.length > 0) parts.push(await timelineTable(intervals, view));
  if (result.track) parts.push(await trackTable(result, result.track, view));
  if (result.server) parts.push(await renderServerStats(result.server, view));
  const notes: string[] = [];
  if (result.trackingError) notes.push(view.paint.failure(`Tracking FAILED (${result.trackingError}); the insertion figures above are complete.`));
  if (result.abandoned > 0) {
    notes.push(
      view.paint.warning(
        `${formatNumber(result.abandoned)} request(s) were abandoned in flight after ${result.signal ?? 'the stop'}: the server may have created tasks for them, so tasks created and tasks/s are lower bounds.`,
      ),
    );
  }
  if (result.targetKind === 'test-tasks' || result.targetKind === 'random-lock') {
    notes.push('Tasks are what the server reported creating (tasks_executed): the rate is an ingestion rate.');
  }
  parts.push(...notes.map((note) => flowText(note, view.width)));
  return parts.join('\n');
}
