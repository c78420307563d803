/** The keys a `--fail-if` expression may read in a result document, and how to describe them in errors. */

/** What thresholds need to know of one kind of result. */
export interface ResultSubject {
  /** A result with every key present (numbers or null), to check expressions before the run. */
  shape: unknown;
  /** Whether a dotted key holds a duration in seconds. */
  isDuration: (key: string) => boolean;
  /** Dotted paths of objects whose keys are counts that may be absent (absent = 0): `states`, `requests.failures`. */
  countMaps: string[];
  /** The names a count map can hold (a typo, or `failed-1` meaning `failed - 1`, is then an unknown key). */
  countNames?: Record<string, RegExp>;
}

/** Pulp's task states (pulpcore/constants.py). */
export const TASK_STATE_NAMES = /^(waiting|skipped|running|completed|failed|canceled|canceling)$/;

/** A value found at a dotted key: `numeric` when it is a number, null (no data), or an absent count (0). */
export function lookupKey(result: unknown, key: string, countMaps: string[], countNames: Record<string, RegExp> = {}): {numeric: boolean; value: number | null} {
  const dot = key.lastIndexOf('.');
  const map = key.slice(0, dot);
  if (dot > 0 && countMaps.includes(map) && (countNames[map]?.test(key.slice(dot + 1)) ?? true)) {
    const counts = walk(result, map);
    if (typeof counts === 'object' && counts !== null && !Array.isArray(counts)) {
      const value = (counts as Record<string, unknown>)[key.slice(dot + 1)];
      return {numeric: true, value: typeof value === 'number' ? value : value === null ? null : 0};
    }
  }
  const value = walk(result, key);
  if (typeof value === 'number') return {numeric: true, value};
  return {numeric: value === null, value: null};
}

function walk(result: unknown, key: string): unknown {
  let current: unknown = result;
  for (const segment of key.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Numeric leaf keys of a result (numbers and nulls; arrays are not entered). */
export function numericKeys(result: unknown, prefix = ''): string[] {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return [];
  return Object.entries(result).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'number' || value === null) return [path];
    return numericKeys(value, path);
  });
}

/** The keys for an error line, grouped by parent: `waitTime.{count,mean,…}`, `states.<name>`, durations marked (s). */
export function describeKeys(subject: ResultSubject): string {
  const groups = new Map<string, string[]>();
  const mark = (key: string, leaf: string) => (subject.isDuration(key) ? `${leaf}(s)` : leaf);
  for (const key of numericKeys(subject.shape)) {
    const dot = key.lastIndexOf('.');
    const parent = dot > 0 ? key.slice(0, dot) : '';
    if (subject.countMaps.includes(parent)) continue;
    const leaves = groups.get(parent) ?? [];
    leaves.push(mark(key, key.slice(dot + 1)));
    groups.set(parent, leaves);
  }
  const described = [...groups].map(([parent, leaves]) => (parent === '' ? leaves.join(', ') : leaves.length === 1 ? `${parent}.${leaves[0]}` : `${parent}.{${leaves.join(',')}}`));
  for (const map of subject.countMaps) described.push(`${map}.<name>`);
  return described.join(', ');
}

/** Leaves of a duration summary that are counts, not durations. */
const COUNT_LEAVES = new Set(['count', 'waited']);

/**
 * The usual rule for which keys are durations: a key whose last segment is `seconds` or ends in `Seconds`, and every
 * non-count leaf of the given summary objects (`waitTime`, `latency`, …).
 */
export function durationKeyTest(summaries: string[]): (key: string) => boolean {
  return (key) => {
    const dot = key.lastIndexOf('.');
    const leaf = key.slice(dot + 1);
    if (leaf === 'seconds' || leaf.endsWith('Seconds')) return true;
    return dot > 0 && summaries.includes(key.slice(0, dot)) && !COUNT_LEAVES.has(leaf);
  };
}
