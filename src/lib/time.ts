/**
 * Time on the command line and on the wire: Pulp timestamps as UTC instants with microseconds kept
 * (`2026-11-20T10:00:00.123456Z`, fraction optional), and the datetime forms Django accepts.
 */

/** The current time in microseconds since the Unix epoch. */
export const nowUs = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** What wireTimestampMicros answers for a value that is present but not an RFC 3339 timestamp. */
export const INVALID_TIMESTAMP = Number.NEGATIVE_INFINITY;

/** The `YYYY-MM-DD` of the last timestamp parsed on the fast path (valid, never empty once set), and its midnight. */
let cachedDayKey = '\u0000';
let cachedDayMs = 0;
/** Two ASCII digits at `index` as a number; 100 when either is not a digit (out of range for every field). */
const twoDigits = (text: string, index: number) => {
  const tens = text.charCodeAt(index) - 48;
  const ones = text.charCodeAt(index + 1) - 48;
  return tens >>> 0 > 9 || ones >>> 0 > 9 ? 100 : tens * 10 + ones;
};

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Milliseconds since the epoch of a valid calendar date (year 0–9999), NaN otherwise (Feb 30, April 31, month 13). */
function dateMs(year: number, month: number, day: number): number {
  if (!(year >= 0 && year <= 9999 && month >= 1 && month <= 12 && day >= 1)) return Number.NaN;
  if (day > (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1])) return Number.NaN;
  // Howard Hinnant's days_from_civil: no Date object, and no two-digit-year surprise (Date.UTC(99, …) is 1999).
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146_097 + doe - 719_468) * 86_400_000;
}

/** `YYYY-MM-DD` at the start of `text` as epoch milliseconds, NaN when it is not a valid date in that form. */
function dayMs(text: string): number {
  if (text.charCodeAt(4) !== 45 /* - */ || text.charCodeAt(7) !== 45) return Number.NaN;
  const century = twoDigits(text, 0);
  const year = twoDigits(text, 2);
  if (century > 99 || year > 99) return Number.NaN;
  return dateMs(century * 100 + year, twoDigits(text, 5), twoDigits(text, 8));
}

/**
 * Microseconds since the Unix epoch of a timestamp as Pulp sends it: NaN for null or absent (a timestamp not set,
 * such as unblocked_at under the redis worker), INVALID_TIMESTAMP for anything present that is not an RFC 3339
 * date-time with a zone (`2026-11-20T10:00:60Z`, `T24:00`, April 31, a number, an empty string, a naive value):
 * such a value is never read as another instant. Pulp's own form (`2026-11-20T10:00:00[.ffffff]Z`) takes a fast
 * path without regular expressions or Date objects (the analysis parses four per task).
 */
export function wireTimestampMicros(value: unknown): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value !== 'string') return INVALID_TIMESTAMP;
  const length = value.length;
  if (
    (length === 20 || length === 27) &&
    value.charCodeAt(10) === 84 /* T */ &&
    value.charCodeAt(13) === 58 /* : */ &&
    value.charCodeAt(16) === 58 &&
    value.charCodeAt(length - 1) === 90 /* Z */ &&
    (length === 20 || value.charCodeAt(19) === 46) /* . */
  ) {
    if (!value.startsWith(cachedDayKey)) {
      const ms = dayMs(value);
      if (Number.isNaN(ms)) return INVALID_TIMESTAMP;
      cachedDayKey = value.slice(0, 10);
      cachedDayMs = ms;
    }
    const hour = twoDigits(value, 11);
    const minute = twoDigits(value, 14);
    const second = twoDigits(value, 17);
    if (hour > 23 || minute > 59 || second > 59) return INVALID_TIMESTAMP;
    let micros = 0;
    if (length === 27) {
      for (let index = 20; index < 26; index++) {
        const digit = value.charCodeAt(index) - 48;
        if (digit >>> 0 > 9) return INVALID_TIMESTAMP;
        micros = micros * 10 + digit;
      }
    }
    return (cachedDayMs + (hour * 3600 + minute * 60 + second) * 1000) * 1000 + micros;
  }
  return rfc3339Micros(value);
}

/** RFC 3339 date-time (section 5.6): a `T` (or `t`), seconds, an optional fraction, and `Z` or a numeric offset. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** The slow path of wireTimestampMicros: other fraction lengths, lower-case letters, numeric offsets. */
function rfc3339Micros(text: string): number {
  const match = RFC3339.exec(text);
  if (!match) return INVALID_TIMESTAMP;
  const [, year, month, day, hour, minute, second, fraction = '', zulu, sign, zoneHours, zoneMinutes] = match;
  const ms = dateMs(Number(year), Number(month), Number(day));
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  // Leap seconds (:60) exist in RFC 3339 but never in Pulp (Python cannot represent them): invalid, not the next minute.
  if (Number.isNaN(ms) || h > 23 || mi > 59 || s > 59) return INVALID_TIMESTAMP;
  let offsetMinutes = 0;
  if (!zulu) {
    const zh = Number(zoneHours);
    const zm = Number(zoneMinutes);
    if (zh > 23 || zm > 59) return INVALID_TIMESTAMP;
    offsetMinutes = (sign === '-' ? -1 : 1) * (zh * 60 + zm);
  }
  // Digits beyond the microsecond are dropped (truncated, so that order is kept).
  const micros = fraction ? Number(fraction.slice(0, 6).padEnd(6, '0')) : 0;
  return (ms + (h * 3600 + mi * 60 + s - offsetMinutes * 60) * 1000) * 1000 + micros;
}

/**
 * Microseconds since the Unix epoch of a Pulp timestamp, or NaN for null, absent and invalid values alike (see
 * wireTimestampMicros, which tells them apart).
 */
export function timestampMicros(text: string | null | undefined): number {
  const us = wireTimestampMicros(text);
  return us === INVALID_TIMESTAMP ? Number.NaN : us;
}

/** Seconds between two Pulp timestamps (NaN when either is missing). */
export function secondsBetween(from: string | null | undefined, to: string | null | undefined): number {
  return (timestampMicros(to) - timestampMicros(from)) / 1e6;
}

/** ISO 8601 UTC with microseconds for an epoch-microsecond value. */
export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = Math.round(us - ms * 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

const DATETIME =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6})\d*)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses what Django's `parse_datetime` (Python ≥ 3.11) accepts: `2026-01-05`, `2026-01-05T09:00`,
 * `2026-01-05 09:00:00`, `…T09:00:00.123456`, `…Z`, `…+02:00`, `…+0200`, `20260105T090000Z`.
 * Naive values are UTC. Returns microseconds, or undefined when invalid.
 */
export function parseDatetime(text: string): number | undefined {
  const match = DATETIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const values = [year, month, day, hour, minute, second].map(Number);
  const [y, mo, d, h, mi, s] = values;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return undefined;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const zh = Number(digits.slice(0, 2));
    const zm = Number(digits.slice(2, 4) || '0');
    if (zh > 23 || zm > 59) return undefined;
    offsetMinutes = sign * (zh * 60 + zm);
  }
  const micros = fraction ? Number(fraction.padEnd(6, '0')) : 0;
  return (ms - offsetMinutes * 60_000) * 1000 + micros;
}

