/**
 * Time on the command line and on the wire: Pulp timestamps as UTC instants with microseconds kept
 * (`2026-11-20T10:00:00.123456Z`, fraction optional), and the datetime forms Django accepts.
 */

/** The current time in microseconds since the Unix epoch. */
export const nowUs = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** The `YYYY-MM-DD` of the last timestamp parsed on the fast path (never empty once set), and its midnight. */
let cachedDayKey = '\u0000';
let cachedDayMs = 0;
const digit = (text: string, index: number) => text.charCodeAt(index) - 48;
const twoDigits = (text: string, index: number) => digit(text, index) * 10 + digit(text, index + 1);

/**
 * Microseconds since the Unix epoch of a Pulp timestamp, or NaN for null/unparseable values. Pulp's own form
 * (`2026-11-20T10:00:00[.ffffff]Z`) takes a fast path without regular expressions or Date objects (the analysis
 * parses four per task); anything else goes through parseDatetime.
 */
export function timestampMicros(text: string | null | undefined): number {
  if (!text) return Number.NaN;
  const length = text.length;
  if ((length === 20 || length === 27) && text.charCodeAt(10) === 84 /* T */ && text.charCodeAt(length - 1) === 90 /* Z */ && (length === 20 || text.charCodeAt(19) === 46)) {
    if (!text.startsWith(cachedDayKey)) {
      const day = text.slice(0, 10);
      const ms = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
      if (Number.isNaN(ms) || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) return parseDatetime(text) ?? Number.NaN;
      cachedDayKey = day;
      cachedDayMs = ms;
    }
    const seconds = twoDigits(text, 11) * 3600 + twoDigits(text, 14) * 60 + twoDigits(text, 17);
    let micros = 0;
    if (length === 27) for (let index = 20; index < 26; index++) micros = micros * 10 + digit(text, index);
    const value = (cachedDayMs + seconds * 1000) * 1000 + micros;
    if (!Number.isNaN(value) && seconds < 86_400) return value;
  }
  return parseDatetime(text) ?? Number.NaN;
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

