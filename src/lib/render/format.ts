/** Number and duration formatting shared by the human reports. */

/** `0.000412 s` → `412 µs`, `1.5` → `1.50 s`, `7260` → `2 h 01 m`. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const sign = seconds < 0 ? '-' : '';
  const value = Math.abs(seconds);
  if (value < 0.001) return `${sign}${(value * 1e6).toFixed(0)} µs`;
  if (value < 1) return `${sign}${(value * 1000).toFixed(value < 0.01 ? 2 : 1)} ms`;
  if (value < 60) return `${sign}${value.toFixed(2)} s`;
  if (value < 3600) return `${sign}${Math.floor(value / 60)} m ${String(Math.floor(value % 60)).padStart(2, '0')} s`;
  return `${sign}${Math.floor(value / 3600)} h ${String(Math.floor((value % 3600) / 60)).padStart(2, '0')} m`;
}

export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return Number.isInteger(value) ? value.toLocaleString('en') : value.toLocaleString('en', {maximumFractionDigits: digits, minimumFractionDigits: digits});
}
