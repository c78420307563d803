/**
 * Fits a table to a width before @oclif/table draws it: columns that matter least are dropped first, then columns
 * that may give up width do (their cells cut with `…`, or their `·`-separated values flowed onto more lines), and
 * every remaining column gets an explicit width. @oclif/table is then asked for exactly that, so nothing wraps.
 */
import {displayWidth, flowSegments, flowText, truncate} from './text.js';

/** Text drawn in a colour where the view takes colour: failures, warnings, successes. */
export interface Toned {
  text: string;
  tone: 'failure' | 'warning' | 'success';
}
export type Segment = string | Toned;
/** A cell: text, a number, or `·`-separated values (kept whole, flowed onto lines in a `lines` column). */
export type Cell = Segment | number | Segment[];
export type Row = Record<string, Cell>;
/** A row as measured and drawn: escaped, painted text. */
export type DrawnRow = Record<string, string | number | string[]>;

export interface ColumnSpec {
  key: string;
  name: string;
  align?: 'left' | 'right';
  /** When the table is too wide, columns with the highest `dropOrder` go first; columns without one always stay. */
  dropOrder?: number;
  /** How the column gives up width: cut with `…` at the end or in the middle, or flow its values onto more lines. */
  shrink?: 'end' | 'middle' | 'lines';
  /** The narrowest its content may become (default: its header, at least 8). */
  minWidth?: number;
  /** What joins a list of values (default ` · `). */
  separator?: string;
}

export interface TableSpec<R = Row> {
  title?: string;
  columns: ColumnSpec[];
  rows: R[];
}

export interface FittedColumn extends ColumnSpec {
  /** Columns for the content, padding excluded. */
  contentWidth: number;
}

/** @oclif/table's headers-only border: one column of padding each side of a cell, one column between cells, one at the start. */
export const PADDING = 1;
export const tableWidth = (contentWidths: number[]) => contentWidths.reduce((sum, width) => sum + width + 2 * PADDING, 0) + contentWidths.length;

const SEPARATOR = ' · ';
const cellText = (cell: DrawnRow[string] | undefined, separator = SEPARATOR): string => (cell === undefined ? '' : Array.isArray(cell) ? cell.join(separator) : String(cell));
const lineWidth = (text: string): number => Math.max(0, ...text.split('\n').map((line) => displayWidth(line)));

/** The columns kept and their content widths, so that the table takes at most `width` columns where it can. */
export function fitColumns(spec: TableSpec<DrawnRow>, width: number): FittedColumn[] {
  // A column's natural width: its header or its widest cell, a list of values counting as one line.
  const natural = (column: ColumnSpec) => Math.max(1, displayWidth(column.name), ...spec.rows.map((row) => lineWidth(cellText(row[column.key], column.separator))));
  let columns: FittedColumn[] = spec.columns.map((column) => ({...column, contentWidth: natural(column)}));
  const total = () => tableWidth(columns.map((column) => column.contentWidth));
  const floor = (column: FittedColumn) => (column.shrink === undefined ? column.contentWidth : Math.min(column.contentWidth, column.minWidth ?? Math.max(8, displayWidth(column.name))));
  // What shrinking could save: a column is dropped only when that is not enough.
  const slack = () => columns.reduce((sum, column) => sum + column.contentWidth - floor(column), 0);
  while (total() - slack() > width) {
    const droppable = columns.filter((column) => column.dropOrder !== undefined);
    if (droppable.length === 0) break;
    const drop = droppable.reduce((first, column) => (column.dropOrder! > first.dropOrder! ? column : first));
    columns = columns.filter((column) => column !== drop);
  }
  // Shrink the widest shrinkable column first, each no further than its minimum, until the table fits.
  for (const column of columns.filter((candidate) => candidate.shrink !== undefined).sort((a, b) => b.contentWidth - a.contentWidth)) {
    const excess = total() - width;
    if (excess <= 0) break;
    column.contentWidth = Math.max(floor(column), column.contentWidth - excess);
  }
  return columns;
}

/** The cell as drawn in its fitted column: flowed onto lines in `lines` columns, cut with `…` in the others. */
export function fittedCell(cell: DrawnRow[string] | undefined, column: FittedColumn): string {
  if (column.shrink === 'lines') {
    // A list keeps each value whole (a URL too long for a line is cut in its middle); prose breaks between words.
    if (Array.isArray(cell)) return flowSegments(cell, column.contentWidth, {separator: column.separator ?? SEPARATOR, cut: 'middle'}).join('\n');
    return flowText(cellText(cell), column.contentWidth);
  }
  // Cut here rather than by @oclif/table, which pads a cut cell by its length, not its width (CJK would overflow).
  return column.shrink === undefined ? cellText(cell, column.separator) : truncate(cellText(cell, column.separator), column.contentWidth, column.shrink);
}
