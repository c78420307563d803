/**
 * The one number and duration formatter of every human output: thousands separators, three significant digits, and
 * durations in µs, ms, s, min and h.
 */

const SIGNIFICANT = new Intl.NumberFormat('en', {maximumSignificantDigits: 3});
const WHOLE = new Intl.NumberFormat('en', {maximumFractionDigits: 0});

const missing = (value: number | null | undefined): value is null | undefined => value === null || value === undefined || Number.isNaN(value);

/**
 * A count or a rate: integers in full with separators (`12,345`); other numbers to three significant digits, whole
 * from 1,000 on (`142.857` → `143`, `2.5` → `2.5`, `0.0591` → `0.0591`, `12,345.6` → `12,346`). `digits` fixes the
 * decimals instead (`formatNumber(41.35, 1)` → `41.4`).
 */
export function formatNumber(value: number | null | undefined, digits?: number): string {
  if (missing(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (digits !== undefined) return value.toLocaleString('en', {maximumFractionDigits: digits, minimumFractionDigits: digits});
  if (Number.isInteger(value) || Math.abs(value) >= 1000) return WHOLE.format(value);
  return SIGNIFICANT.format(value);
}

/** `41.4%` of a whole (one decimal; `0.0%` when the whole is 0). */
export function formatPercent(part: number, whole: number): string {
  return `${whole > 0 ? ((100 * part) / whole).toFixed(1) : '0.0'}%`;
}

const pad2 = (value: number) => String(value).padStart(2, '0');

/**
 * A duration for people, three significant digits below a minute: `0 s`, `412 µs`, `2.69 ms`, `321 ms`, `1.50 s`,
 * `18.2 s`, then `1 min 12 s`, `2 h 01 min` (whole seconds and minutes), `8,784 h 00 min`. `compact` drops the
 * spaces and shortens minutes for narrow tables: `18.2s`, `1m12s`, `2h01m`.
 */
export function formatSeconds(seconds: number | null | undefined, options: {compact?: boolean} = {}): string {
  const text = spacedSeconds(seconds);
  return options.compact ? text.replace(/ min(?= |$)/, 'm').replaceAll(' ', '') : text;
}

function spacedSeconds(seconds: number | null | undefined): string {
  if (missing(seconds)) return '—';
  if (!Number.isFinite(seconds)) return seconds > 0 ? '∞' : '-∞';
  if (seconds === 0) return '0 s';
  const sign = seconds < 0 ? '-' : '';
  let value = Math.abs(seconds);
  if (value < 0.000_000_5) return sign ? '> -1 µs' : '< 1 µs';
  if (value < 0.000_999_5) return `${sign}${Math.round(value * 1e6)} µs`;
  if (value < 0.999_5) return `${sign}${(value * 1000).toPrecision(3)} ms`;
  if (value < 59.95) return `${sign}${value.toPrecision(3)} s`;
  value = Math.round(value);
  if (value < 3600) return `${sign}${Math.floor(value / 60)} min ${pad2(value % 60)} s`;
  const minutes = Math.round(value / 60);
  return `${sign}${WHOLE.format(Math.floor(minutes / 60))} h ${pad2(minutes % 60)} min`;
}

/** A wait ahead, whole seconds: `17 s`, `2 min 05 s`, `1 h 02 min`; `—` when unknown. */
export function formatEta(seconds: number | null | undefined): string {
  if (missing(seconds) || !Number.isFinite(seconds) || seconds < 0) return '—';
  return seconds < 59.5 ? `${Math.round(seconds)} s` : formatSeconds(seconds);
}
