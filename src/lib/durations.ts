/** Human durations on the command line: `200ms`, `5s`, `30m`, `2h`, `7d`, or plain seconds (`1.5`). */
import {UsageError} from './errors.js';

const UNIT_SECONDS: Record<string, number> = {ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400};

/** Seconds for a duration text, or undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's').toLowerCase()];
}

/** Like durationSeconds, but a usage error (exit 2) naming the flag when invalid or not positive. */
export function requireDuration(text: string, flag: string): number {
  const seconds = durationSeconds(text);
  if (seconds === undefined || seconds <= 0) throw new UsageError(`${flag} '${text}' is not a duration; use e.g. 30s, 5m, 2h, 200ms`);
  return seconds;
}
