/** Runs a parsed task query over the TaskStore: the pulp_created range, the filters, the ordering, one page. */
import type {TaskQuery} from './task-query.js';
import {DELETED, type TaskStore} from './task-store.js';

export interface QueryResult {
  count: number;
  rows: number[];
}

const ORDER_COLUMNS: Record<string, (s: TaskStore, row: number) => number | string> = {
  pulp_created: (s, row) => s.created[row],
  pulp_last_updated: (s, row) => s.created[row],
  pulp_id: (s, row) => s.id(row),
  pk: (s, row) => s.id(row),
  state: (s, row) => s.stateName(row),
  name: (s, row) => s.name(row),
  logging_cid: (s, row) => s.loggingCid(row),
  unblocked_at: (s, row) => s.unblocked[row],
  started_at: (s, row) => s.started[row],
  finished_at: (s, row) => s.finished[row],
};

/** Rows matching the query (optionally in one domain), ordered and paginated, and the total count. */
export function runTaskQuery(store: TaskStore, query: TaskQuery, domain?: number): QueryResult {
  if (query.nothing || query.createdFrom > query.createdTo) return {count: 0, rows: []};
  const first = Number.isFinite(query.createdFrom) ? store.lowerBound(query.createdFrom) : 0;
  const end = Number.isFinite(query.createdTo) ? store.upperBound(query.createdTo) : store.size;
  const {predicates} = query;
  const matches = (row: number) => {
    if (store.state[row] === DELETED) return false;
    if (domain !== undefined && store.domainRef[row] !== domain) return false;
    for (const predicate of predicates) if (!predicate(store, row)) return false;
    return true;
  };

  const byCreated = query.ordering.length === 0 || query.ordering[0].field === 'pulp_created' || query.ordering[0].field === 'pulp_last_updated';
  if (byCreated) {
    // Rows are stored in pulp_created order: walk forwards or backwards, counting everything, keeping one page.
    const descending = query.ordering.length === 0 || query.ordering[0].descending;
    const rows: number[] = [];
    const simple = predicates.length === 0 && domain === undefined && store.size > 0 && !hasDeleted(store);
    if (simple) {
      const count = Math.max(0, end - first);
      for (let position = query.offset; position < Math.min(count, query.offset + query.limit); position++) {
        rows.push(descending ? end - 1 - position : first + position);
      }
      return {count, rows};
    }
    let count = 0;
    for (let step = 0; step < end - first; step++) {
      const row = descending ? end - 1 - step : first + step;
      if (!matches(row)) continue;
      if (count >= query.offset && rows.length < query.limit) rows.push(row);
      count++;
    }
    return {count, rows};
  }

  const selected: number[] = [];
  for (let row = first; row < end; row++) if (matches(row)) selected.push(row);
  const keys = query.ordering.map((term) => ({value: ORDER_COLUMNS[term.field] ?? ORDER_COLUMNS.pulp_created, sign: term.descending ? -1 : 1}));
  selected.sort((a, b) => {
    for (const key of keys) {
      const left = key.value(store, a);
      const right = key.value(store, b);
      // SQL (PostgreSQL) sorts NULLs last ascending, first descending.
      const leftNull = typeof left === 'number' && Number.isNaN(left);
      const rightNull = typeof right === 'number' && Number.isNaN(right);
      if (leftNull || rightNull) {
        if (leftNull && rightNull) continue;
        return (leftNull ? 1 : -1) * key.sign;
      }
      if (left < right) return -key.sign;
      if (left > right) return key.sign;
    }
    return b - a; // tie-breaker: -pulp_created
  });
  return {count: selected.length, rows: selected.slice(query.offset, query.offset + query.limit)};
}

/** Whether one row passes a query's filters (a detail view's get_object applies the list's filters too). */
export function rowMatches(store: TaskStore, query: TaskQuery, row: number): boolean {
  if (query.nothing || store.state[row] === DELETED) return false;
  const created = store.created[row];
  if (created < query.createdFrom || created > query.createdTo) return false;
  return query.predicates.every((predicate) => predicate(store, row));
}

const hasDeleted = (store: TaskStore) => store.deletedCount > 0;

