/**
 * Fetches every task created in a window, fast: only the fields the analysis needs, large pages, ordered by
 * pulp_created, the window cut into time slices fetched in parallel (a slice with too many tasks for a few pages is
 * cut again, so no request needs a deep offset), `next` links rebased on the api-root's origin (Pulp behind a proxy
 * names internal hosts), pages retried with back-off by the client, and each page reduced into columns at once.
 * Reconciles the tasks fetched per slice with the server's `count`.
 */
import type {PulpClient} from '../client.js';
import {AuthError, BadServerResponseError, PulpBenchError, RejectedRequestError} from '../errors.js';
import {isoMicros, timestampMicros} from '../time.js';
import {ANALYSIS_FIELDS, type FetchedTask, TaskColumns} from './columns.js';
import type {AnalysisWindow} from './window.js';

export interface FetchOptions {
  url: string;
  window: AnalysisWindow;
  pageSize: number;
  concurrency: number;
  /** Time slices to start from (default: 2 × concurrency). */
  initialSlices?: number;
  taskName?: string;
  states?: string[];
  /** Called after each page. */
  onPage?: (progress: FetchProgress) => void;
}

export interface FetchProgress {
  pages: number;
  tasks: number;
  /** Tasks the server counted in the slices seen so far. */
  expected: number;
}

export interface SliceReport {
  since: string;
  until: string;
  expected: number;
  fetched: number;
}

/** What the fetch did, and whether the server's counts and the rows received agree (gateable with --fail-if). */
export interface FetchFigures {
  pages: number;
  slices: number;
  /** Task-list requests made (pages, including empty ones). */
  requests: number;
  /** Tasks the server counted in the window. */
  expected: number;
  /** Task rows received. */
  received: number;
  /** Tasks the server counted but the tool did not receive. */
  missing: number;
  /** Rows received beyond the server's count: duplicated rows, or tasks that entered the window while it was read. */
  extra: number;
  /** Seconds from the first request to the last page. */
  seconds: number;
  /** Slices whose received rows differ from the server's count. */
  mismatches: SliceReport[];
}

export interface FetchResult {
  columns: TaskColumns;
  figures: FetchFigures;
}

/** A fetch that stopped before the end: exit 5, with what was fetched. */
export class IncompleteFetchError extends BadServerResponseError {
  constructor(
    message: string,
    readonly fetched: number,
    readonly expected: number,
    options?: {cause?: unknown},
  ) {
    super(message, undefined, 'incomplete-fetch', options);
  }
}

interface Slice {
  fromUs: number;
  toUs: number;
  /** The last slice includes its end (pulp_created__lte), the others exclude it (__lt). */
  closed: boolean;
  /** Rows at the start of the slice already received (ties on the split instant): skipped with `offset`. */
  skip: number;
  /** A slice of the initial cut (its count adds to the expected total; a split part's count is already in it). */
  root: boolean;
}

interface Page {
  count: number;
  next: string | null;
  results: FetchedTask[];
}

/** Pages a slice may still have after its first page before the rest is cut into smaller slices. */
const MAX_PAGES_PER_SLICE = 8;

export async function fetchTasks(client: PulpClient, options: FetchOptions): Promise<FetchResult> {
  const began = performance.now();
  const columns = new TaskColumns();
  const progress: FetchProgress = {pages: 0, tasks: 0, expected: 0};
  const figures: FetchFigures = {pages: 0, slices: 0, requests: 0, expected: 0, received: 0, missing: 0, extra: 0, seconds: 0, mismatches: []};

  /** The first page's query of a slice (later pages follow `next`). */
  const query = (slice: Slice): Record<string, string> => {
    const params: Record<string, string> = {
      ordering: 'pulp_created,pulp_id',
      fields: ANALYSIS_FIELDS.join(','),
      limit: String(options.pageSize),
      pulp_created__gte: isoMicros(slice.fromUs),
      [slice.closed ? 'pulp_created__lte' : 'pulp_created__lt']: isoMicros(slice.toUs),
    };
    if (slice.skip > 0) params.offset = String(slice.skip);
    if (options.taskName !== undefined) params.name = options.taskName;
    if (options.states && options.states.length > 0) params.state__in = options.states.join(',');
    return params;
  };

  // Work queue: `concurrency` loops each take a slice and page through it. A slice whose first page shows more than
  // a few pages still to come keeps that page and cuts the rest of its range into parts pushed back on the queue:
  // the rest starts at the last row's pulp_created, skipping (offset) the rows of that instant already received, so
  // no row is served twice and no request needs a deep offset. Only the page being reduced is held in memory.
  const queue: Slice[] = split({fromUs: options.window.sinceUs, toUs: options.window.untilUs, closed: true, skip: 0, root: true}, options.initialSlices ?? options.concurrency * 2);
  let active = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };

  const processSlice = async (slice: Slice): Promise<void> => {
    const first = await getAndReduce(options.url, query(slice));
    const expected = Math.max(0, first.count - slice.skip);
    if (slice.root) {
      progress.expected += expected;
      figures.expected += expected;
    }
    figures.slices++;
    let fetched = first.results.length;
    const rest = expected - fetched;
    if (fetched > 0 && rest > options.pageSize * MAX_PAGES_PER_SLICE) {
      const lastUs = timestampMicros(first.results.at(-1)!.pulp_created);
      if (Number.isFinite(lastUs) && lastUs > slice.fromUs && slice.toUs - lastUs > 1000) {
        let tied = 0;
        for (let index = first.results.length - 1; index >= 0 && timestampMicros(first.results[index].pulp_created) === lastUs; index--) tied++;
        const parts = Math.min(64, Math.ceil(rest / (options.pageSize * (MAX_PAGES_PER_SLICE / 2))));
        queue.push(...split({fromUs: lastUs, toUs: slice.toUs, closed: slice.closed, skip: tied, root: false}, parts));
        notify();
        return;
      }
    }
    let next = first.next;
    while (next !== null && first.results.length > 0) {
      const page = await getAndReduce(client.urls.rebase(next), undefined);
      if (page.results.length === 0) break;
      fetched += page.results.length;
      next = page.next;
    }
    if (fetched !== expected) {
      figures.mismatches.push({since: isoMicros(slice.fromUs), until: isoMicros(slice.toUs), expected, fetched});
      figures.missing += Math.max(0, expected - fetched);
      figures.extra += Math.max(0, fetched - expected);
    }
  };

  /** GETs a page and reduces its rows into the columns at once. */
  const getAndReduce = async (url: string, searchParams: Record<string, string> | undefined): Promise<Page> => {
    let page: unknown;
    figures.requests++;
    try {
      page = await client.getJson(url, {searchParams});
    } catch (error) {
      // Credentials, permissions and rejected filters are not a broken fetch: they keep their own exit codes (4, 2).
      if (error instanceof AuthError || error instanceof RejectedRequestError) throw error;
      const reason = error instanceof PulpBenchError ? error.message : String(error);
      throw new IncompleteFetchError(
        `fetching stopped after retries: ${reason}; fetched ${progress.tasks} of at least ${progress.expected} tasks, so no statistics are shown`,
        progress.tasks,
        progress.expected,
        {cause: error},
      );
    }
    const candidate = page as Page;
    if (typeof candidate !== 'object' || candidate === null || !Array.isArray(candidate.results) || typeof candidate.count !== 'number') {
      throw new BadServerResponseError(`unusable task list answer from ${url}: expected {count, next, results}`);
    }
    for (const task of candidate.results) columns.add(task);
    progress.pages++;
    progress.tasks += candidate.results.length;
    figures.pages++;
    figures.received += candidate.results.length;
    options.onPage?.(progress);
    return candidate;
  };

  let failed = false;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (failed) return;
      const slice = queue.shift();
      if (!slice) {
        if (active === 0) return notify();
        await new Promise<void>((resolve) => {
          const previous = wake;
          wake = () => {
            previous?.();
            resolve();
          };
        });
        continue;
      }
      active++;
      try {
        await processSlice(slice);
      } catch (error) {
        failed = true; // the other loops stop at their next step
        throw error;
      } finally {
        active--;
        notify();
      }
    }
  };

  await Promise.all(Array.from({length: options.concurrency}, () => worker()));
  figures.seconds = (performance.now() - began) / 1000;
  return {columns, figures};
}

/** Cuts a slice into `parts` equal time ranges (whole microseconds; the first keeps the slice's skip, the last its end rule). */
function split(slice: Slice, parts: number): Slice[] {
  const width = (slice.toUs - slice.fromUs) / parts;
  const result: Slice[] = [];
  for (let index = 0; index < parts; index++) {
    const fromUs = index === 0 ? slice.fromUs : Math.round(slice.fromUs + width * index);
    const toUs = index === parts - 1 ? slice.toUs : Math.round(slice.fromUs + width * (index + 1));
    const last = index === parts - 1;
    if (toUs > fromUs || (last && slice.closed)) result.push({fromUs, toUs, closed: last ? slice.closed : false, skip: result.length === 0 ? slice.skip : 0, root: slice.root});
  }
  return result;
}
