/** `Retry-After` (RFC 9110 §10.2.3) on a 429 or 503: how long the server asks a client to wait before retrying. */

/** Default upper bound of one wait a server may ask for (`--max-retry-wait`). */
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

/** Milliseconds asked for by a Retry-After value (delay-seconds or an HTTP date), or undefined when unusable. */
export function retryAfterMs(value: string | string[] | undefined, nowMs = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined; // an HTTP date names its weekday and month
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;

/** The one line that reports a wait: `note: host answered 503 with Retry-After 120 s; waiting 60 s …`. */
export function retryAfterNote(host: string, status: number, askedMs: number, waitMs: number): string {
  const capped = waitMs < askedMs;
  return `note: ${host} answered ${status} and asked to retry after ${seconds(askedMs)} (Retry-After); waiting ${seconds(waitMs)}${capped ? ', the maximum --max-retry-wait allows,' : ''} before retrying`;
}
