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

export {nowUs, parseDatetime} from '../time.js';

