/**
 * Pulp's task list as DRF answers it, over rows the test provides, written for the tests independently of src/: the
 * pulp_created range filters, `name`, `state__in`, ordering by pulp_created, limit/offset and an absolute `next` with
 * the query re-encoded with sorted keys. Misbehaving servers start from this answer and lie in it.
 */

export interface ListRow {
  /** The row's pulp_created in microseconds (what the server filters on, whatever the row's text says). */
  us: number;
  task: Record<string, unknown>;
}

export interface ListAnswer {
  count: number;
  next: string | null;
  previous: string | null;
  results: Array<Record<string, unknown>>;
}

/** Microseconds of `2026-11-01T00:00:00[.ffffff]Z` and of the `+00:00` form; NaN otherwise. */
export function micros(text: string): number {
  const match = /^(.{19})(?:\.(\d{6}))?(Z|\+00:00)$/.exec(text);
  if (!match) return Number.NaN;
  return Date.parse(`${match[1]}Z`) * 1000 + Number(match[2] ?? 0);
}

/** `2026-11-01T00:00:00.000001Z` for microseconds (always with the fraction). */
export function iso(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(us - ms * 1000).padStart(3, '0')}Z`;
}

/** A completed task created at `us`, started 1 s and finished 2 s later. */
export function completedTask(us: number, name = 'pulp_file.app.tasks.synchronizing.synchronize'): ListRow {
  return {us, task: {pulp_created: iso(us), unblocked_at: iso(us + 500_000), started_at: iso(us + 1_000_000), finished_at: iso(us + 2_000_000), state: 'completed', name}};
}

/** The answer to `url` (absolute, with its query); `nextOrigin` is the host Django believes it serves. */
export function answerTaskList(rows: ListRow[], url: URL, nextOrigin = url.origin): ListAnswer {
  const query = url.searchParams;
  const bound = (key: string) => (query.has(key) ? micros(query.get(key)!) : undefined);
  const [gte, gt, lte, lt] = [bound('pulp_created__gte'), bound('pulp_created__gt'), bound('pulp_created__lte'), bound('pulp_created__lt')];
  const states = query.get('state__in')?.split(',');
  const matching = rows
    .filter(({us}) => (gte === undefined || us >= gte) && (gt === undefined || us > gt) && (lte === undefined || us <= lte) && (lt === undefined || us < lt))
    .filter(({task}) => (!query.has('name') || task.name === query.get('name')) && (!states || states.includes(task.state as string)))
    .sort((a, b) => a.us - b.us);
  const limit = Number(query.get('limit') ?? 100) || 100;
  const offset = Number(query.get('offset') ?? 0) || 0;
  const withOffset = (value: number): string => {
    const link = new URL(`${url.pathname}?${query}`, nextOrigin);
    link.searchParams.set('offset', String(value));
    link.searchParams.sort();
    return link.href;
  };
  return {
    count: matching.length,
    next: offset + limit < matching.length ? withOffset(offset + limit) : null,
    previous: offset > 0 ? withOffset(Math.max(0, offset - limit)) : null,
    results: matching.slice(offset, offset + limit).map(({task}) => task),
  };
}
