/**
 * The analysis window: `--since`/`--until` as ISO 8601 (with or without a zone; naive means UTC, as Pulp reads it),
 * `now`, or a time before now (`30m`, `2h`, `1h30m`, `7d`, `2w`). `--until` defaults to the moment the command
 * starts, so tasks created while it runs cannot shift pages.
 */
import {durationSeconds} from '../durations.js';
import {UsageError} from '../errors.js';
import {isoMicros, parseDatetime} from '../time.js';

export interface AnalysisWindow {
  sinceUs: number;
  untilUs: number;
}

/**
 * The longest window accepted: 366 days, so "the last year" works in a leap year too. Longer windows are a typo
 * (`--since 2000-01-01`) rather than a question: Pulp purges finished tasks long before a year (pulpcore's
 * TASK_PROTECTION_TIME, scheduled purges), and a busy server's year of tasks would be hundreds of millions of rows to
 * page through. For longer spans, run one window after another.
 */
export const MAX_WINDOW_DAYS = 366;
const MAX_WINDOW_US = MAX_WINDOW_DAYS * 86_400e6;

const FORMS = 'e.g. 2026-11-20T10:00:00Z, 2026-11-20 10:00 for UTC, +02:00 zones, now, or a time before now: 30m, 2h, 1h30m, 7d, 2w';

function point(text: string, flag: string, nowUs: number): number {
  if (/^\s*now\s*$/i.test(text)) return nowUs;
  const relative = durationSeconds(text);
  const value = relative !== undefined && /[a-z]$/i.test(text.trim()) ? nowUs - relative * 1e6 : parseDatetime(text);
  if (value === undefined) {
    throw new UsageError(`${flag} '${text}' is not a date/time (${FORMS})`);
  }
  // Pulp has no task from before the Unix epoch, and an instant that far back is a typo (or a relative time so long
  // it is not a number any more).
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${flag} '${text}' is before 1970-01-01T00:00:00Z; Pulp has no tasks from then`);
  return value;
}

export function resolveWindow(since: string | undefined, until: string | undefined, nowUs: number): AnalysisWindow {
  const untilUs = until === undefined ? nowUs : point(until, '--until', nowUs);
  const sinceUs = point(since ?? '1h', '--since', nowUs);
  if (sinceUs >= untilUs) throw new UsageError(`--since (${isoMicros(sinceUs)}) must be before --until (${isoMicros(untilUs)})`);
  if (untilUs - sinceUs > MAX_WINDOW_US) {
    const days = Math.ceil((untilUs - sinceUs) / 86_400e6);
    throw new UsageError(`the window from ${isoMicros(sinceUs)} to ${isoMicros(untilUs)} is ${days} days long; at most ${MAX_WINDOW_DAYS} days (use several windows)`);
  }
  return {sinceUs: Math.round(sinceUs), untilUs: Math.round(untilUs)};
}
