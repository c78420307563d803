/**
 * Integrity checks of the task-list pages a fetch receives, so that a hostile or broken server cannot hang, bloat or
 * fool the analysis. A page whose envelope is not a task list ends the fetch (exit 5) in every case; an answer that is
 * a task list but contradicts itself or the request — a `next` link that loops, repeats or skips a page, leaves the
 * list or runs past `count`; rows beyond `count`, or a `count` without rows; rows out of pulp_created order, outside the
 * requested range or filters — is a problem: the rows before the first inconsistency are kept, the chain of `next`
 * links is not followed further, and the fetch either stops (exit 5) or, with --allow-partial, records it.
 */
import {BadServerResponseError} from '../errors.js';
import {isoMicros, wireTimestampMicros} from '../time.js';

/** A page of Pulp's task list (DRF's LimitOffsetPagination envelope). */
export interface ListPage {
  count: number;
  next: string | null;
  results: unknown[];
}

/** One page request of a chain. */
export interface PageRequest {
  /** Absolute URL with its query, as requested. */
  url: string;
  offset: number;
  limit: number;
}

/** What the rows of one slice's chain must satisfy, and what the chain has seen so far. */
export interface ChainState {
  fromUs: number;
  toUs: number;
  /** Whether `toUs` is inside the range (pulp_created__lte) or not (__lt). */
  closed: boolean;
  /** pulp_created of the last row kept in this chain (−∞ before the first). */
  lastUs: number;
  /** The count the chain's first page reported (pages beyond it, plus one of growth, are refused). */
  firstCount: number | undefined;
}

export interface PageExpectations {
  taskName?: string;
  states?: string[];
  /** Puts a server-made absolute URL on our origin (PulpUrls.rebase). */
  rebase: (url: string) => string;
}

export interface PageVerdict {
  /** How many rows at the start of the page are consistent (the others are dropped). */
  keep: number;
  /** pulp_created of each kept row as wireTimestampMicros parsed it (NaN or INVALID_TIMESTAMP when so). */
  created: Float64Array;
  /** What is wrong with the page, when something is (then `next` is null). */
  problem?: string;
  /** The next page to request (on our origin), or null. */
  next: PageRequest | null;
}

/** Longest server-provided value quoted in a message. */
const QUOTE_LIMIT = 60;
/** A server-provided value for a message: JSON-quoted (no control characters) and cut short. */
export const quoteValue = (value: unknown): string => {
  const text = JSON.stringify(typeof value === 'string' && value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}…` : value) ?? String(value);
  return text.length > QUOTE_LIMIT + 8 ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
};

/** Our own request, short: the list's URL without its query, and the offset. */
export function describeRequest(request: PageRequest): string {
  const url = new URL(request.url);
  return `${url.origin}${url.pathname} at offset ${request.offset}`;
}

/** The envelope of a task-list page, or exit 5 when the answer is not one. */
export function asListPage(body: unknown, url: string): ListPage {
  const page = body as Partial<ListPage> | null;
  const unusable = (what: string) => new BadServerResponseError(`unusable task list answer from ${describeRequest({url, offset: offsetOf(new URL(url)) ?? 0, limit: 0})}: ${what}`);
  if (typeof page !== 'object' || page === null || Array.isArray(page) || !Array.isArray(page.results)) throw unusable('expected {count, next, results}');
  if (!Number.isSafeInteger(page.count) || (page.count as number) < 0) throw unusable(`count ${quoteValue(page.count)} is not a non-negative integer`);
  if (page.next !== undefined && page.next !== null && typeof page.next !== 'string') throw unusable(`next ${quoteValue(page.next)} is neither a URL nor null`);
  return {count: page.count as number, next: page.next ?? null, results: page.results};
}

/** The offset of a page URL (absent = 0), or undefined when it is not a non-negative integer. */
function offsetOf(url: URL): number | undefined {
  const text = url.searchParams.get('offset') ?? '0';
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** Checks a page against its request and its chain; updates the chain's state with the rows kept. */
export function checkPage(page: ListPage, request: PageRequest, chain: ChainState, expectations: PageExpectations): PageVerdict {
  const {results} = page;
  const created = new Float64Array(results.length);
  let problem: string | undefined;
  let keep = 0;
  let lastUs = chain.lastUs;
  for (; keep < results.length; keep++) {
    problem = rowProblem(results[keep], keep, chain, lastUs, expectations, created);
    if (problem) break;
    if (Number.isFinite(created[keep])) lastUs = created[keep];
  }
  if (!problem && results.length > request.limit) {
    problem = `${results.length} rows for limit ${request.limit}`;
    keep = Math.min(keep, request.limit);
  }
  if (!problem && request.offset + results.length > page.count) {
    problem = `${results.length} rows at offset ${request.offset} of a count of ${page.count}`;
    keep = Math.min(keep, Math.max(0, page.count - request.offset));
  }
  if (!problem && results.length === 0 && page.count > request.offset) {
    problem = `count ${page.count} but no rows at offset ${request.offset}`;
  } else if (!problem && page.next === null && request.offset + results.length < page.count) {
    problem = `count ${page.count} but the list ends after row ${request.offset + results.length}`;
  }
  chain.firstCount ??= page.count;
  let next: PageRequest | null = null;
  if (!problem && page.next !== null) {
    const followed = nextRequest(page, request, chain.firstCount, expectations);
    if (typeof followed === 'string') problem = followed;
    else next = followed;
  }
  for (let index = keep - 1; index >= 0; index--) {
    if (Number.isFinite(created[index])) {
      chain.lastUs = created[index];
      break;
    }
  }
  return {keep, created, problem, next};
}

/** What is wrong with one row, if anything (and its parsed pulp_created in `created[index]`). */
function rowProblem(row: unknown, index: number, chain: ChainState, lastUs: number, expectations: PageExpectations, created: Float64Array): string | undefined {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return `row ${index + 1} is ${quoteValue(row)}, not a task`;
  const task = row as Record<string, unknown>;
  const us = wireTimestampMicros(task.pulp_created);
  created[index] = us;
  // Invalid timestamps are not the page's fault alone: the row is excluded and counted by the columns.
  if (Number.isFinite(us)) {
    if (us < chain.fromUs || (chain.closed ? us > chain.toUs : us >= chain.toUs)) {
      return `row ${index + 1} was created at ${isoMicros(us)}, outside the requested ${isoMicros(chain.fromUs)} … ${isoMicros(chain.toUs)}`;
    }
    if (us < lastUs) return `rows go back in pulp_created order (${isoMicros(us)} after ${isoMicros(lastUs)}): a repeated or shuffled page`;
  }
  if (expectations.taskName !== undefined && task.name !== expectations.taskName) return `row ${index + 1} has name ${quoteValue(task.name)}, not the one asked for`;
  if (expectations.states && expectations.states.length > 0 && !expectations.states.includes(task.state as string)) {
    return `row ${index + 1} has state ${quoteValue(task.state)}, not one asked for`;
  }
  return undefined;
}

/** The request a page's `next` link asks for, or what is wrong with it: the same list and query, offset + limit. */
function nextRequest(page: ListPage, request: PageRequest, firstCount: number, expectations: PageExpectations): PageRequest | string {
  let url: URL;
  try {
    url = new URL(expectations.rebase(page.next!));
  } catch {
    return `next link ${quoteValue(page.next)} is not a URL`;
  }
  const current = new URL(request.url);
  if (url.pathname !== current.pathname) return `next link leaves the list (path ${quoteValue(url.pathname)})`;
  const changed = changedParameter(current.searchParams, url.searchParams);
  if (changed !== undefined) return `next link changes the query (${quoteValue(changed)})`;
  const offset = offsetOf(url);
  if (offset === undefined) return `next link has offset ${quoteValue(url.searchParams.get('offset'))}`;
  const end = request.offset + request.limit;
  if (offset === request.offset) return 'next link repeats this page';
  if (offset < request.offset) return `next link goes back to offset ${offset}: a loop`;
  if (offset < end) return `next link (offset ${offset}) overlaps this page (limit ${request.limit})`;
  if (offset > end) return `next link skips rows ${end}–${offset - 1}`;
  if (offset >= page.count) return `next link (offset ${offset}) runs past the count ${page.count}`;
  if (offset >= firstCount + request.limit) return `next link (offset ${offset}) asks for more pages than the first count ${firstCount} allows`;
  if (page.results.length < request.limit) return `a short page (${page.results.length} of ${request.limit} rows) has a next link: rows skipped`;
  return {url: url.href, offset, limit: request.limit};
}

/** A query parameter (other than offset) added, removed or changed between two queries, if any. */
function changedParameter(ours: URLSearchParams, theirs: URLSearchParams): string | undefined {
  const entries = (query: URLSearchParams) =>
    [...query]
      .filter(([key]) => key !== 'offset')
      .map(([key, value]) => `${key}=${value}`)
      .sort();
  const mine = entries(ours);
  const other = entries(theirs);
  if (mine.join('&') === other.join('&')) return undefined;
  const [mineSet, otherSet] = [new Set(mine), new Set(other)];
  const both = [...mine, ...other];
  // Same entries, different repetitions: name the first.
  const differing = both.find((entry) => !mineSet.has(entry) || !otherSet.has(entry)) ?? both[0];
  return differing.split('=')[0];
}
