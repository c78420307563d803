/** The options, requests and answers of PulpClient (client.ts), apart so the client itself stays readable. */
import type http from 'node:http';

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
  /**
   * Largest decoded body of one response, bytes (default 64 MiB). A larger answer is cut off at once: reads fail
   * with a BadServerResponseError of kind `bad-body`, load requests count as `bad-body`.
   */
  maxBodyBytes?: number;
  /** Longest wait a 429/503's Retry-After may impose before a retry, ms (default 60 000); a longer request waits this long. */
  maxRetryWaitMs?: number;
  /** Where one-line notes go: a Retry-After wait, credentials over plain http (default: stderr). */
  onNote?: (line: string) => void;
}

export interface SendOptions {
  json?: unknown;
  /** A JSON body already serialised (saves the work per request in load loops). */
  jsonText?: string;
  /** An `application/x-www-form-urlencoded` body (an OAuth2 token request). */
  form?: Record<string, string>;
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
  /**
   * Whether to send the configured credentials, an `Authorization` header (Basic, or an OAuth2 Bearer token), default
   * true. They are never sent to another origin than the api-root's, whatever this says; status/, the anonymous test
   * endpoints, the API schema and the token endpoint pass false. Configured extra headers (`--header`) go to every
   * request to the api-root's origin, whatever this says, and to no other origin.
   */
  auth?: boolean;
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
  /** The final URL, when redirects led away from the api-root's origin (credentials were not sent there). */
  redirectedTo?: string;
}
