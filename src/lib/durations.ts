/**
 * Human durations on the command line: `200ms`, `5s`, `30m`, `2h`, `7d`, `2w`, compounds of them (`1h30m`, `1d 12h`,
 * `2m30s`), or plain seconds (`1.5`).
 */
import {UsageError} from './errors.js';
import {MAX_TIMER_MS} from './limits.js';

const UNIT_SECONDS: Record<string, number> = {ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800};
/** One part: a number and its unit (`ms` before `m`, so `5ms` is milliseconds and `1m5s` is a minute and 5 s). */
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/gi;
const DURATION = /^\s*(?:\d+(?:\.\d+)?\s*(?:ms|s|m|h|d|w)\s*)+$/i;

/** Seconds for a duration text, or undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const plain = /^\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (plain) return Number(plain[1]);
  if (!DURATION.test(text)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(PART)) seconds += Number(amount) * UNIT_SECONDS[unit.toLowerCase()];
  return seconds;
}

/** Words for a number of seconds, rounded down (it names maxima): `90 s`, `2.5 h`, `24.8 days`. */
export function describeSeconds(seconds: number): string {
  const tenths = (value: number) => Math.floor(value * 10) / 10;
  if (seconds < 120) return `${tenths(seconds)} s`;
  if (seconds < 3600) return `${tenths(seconds / 60)} min`;
  if (seconds < 172_800) return `${tenths(seconds / 3600)} h`;
  return `${tenths(seconds / 86_400)} days`;
}

/**
 * Like durationSeconds, but a usage error (exit 2) naming the flag when invalid, not positive, or longer than
 * `maxSeconds` (default: what a timer holds, ~24.8 days, since every duration here ends in a timer or a deadline).
 */
export function requireDuration(text: string, flag: string, maxSeconds = Math.floor(MAX_TIMER_MS / 1000)): number {
  const seconds = durationSeconds(text);
  if (seconds === undefined || seconds <= 0) throw new UsageError(`${flag} '${text}' is not a duration; use e.g. 30s, 5m, 2h, 200ms`);
  if (seconds > maxSeconds) throw new UsageError(`${flag} '${text}' is too long: at most ${describeSeconds(maxSeconds)}`);
  return seconds;
}
