/**
 * Renders tables with @oclif/table, imported lazily (it pulls in ink and React, ~0.3 s of startup), fitted to the
 * report's width first (table-layout.ts). Cells often hold server text (worker and task names, versions, states):
 * their control characters are escaped, and colour comes only from toned cells (`{text, tone}`), painted after.
 *
 * @oclif/table is given explicit column widths and `maxWidth: 'none'`: it then neither wraps nor asks the terminal
 * for its size (ink would otherwise probe the controlling terminal when stdout is a pipe), and the fitting stays ours.
 */
import {escapeServerText} from '../server-text.js';
import {type Cell, type DrawnRow, fitColumns, fittedCell, type Segment, type TableSpec} from './table-layout.js';
import {flowText} from './text.js';
import {plainView, type View} from './view.js';

export type {ColumnSpec, Row, Segment, TableSpec, Toned} from './table-layout.js';

/** Server text is escaped first; colour codes are ours, added after. */
function drawSegment(segment: Segment, view: View): string {
  if (typeof segment === 'string') return escapeServerText(segment);
  return view.paint[segment.tone](escapeServerText(segment.text));
}

const drawCell = (cell: Cell, view: View): DrawnRow[string] =>
  typeof cell === 'number' ? cell : Array.isArray(cell) ? cell.map((segment) => drawSegment(segment, view)) : drawSegment(cell, view);

/** A title line (flowed, bold on a colour terminal). */
export function renderTitle(title: string, view: View): string {
  return view.paint.strong(flowText(title, view.width));
}

export async function renderTable(spec: TableSpec, view: View = plainView()): Promise<string> {
  const {makeTable} = await import('@oclif/table');
  const rows: DrawnRow[] = spec.rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, drawCell(value, view)])));
  const columns = fitColumns({...spec, rows}, view.width);
  const table = makeTable({
    data: rows.map((row) => Object.fromEntries(columns.map((column) => [column.key, fittedCell(row[column.key], column)]))),
    columns: columns.map((column) => ({
      key: column.key,
      name: column.name,
      horizontalAlignment: column.align ?? 'left',
      width: column.contentWidth + 2,
      overflow: column.shrink === 'lines' ? 'wrap' : column.shrink === 'middle' ? 'truncate-middle' : 'truncate',
    })),
    // No colour from @oclif/table itself: headers are bold only where this report may use colour.
    headerOptions: {formatter: (header: string) => header, bold: view.paint.on, color: undefined as never},
    borderStyle: 'headers-only-with-underline',
    maxWidth: 'none',
  });
  return spec.title === undefined ? table : `${renderTitle(spec.title, view)}\n${table}`;
}
