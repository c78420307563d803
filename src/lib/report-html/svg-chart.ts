/**
 * Charts as SVG markup, drawn here in Node: axes with ticks and units, line/step series (gaps at null), bars over
 * [from, to) bins (stackable), and an optional right-hand axis. Colours are CSS custom properties (`var(--c0)` …)
 * so the page's light/dark palettes apply without redrawing; every text goes through escapeHtml.
 */
import {escapeHtml} from './escape.js';
import {type Axis, type Scale, makeScale, ticksOf} from './scales.js';

export interface LineSeries {
  kind: 'line' | 'step';
  name: string;
  /** [x, y]; y null leaves a gap. */
  points: Array<[number, number | null]>;
  axis?: 'y' | 'y2';
  /** Colour index (0–5). */
  colour: number;
  /** A reference line (e.g. capacity): drawn dashed. */
  dashed?: boolean;
}

export interface BarSeries {
  kind: 'bars';
  name: string;
  /** Bars from `low` (default 0) to `high` over [from, to). */
  bins: Array<{from: number; to: number; low?: number; high: number}>;
  axis?: 'y' | 'y2';
  colour: number;
}

export type Series = LineSeries | BarSeries;

export interface ChartSpec {
  title: string;
  x: Axis;
  y: Axis;
  y2?: Axis;
  series: Series[];
  /** Vertical marks at x values (e.g. the end of the load), drawn dashed with their label at the top. */
  markers?: Array<{x: number; label: string}>;
}

const WIDTH = 720;
const HEIGHT = 270;
const TOP = 12;
const BOTTOM = 46;
const LEFT = 66;

const round = (value: number) => Math.round(value * 10) / 10;

function extent(spec: ChartSpec, axis: 'x' | 'y' | 'y2'): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const see = (value: number | null | undefined) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    if ((axis === 'x' ? spec.x : axis === 'y' ? spec.y : spec.y2)?.scale === 'log' && value <= 0) return;
    min = Math.min(min, value);
    max = Math.max(max, value);
  };
  for (const series of spec.series) {
    const on = series.axis ?? 'y';
    if (series.kind === 'bars') {
      for (const bin of series.bins) {
        if (axis === 'x') {
          see(bin.from);
          see(bin.to);
        } else if (axis === on) {
          see(bin.low ?? 0);
          see(bin.high);
        }
      }
    } else {
      for (const [x, y] of series.points) {
        if (axis === 'x') see(x);
        else if (axis === on) see(y);
      }
    }
  }
  return [min, max];
}

function linePath(series: LineSeries, x: Scale, y: Scale): string {
  let path = '';
  let drawing = false;
  let lastY = 0;
  for (const [px, py] of series.points) {
    if (py === null || !Number.isFinite(py) || !x.covers(px) || !y.covers(py)) {
      drawing = false;
      continue;
    }
    const sx = round(x.map(px));
    const sy = round(y.map(py));
    if (!drawing) path += `M${sx} ${sy}`;
    else if (series.kind === 'step') path += `H${sx}V${sy}`;
    else path += `L${sx} ${sy}`;
    drawing = true;
    lastY = sy;
  }
  // A lone point still has a box: a dot-sized segment (dotsPath marks it).
  if (path !== '' && !/[LHV]/.test(path)) path += `h0.1V${lastY}`;
  return path;
}

const DOT_LIMIT = 40;

/** Dots on the points of a sparse line (≤ 40 points), so one or two values still show. */
function dotsPath(series: LineSeries, x: Scale, y: Scale): string {
  const shown = series.points.filter(([px, py]) => py !== null && Number.isFinite(py) && x.covers(px) && y.covers(py));
  if (shown.length === 0 || shown.length > DOT_LIMIT || series.kind === 'step') return '';
  return shown.map(([px, py]) => `M${round(x.map(px) - 2.5)} ${round(y.map(py!))}a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0`).join('');
}

function barsPath(series: BarSeries, x: Scale, y: Scale): string {
  let path = '';
  for (const bin of series.bins) {
    if (!(bin.high > (bin.low ?? 0)) || !x.covers(bin.from) || !x.covers(bin.to)) continue;
    const left = x.map(bin.from);
    const right = x.map(bin.to);
    const top = y.map(bin.high);
    const bottom = y.map(bin.low ?? y.domain[0]);
    // Keep a hairline gap between bars wider than 3 px.
    const gap = right - left > 3 ? 0.5 : 0;
    path += `M${round(left + gap)} ${round(bottom)}V${round(top)}H${round(Math.max(left + gap + 0.3, right - gap))}V${round(bottom)}Z`;
  }
  return path;
}

/** The chart's <svg> element. */
export function renderChartSvg(spec: ChartSpec): string {
  const right = spec.y2 ? 66 : 16;
  const plot = {left: LEFT, right: WIDTH - right, top: TOP, bottom: HEIGHT - BOTTOM};
  const x = makeScale(spec.x, extent(spec, 'x'), [plot.left, plot.right]);
  const y = makeScale(spec.y, extent(spec, 'y'), [plot.bottom, plot.top]);
  const y2 = spec.y2 ? makeScale(spec.y2, extent(spec, 'y2'), [plot.bottom, plot.top]) : undefined;
  const parts: string[] = [];
  parts.push(`<svg class="chart-svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(spec.title)}" preserveAspectRatio="xMidYMid meet">`);
  parts.push(`<title>${escapeHtml(spec.title)}</title>`);
  // Grid and tick labels.
  const grid: string[] = [];
  const labels: string[] = [];
  for (const tick of ticksOf(y)) {
    const sy = round(y.map(tick.value));
    grid.push(`M${plot.left} ${sy}H${plot.right}`);
    labels.push(`<text x="${plot.left - 6}" y="${sy}" class="tick" text-anchor="end" dominant-baseline="middle">${escapeHtml(tick.label)}</text>`);
  }
  if (y2) {
    for (const tick of ticksOf(y2)) {
      const sy = round(y2.map(tick.value));
      labels.push(`<text x="${plot.right + 6}" y="${sy}" class="tick" text-anchor="start" dominant-baseline="middle">${escapeHtml(tick.label)}</text>`);
    }
  }
  for (const tick of ticksOf(x)) {
    const sx = round(x.map(tick.value));
    grid.push(`M${sx} ${plot.top}V${plot.bottom}`);
    labels.push(`<text x="${sx}" y="${plot.bottom + 16}" class="tick" text-anchor="middle">${escapeHtml(tick.label)}</text>`);
  }
  parts.push(`<path class="grid" d="${grid.join('')}"/>`);
  for (const series of spec.series) {
    const ys = series.axis === 'y2' && y2 ? y2 : y;
    if (series.kind === 'bars') {
      const d = barsPath(series, x, ys);
      if (d) parts.push(`<path class="bars c${series.colour}" d="${d}"><title>${escapeHtml(series.name)}</title></path>`);
    } else {
      const d = linePath(series, x, ys);
      if (d) parts.push(`<path class="line c${series.colour}${series.dashed ? ' dashed' : ''}" d="${d}"><title>${escapeHtml(series.name)}</title></path>`);
      const dots = dotsPath(series, x, ys);
      if (dots) parts.push(`<path class="dots c${series.colour}" d="${dots}"/>`);
    }
  }
  for (const [index, marker] of (spec.markers ?? []).entries()) {
    // A mark a hair outside the data (rounding of its time) is drawn at the edge; one far outside is left out.
    const span = x.domain[1] - x.domain[0];
    if (!Number.isFinite(marker.x) || marker.x < x.domain[0] - span * 0.02 || marker.x > x.domain[1] + span * 0.02) continue;
    const sx = round(x.map(Math.min(x.domain[1], Math.max(x.domain[0], marker.x))));
    // Labels alternate sides and rows so two marks close together stay readable.
    const anchor = sx > (plot.left + plot.right) / 2 ? 'end' : 'start';
    const dx = anchor === 'end' ? -4 : 4;
    parts.push(`<path class="marker" d="M${sx} ${plot.top}V${plot.bottom}"/>`);
    parts.push(`<text class="marker-label" x="${sx + dx}" y="${plot.top + 12 + (index % 2) * 14}" text-anchor="${anchor}">${escapeHtml(marker.label)}</text>`);
  }
  parts.push(`<path class="axis" d=""M${plot.left} ${plot.top}V${plot.bottom}H${plot.right}${y2 ? `V${plot.top}` : ''}"/>`);
  parts.push(...labels);
  parts.push(`<text class="axis-label" x="${(plot.left + plot.right) / 2}" y="${HEIGHT - 6}" text-anchor="middle">${escapeHtml(spec.x.label)}</text>`);
  const middle = (plot.top + plot.bottom) / 2;
  parts.push(`<text class="axis-label" transform="translate(14 ${middle}) rotate(-90)" text-anchor="middle">${escapeHtml(spec.y.label)}</text>`);
  if (spec.y2) parts.push(`<text class="axis-label" transform="translate(${WIDTH - 10} ${middle}) rotate(90)" text-anchor="middle">${escapeHtml(spec.y2.label)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** A sparkline of counts (a small filled area), for table cells. */
export function renderSparkline(values: number[], label: string): string {
  const width = 120;
  const height = 24;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((value, index) => `${round(index * step)} ${round(height - 1 - (value / max) * (height - 2))}`);
  const d = values.length === 0 ? '' : `M0 ${height}L${points.join('L')}L${round((values.length - 1) * step)} ${height}Z`;
  return `<svg class="spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title><path d="${d}"/></svg>`;
}
