/** Human durations on the command line: `200ms`, `5s`, `30m`, `2h`, `7d`, or plain seconds (`1.5`). */
import {UsageError} from './errors.js';
import {MAX_TIMER_MS} from './limits.js';

const UNIT_SECONDS: Record<string, number> = {ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400};

/** Seconds for a duration text, or undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's').toLowerCase()];
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
