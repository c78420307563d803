/**
 * The HTML report of `report compare` (`pulp-bench/compare@1`, src/lib/report/compare.ts): which runs, one row per
 * headline figure — base, new, the absolute change, the relative one with a bar, better/worse coloured by the
 * figure's direction — and the --fail-if verdicts ✓/✗. Numbers are the document's (data-value), formatted as the
 * terminal report formats them.
 */
import {formatNumber, formatSeconds} from '../render/format.js';
import {escapeHtml} from './escape.js';
import {type Cell, tableHtml} from './figure.js';
import {pageHtml} from './page.js';
import {cardsHtml, thresholdsHtml} from './section.js';
import type {ReportMeta, ReportThreshold} from './types.js';

/** The parts of a compare document the report reads (a CompareDocument is assignable to it). */
export interface ReportComparedFigure {
  key: string;
  base: number | null;
  new: number | null;
  change: number | null;
  delta: number | null;
  direction: 'lower' | 'higher';
  unit: 's' | null;
  verdict: 'better' | 'worse' | 'same' | null;
}

export interface ReportCompareDocument {
  schema: 'pulp-bench/compare@1';
  kind: 'compare';
  base: {file: string; meta: ReportMeta};
  new: {file: string; meta: ReportMeta};
  figures: ReportComparedFigure[];
  thresholds: ReportThreshold[];
}

const amount = (figure: ReportComparedFigure, value: number | null) => (figure.unit === 's' ? formatSeconds(value) : formatNumber(value));

/** `+12.3 %`, `-150 %`, `0 %`. */
export function formatFraction(fraction: number): string {
  const percent = fraction * 100;
  if (percent === 0) return '0 %';
  const digits = Math.abs(percent) >= 100 ? 0 : 1;
  return `${percent > 0 ? '+' : '-'}${Math.abs(percent).toLocaleString('en', {maximumFractionDigits: digits, minimumFractionDigits: digits})} %`;
}

function signed(figure: ReportComparedFigure, value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return figure.unit === 's' ? '0 s' : '0';
  return `${value > 0 ? '+' : '-'}${amount(figure, Math.abs(value))}`;
}

const tone = (figure: ReportComparedFigure) => (figure.verdict === 'better' ? 'good' : figure.verdict === 'worse' ? 'bad' : '');

/** A bar from the middle: the relative change, clamped at ±100 %, coloured by the verdict. */
function deltaBar(figure: ReportComparedFigure): string {
  const width = 100;
  const half = width / 2;
  const length = figure.delta === null ? 0 : Math.min(1, Math.abs(figure.delta)) * (half - 1);
  const x = figure.delta !== null && figure.delta < 0 ? half - length : half;
  const label = figure.delta === null ? 'no relative change' : `${formatFraction(figure.delta)} (${figure.verdict ?? 'n/a'})`;
  return (
    `<svg class="delta-bar ${tone(figure) || 'same'}" viewBox="0 0 ${width} 14" width="${width}" height="14" role="img" aria-label="${escapeHtml(label)}">` +
    `<title>${escapeHtml(label)}</title><path class="mid" d="M${half} 0V14"/>` +
    (length > 0 ? `<rect x="${Math.round(x * 10) / 10}" y="3" width="${Math.max(0.8, Math.round(length * 10) / 10)}" height="8"/>` : '') +
    '</svg>'
  );
}

function figureRow(figure: ReportComparedFigure): Cell[] {
  const verdictTone = tone(figure);
  const delta = figure.delta === null ? (figure.base === 0 && figure.new !== null ? 'from 0' : '—') : formatFraction(figure.delta);
  return [
    {text: figure.key, html: `<code>${escapeHtml(figure.key)}</code>`, value: figure.key},
    {text: amount(figure, figure.base), value: figure.base, className: 'num'},
    {text: amount(figure, figure.new), value: figure.new, className: 'num'},
    {text: signed(figure, figure.change), value: figure.change, className: `num ${verdictTone}`.trim()},
    {text: delta, value: figure.delta, className: `num ${verdictTone}`.trim()},
    {text: '', html: deltaBar(figure)},
    {text: figure.verdict ?? '—', value: figure.verdict, className: verdictTone || undefined},
    {text: figure.direction === 'lower' ? 'lower' : 'higher'},
  ];
}

function runHtml(label: string, run: {file: string; meta: ReportMeta}): string {
  const {meta} = run;
  const merged = meta.merged && meta.merged.length > 0 ? `, merged from ${meta.merged.length} runs` : '';
  const parts = [meta.command ? `pulp-bench ${meta.command}` : undefined, meta.startedAt ? `${meta.startedAt.slice(0, 19).replace('T', ' ')} UTC` : undefined, meta.host ? `on ${meta.host}` : undefined, meta.server?.apiRoot ? `against ${meta.server.apiRoot}` : undefined];
  return `<p class="meta"><strong>${escapeHtml(label)}</strong>: <code>${escapeHtml(run.file)}</code> — ${escapeHtml(parts.filter(Boolean).join(', '))}${escapeHtml(merged)}</p>`;
}

/** The comparison of two results as one self-contained HTML file. */
export function renderCompareHtml(document: ReportCompareDocument): string {
  const tally = (verdict: string) => document.figures.filter((figure) => figure.verdict === verdict).length;
  const crossed = document.thresholds.filter((threshold) => threshold.crossed).length;
  const cards = cardsHtml([
    ['worse', {text: formatNumber(tally('worse')), value: tally('worse')}],
    ['better', {text: formatNumber(tally('better')), value: tally('better')}],
    ['unchanged', {text: formatNumber(tally('same')), value: tally('same')}],
    ['figures', {text: formatNumber(document.figures.length), value: document.figures.length}],
    ...(document.thresholds.length > 0 ? [['thresholds crossed', {text: `${crossed === 0 ? '✓' : '✗'} ${formatNumber(crossed)} of ${formatNumber(document.thresholds.length)}`, value: crossed}] as [string, Cell]] : []),
  ]);
  const table = tableHtml(['figure', 'base', 'new', 'change', 'Δ', '', 'verdict', 'better when'], document.figures.map((figure) => figureRow(figure)), {className: 'data compare', caption: 'New against base: the change is new − base, Δ the relative change.'});
  const thresholds = thresholdsHtml(document.thresholds, (key, value) => (key.startsWith('delta.') ? formatFraction(value) : undefined));
  const body = `${runHtml('Base', document.base)}${runHtml('New', document.new)}${cards}${thresholds}<h2>Headline figures</h2>${table}`;
  return pageHtml({title: 'pulp-bench comparison', meta: undefined, body, document});
}
