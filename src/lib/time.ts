/** Pulp timestamps as UTC instants with microseconds kept: `2026-11-20T10:00:00.123456Z` (fraction optional). */

const PULP_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6})\d*)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Microseconds since the Unix epoch, or NaN for null/unparseable values. */
export function timestampMicros(text: string | null | undefined): number {
  if (!text) return Number.NaN;
  const match = PULP_TIMESTAMP.exec(text);
  if (!match) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? Number.NaN : ms * 1000;
  }
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = match;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return ms * 1000 + (fraction ? Number(fraction.padEnd(6, '0')) : 0);
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
