/** Human rendering of `report compare`: which runs, then one row per headline figure, then the ✓/✗ thresholds. */
import type {ComparedFigure, CompareDocument} from '../report/compare.js';
import type {ResultMeta} from '../result/document.js';
import {formatNumber, formatSeconds} from './format.js';
import {renderTable, type Segment, type TableSpec} from './table.js';
import {tableWidth} from './table-layout.js';
import {displayWidth, flowText} from './text.js';
import {renderThresholds} from './thresholds.js';
import {stdoutView, type View} from './view.js';

function value(figure: ComparedFigure, amount: number | null, compact: boolean): string {
  return figure.unit === 's' ? formatSeconds(amount, {compact}) : formatNumber(amount);
}

/** `+1.20 s`, `-3`, `0`. */
function signed(figure: ComparedFigure, amount: number | null, compact: boolean): string {
  if (amount === null) return '—';
  if (amount === 0) return figure.unit === 's' ? '0 s' : '0';
  return `${amount > 0 ? '+' : '-'}${value(figure, Math.abs(amount), compact)}`;
}

/** A relative change as a percentage: `+12.3%`, `-150%`, `0%`. */
export function formatFraction(fraction: number): string {
  const percent = fraction * 100;
  if (percent === 0) return '0%';
  const digits = Math.abs(percent) >= 100 ? 0 : 1;
  return `${percent > 0 ? '+' : '-'}${Math.abs(percent).toLocaleString('en', {maximumFractionDigits: digits, minimumFractionDigits: digits})}%`;
}

/** A figure's relative change; `from 0` when the base was 0. */
export function formatDelta(figure: ComparedFigure): string {
  if (figure.delta === null) return figure.base === 0 && figure.new !== null ? 'from 0' : '—';
  return formatFraction(figure.delta);
}

/** The table's width with every column at its natural width. */
function naturalWidth(spec: TableSpec): number {
  const text = (cell: unknown) => (typeof cell === 'object' && cell !== null && 'text' in cell ? String(cell.text) : String(cell ?? ''));
  return tableWidth(spec.columns.map((column) => Math.max(displayWidth(column.name), ...spec.rows.map((row) => displayWidth(text(row[column.key]))))));
}

function verdictCell(figure: ComparedFigure): Segment {
  if (figure.verdict === 'better') return {text: 'better', tone: 'success'};
  if (figure.verdict === 'worse') return {text: 'worse', tone: 'failure'};
  return figure.verdict ?? '—';
}

function runLine(label: string, file: string, meta: ResultMeta): string {
  const merged = meta.merged ? `, merged from ${meta.merged.length} runs` : '';
  return `${label}: ${file} — ${meta.command}, ${meta.startedAt.slice(0, 19).replace('T', ' ')} UTC on ${meta.host}${merged}`;
}

export async function renderCompare(document: CompareDocument, view: View = stdoutView()): Promise<string> {
  const rows = (compact: boolean) =>
    document.figures.map((figure) => ({
      figure: figure.key,
      base: value(figure, figure.base, compact),
      new: value(figure, figure.new, compact),
      change: signed(figure, figure.change, compact),
      delta: formatDelta(figure),
      verdict: verdictCell(figure),
    }));
  const spec = (compact: boolean): TableSpec => ({
    title: 'Comparison: new against base',
    columns: [
      {key: 'figure', name: 'Figure', shrink: 'middle', minWidth: 16},
      {key: 'base', name: 'Base', align: 'right'},
      {key: 'new', name: 'New', align: 'right'},
      {key: 'change', name: 'Change', align: 'right'},
      {key: 'delta', name: 'Δ', align: 'right'},
      {key: 'verdict', name: ''},
    ],
    rows: rows(compact),
  });
  const spelled = spec(false);
  const table = await renderTable(naturalWidth(spelled) <= view.width ? spelled : spec(true), view);
  const head = [runLine('Base', document.base.file, document.base.meta), runLine('New', document.new.file, document.new.meta)].map((line) => flowText(line, view.width, '  ')).join('\n');
  const counts = (verdict: string) => document.figures.filter((figure) => figure.verdict === verdict).length;
  const tally = `${counts('worse')} worse, ${counts('better')} better, ${counts('same')} unchanged (within 1 %) of ${document.figures.length} figures.`;
  return [head, `${table}${flowText(tally, view.width)}`, renderThresholds(document.thresholds, view, (key, amount) => (key.startsWith('delta.') ? formatFraction(amount) : undefined))].filter(Boolean).join('\n\n');
}
