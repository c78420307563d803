/**
 * Fetches every task created in a window, fast: only the fields the analysis needs, large pages, ordered by
 * pulp_created, the window cut into time slices fetched in parallel (a slice with too many tasks for a few pages is
 * cut again, so no request needs a deep offset), `next` links rebased on the api-root's origin (Pulp behind a proxy
 * names internal hosts), pages retried with back-off by the client, and each page reduced into columns at once.
 * Reconciles the tasks fetched per slice with the server's `count`.
 */
import type {PulpClient} from '../client.js';
import {BadServerResponseError, PulpBenchError} from '../errors.js';
import {isoMicros} from '../time.js';
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

export interface FetchResult {
  columns: TaskColumns;
  pages: number;
  slices: number;
  /** Slices whose fetched count differs from the server's count. */
  mismatches: SliceReport[];
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
}

interface Page {
  count: number;
  next: string | null;
  results: FetchedTask[];
}

/** Pages per slice before it is cut into smaller slices. */
const MAX_PAGES_PER_SLICE = 8;

export async function fetchTasks(client: PulpClient, options: FetchOptions): Promise<FetchResult> {
  const columns = new TaskColumns();
  const progress: FetchProgress = {pages: 0, tasks: 0, expected: 0};
  const mismatches: SliceReport[] = [];
  let slices = 0;

  /** The first page's query of a slice (later pages follow `next`). */
  const query = (slice: Slice): Record<string, string> => {
    const params: Record<string, string> = {
      ordering: 'pulp_created,pulp_id',
      fields: ANALYSIS_FIELDS.join(','),
      limit: String(options.pageSize),
      pulp_created__gte: isoMicros(slice.fromUs),
      [slice.closed ? 'pulp_created__lte' : 'pulp_created__lt']: isoMicros(slice.toUs),
    };
    if (options.taskName !== undefined) params.name = options.taskName;
    if (options.states && options.states.length > 0) params.state__in = options.states.join(',');
    return params;
  };

  // Work queue: `concurrency` loops each take a slice and page through it; a slice with more than a few pages of
  // tasks is cut into parts pushed back on the queue. Only the page being reduced is ever held in memory.
  const queue: Slice[] = split({fromUs: options.window.sinceUs, toUs: options.window.untilUs, closed: true}, options.initialSlices ?? options.concurrency * 2);
  let active = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };

  const processSlice = async (slice: Slice): Promise<void> => {
    const first = await getAndReduce(options.url, query(slice), slice);
    if (first === 'split') return;
    slices++;
    progress.expected += first.count;
    let fetched = first.size;
    let next = first.next;
    while (next !== null && first.size > 0) {
      const page = await getAndReduce(client.urls.rebase(next), undefined, undefined);
      if (page === 'split' || page.size === 0) break;
      fetched += page.size;
      next = page.next;
    }
    if (fetched !== first.count) mismatches.push({since: isoMicros(slice.fromUs), until: isoMicros(slice.toUs), expected: first.count, fetched});
  };

  /** GETs a page; a first page (slice given) showing too many tasks splits the slice instead of being reduced. */
  const getAndReduce = async (url: string, searchParams: Record<string, string> | undefined, slice: Slice | undefined): Promise<'split' | {count: number; next: string | null; size: number}> => {
    let page: unknown;
    try {
      page = await client.getJson(url, {searchParams});
    } catch (error) {
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
    if (slice && candidate.count > options.pageSize * MAX_PAGES_PER_SLICE && slice.toUs - slice.fromUs > 1000) {
      queue.push(...split(slice, Math.min(64, Math.ceil(candidate.count / (options.pageSize * (MAX_PAGES_PER_SLICE / 2))))));
      notify();
      return 'split';
    }
    for (const task of candidate.results) columns.add(task);
    progress.pages++;
    progress.tasks += candidate.results.length;
    options.onPage?.(progress);
    return {count: candidate.count, next: candidate.next, size: candidate.results.length};
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
  return {columns, pages: progress.pages, slices, mismatches};
}

/** Cuts a slice into `parts` equal time ranges (whole microseconds; the last keeps the slice's end rule). */
function split(slice: Slice, parts: number): Slice[] {
  const width = (slice.toUs - slice.fromUs) / parts;
  const result: Slice[] = [];
  for (let index = 0; index < parts; index++) {
    const fromUs = index === 0 ? slice.fromUs : Math.round(slice.fromUs + width * index);
    const toUs = index === parts - 1 ? slice.toUs : Math.round(slice.fromUs + width * (index + 1));
    if (toUs > fromUs || (index === parts - 1 && slice.closed)) result.push({fromUs, toUs, closed: index === parts - 1 ? slice.closed : false});
  }
  return result;
}
