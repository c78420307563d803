/** Human rendering of `pulp-bench watch`: one screen per sample, and the summary of the watched period. */
import {escapeServerText} from '../server-text.js';
import type {ServerSample} from '../telemetry/server-sampler.js';
import type {WatchSummary} from '../telemetry/watch-summary.js';
import {formatNumber, formatSeconds} from './format.js';
import {renderTable, renderTitle, type Segment} from './table.js';
import {flowText, truncate} from './text.js';
import {plainView, type View} from './view.js';

const rate = (value: number | null) => (value === null ? '—' : `${formatNumber(value)}/s`);
const count = (value: number | null) => (value === null ? 'unknown' : formatNumber(value));
/** `12:01:02` of an ISO instant (UTC). */
const clock = (iso: string | null) => (iso ? `${iso.slice(11, 19)} UTC` : '—');

function taskLabel(task: {name: string} | null, width: number): string {
  return task ? truncate(escapeServerText(task.name), width, 'middle') : '';
}

/** One screen: the queue, the last minute, the workers, the top names; `interval` in seconds (undefined for --once). */
export async function renderWatchScreen(sample: ServerSample, options: {interval?: number; failure?: string; notes?: boolean}, view: View = plainView()): Promise<string> {
  const {paint} = view;
  const every = options.interval === undefined ? 'one sample' : `every ${Number.isInteger(options.interval) ? `${options.interval} s` : formatSeconds(options.interval)} · Ctrl-C for a summary`;
  const title = renderTitle(`Pulp tasks at ${clock(sample.at)} · ${every}`, view);
  const endpoint = truncate(escapeServerText(sample.endpoint), view.width, 'middle');
  const nameWidth = Math.max(10, view.width - 40);
  const workers = sample.workers;
  const workerSegments: Segment[] = [workers.online === null ? 'online unknown' : `${formatNumber(workers.online)} online`];
  if (workers.missing === null) workerSegments.push('missing unknown');
  else workerSegments.push(workers.missing > 0 ? {text: `${formatNumber(workers.missing)} missing`, tone: 'failure'} : '0 missing');
  if (workers.busy !== null) workerSegments.push(`${formatNumber(workers.busy)} busy`);
  if (workers.missingNames.length > 0) workerSegments.push({text: `missing: ${workers.missingNames.join(', ')}`, tone: 'warning'});
  const failed = sample.failedLastMinute;
  const overview = await renderTable(
    {
      columns: [
        {key: 'what', name: ''},
        {key: 'value', name: '', shrink: 'lines', minWidth: 20},
      ],
      rows: [
        {what: 'Waiting', value: [formatNumber(sample.waiting), sample.waiting ? `oldest ${formatSeconds(sample.oldestWaitingSeconds)}` : 'none', taskLabel(sample.oldestWaiting, nameWidth)].filter(Boolean)},
        {what: 'Running', value: [formatNumber(sample.running), sample.running ? `longest ${formatSeconds(sample.longestRunningSeconds)}` : 'none', taskLabel(sample.longestRunning, nameWidth)].filter(Boolean)},
        {
          what: 'Last minute',
          value: [`${count(sample.finishedLastMinute)} finished`, failed ? {text: `${formatNumber(failed)} failed`, tone: 'failure'} : `${count(failed)} failed`, `${count(sample.createdLastMinute)} created`],
        },
        {what: 'Rates', value: [`ingest ${rate(sample.ingestRate)}`, `processing ${rate(sample.processingRate)}`]},
        {what: 'Workers', value: workerSegments},
      ],
    },
    view,
  );
  const parts = [`${title}\n${endpoint}`, overview];
  const names = sample.topNames;
  if (names && (names.waiting.length > 0 || names.running.length > 0)) {
    const merged = new Map<string, {waiting: number; running: number}>();
    for (const entry of names.waiting) merged.set(entry.name, {waiting: entry.count, running: 0});
    for (const entry of names.running) merged.set(entry.name, {waiting: merged.get(entry.name)?.waiting ?? 0, running: entry.count});
    const capped = [names.waitingCapped ? 'waiting' : '', names.runningCapped ? 'running' : ''].filter(Boolean);
    const scope = capped.length > 0 ? ` (${capped.join(' and ')}: of the oldest ${formatNumber(names.limit)} only)` : '';
    const read = names.readAt === sample.at ? '' : ` · as of ${clock(names.readAt)}`;
    parts.push(
      await renderTable(
        {
          title: `Top task names${scope}${read}`,
          columns: [
            {key: 'name', name: 'Name', shrink: 'middle', minWidth: 16},
            {key: 'waiting', name: 'Waiting', align: 'right'},
            {key: 'running', name: 'Running', align: 'right'},
          ],
          rows: [...merged].map(([name, figures]) => ({name, waiting: formatNumber(figures.waiting), running: formatNumber(figures.running)})),
        },
        view,
      ),
    );
  }
  const notes = [...(options.notes === false ? [] : sample.notes), ...(options.failure ? [`last sample failed: ${options.failure}`] : [])];
  parts.push(...notes.map((note) => paint.warning(flowText(`note: ${escapeServerText(note)}`, view.width))));
  parts.push(`${formatNumber(sample.requests)} requests, ${formatSeconds(sample.seconds)}`);
  return parts.join('\n');
}

/** The one-screen summary printed when watch stops. */
export async function renderWatchSummary(summary: WatchSummary, view: View = plainView()): Promise<string> {
  const {waiting} = summary;
  const table = await renderTable(
    {
      title: `Watched ${formatSeconds(summary.watchedSeconds)}: ${formatNumber(summary.samples)} samples${summary.signal ? ` (stopped by ${summary.signal})` : ''}`,
      columns: [
        {key: 'what', name: ''},
        {key: 'value', name: '', shrink: 'lines', minWidth: 20},
      ],
      rows: [
        {what: 'Period', value: [clock(summary.from), `to ${clock(summary.to)}`]},
        {what: 'Waiting', value: [`max ${formatNumber(waiting.max)}${waiting.maxAt ? ` at ${clock(waiting.maxAt)}` : ''}`, `min ${formatNumber(waiting.min)}`, `first ${formatNumber(waiting.first)}`, `last ${formatNumber(waiting.last)}`]},
        {what: 'Running', value: [`max ${formatNumber(summary.running.max)}`, `last ${formatNumber(summary.running.last)}`]},
        {what: 'Oldest waiting', value: `max ${formatSeconds(summary.oldestWaitingSecondsMax)}`},
        {what: 'Processing', value: [`mean ${rate(summary.processingRate.mean)}`, `max ${rate(summary.processingRate.max)}`]},
        {what: 'Ingest', value: [`mean ${rate(summary.ingestRate.mean)}`, `max ${rate(summary.ingestRate.max)}`]},
        {what: 'Failed/min', value: `max ${formatNumber(summary.failedLastMinuteMax)}`},
        {what: 'Workers', value: [`online ${formatNumber(summary.workersOnline.min)}–${formatNumber(summary.workersOnline.max)}`, `missing max ${formatNumber(summary.workersMissingMax)}`]},
        {what: 'Requests', value: `${formatNumber(summary.requests)} to the server`},
        ...(summary.failedSamples > 0 ? [{what: 'Failed samples', value: {text: `${formatNumber(summary.failedSamples)} (last: ${summary.lastFailure ?? '?'})`, tone: 'failure' as const}}] : []),
        ...(summary.samplesCrossingThresholds > 0 ? [{what: 'Thresholds', value: {text: `crossed on ${formatNumber(summary.samplesCrossingThresholds)} samples`, tone: 'failure' as const}}] : []),
      ],
    },
    view,
  );
  return table;
}
