/** The insertion (load test) section: headline figures, throughput, latency over time and histogram, failures. */
import {formatNumber, formatSeconds} from '../render/format.js';
import {distributionOf} from './distributions.js';
import {escapeHtml} from './escape.js';
import {type Cell, count, figureHtml, seconds, tableHtml, text} from './figure.js';
import {cardsHtml, type Section, SectionBuilder, thresholdsHtml} from './section.js';
import {serverHtml} from './server.js';
import type {Axis} from './scales.js';
import {displayTimeline} from './timeline-groups.js';
import type {InsertionBody, ReportTimelineEntry} from './types.js';

/** Latency axes in ms when every value is under a second. */
function latencyUnit(max: number): {factor: number; unit: string} {
  return max < 1 ? {factor: 1000, unit: 'ms'} : {factor: 1, unit: 's'};
}

const timeAxis: Axis = {label: 'time since the start (s)', min: 0, tight: true};

/** Step points over each bucket's [t, t + seconds), closed at the end of the last one. */
function steps(timeline: ReportTimelineEntry[], value: (entry: ReportTimelineEntry) => number | null): Array<[number, number | null]> {
  const points: Array<[number, number | null]> = timeline.map((entry) => [entry.t, value(entry)]);
  const last = timeline.at(-1);
  if (last) points.push([last.t + last.seconds, value(last)]);
  return points;
}

/** The timeline as drawn: the document's seconds, or groups of them for a long run (said under the chart). */
interface Drawn {
  timeline: ReportTimelineEntry[];
  groupSeconds: number;
}

const groupNote = (drawn: Drawn) => (drawn.groupSeconds > 1 ? ` Grouped by ${drawn.groupSeconds} s (the document has one entry per second).` : '');

function throughputFigure(drawn: Drawn, id: string): string {
  const {timeline} = drawn;
  const requestsPerSecond = (entry: ReportTimelineEntry) => (entry.seconds > 0 ? entry.requests / entry.seconds : 0);
  // A last bucket a few ms wide (the run ended just after a whole second) has a rate over so short a time that it
  // would dwarf the rest of the chart: it stays in the table, not in the lines.
  const last = timeline.at(-1);
  const partial = timeline.length > 1 && last !== undefined && last.seconds < 0.5 ? last : undefined;
  const lines = partial ? timeline.slice(0, -1) : timeline;
  const notes = [
    drawn.groupSeconds > 1 ? groupNote(drawn).trim() : '',
    partial ? `The last ${formatSeconds(partial.seconds)} (a partial second) is in the table, not drawn: a rate over so short a time would dwarf the rest.` : '',
  ].filter(Boolean);
  return figureHtml(
    {
      title: 'Tasks and requests per second',
      x: timeAxis,
      y: {label: 'tasks/s'},
      y2: {label: 'requests/s'},
      series: [
        {kind: 'step', name: 'tasks/s', colour: 0, points: steps(lines, (entry) => entry.tasksPerSecond)},
        {kind: 'step', name: 'requests/s', colour: 1, axis: 'y2', points: steps(lines, requestsPerSecond)},
      ],
    },
    {
      id,
      note: notes.length > 0 ? notes.join(' ') : undefined,
      table: {
        head: ['t (s)', 'width (s)', 'tasks', 'tasks/s', 'requests', 'failed', 'requests/s'],
        rows: timeline.map((entry) => [count(entry.t), count(entry.seconds), count(entry.tasks), count(entry.tasksPerSecond), count(entry.requests), count(entry.failed), {text: formatNumber(requestsPerSecond(entry))}]),
      },
    },
  );
}

function latencyOverTimeFigure(drawn: Drawn, id: string): string {
  const {timeline} = drawn;
  const max = Math.max(0, ...timeline.map((entry) => entry.latency?.max ?? 0));
  const {factor, unit} = latencyUnit(max);
  const keys = ['p50', 'p90', 'p99', 'max'] as const;
  const series = keys.map((key, index) => ({
    kind: 'line' as const,
    name: key,
    colour: index,
    points: timeline.map((entry): [number, number | null] => {
      const value = entry.latency?.[key];
      return [entry.t + entry.seconds / 2, value === null || value === undefined ? null : value * factor];
    }),
  }));
  return figureHtml(
    {title: 'Latency percentiles over time', x: timeAxis, y: {label: `latency (${unit})`}, series},
    {
      id,
      note:
        drawn.groupSeconds > 1
          ? `Each point: the worst second of ${drawn.groupSeconds} (the highest p50, p90, p99 and max of the successful requests that finished in each of those seconds).`
          : 'Each point: the successful requests that finished in that second.',
      table: {
        head: ['t (s)', 'requests', 'p50', 'p90', 'p99', 'max'],
        rows: timeline.map((entry) => [count(entry.t), count(entry.latency?.count ?? 0), ...keys.map((key) => seconds(entry.latency?.[key] ?? null))]),
      },
    },
  );
}

async function latencyHistogramFigure(body: InsertionBody, id: string): Promise<string> {
  const histogram = body.histograms?.latency;
  if (!histogram) return `<p class="note">This document carries no latency histogram.</p>`;
  const distribution = await distributionOf(histogram, 'histograms.latency');
  const max = Math.max(0, ...distribution.bins.map((bin) => bin.to));
  const log = distribution.scale === 'log';
  const {factor, unit} = log ? {factor: 1, unit: 's'} : latencyUnit(max);
  return figureHtml(
    {
      title: 'Latency histogram',
      x: log ? {label: 'latency (log scale)', scale: 'log-seconds'} : {label: `latency (${unit})`, tight: true},
      y: {label: 'requests', integer: true},
      series: [{kind: 'bars', name: 'requests', colour: 0, bins: distribution.bins.map((bin) => ({from: bin.from * factor, to: bin.to * factor, high: bin.count}))}],
    },
    {
      id,
      note: `${formatNumber(distribution.count)} successful requests, from the document's HDR histogram (3 significant digits).`,
      table: {head: ['from', 'to', 'requests'], rows: distribution.bins.filter((bin) => bin.count > 0).map((bin) => [seconds(bin.from), seconds(bin.to), count(bin.count)])},
    },
  );
}

function failuresFigure(drawn: Drawn, id: string): string {
  const {timeline} = drawn;
  const totals = new Map<string, number>();
  for (const entry of timeline) for (const [cause, value] of Object.entries(entry.failures ?? {})) totals.set(cause, (totals.get(cause) ?? 0) + value);
  const causes = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([cause]) => cause);
  const base = timeline.map(() => 0);
  const palette = [3, 1, 4, 5, 2, 0];
  const series = causes.map((cause, index) => ({
    kind: 'bars' as const,
    name: cause,
    colour: palette[index % palette.length],
    bins: timeline.map((entry, slot) => {
      const low = base[slot];
      base[slot] += entry.failures?.[cause] ?? 0;
      return {from: entry.t, to: entry.t + entry.seconds, low, high: base[slot]};
    }),
  }));
  const rows: Cell[][] = timeline.filter((entry) => entry.failed > 0).map((entry) => [count(entry.t), count(entry.failed), text(Object.entries(entry.failures ?? {}).map(([cause, value]) => `${cause}: ${formatNumber(value)}`).join(', '))]);
  return figureHtml(
    {title: 'Failed requests by cause over time', x: timeAxis, y: {label: 'failed requests', integer: true}, series: series.length > 0 ? series : [{kind: 'step', name: 'failed requests (none)', colour: 3, points: steps(timeline, () => 0)}]},
    {id, note: causes.length === 0 ? 'No request failed.' : groupNote(drawn).trim() || undefined, table: {head: ['t (s)', 'failed', 'by cause'], rows}},
  );
}

export async function insertionSection(body: InsertionBody, prefix: string): Promise<Section> {
  const section = new SectionBuilder();
  const {requests, latency} = body;
  section.add(
    cardsHtml([
      ['tasks created', count(body.tasksCreated)],
      ['tasks/s', count(body.tasksPerSecond)],
      ['requests', count(requests.total)],
      ['failed requests', count(requests.failed)],
      ['latency p50', seconds(latency.p50)],
      ['latency p90', seconds(latency.p90)],
      ['latency p99', seconds(latency.p99)],
      ['latency max', seconds(latency.max)],
    ]),
  );
  const stop = body.stoppedBy ? `, stopped: ${body.stoppedBy}${body.interrupted ? ' (interrupted)' : ''}` : '';
  section.add(
    `<p class="lead">${escapeHtml(body.method ?? 'POST')} <code>${escapeHtml(body.target)}</code> with ${formatNumber(body.workers)} concurrent requests` +
      `${body.rate ? ` at most ${formatNumber(body.rate)}/s` : ''} for ${escapeHtml(formatSeconds(body.elapsedSeconds))}${escapeHtml(stop)}.</p>`,
  );
  section.add(thresholdsHtml(body.thresholds));
  const display = displayTimeline(body.timeline);
  const drawn: Drawn = {timeline: display.entries, groupSeconds: display.groupSeconds};
  section.add(throughputFigure(drawn, `${prefix}throughput`));
  section.add(serverHtml(body, prefix));
  section.add(latencyOverTimeFigure(drawn, `${prefix}latency-over-time`));
  section.add(await latencyHistogramFigure(body, `${prefix}latency-histogram`));
  section.add(failuresFigure(drawn, `${prefix}failures`));
  const failureRows = Object.entries(requests.failures).map(([cause, value]) => [text(cause), count(value)]);
  if (failureRows.length > 0) section.add(`<h3>Failures by cause</h3>${tableHtml(['cause', 'requests'], failureRows)}`);
  return section.build();
}
