/**
 * Time on the command line and on the wire: Pulp timestamps as UTC instants with microseconds kept
 * (`2026-11-20T10:00:00.123456Z`, fraction optional), and the datetime forms Django accepts.
 */

/** The current time in microseconds since the Unix epoch. */
export const nowUs = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** Microseconds since the Unix epoch of a Pulp timestamp, or NaN for null/unparseable values. */
export function timestampMicros(text: string | null | undefined): number {
  if (!text) return Number.NaN;
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

