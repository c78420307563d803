/** Renders tables with @oclif/table, imported lazily (it pulls in ink and React, ~0.3 s of startup). */

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
    data: spec.rows,
    columns: spec.columns.map((column) => ({key: column.key, name: column.name, horizontalAlignment: column.align ?? 'left'})),
    headerOptions: {formatter: (header: string) => header},
    borderStyle: 'headers-only-with-underline',
    maxWidth: 'none',
    overflow: 'wrap',
  });
}
