/**
 * The analysis window: `--since`/`--until` as ISO 8601 (with or without a zone; naive means UTC, as Pulp reads it)
 * or relative to now (`30m`, `2h`, `7d`). `--until` defaults to the moment the command starts, so tasks created
 * while it runs cannot shift pages.
 */
import {durationSeconds} from '../durations.js';
import {UsageError} from '../errors.js';
import {isoMicros, parseDatetime} from '../time.js';

export interface AnalysisWindow {
  sinceUs: number;
  untilUs: number;
}

function point(text: string, flag: string, nowUs: number): number {
  const relative = durationSeconds(text);
  if (relative !== undefined && /[a-z]$/i.test(text.trim())) return nowUs - relative * 1e6;
  const absolute = parseDatetime(text);
  if (absolute === undefined) {
    throw new UsageError(`${flag} '${text}' is not a date/time (e.g. 2026-11-20T10:00:00Z, 2026-11-20 10:00 for UTC, +02:00 zones) or a relative time (30m, 2h, 7d)`);
  }
  return absolute;
}

export function resolveWindow(since: string | undefined, until: string | undefined, nowUs: number): AnalysisWindow {
  const untilUs = until === undefined ? nowUs : point(until, '--until', nowUs);
  const sinceUs = point(since ?? '1h', '--since', nowUs);
  if (sinceUs >= untilUs) throw new UsageError(`--since (${isoMicros(sinceUs)}) must be before --until (${isoMicros(untilUs)})`);
  return {sinceUs: Math.round(sinceUs), untilUs: Math.round(untilUs)};
}
