/**
 * Fetches every task created in a window, fast: only the fields the analysis needs, large pages, ordered by
 * pulp_created, the window cut into time slices fetched in parallel (a slice with too many tasks for a few pages is
 * cut again, so no request needs a deep offset), `next` links rebased on the api-root's origin (Pulp behind a proxy
 * names internal hosts), pages retried with back-off by the client, and each page reduced into columns at once.
 * Reconciles the tasks fetched per slice with the server's `count`, and checks every page (page-checks.ts): what a
 * server says is trusted only to decide how to cut the window, so that lies cannot make the work unbounded.
 */
import type {PulpClient} from '../client.js';
import {AuthError, BadServerResponseError, PulpBenchError, RejectedRequestError} from '../errors.js';
import {isoMicros} from '../time.js';
import {ANALYSIS_FIELDS, type FetchedTask, type InvalidTimestamps, noInvalidTimestamps, TaskColumns} from './columns.js';
import {asListPage, type ChainState, checkPage, describeRequest, type ListPage, type PageRequest} from './page-checks.js';
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
  /** Slices the fetch may create in all (default MAX_SLICES); beyond, slices page deeper instead of being cut. */
  maxSlices?: number;
  /** Keep what is consistent of inconsistent answers (recorded in the figures) instead of stopping with exit 5. */
  allowPartial?: boolean;
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
  /** Inconsistent answers accepted with --allow-partial (their consistent rows kept, their `next` not followed). */
  problems: number;
  /** The first few of them: URL, offset and what was wrong. */
  problemDetails: string[];
  /** Timestamps received that were not valid RFC 3339, by field; such tasks are left out of what needs the field. */
  invalidTimestamps: InvalidTimestamps;
}

/** Figures of a fetch that has not started (also the shape --fail-if checks expressions against). */
export function emptyFetchFigures(): FetchFigures {
  const counts = {pages: 0, slices: 0, requests: 0, expected: 0, received: 0, missing: 0, extra: 0, seconds: 0};
  return {...counts, mismatches: [], problems: 0, problemDetails: [], invalidTimestamps: noInvalidTimestamps()};
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
  /** For the parts of a cut slice: the tasks the whole still had to come, and those its parts counted so far. */
  cut?: {budget: number; claimed: number};
}

/** Pages a slice may still have after its first page before the rest is cut into smaller slices. */
const MAX_PAGES_PER_SLICE = 8;
/**
 * Slices a fetch may create in all (≈ 40 million tasks at the default page size): beyond, slices page deeper instead
 * of being cut, so an absurd `count` cannot start an unbounded number of requests. Every other request must bring
 * rows (a `count` without rows is a problem), so the work stays proportional to the rows the server really sends.
 */
export const MAX_SLICES = 10_000;
/** Problems described in the figures (the rest are only counted). */
const MAX_PROBLEM_DETAILS = 10;

export async function fetchTasks(client: PulpClient, options: FetchOptions): Promise<FetchResult> {
  const began = performance.now();
  const columns = new TaskColumns();
  const progress: FetchProgress = {pages: 0, tasks: 0, expected: 0};
  const figures: FetchFigures = {...emptyFetchFigures(), invalidTimestamps: columns.invalid};
  const expectations = {taskName: options.taskName, states: options.states, rebase: (url: string) => client.urls.rebase(url)};

  /** The first page of a slice (later pages follow `next`). */
  const firstRequest = (slice: Slice): PageRequest => {
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
    return {url: `${options.url}?${new URLSearchParams(params)}`, offset: slice.skip, limit: options.pageSize};
  };

  /** A problem with an answer: exit 5, or with --allow-partial counted and described in the figures. */
  const problemWith = (request: PageRequest, problem: string): void => {
    const where = describeRequest(request);
    if (!options.allowPartial) {
      throw new BadServerResponseError(
        `inconsistent task list answer from ${where}: ${problem}; no statistics are shown (--allow-partial analyzes the consistent part)`,
        undefined,
        'inconsistent-task-list',
      );
    }
    figures.problems++;
    if (figures.problemDetails.length < MAX_PROBLEM_DETAILS) figures.problemDetails.push(`${where}: ${problem}`);
  };

  // Work queue: `concurrency` loops each take a slice and page through it. A slice whose first page shows more than
  // a few pages still to come keeps that page and cuts the rest of its range into parts pushed back on the queue:
  // the rest starts at the last row's pulp_created, skipping (offset) the rows of that instant already received, so
  // no row is served twice and no request needs a deep offset. Only the page being reduced is held in memory.
  const queue: Slice[] = split({fromUs: options.window.sinceUs, toUs: options.window.untilUs, closed: true, skip: 0, root: true}, options.initialSlices ?? options.concurrency * 2);
  let slicesCreated = queue.length;
  let active = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };

  const processSlice = async (slice: Slice): Promise<void> => {
    const chain: ChainState = {fromUs: slice.fromUs, toUs: slice.toUs, closed: slice.closed, lastUs: Number.NEGATIVE_INFINITY, firstCount: undefined};
    let request: PageRequest | null = firstRequest(slice);
    const first = await getPage(request);
    const expected = Math.max(0, first.count - slice.skip);
    if (slice.root) {
      progress.expected += expected;
      figures.expected += expected;
    }
    figures.slices++;
    const verdict = checkPage(first, request, chain, expectations);
    reduce(first, verdict.keep, verdict.created);
    let fetched = verdict.keep;
    // The parts of a range may count more than the whole had left by tasks that entered it meanwhile, not more.
    const {cut} = slice;
    if (cut) cut.claimed += expected;
    const overclaimed = cut !== undefined && cut.claimed > cut.budget + Math.max(options.pageSize, Math.ceil(cut.budget / 100));
    const problem = overclaimed ? `count ${first.count} brings the parts of a range to ${cut.claimed} tasks where the whole had ${cut.budget} left` : verdict.problem;
    if (problem) problemWith(request, problem);
    else {
      const rest = expected - fetched;
      if (fetched > 0 && rest > options.pageSize * MAX_PAGES_PER_SLICE) {
        const lastUs = verdict.created[fetched - 1];
        const parts = Math.min(64, Math.ceil(rest / (options.pageSize * (MAX_PAGES_PER_SLICE / 2))), (options.maxSlices ?? MAX_SLICES) - slicesCreated);
        if (Number.isFinite(lastUs) && lastUs > slice.fromUs && slice.toUs - lastUs > 1000 && parts >= 2) {
          let tied = 0;
          for (let index = fetched - 1; index >= 0 && verdict.created[index] === lastUs; index--) tied++;
          const cutParts = split({fromUs: lastUs, toUs: slice.toUs, closed: slice.closed, skip: tied, root: false, cut: {budget: rest, claimed: 0}}, parts);
          slicesCreated += cutParts.length;
          queue.push(...cutParts);
          notify();
          return;
        }
      }
      request = verdict.next;
      while (request !== null) {
        const page = await getPage(request);
        const checked = checkPage(page, request, chain, expectations);
        reduce(page, checked.keep, checked.created);
        fetched += checked.keep;
        if (checked.problem) {
          problemWith(request, checked.problem);
          break;
        }
        request = checked.next;
      }
    }
    if (fetched !== expected) {
      figures.mismatches.push({since: isoMicros(slice.fromUs), until: isoMicros(slice.toUs), expected, fetched});
      figures.missing += Math.max(0, expected - fetched);
      figures.extra += Math.max(0, fetched - expected);
    }
  };

  /** GETs a page: an envelope of a task list, or exit 5. */
  const getPage = async (request: PageRequest): Promise<ListPage> => {
    let body: unknown;
    figures.requests++;
    try {
      body = await client.getJson(request.url);
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
    const page = asListPage(body, request.url);
    progress.pages++;
    figures.pages++;
    return page;
  };

  /** Reduces the consistent rows of a page into the columns at once (the page is then dropped). */
  const reduce = (page: ListPage, keep: number, created: Float64Array): void => {
    for (let index = 0; index < keep; index++) columns.add(page.results[index] as FetchedTask, created[index]);
    progress.tasks += keep;
    figures.received += keep;
    options.onPage?.(progress);
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
    if (toUs > fromUs || (last && slice.closed)) result.push({fromUs, toUs, closed: last ? slice.closed : false, skip: result.length === 0 ? slice.skip : 0, root: slice.root, cut: slice.cut});
  }
  return result;
}
