/** Pieces shared by the report's sections: headline cards, the thresholds table, a section being assembled. */
import {formatNumber, formatSeconds} from '../render/format.js';
import {escapeHtml} from './escape.js';
import {type Cell, tableHtml, text} from './figure.js';
import type {ReportThreshold} from './types.js';

export interface Section {
  html: string;
}

export class SectionBuilder {
  private readonly parts: string[] = [];

  add(html: string): void {
    this.parts.push(html);
  }

  build(): Section {
    return {html: this.parts.join('\n')};
  }
}

/** The headline figures: a name and a cell (its text shown large, its JSON value in data-value). */
export function cardsHtml(cards: Array<[string, Cell]>): string {
  return `<div class="cards">${cards
    .map(([name, cell]) => `<div class="card"><span class="card-name">${escapeHtml(name)}</span><span class="card-value" data-value="${escapeHtml(String(cell.value ?? ''))}">${escapeHtml(cell.text)}</span></div>`)
    .join('')}</div>`;
}

/** The --fail-if verdicts: ✓ passed, ✗ crossed, with the values each expression read. */
export function thresholdsHtml(thresholds: ReportThreshold[] | undefined, format?: (key: string, value: number) => string | undefined): string {
  if (!thresholds || thresholds.length === 0) return '';
  const rows: Cell[][] = thresholds.map((threshold) => [
    {text: threshold.crossed ? '✗ crossed' : '✓ passed', className: threshold.crossed ? 'bad' : 'good'},
    {text: threshold.expression, html: `<code>${escapeHtml(threshold.expression)}</code>`},
    text(
      Object.entries(threshold.values)
        .map(([key, value]) => `${key} = ${(value === null ? undefined : format?.(key, value)) ?? (threshold.units?.[key] === 's' ? formatSeconds(value) : formatNumber(value))}`)
        .join(', '),
    ),
  ]);
  const crossed = thresholds.filter((threshold) => threshold.crossed).length;
  return `<h3>Thresholds: ${crossed === 0 ? '✓ all passed' : `✗ ${formatNumber(crossed)} of ${formatNumber(thresholds.length)} crossed`}</h3>${tableHtml(['verdict', 'expression', 'values'], rows, {className: 'data thresholds'})}`;
}
