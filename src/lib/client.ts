/**
 * PulpClient: the only module that talks HTTP. One got instance per client with keep-alive agents sized for
 * high concurrency, Basic, OAuth2 or mTLS auth, a User-Agent, timeouts, retries for idempotent reads only (honouring
 * Retry-After up to a maximum), a size limit on every decoded body, optional request tracing with secrets
 * redacted, and failures turned into typed errors (http-errors.ts). The `Authorization` header (request-auth.ts,
 * oauth2.ts) goes only to the api-root's origin and only on requests that need it: never to status/ or the anonymous
 * test endpoints, never across a redirect to another origin; a 401 to a request that carried a kept OAuth2 token is
 * sent once more with a new token. Configured extra headers go to every request to the api-root's origin, no other.
 */
import http from 'node:http';
import https from 'node:https';

import got, {type Got, type Method} from 'got';

import {bodyTooLargeError, DEFAULT_MAX_BODY_BYTES, LimitedBodyText} from './body-limit.js';
import type {PulpClientOptions, RawResponse, RetryPolicy, SendOptions, TaskListQuery, TaskPage} from './client-types.js';
import type {Connection} from './connection.js';
import {BadServerResponseError} from './errors.js';
import {redactHeaders} from './headers.js';
import {httpError, isRetryableFailure, parseJsonBody, transportError} from './http-errors.js';
import {createAuthorizer} from './oauth2.js';
import {PulpUrls} from './pulp-urls.js';
import type {RequestAuthorizer} from './request-auth.js';
import {DEFAULT_MAX_RETRY_WAIT_MS, retryAfterMs, retryAfterNote} from './retry-after.js';
import {plainHttpCredentialsWarning} from './security-notes.js';
import {escapeServerText} from './server-text.js';
import {parseStatus, type PulpStatus} from './status.js';

export type {PulpClientOptions, RawResponse, RetryPolicy, SendOptions, TaskListQuery, TaskPage} from './client-types.js';
export {redactHeaders} from './headers.js';
export {failureCause, httpError, parseJsonBody, transportError} from './http-errors.js';

const RETRY_STATUS = [429, 500, 502, 503, 504];
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

export class PulpClient {
  readonly urls: PulpUrls;
  readonly connection: Connection;
  private readonly http: Got;
  private readonly agents: {http: http.Agent; https: https.Agent};
  private readonly timeoutMs: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly trace: ((line: string) => void) | undefined;
  private readonly stopSignal: AbortSignal | undefined;
  private readonly maxBodyBytes: number;
  private readonly maxRetryWaitMs: number;
  private readonly note: (line: string) => void;
  private readonly traceHeaders: (headers: Record<string, unknown>) => string;
  /** Where the Authorization header comes from (Basic, OAuth2), if credentials are configured. */
  private readonly authorizer: RequestAuthorizer | undefined;
  /** `--header`s and the profile's `headers` (redacted in traces, dropped on redirects away). */
  private readonly extraHeaders: Record<string, string> | undefined;
  /** `scheme://host[:port]/`: only URLs starting with it get the Authorization header and the extra headers. */
  private readonly authPrefix: string;
  /** Whether the once-only warning about credentials over plain http was considered. */
  private plainHttpChecked = false;
  /** Until when (performance.now()) the last Retry-After note covers waits: concurrent waits are reported once. */
  private retryNoteUntil = Number.NEGATIVE_INFINITY;

  constructor(connection: Connection, options: PulpClientOptions = {}) {
    this.connection = connection;
    this.urls = connection.urls;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retryPolicy = options.retry ?? {limit: 3, baseDelayMs: 500};
    this.stopSignal = options.stopSignal;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
    this.note = options.onNote ?? ((line: string) => process.stderr.write(`${line}\n`));
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

    this.authorizer = createAuthorizer(connection, {
      send: (method, url, sendOptions) => this.send(method, url, sendOptions),
      getJson: (url, getOptions) => this.getJson(url, getOptions),
      schemaUrl: this.urls.apiSchema(),
      note: this.note,
    });
    const extraHeaders = (this.extraHeaders = connection.headers && Object.keys(connection.headers).length > 0 ? connection.headers : undefined);
    const extraNames = new Set(Object.keys(extraHeaders ?? {}).map((name) => name.toLowerCase()));
    const authPrefix = (this.authPrefix = `${this.urls.origin}/`);
    /** A trace line's headers: secrets redacted, server-chosen control characters escaped. */
    const traceHeaders = (this.traceHeaders = (headers: Record<string, unknown>) => escapeServerText(JSON.stringify(redactHeaders(headers, extraNames))));

    const trace = (this.trace = connection.debugRequests ? (options.trace ?? ((line: string) => process.stderr.write(`${line}\n`))) : undefined);
    this.http = got.extend({
      agent: this.agents,
      headers: {'user-agent': options.userAgent ?? 'pulp-bench', accept: 'application/json'},
      throwHttpErrors: false,
      followRedirect: true,
      https: {rejectUnauthorized: connection.verifySsl},
      retry: {limit: 0},
      hooks: {
        beforeRedirect: [
          (redirected) => {
            // got strips Authorization on a cross-origin hop itself; this also holds for any origin but the api-root's,
            // and for the extra headers.
            if (String(redirected.url).startsWith(authPrefix)) return;
            delete redirected.headers.authorization;
            for (const name of extraNames) delete redirected.headers[name];
          },
        ],
        beforeRequest: trace
          ? [
              (request) => {
                // A block: a value returned from beforeRequest would be taken as the response.
                trace(`→ ${request.method} ${escapeServerText(String(request.url))} ${traceHeaders(request.headers)}`);
              },
            ]
          : [],
      },
    });
  }

  /** One HTTP exchange. Throws only transport errors and over-limit bodies (typed); any HTTP status is returned. */
  async send(method: Method, url: string, options: SendOptions = {}): Promise<RawResponse> {
    const started = performance.now();
    const deadline = started + (options.totalTimeoutMs ?? Number.POSITIVE_INFINITY);
    if (!options.retry) return this.exchange(method, url, options, Math.min(options.timeoutMs ?? this.timeoutMs, deadline - started), started);
    const retries = IDEMPOTENT.has(method) ? this.retryPolicy.limit : 0;
    const signal = options.signal && this.stopSignal ? AbortSignal.any([options.signal, this.stopSignal]) : (options.signal ?? this.stopSignal);
    const attemptOptions = {...options, signal};
    for (let attempt = 1; ; attempt++) {
      const timeoutMs = Math.max(1, Math.min(options.timeoutMs ?? this.timeoutMs, deadline - performance.now()));
      let response: RawResponse | undefined;
      let failure: unknown;
      try {
        response = await this.exchange(method, url, attemptOptions, timeoutMs, started);
        if (!RETRY_STATUS.includes(response.status)) return response;
      } catch (error) {
        if (!isRetryableFailure(error) || signal?.aborted) throw error;
        failure = error;
      }
      const askedMs = response && (response.status === 429 || response.status === 503) ? retryAfterMs(response.headers['retry-after']) : undefined;
      const delay = askedMs === undefined ? this.retryPolicy.baseDelayMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4) : Math.min(askedMs, this.maxRetryWaitMs);
      if (attempt > retries || performance.now() + delay >= deadline) {
        if (response) return response;
        throw failure;
      }
      this.trace?.(`↻ retry ${attempt} of ${method} ${url} in ${Math.round(delay)} ms: ${response ? `HTTP ${response.status}` : (failure as Error).message}`);
      if (askedMs !== undefined) this.noteRetryAfter(url, response!.status, askedMs, delay);
      await abortableSleep(delay, signal);
    }
  }

  /** Reports a Retry-After wait in one line, unless an earlier note already covers it (concurrent requests). */
  private noteRetryAfter(url: string, status: number, askedMs: number, waitMs: number): void {
    const until = performance.now() + waitMs;
    if (waitMs < 1000 && waitMs >= askedMs) return;
    if (until <= this.retryNoteUntil + 1000) return;
    this.retryNoteUntil = until;
    this.note(retryAfterNote(new URL(url).host, status, askedMs, waitMs));
  }

  /**
   * One request with the configured credentials when they apply. A 401 to a request that carried a kept value (an
   * OAuth2 token taken from the cache) is sent once more with a new one, if the authorizer says that may help.
   */
  private async exchange(method: Method, url: string, options: SendOptions, timeoutMs: number, started: number): Promise<RawResponse> {
    const authorizer = options.auth !== false && url.startsWith(this.authPrefix) ? this.authorizer : undefined;
    const value = authorizer?.authorization();
    const kept = typeof value === 'string';
    const authorization = kept ? value : await value;
    const response = await this.sendOnce(method, url, options, timeoutMs, started, authorization);
    if (response.status !== 401 || !kept || !authorizer!.rejected(value)) return response;
    this.trace?.(`↻ 401 to ${method} ${url} with a kept token: sending it again with a new one`);
    return this.sendOnce(method, url, options, timeoutMs, started, await authorizer!.authorization());
  }

  private headersFor(url: string, options: SendOptions, contentType: string | undefined, authorization: string | undefined): Record<string, string> | undefined {
    const extra = this.extraHeaders && url.startsWith(this.authPrefix) ? this.extraHeaders : undefined;
    if (authorization === undefined && contentType === undefined && extra === undefined) return options.headers;
    const headers: Record<string, string> = contentType === undefined ? {...extra} : {'content-type': contentType, ...extra};
    if (authorization !== undefined) {
      headers.authorization = authorization;
      if (!this.plainHttpChecked) {
        this.plainHttpChecked = true;
        const warning = plainHttpCredentialsWarning(this.urls.origin, this.authorizer?.secretName);
        if (warning) this.note(warning);
      }
    }
    return {...headers, ...options.headers};
  }

  private sendOnce(method: Method, url: string, options: SendOptions, timeoutMs: number, started: number, authorization: string | undefined): Promise<RawResponse> {
    const form = options.form === undefined ? undefined : new URLSearchParams(options.form).toString();
    const body = form ?? options.jsonText ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
    const contentType = form !== undefined ? 'application/x-www-form-urlencoded' : body === undefined ? undefined : 'application/json';
    return new Promise<RawResponse>((resolve, reject) => {
      const stream = this.http.stream(url, {
        method,
        body,
        searchParams: options.searchParams,
        headers: this.headersFor(url, options, contentType, authorization),
        signal: options.signal,
        timeout: {request: timeoutMs},
        retry: {limit: 0},
      });
      let status = 0;
      let headers: http.IncomingHttpHeaders = {};
      const text = new LimitedBodyText(this.maxBodyBytes);
      let aborted = false;
      const cutOff = () => {
        this.trace?.(`✗ ${method} ${url}: body larger than ${this.maxBodyBytes} bytes, cut off`);
        reject(bodyTooLargeError(url, this.maxBodyBytes, status));
        stream.destroy();
      };
      options.onAbortable?.(() => {
        aborted = true;
        stream.destroy(Object.assign(new Error('request aborted'), {name: 'AbortError'}));
      });
      stream.once('response', (response: http.IncomingMessage) => {
        status = response.statusCode ?? 0;
        headers = response.headers;
        if (method !== 'HEAD' && text.declaredTooLarge(headers['content-length'], headers['content-encoding'])) cutOff();
      });
      stream.on('data', (chunk: Buffer) => {
        if (!text.add(chunk)) cutOff();
      });
      stream.once('end', () => {
        this.trace?.(`← ${status} ${method} ${url} ${Math.round(performance.now() - started)} ms ${this.traceHeaders(headers)}`);
        const response: RawResponse = {url, status, headers, body: text.finish(), seconds: (performance.now() - started) / 1000};
        const finalUrl = stream.redirectUrls.at(-1);
        if (finalUrl && !String(finalUrl).startsWith(this.authPrefix)) response.redirectedTo = String(finalUrl);
        resolve(response);
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

  /** Pulp's status endpoint (anonymous: no credentials sent); `timeoutMs` bounds the whole exchange, retries included. */
  async status(options: {timeoutMs?: number} = {}): Promise<PulpStatus> {
    const url = this.urls.status();
    return parseStatus(await this.getJson(url, {timeoutMs: options.timeoutMs, totalTimeoutMs: options.timeoutMs, auth: false}), url);
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

  /**
   * Closes the keep-alive sockets no request is using, giving their file descriptors back at once (after a load
   * run with many workers, before anything else needs to open files). The client stays usable.
   */
  async releaseIdleSockets(): Promise<void> {
    for (const agent of [this.agents.http, this.agents.https]) {
      for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    }
    await new Promise((resolve) => setImmediate(resolve)); // the descriptors are closed on the next turn of the loop
  }

  /** Closes idle sockets so the process can exit promptly. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
