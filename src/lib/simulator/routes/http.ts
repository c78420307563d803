/**
 * What every route module of the simulator's HTTP front shares: the request context, the route shape, the
 * front's state, and the answer helpers (JSON, Django's HTML pages, DRF's pagination links).
 */
import {randomUUID} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';

import type {DispatchPacer} from '../dispatch-pacer.js';
import type {References} from '../references.js';
import type {Relations} from '../relations.js';
import type {TokenIssuer} from '../oauth2-server.js';
import type {TaskingModel} from '../tasking.js';

export type Layout = 'pulpcore' | 'pulp-service';

export interface FaultOptions {
  /** Share of requests answered with an HTML 500. */
  failRate: number;
  /** Extra delay before answering, ms. */
  latencyMs: number;
  /** Share of requests whose connection is dropped without an answer. */
  resetRate: number;
  /** Route names the faults apply to ('all' for every route). */
  routes: string[];
  /**
   * Spread the faults evenly (each rate accumulates per request; a fault when it reaches 1) instead of drawing them
   * at random: the same share, but a run of N requests always meets ⌊N × rate⌋ of them (tests).
   */
  spread?: boolean;
}

export interface FrontOptions {
  layout: Layout;
  username: string;
  password: string;
  /** Honour `?timeout=` on the test endpoints (false: always `fixedSeconds`, as the real server). */
  honourTimeout: boolean;
  /** How long a test-endpoint call dispatches when `?timeout=` is not honoured (the real server: 25 s). */
  fixedSeconds: number;
  testEndpointsEnabled: boolean;
  dispatchRate: {perRequest: number; ceiling: number};
  faults?: FaultOptions;
  startedUs: number;
  /** OAuth2 mode: protected routes take only Bearer tokens from this issuer (and no Basic credentials). */
  oauth2?: TokenIssuer;
  /** Time each task-list row served costs the API worker, µs (0: free). */
  pageCostUs: number;
  /** The API worker pool (absent: unlimited capacity, no timeout). */
  api?: {workers: number; backlog: number; timeoutMs: number};
}

/** What the simulator served, for benchmarks: `GET /pulp-bench-simulator/stats/` (outside any Pulp path). */
export interface ServedCounters {
  taskListRequests: number;
  taskRows: number;
}

/** The front's state that route handlers read. */
export interface FrontState {
  readonly model: TaskingModel;
  readonly options: FrontOptions;
  readonly served: ServedCounters;
  /** Aborted when the simulator stops: held calls and delays end at once. */
  readonly stopping: AbortSignal;
  readonly pacer: DispatchPacer;
  readonly domainIndex: Map<string, number>;
  /** True in the pulp-service layout (domains enabled). */
  readonly domains: boolean;
  /** Django's URL resolution of hrefs and PRNs. */
  readonly references: References;
  /** Parent/child tasks and task groups. */
  readonly relations: Relations;
}

export interface RequestContext {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** Aborted when the simulator stops or the request's API worker is killed (gunicorn's --timeout). */
  signal: AbortSignal;
  user?: string;
  body?: unknown;
  /** The raw request body (POST, PATCH, PUT) and its media type. */
  bodyText?: string;
  mediaType?: string;
}

export interface Route {
  name: string;
  methods: Record<string, (context: RequestContext) => Promise<void> | void>;
  auth: boolean;
  /** Parses the body itself (DRF parser negotiation) instead of the front's JSON-only parse. */
  rawBody?: boolean;
}

/** Python's urllib.parse.quote_plus, so `next` links are byte-for-byte what Django builds. */
export function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** DRF's replace_query_param / remove_query_param: keys sorted, repeated keys kept in order. */
export function pageLink(base: string, params: URLSearchParams, replace: Record<string, string | undefined>): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  for (const [key, value] of Object.entries(replace)) {
    if (value === undefined) grouped.delete(key);
    else grouped.set(key, [value]);
  }
  const query = [...grouped.keys()]
    .sort()
    .flatMap((key) => grouped.get(key)!.map((value) => `${quotePlus(key)}=${quotePlus(value)}`))
    .join('&');
  return query ? `${base}?${query}` : base;
}

/** DRF LimitOffsetPagination's `next` and `previous` for a page. */
export function paginationLinks(base: string, params: URLSearchParams, limit: number, offset: number, count: number): {next: string | null; previous: string | null} {
  return {
    next: offset + limit >= count ? null : pageLink(base, params, {limit: String(limit), offset: String(offset + limit)}),
    previous: offset <= 0 ? null : pageLink(base, params, {limit: String(limit), offset: offset - limit <= 0 ? undefined : String(offset - limit)}),
  };
}

export function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    ...(body === undefined ? {} : {'content-type': 'application/json'}),
    'content-length': Buffer.byteLength(text),
    vary: 'Accept',
    ...headers,
  });
  response.end(text);
}

export function sendHtml(response: ServerResponse, status: number, title: string, body = `<h1>${title}</h1>`): void {
  const text = `<!doctype html>\n<html lang="en">\n<head>\n  <title>${title}</title>\n</head>\n<body>\n  ${body}\n</body>\n</html>\n`;
  response.writeHead(status, {'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(text)});
  response.end(text);
}

export function correlationId(context: RequestContext): string {
  const header = context.request.headers['correlation-id'];
  const value = Array.isArray(header) ? header[0] : header;
  const id = value && /^[0-9a-f]{32}$/i.test(value) ? value : randomUUID().replaceAll('-', '');
  context.response.setHeader('correlation-id', id);
  return id;
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

/** The absolute URL of the request's path, as DRF builds `next`/`previous` and hrefs from. */
export function requestBase(context: RequestContext): string {
  return `http://${context.request.headers.host ?? 'localhost'}${context.url.pathname}`;
}
