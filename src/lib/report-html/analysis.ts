/** The analysis section: headline figures, wait-time distribution, CDFs, backlog, throughput, the per-name table. */
import {formatNumber, formatSeconds} from '../render/format.js';
import {distributionOf} from './distributions.js';
import {escapeHtml} from './escape.js';
import {type Cell, count, figureHtml, seconds, tableHtml, text} from './figure.js';
import {cardsHtml, type Section, SectionBuilder, thresholdsHtml} from './section.js';
import {renderSparkline} from './svg-chart.js';
import {type AnalysisBody, DURATION_KEYS, type DurationKey, type ReportBacklogPoint} from './types.js';

const DURATION_NAMES: Record<DurationKey, string> = {waitTime: 'wait', blockedTime: 'blocked', queueTime: 'queue', runTime: 'run'};
const epochSeconds = (iso: string) => Date.parse(iso) / 1000;

function durationsTable(body: AnalysisBody): string {
  const keys = ['count', 'mean', 'median', 'p90', 'p95', 'p99', 'p999', 'max'] as const;
  const rows = DURATION_KEYS.map((key) => {
    const figures = body[key];
    return [text(`${DURATION_NAMES[key]} time`), ...keys.map((name) => (name === 'count' ? count(figures.count) : seconds(figures[name] ?? null)))];
  });
  return `<h3>Durations of the ${formatNumber(body.analyzed)} analyzed tasks</h3>${tableHtml(['', 'tasks', 'mean', 'median', 'p90', 'p95', 'p99', 'p99.9', 'max'], rows)}`;
}

async function waitDistributionFigure(body: AnalysisBody, id: string): Promise<string> {
  const histogram = body.histograms?.waitTime;
  if (!histogram) return '<p class="note">This document carries no wait-time histogram.</p>';
  const distribution = await distributionOf(histogram, 'histograms.waitTime');
  const zeros = distribution.zeros > 0 ? ` ${formatNumber(distribution.zeros)} waits of 0 or less (${formatNumber(distribution.negative)} negative, from clock skew) are the separate bar on the left.` : '';
  return figureHtml(
    {
      title: 'Wait-time distribution',
      x: distribution.scale === 'log' ? {label: 'wait time (log scale)', scale: 'log-seconds'} : {label: 'wait time (s)', tight: true},
      y: {label: 'tasks', integer: true},
      series: [
        {kind: 'bars', name: 'tasks', colour: 0, bins: distribution.bins.map((bin) => ({from: bin.from, to: bin.to, high: bin.count}))},
        ...(distribution.zeroBin ? [{kind: 'bars' as const, name: 'waits of 0 or less', colour: 1, bins: [{from: distribution.zeroBin.from, to: distribution.zeroBin.to, high: distribution.zeroBin.count}]}] : []),
      ],
    },
    {
      id,
      note: `Wait = started − created, ${formatNumber(distribution.count)} tasks, ${distribution.perDecade} bars per decade.${zeros}`,
      table: {
        head: ['from', 'to', 'tasks'],
        rows: [
          ...(distribution.zeros > 0 ? [[text('0 or less'), text(''), count(distribution.zeros)]] : []),
          ...distribution.bins.filter((bin) => bin.count > 0).map((bin) => [seconds(bin.from), seconds(bin.to), count(bin.count)]),
        ],
      },
    },
  );
}

async function cdfFigure(body: AnalysisBody, id: string): Promise<string> {
  const series = [];
  const rows: Cell[][] = [];
  const keys: DurationKey[] = ['waitTime', 'queueTime', 'runTime', 'blockedTime'];
  for (const [index, key] of keys.entries()) {
    const histogram = body.histograms?.[key];
    if (!histogram) continue;
    const distribution = await distributionOf(histogram, `histograms.${key}`);
    series.push({kind: 'line' as const, name: `${DURATION_NAMES[key]} time`, colour: index, points: distribution.cdf});
    const figures = body[key];
    rows.push([text(`${DURATION_NAMES[key]} time`), count(figures.count), seconds(figures.median), seconds(figures.p90), seconds(figures.p95), seconds(figures.p99), seconds(figures.max)]);
  }
  return figureHtml(
    {title: 'Cumulative distribution of wait, queue, run and blocked time', x: {label: 'duration (log scale)', scale: 'log-seconds'}, y: {label: 'tasks at or under (%)', min: 0, max: 100}, series},
    {id, note: 'Read across: the share of tasks that took at most that long. Values of 0 or less are in the curve’s start.', table: {head: ['', 'tasks', 'median', 'p90', 'p95', 'p99', 'max'], rows}},
  );
}

function backlogFigure(body: AnalysisBody, id: string): string {
  const points = body.backlog;
  const at = (point: ReportBacklogPoint) => epochSeconds(point.at);
  return figureHtml(
    {
      title: 'Backlog over time',
      x: {label: 'time (UTC)', scale: 'time'},
      y: {label: 'tasks', integer: true},
      series: [
        {kind: 'line', name: 'waiting', colour: 1, points: points.map((point) => [at(point), point.waiting])},
        {kind: 'line', name: 'running', colour: 0, points: points.map((point) => [at(point), point.running])},
      ],
    },
    {
      id,
      note: `Tasks waiting (created, not started) and running at each ${formatSeconds(body.backlogBucketSeconds)} mark.`,
      table: {head: ['at (UTC)', 'waiting', 'running'], rows: points.map((point) => [{text: point.at, value: point.at}, count(point.waiting), count(point.running)])},
    },
  );
}

function throughputFigure(body: AnalysisBody, id: string): string {
  const points = body.backlog;
  const bucket = body.backlogBucketSeconds;
  const rate = (value: number | undefined) => (value === undefined ? null : value / bucket);
  const step = (key: 'created' | 'started' | 'finished') => {
    const line: Array<[number, number | null]> = points.map((point) => [epochSeconds(point.at), rate(point[key])]);
    const last = points.at(-1);
    if (last) line.push([epochSeconds(last.at) + bucket, rate(last[key])]);
    return line;
  };
  return figureHtml(
    {
      title: 'Throughput over time',
      x: {label: 'time (UTC)', scale: 'time'},
      y: {label: 'tasks/s'},
      series: [
        {kind: 'step', name: 'created', colour: 1, points: step('created')},
        {kind: 'step', name: 'started', colour: 4, points: step('started')},
        {kind: 'step', name: 'finished', colour: 2, points: step('finished')},
      ],
    },
    {
      id,
      note: `Tasks created, started and finished per second, in ${formatSeconds(bucket)} buckets.`,
      table: {
        head: ['from (UTC)', 'created', 'started', 'finished'],
        rows: points.map((point) => [{text: point.at, value: point.at}, count(point.created ?? null), count(point.started ?? null), count(point.finished ?? null)]),
      },
    },
  );
}

function byNameTable(body: AnalysisBody): string {
  const rows: Cell[][] = body.byName.map((row) => [
    {text: row.name, className: 'name'},
    count(row.count),
    count(row.analyzed),
    seconds(row.waitP50),
    seconds(row.waitP95),
    seconds(row.runP50),
    {text: '', html: row.sparkline ? renderSparkline(row.sparkline, `${row.name}: tasks created over the window`) : '', value: row.sparkline?.join(' ') ?? null},
  ]);
  return `<h3>By task name</h3>${tableHtml(['task name', 'created', 'analyzed', 'wait p50', 'wait p95', 'run p50', 'created over the window'], rows, {className: 'data by-name'})}`;
}

function statesTable(body: AnalysisBody): string {
  const rows = Object.entries(body.states).map(([state, value]) => [text(state), count(value)]);
  return `<h3>Tasks by state</h3>${tableHtml(['state', 'tasks'], rows)}`;
}

export async function analysisSection(body: AnalysisBody, prefix: string): Promise<Section> {
  const section = new SectionBuilder();
  section.add(
    cardsHtml([
      ['tasks in the window', count(body.total)],
      ['analyzed (completed)', count(body.analyzed)],
      ['finished tasks/s', count(body.throughput.tasksPerSecond)],
      ['wait p50', seconds(body.waitTime.median)],
      ['wait p95', seconds(body.waitTime.p95)],
      ['wait p99', seconds(body.waitTime.p99)],
      ['run p50', seconds(body.runTime.median)],
      ['run p95', seconds(body.runTime.p95)],
    ]),
  );
  const filter = body.filters?.taskName ? `, task name ${body.filters.taskName}` : '';
  section.add(
    `<p class="lead">Tasks created from ${escapeHtml(body.window.since)} to ${escapeHtml(body.window.until)} (${escapeHtml(formatSeconds(body.throughput.windowSeconds))})${escapeHtml(filter)}` +
      `${body.endpoint ? `, read from <code>${escapeHtml(body.endpoint)}</code>` : ''}.</p>`,
  );
  section.add(thresholdsHtml(body.thresholds));
  section.add(durationsTable(body));
  section.add(await waitDistributionFigure(body, `${prefix}wait-distribution`));
  section.add(await cdfFigure(body, `${prefix}cdf`));
  section.add(backlogFigure(body, `${prefix}backlog`));
  section.add(throughputFigure(body, `${prefix}throughput`));
  section.add(byNameTable(body));
  section.add(statesTable(body));
  return section.build();
}
