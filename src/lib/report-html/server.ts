/**
 * The server's side of a load test (the insertion result's `server` object, telemetry/insertion-telemetry.ts): the
 * queue of waiting and running tasks over time with the end of the load and the drain marked, the drain time,
 * ingest vs processing rate, worker utilisation and the requests the poller made; or one line saying why there is none.
 */
import {formatNumber, formatSeconds} from '../render/format.js';
import {escapeHtml} from './escape.js';
import {type Cell, count, figureHtml, seconds, tableHtml, text} from './figure.js';
import {cardsHtml} from './section.js';
import type {InsertionBody, ServerStats} from './types.js';

type Sample = ServerStats['timeline'][number];

/** At most this many samples drawn (a day of 2-second samples is 43,200). */
export const MAX_SAMPLES = 1200;

/** Every k-th sample, keeping in each group of k the one with the most tasks waiting (a peak is not thinned away). */
function thinned(timeline: Sample[]): {samples: Sample[]; every: number} {
  const every = Math.ceil(timeline.length / MAX_SAMPLES);
  if (every <= 1) return {samples: timeline, every: 1};
  const samples: Sample[] = [];
  for (let start = 0; start < timeline.length; start += every) {
    const group = timeline.slice(start, start + every);
    samples.push(group.reduce((peak, sample) => ((sample.waiting ?? -1) > (peak.waiting ?? -1) ? sample : peak)));
  }
  return {samples, every};
}

/**
 * Where the end of the load and the drain go on the chart's time axis (seconds since the load started). Polling
 * stops at the first drained sample, so when the queue drained that is the last sample and the load ended
 * drainSeconds before it; otherwise the load's end comes from the wall-clock times (the run's startedAt is within
 * milliseconds of the telemetry's start).
 */
function marks(body: InsertionBody, server: ServerStats): {loadEnd: number; drained: number | null} {
  const last = server.timeline.at(-1);
  if (server.drainSeconds !== null && last) return {loadEnd: last.t - server.drainSeconds, drained: last.t};
  const start = body.startedAt ? Date.parse(body.startedAt) : Number.NaN;
  const end = Date.parse(server.loadEndedAt);
  return {loadEnd: Number.isFinite(start) && Number.isFinite(end) ? (end - start) / 1000 : body.elapsedSeconds, drained: null};
}

const rate = (value: number | null): Cell => ({text: value === null ? '–' : `${formatNumber(value)}/s`, value, className: 'num'});
const percent = (value: number | null): Cell => ({text: value === null ? '–' : `${formatNumber(Math.round(value * 1000) / 10)} %`, value, className: 'num'});

function queueFigure(body: InsertionBody, server: ServerStats, id: string): string {
  const {samples, every} = thinned(server.timeline);
  const {loadEnd, drained} = marks(body, server);
  const markers = [{x: loadEnd, label: 'load ended'}];
  if (drained !== null) markers.push({x: drained, label: `drained (${formatSeconds(server.drainSeconds)} later)`});
  const line = (name: string, colour: number, value: (sample: Sample) => number | null, axis: 'y' | 'y2', dashed = false) => ({kind: 'line' as const, name, colour, axis, dashed, points: samples.map((sample): [number, number | null] => [sample.t, value(sample)])});
  const notes = [`One sample every ${formatSeconds(server.intervalSeconds)} (${formatNumber(server.timeline.length)} samples).`];
  if (every > 1) notes.push(`Drawn: the sample with the most tasks waiting of every ${formatNumber(every)}.`);
  return figureHtml(
    {
      title: 'Server queue',
      x: {label: 'time since the start of the load (s)', tight: true},
      y: {label: 'tasks waiting', integer: true},
      // Running tasks are bounded by the workers, often thousands of times fewer than those waiting: their own axis.
      y2: {label: 'tasks running, workers online', integer: true},
      // Workers online first (dashed, under the others): running at capacity lies on it.
      series: [line('workers online', 2, (sample) => sample.workersOnline, 'y2', true), line('waiting', 0, (sample) => sample.waiting, 'y'), line('running', 1, (sample) => sample.running, 'y2')],
      markers,
    },
    {
      id,
      note: notes.join(' '),
      table: {head: ['t (s)', 'waiting', 'running', 'workers online'], rows: samples.map((sample) => [count(sample.t), count(sample.waiting), count(sample.running), count(sample.workersOnline)])},
    },
  );
}

/** The figures under the chart, each with its JSON value. */
function figuresTable(server: ServerStats): string {
  const rows: Cell[][] = [
    [text('drain time (end of the load → queue back to its level before the run)'), seconds(server.drainSeconds)],
    [text('tasks waiting before the run / at most / at the end'), {text: `${formatNumber(server.baselineWaiting)} / ${formatNumber(server.maxWaiting)} / ${formatNumber(server.finalWaiting)}`, className: 'num'}],
    [text('tasks running before the run'), count(server.baselineRunning)],
    [text('tasks the server created during the load'), count(server.tasksCreated)],
    [text('ingest rate (created per second of load)'), rate(server.ingestRate)],
    [text('tasks the server finished (start of the load → last sample)'), count(server.tasksFinished)],
    [text('processing rate (finished per second)'), rate(server.processingRate)],
    [text('worker utilisation (mean running ÷ online workers)'), percent(server.workerUtilisation)],
    [text('requests the telemetry made (not counted in the load)'), count(server.requests)],
    [text('samples that failed'), count(server.failedSamples)],
  ];
  return tableHtml(['figure', 'value'], rows, {className: 'data server-figures'});
}

export function serverHtml(body: InsertionBody, prefix: string): string {
  const {server} = body;
  if (!server) return '';
  if (!server.enabled) return `<h3>Server queue</h3><p class="note server-off">Server telemetry: none — ${escapeHtml(server.reason)}.</p>`;
  const drain =
    server.drainSeconds === null
      ? `<p class="note">Not drained: ${escapeHtml(server.drainReason ?? 'unknown')}.</p>`
      : `<p class="lead">The queue was back to its level before the run ${escapeHtml(formatSeconds(server.drainSeconds))} after the load ended.</p>`;
  const notes = server.notes.length > 0 ? `<ul class="note">${server.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>` : '';
  return (
    `<h3 id="${escapeHtml(prefix)}server">The server's side</h3>` +
    cardsHtml([
      ['drain time', seconds(server.drainSeconds)],
      ['max waiting', count(server.maxWaiting)],
      ['ingest rate', rate(server.ingestRate)],
      ['processing rate', rate(server.processingRate)],
      ['worker utilisation', percent(server.workerUtilisation)],
      ['telemetry requests', count(server.requests)],
    ]) +
    drain +
    queueFigure(body, server, `${prefix}server-queue`) +
    figuresTable(server) +
    notes
  );
}
