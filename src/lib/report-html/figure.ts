/** A chart as a <figure>: its title, legend, SVG, and the numbers behind it in a <details> table; plain tables too. */
import {formatNumber, formatSeconds} from '../render/format.js';
import {escapeHtml} from './escape.js';
import {type ChartSpec, renderChartSvg} from './svg-chart.js';

/** A table cell: its text, and the JSON value it shows (kept in data-value, so the text can be checked against it). */
export interface Cell {
  text: string;
  value?: number | string | null;
  /** Raw HTML (already escaped), e.g. a sparkline. */
  html?: string;
  className?: string;
}

export const text = (value: string): Cell => ({text: value});
export const seconds = (value: number | null | undefined): Cell => ({text: formatSeconds(value), value: value ?? null, className: 'num'});
export const count = (value: number | null | undefined): Cell => ({text: formatNumber(value), value: value ?? null, className: 'num'});

function cellHtml(cell: Cell, tag: 'td' | 'th'): string {
  const value = cell.value === undefined ? '' : ` data-value="${escapeHtml(String(cell.value))}"`;
  const className = cell.className ? ` class="${cell.className}"` : '';
  return `<${tag}${className}${value}>${cell.html ?? escapeHtml(cell.text)}</${tag}>`;
}

export function tableHtml(head: string[], rows: Cell[][], options: {caption?: string; className?: string} = {}): string {
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  // Header cells align with their column (right for numbers).
  const numeric = head.map((_, index) => rows[0]?.[index]?.className === 'num');
  const thead = `<thead><tr>${head.map((name, index) => `<th scope="col"${numeric[index] ? ' class="num"' : ''}>${escapeHtml(name)}</th>`).join('')}</tr></thead>`;
  const tbody = `<tbody>${rows.map((row) => `<tr>${row.map((cell, index) => cellHtml(cell, index === 0 ? 'th' : 'td')).join('')}</tr>`).join('')}</tbody>`;
  return `<table class="${options.className ?? 'data'}">${caption}${thead}${tbody}</table>`;
}

export interface FigureOptions {
  id: string;
  /** The numbers drawn, as a table (the fallback for print, screen readers and copying). */
  table: {head: string[]; rows: Cell[][]};
  /** A sentence under the chart (e.g. how values at 0 are shown). */
  note?: string;
}

/** Long fallback tables are not expanded when printing (a 1-hour run has 3,600 timeline rows). */
const PRINTABLE_ROWS = 80;

export function figureHtml(spec: ChartSpec, options: FigureOptions): string {
  const legend = spec.series.length > 1 || spec.series[0]?.name !== spec.title
    ? `<ul class="legend">${spec.series.map((series) => `<li><span class="swatch c${series.colour}"></span>${escapeHtml(series.name)}${series.axis === 'y2' ? ' (right axis)' : ''}</li>`).join('')}</ul>`
    : '';
  const note = options.note ? `<p class="note">${escapeHtml(options.note)}</p>` : '';
  const long = options.table.rows.length > PRINTABLE_ROWS ? ' long' : '';
  return (
    `<figure class="chart" id="${escapeHtml(options.id)}">` +
    `<figcaption><h3>${escapeHtml(spec.title)}</h3>${legend}</figcaption>` +
    renderChartSvg(spec) +
    note +
    `<details class="numbers${long}"><summary>The numbers (${formatNumber(options.table.rows.length)} rows)</summary>` +
    tableHtml(options.table.head, options.table.rows) +
    '</details></figure>'
  );
}
