/**
 * Pulp's timestamp format and Django's datetime parsing, on microseconds since the Unix epoch (a float64
 * holds them exactly for the next 285 years).
 */

const TWO_DIGITS = Array.from({length: 100}, (_, index) => String(index).padStart(2, '0'));

/** Civil date of a day count since 1970-01-01 (Howard Hinnant's days_from_civil, inverted). */
function civilDate(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

let cachedDay = Number.NaN;
let cachedDate = '';

/** `2026-01-05T09:00:00.104233Z`; the fraction is omitted when it is zero, as Python's isoformat does. */
export function formatTimestamp(us: number): string {
  const whole = Math.round(us);
  const seconds = Math.floor(whole / 1e6);
  const micros = whole - seconds * 1e6;
  const day = Math.floor(seconds / 86_400);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = civilDate(day);
  }
  const inDay = seconds - day * 86_400;
  const hour = Math.floor(inDay / 3600);
  const minute = Math.floor((inDay - hour * 3600) / 60);
  const second = inDay - hour * 3600 - minute * 60;
  const base = `${cachedDate}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}`;
  if (micros === 0) return `${base}Z`;
  return `${base}.${String(micros).padStart(6, '0')}Z`;
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

export const nowUs = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);
