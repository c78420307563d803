/**
 * How HTTP failures become typed errors and load-test failure causes: transport failures (no answer), non-2xx
 * answers, unusable bodies. Server text quoted in a message is shortened and has its control characters escaped.
 */
import type {RawResponse} from './client-types.js';
import {
  AuthError,
  BadServerResponseError,
  NotFoundError,
  PulpBenchError,
  RejectedRequestError,
  TooManyOpenFilesError,
  UnreachableError,
} from './errors.js';
import {escapeServerText} from './server-text.js';

const RETRY_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|EPROTO$|HOSTNAME_MISMATCH)/;
const FILE_LIMIT_CODES = new Set(['EMFILE', 'ENFILE']);

const originalOf = (error: unknown): unknown => (error as {cause?: unknown})?.cause ?? error;
const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException)?.code ?? '';

/** A transport failure worth another try for an idempotent request: a reset, a timeout, a DNS hiccup. */
export function isRetryableFailure(error: unknown): boolean {
  if (error instanceof PulpBenchError && !(error instanceof UnreachableError)) return false;
  const original = originalOf(error);
  return RETRY_ERRORS.has(codeOf(original)) || /socket hang up/.test(String((original as Error)?.message ?? ''));
}

/** The URL without its query string, for messages: the path says which endpoint; long filter queries only blur it. */
function endpointOf(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Turns a transport-level failure (no HTTP answer) into a typed error. */
export function transportError(error: unknown, url: string, timeoutMs?: number): PulpBenchError {
  if (error instanceof PulpBenchError) return error;
  const code = codeOf(error);
  const host = hostOf(url);
  const message = (error as Error).message ?? String(error);
  if (FILE_LIMIT_CODES.has(code)) {
    const whose = code === 'EMFILE' ? 'this process reached its open-file limit' : 'the system ran out of open files';
    return new TooManyOpenFilesError(
      `too many open files (${code}) connecting to ${host}: ${whose}; raise it (e.g. 'ulimit -n 65536') or make fewer requests at once (a lower --concurrency)`,
      {cause: error},
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new UnreachableError(`cannot resolve host '${host.replace(/:\d+$/, '')}' (${code})`, {cause: error});
  if (code === 'ECONNREFUSED') return new UnreachableError(`connection refused by ${host}: is Pulp running there?`, {cause: error});
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new UnreachableError(`no answer from ${endpointOf(url)}${timeoutMs ? ` within ${Number((timeoutMs / 1000).toFixed(timeoutMs < 10_000 ? 1 : 0))} s` : ''}`, {cause: error});
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/.test(message)) {
    return new UnreachableError(`connection to ${host} was reset (${code || message})`, {cause: error});
  }
  if (TLS_CODE.test(code) || /certificate|SSL|TLS/i.test(message)) {
    const reason = message.replace(/; if the root CA is installed locally.*$/s, '');
    return new UnreachableError(`TLS failure talking to ${host}: ${reason} (for a test server with a self-signed certificate, use --no-verify-ssl)`, {cause: error});
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new UnreachableError(`host ${host} is unreachable (${code})`, {cause: error});
  return new UnreachableError(`request to ${endpointOf(url)} failed: ${message}`, {cause: error});
}

/** Every name failureCause (and an HTTP status, `http-NNN`) can give a failed load request: what --fail-if accepts. */
export const FAILURE_CAUSE_NAMES = /^(http-\d{3}|timeout|connection-reset|connection-refused|dns|tls|too-many-open-files|bad-body|aborted|error)$/;

/**
 * A short name for why a request got no usable HTTP answer, for load-test failure counts: timeout,
 * connection-reset, connection-refused, dns, tls, too-many-open-files, bad-body (over the size limit), aborted or error.
 */
export function failureCause(error: unknown): string {
  if ((error as Error)?.name === 'AbortError') return 'aborted';
  if (error instanceof PulpBenchError && (error.kind === 'bad-body' || error.kind === 'too-many-open-files')) return error.kind;
  const original = originalOf(error);
  const code = codeOf(original);
  const message = String((original as Error)?.message ?? '');
  if ((original as Error)?.name === 'AbortError' || code === 'ERR_ABORTED' || code === 'ABORT_ERR') return 'aborted';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/.test(message)) return 'connection-reset';
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (FILE_LIMIT_CODES.has(code)) return 'too-many-open-files';
  if (TLS_CODE.test(code)) return 'tls';
  return 'error';
}

/** A short, single-line rendering of an error body for messages, control characters escaped. */
export function describeBody(body: string, contentType: string | undefined): string {
  if (contentType?.includes('html') || /^\s*</.test(body)) {
    const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
    return title ? `an HTML page ('${escapeServerText(title.slice(0, 200))}')` : 'an HTML page';
  }
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'detail' in parsed) return escapeServerText(String((parsed as {detail: unknown}).detail).slice(0, 300));
    return escapeServerText(JSON.stringify(parsed).slice(0, 300));
  } catch {
    const flat = body.replace(/\s+/g, ' ').trim();
    return flat.length > 0 ? escapeServerText(flat.slice(0, 200)) : 'an empty body';
  }
}

/** `(it asked to retry after 120 s)` for a 429/503 that carried Retry-After, else ''. */
function retryAfterNote(response: RawResponse): string {
  const value = response.headers['retry-after'];
  if ((response.status !== 429 && response.status !== 503) || typeof value !== 'string') return '';
  return ` (it asked to retry after ${/^\s*\d+\s*$/.test(value) ? `${value.trim()} s` : escapeServerText(value.slice(0, 40))})`;
}

/** Maps a non-2xx answer to a typed error. */
export function httpError(response: RawResponse): PulpBenchError {
  const {status} = response;
  const url = endpointOf(response.url);
  const detail = describeBody(response.body, response.headers['content-type']);
  if (status === 401) {
    const redirected = response.redirectedTo
      ? `; the request was redirected to ${new URL(response.redirectedTo).origin}, another origin than --api-root's, and credentials are never sent there: use the final URL as --api-root`
      : '; check --user/--password or --cert/--key';
    return new AuthError(`authentication refused by ${url} (401: ${detail})${redirected}`, 401);
  }
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
  if (status >= 500) return new BadServerResponseError(`server error ${status} from ${url}: ${detail}${retryAfterNote(response)}`, status, 'server-error');
  return new BadServerResponseError(`unexpected answer ${status} from ${url}: ${detail}${retryAfterNote(response)}`, status);
}

/** Parses a JSON body or explains why it is unusable. */
export function parseJsonBody(response: RawResponse): unknown {
  const contentType = response.headers['content-type'];
  try {
    return JSON.parse(response.body);
  } catch {
    const what = response.body.length === 0 ? 'an empty body' : contentType?.includes('json') ? `truncated or invalid JSON (${response.body.length} bytes)` : describeBody(response.body, contentType);
    throw new BadServerResponseError(`unusable answer from ${endpointOf(response.url)}: expected JSON, got ${what}`, response.status, 'bad-body');
  }
}
