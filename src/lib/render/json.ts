/**
 * Numbers in result documents without float noise: seconds to the microsecond (the resolution of Pulp's timestamps
 * and of the clocks measured), other fractions to 12 significant digits (`160`, not `159.99999999999997`).
 */

/** Objects whose numeric members are all seconds, except their counts. */
const DURATION_SUMMARIES = new Set(['latency', 'waitTime', 'blockedTime', 'queueTime', 'runTime', 'endToEnd', 'blocked', 'queue', 'run']);
const COUNTS = new Set(['count', 'waited']);

/** Keys holding seconds wherever they are: `seconds`, `…Seconds`, timeline and backlog offsets `t`, bin bounds, per-name percentiles. */
function isSecondsKey(key: string): boolean {
  return key === 'seconds' || key.endsWith('Seconds') || key === 't' || key === 'from' || key === 'to' || /P\d+$/.test(key);
}

export function roundSeconds(value: number): number {
  return Number.isInteger(value) || !Number.isFinite(value) ? value : Math.round(value * 1e6) / 1e6 || 0;
}

function roundOther(value: number): number {
  return Number.isInteger(value) || !Number.isFinite(value) ? value : Number(value.toPrecision(12));
}

function roundSummary(summary: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(summary).map(([key, value]) => [key, typeof value === 'number' && !COUNTS.has(key) ? roundSeconds(value) : value]));
}

/** A JSON.stringify replacer applying the rules above (threshold values in seconds are known by their `units`). */
export function resultReplacer(this: unknown, key: string, value: unknown): unknown {
  if (typeof value === 'number') return isSecondsKey(key) ? roundSeconds(value) : roundOther(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if (DURATION_SUMMARIES.has(key)) return roundSummary(value as Record<string, unknown>);
  const units = (this as {units?: Record<string, string>} | undefined)?.units;
  if (key === 'values' && units && typeof units === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, figure]) => [name, typeof figure === 'number' && units[name] === 's' ? roundSeconds(figure) : figure]));
  }
  return value;
}

/** One result document as one line of JSON. */
export function documentJson(document: unknown): string {
  return JSON.stringify(document, resultReplacer);
}

/**
 * The document as a file or `--json` holds it: serialized as above and parsed back. The measuring commands draw their
 * terminal report from this, so `report show` of the file they wrote prints the same report byte for byte.
 */
export function asWritten<T>(document: T): T {
  return JSON.parse(documentJson(document)) as T;
}
