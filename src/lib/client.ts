/**
 * PulpClient: the only module that talks HTTP. One got instance per client with keep-alive agents sized for
 * high concurrency, Basic or mTLS auth, a User-Agent, timeouts, retries for idempotent reads only, optional
 * request tracing with secrets redacted, and failures turned into typed errors.
 */
import http from 'node:http';
import https from 'node:https';

import got, {type Got, type Method} from 'got';

import type {Connection} from './connection.js';
import {
  AuthError,
  BadServerResponseError,
  NotFoundError,
  PulpBenchError,
  RejectedRequestError,
  UnreachableError,
} from './errors.js';
import {PulpUrls} from './pulp-urls.js';
import {parseStatus, type PulpStatus} from './status.js';

export interface RetryPolicy {
  /** Retries after the first attempt (idempotent GETs only). */
  limit: number;
  /** First back-off delay; doubles each retry, with ±20 % jitter. */
  baseDelayMs: number;
}

export interface PulpClientOptions {
  userAgent?: string;
  /** Per-request time limit for reads, ms (default 30 000). */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Where `--debug-requests` traces go (default: stderr). */
  trace?: (line: string) => void;
  /**
   * Idle keep-alive sockets are closed after this many ms (default 1 000), below gunicorn's 2 s keep-alive, so a
   * socket the server is about to close is never reused for a request.
   */
  idleSocketMs?: number;
  /**
   * Aborted when the command is asked to stop (SIGINT, SIGTERM, SIGHUP): every read in flight or waiting to retry
   * ends at once with an AbortError. Requests without retries (the load engine's) are not affected: the engine
   * gives them a grace period of its own.
   */
  stopSignal?: AbortSignal;
}

export interface SendOptions {
  json?: unknown;
  /** A JSON body already serialised (saves the work per request in load loops). */
  jsonText?: string;
  searchParams?: URLSearchParams | Record<string, string | number>;
  /** Retry on 429/5xx/connection resets; only ever for idempotent requests. */
  retry?: boolean;
  /** Time limit of each attempt, ms. */
  timeoutMs?: number;
  /** Time limit of the whole exchange, retries and back-off included, ms. */
  totalTimeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Load loops: receives a function that aborts this request (cheaper than an AbortSignal per request, which adds
   * and removes listeners every time). Only for requests without retries.
   */
  onAbortable?: (abort: () => void) => void;
  headers?: Record<string, string>;
}

/** Filters and options of a task list request (Pulp's query parameters, e.g. `{state: 'running', limit: 100}`). */
export type TaskListQuery = Record<string, string | number>;

/** One page of a Pulp task list. `results` hold the requested fields of each task. */
export interface TaskPage<T = Record<string, unknown>> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface RawResponse {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Wall time of the request (including retries), seconds. */
  seconds: number;
}

const RETRY_STATUS = [429, 500, 502, 503, 504];
const RETRY_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);
const IDEMPOTENT = new Set<string>(['GET', 'HEAD', 'OPTIONS']);

/** Waits `ms`, or rejects with an AbortError as soon as `signal` aborts. */
function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(Object.assign(new Error('request aborted'), {name: 'AbortError'}));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, {once: true});
  });
}

/** A transport failure worth another try for an idempotent request: a reset, a timeout, a DNS hiccup. */
function isRetryableFailure(error: unknown): boolean {
  const original = (error as {cause?: unknown}).cause ?? error;
  const code = (original as NodeJS.ErrnoException)?.code ?? '';
  return RETRY_ERRORS.has(code) || /socket hang up/.test(String((original as Error)?.message ?? ''));
}
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-rh-identity']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|EPROTO$|HOSTNAME_MISMATCH)/;

export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name] = SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : value;
  }
  return result;
}

/** Turns a transport-level failure (no HTTP answer) into a typed error. */
export function transportError(error: unknown, url: string, timeoutMs?: number): PulpBenchError {
  if (error instanceof PulpBenchError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  const message = (error as Error).message ?? String(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new UnreachableError(`cannot resolve host '${host.replace(/:\d+$/, '')}' (${code})`, {cause: error});
  if (code === 'ECONNREFUSED') return new UnreachableError(`connection refused by ${host}: is Pulp running there?`, {cause: error});
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new UnreachableError(`no answer from ${url}${timeoutMs ? ` within ${timeoutMs / 1000} s` : ''}`, {cause: error});
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/.test(message)) {
    return new UnreachableError(`connection to ${host} was reset (${code || message})`, {cause: error});
  }
  if (TLS_CODE.test(code) || /certificate|SSL|TLS/i.test(message)) {
    const reason = message.replace(/; if the root CA is installed locally.*$/s, '');
    return new UnreachableError(`TLS failure talking to ${host}: ${reason} (for a test server with a self-signed certificate, use --no-verify-ssl)`, {cause: error});
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new UnreachableError(`host ${host} is unreachable (${code})`, {cause: error});
  return new UnreachableError(`request to ${url} failed: ${message}`, {cause: error});
}

/**
 * A short name for why a request got no usable HTTP answer, for load-test failure counts:
 * timeout, connection-reset, connection-refused, dns, tls, aborted or error.
 */
export function failureCause(error: unknown): string {
  if ((error as Error)?.name === 'AbortError') return 'aborted';
  const original = (error as {cause?: unknown}).cause ?? error;
  const code = (original as NodeJS.ErrnoException)?.code ?? '';
  const message = String((original as Error)?.message ?? '');
  if ((original as Error)?.name === 'AbortError' || code === 'ERR_ABORTED' || code === 'ABORT_ERR') return 'aborted';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/.test(message)) return 'connection-reset';
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (TLS_CODE.test(code)) return 'tls';
  return 'error';
}

/** A short, single-line rendering of an error body for messages. */
function describeBody(body: string, contentType: string | undefined): string {
  if (contentType?.includes('html') || /^\s*</.test(body)) {
    const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
    return title ? `an HTML page ('${title}')` : 'an HTML page';
  }
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'detail' in parsed) return String((parsed as {detail: unknown}).detail);
    return JSON.stringify(parsed).slice(0, 300);
  } catch {
    const flat = body.replace(/\s+/g, ' ').trim();
    return flat.length > 0 ? flat.slice(0, 200) : 'an empty body';
  }
}

/** Maps a non-2xx answer to a typed error. */
export function httpError(response: RawResponse): PulpBenchError {
  const {status, url} = response;
  const detail = describeBody(response.body, response.headers['content-type']);
  if (status === 401) return new AuthError(`authentication refused by ${url} (401: ${detail}); check --user/--password or --cert/--key`, 401);
  if (status === 403) return new AuthError(`permission denied by ${url} (403: ${detail})`, 403);
  if (status === 404) return new NotFoundError(`${url} not found (404); check --api-root (stock Pulp: https://host, pulp-service: https://host/api)`);
  if (status === 400) {
    let body: unknown = response.body;
    try {
      body = JSON.parse(response.body);
    } catch {
      // keep the text
    }
    return new RejectedRequestError(`the server rejected the request to ${url} (400): ${detail}`, body);
  }
  if (status >= 500) return new BadServerResponseError(`server error ${status} from ${url}: ${detail}`, status, 'server-error');
  return new BadServerResponseError(`unexpected answer ${status} from ${url}: ${detail}`, status);
}

/** Parses a JSON body or explains why it is unusable. */
export function parseJsonBody(response: RawResponse): unknown {
  const contentType = response.headers['content-type'];
  try {
    return JSON.parse(response.body);
  } catch {
    const what = response.body.length === 0 ? 'an empty body' : contentType?.includes('json') ? `truncated or invalid JSON (${response.body.length} bytes)` : describeBody(response.body, contentType);
    throw new BadServerResponseError(`unusable answer from ${response.url}: expected JSON, got ${what}`, response.status, 'bad-body');
  }
}

export class PulpClient {
  readonly urls: PulpUrls;
  readonly connection: Connection;
  private readonly http: Got;
  private readonly agents: {http: http.Agent; https: https.Agent};
  private readonly timeoutMs: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly trace: ((line: string) => void) | undefined;
  private readonly stopSignal: AbortSignal | undefined;

  constructor(connection: Connection, options: PulpClientOptions = {}) {
    this.connection = connection;
    this.urls = connection.urls;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retryPolicy = options.retry ?? {limit: 3, baseDelayMs: 500};
    this.stopSignal = options.stopSignal;
    const idle = options.idleSocketMs ?? 1000;
    const agentOptions = {keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, maxFreeSockets: 1024, timeout: idle, scheduling: 'lifo' as const};
    this.agents = {
      http: new http.Agent(agentOptions),
      https: new https.Agent({
        ...agentOptions,
        rejectUnauthorized: connection.verifySsl,
        cert: connection.cert,
        key: connection.key,
      }),
    };

    const headers: Record<string, string> = {
      'user-agent': options.userAgent ?? 'pulp-bench',
      accept: 'application/json',
    };
    if (connection.password !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${connection.username}:${connection.password}`).toString('base64')}`;
    }

    const trace = (this.trace = connection.debugRequests ? (options.trace ?? ((line: string) => process.stderr.write(`${line}\n`))) : undefined);
    this.http = got.extend({
      agent: this.agents,
      headers,
      throwHttpErrors: false,
      followRedirect: true,
      responseType: 'text',
      https: {rejectUnauthorized: connection.verifySsl},
      retry: {limit: 0},
      hooks: trace
        ? {
            beforeRequest: [
              (request) => {
                trace(`→ ${request.method} ${String(request.url)} ${JSON.stringify(redactHeaders(request.headers))}`);
              },
            ],
          }
        : {},
    });
  }

  /** One HTTP exchange. Throws only transport errors (typed); any HTTP status is returned. */
  async send(method: Method, url: string, options: SendOptions = {}): Promise<RawResponse> {
    const started = performance.now();
    const deadline = started + (options.totalTimeoutMs ?? Number.POSITIVE_INFINITY);
    if (!options.retry) return this.sendOnce(method, url, options, Math.min(options.timeoutMs ?? this.timeoutMs, deadline - started), started);
    const retries = IDEMPOTENT.has(method) ? this.retryPolicy.limit : 0;
    const signal = options.signal && this.stopSignal ? AbortSignal.any([options.signal, this.stopSignal]) : (options.signal ?? this.stopSignal);
    const attemptOptions = {...options, signal};
    for (let attempt = 1; ; attempt++) {
      const timeoutMs = Math.max(1, Math.min(options.timeoutMs ?? this.timeoutMs, deadline - performance.now()));
      let response: RawResponse | undefined;
      let failure: unknown;
      try {
        response = await this.sendOnce(method, url, attemptOptions, timeoutMs, started);
        if (!RETRY_STATUS.includes(response.status)) return response;
      } catch (error) {
        if (!isRetryableFailure(error) || signal?.aborted) throw error;
        failure = error;
      }
      const delay = this.retryPolicy.baseDelayMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
      if (attempt > retries || performance.now() + delay >= deadline) {
        if (response) return response;
        throw failure;
      }
      this.trace?.(`↻ retry ${attempt} of ${method} ${url}: ${response ? `HTTP ${response.status}` : (failure as Error).message}`);
      await abortableSleep(delay, signal);
    }
  }

  private sendOnce(method: Method, url: string, options: SendOptions, timeoutMs: number, started: number): Promise<RawResponse> {
    const body = options.jsonText ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
    return new Promise<RawResponse>((resolve, reject) => {
      const stream = this.http.stream(url, {
        method,
        body,
        searchParams: options.searchParams,
        headers: body === undefined ? options.headers : {'content-type': 'application/json', ...options.headers},
        signal: options.signal,
        timeout: {request: timeoutMs},
        retry: {limit: 0},
      });
      let status = 0;
      let headers: http.IncomingHttpHeaders = {};
      let text = '';
      let aborted = false;
      options.onAbortable?.(() => {
        aborted = true;
        stream.destroy(Object.assign(new Error('request aborted'), {name: 'AbortError'}));
      });
      stream.once('response', (response: http.IncomingMessage) => {
        status = response.statusCode ?? 0;
        headers = response.headers;
      });
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (text += chunk));
      stream.once('end', () => {
        this.trace?.(`← ${status} ${method} ${url} ${Math.round(performance.now() - started)} ms ${JSON.stringify(redactHeaders(headers))}`);
        resolve({url, status, headers, body: text, seconds: (performance.now() - started) / 1000});
      });
      stream.once('error', (error: Error) => {
        this.trace?.(`✗ ${method} ${url}: ${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`);
        if (aborted || options.signal?.aborted) reject(Object.assign(new Error('request aborted'), {name: 'AbortError', cause: error}));
        else reject(transportError(error, url, timeoutMs));
      });
    });
  }

  /** GET a JSON document (retried on 429/5xx/resets); any non-2xx becomes a typed error. */
  async getJson(url: string, options: Omit<SendOptions, 'json' | 'retry'> = {}): Promise<unknown> {
    const response = await this.send('GET', url, {...options, retry: true});
    if (response.status < 200 || response.status >= 300) throw httpError(response);
    return parseJsonBody(response);
  }

  /** Pulp's status endpoint: versions, online workers and apps, database and Redis connection. */
  /** Pulp's status endpoint; `timeoutMs` bounds the whole exchange, retries included. */
  async status(options: {timeoutMs?: number} = {}): Promise<PulpStatus> {
    const url = this.urls.status();
    return parseStatus(await this.getJson(url, {timeoutMs: options.timeoutMs, totalTimeoutMs: options.timeoutMs}), url);
  }

  /**
   * One page of the task list: the stock list, a domain's (`domain`), or pulp-service's admin list of all domains
   * (`allDomains`). For whole windows, use fetchTasks.
   */
  async listTasks<T = Record<string, unknown>>(query: TaskListQuery = {}, where: {domain?: string; allDomains?: boolean} = {}): Promise<TaskPage<T>> {
    const url = where.allDomains ? this.urls.adminTasks() : this.urls.tasks(where.domain);
    const page = (await this.getJson(url, {searchParams: Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)]))})) as TaskPage<T>;
    if (typeof page !== 'object' || page === null || !Array.isArray(page.results)) throw new BadServerResponseError(`unusable task list answer from ${url}: expected {count, next, results}`);
    return page;
  }

  /** Closes idle sockets so the process can exit promptly. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
