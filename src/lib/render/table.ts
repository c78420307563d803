/**
 * Renders tables with @oclif/table, imported lazily (it pulls in ink and React, ~0.3 s of startup). Cells often hold
 * server text (worker and task names, versions, states): their control characters are escaped.
 */
import {escapeServerText} from '../server-text.js';

export type Row = Record<string, string | number>;

export interface TableSpec {
  title?: string;
  columns: Array<{key: string; name: string; align?: 'left' | 'right'}>;
  rows: Row[];
}

export async function renderTable(spec: TableSpec): Promise<string> {
  const {makeTable} = await import('@oclif/table');
  return makeTable({
    title: spec.title,
    data: spec.rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'string' ? escapeServerText(value) : value]))),
    columns: spec.columns.map((column) => ({key: column.key, name: column.name, horizontalAlignment: column.align ?? 'left'})),
    headerOptions: {formatter: (header: string) => header},
    borderStyle: 'headers-only-with-underline',
    maxWidth: 'none',
    overflow: 'wrap',
  });
}
