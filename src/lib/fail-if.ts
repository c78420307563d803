/**
 * `--fail-if EXPR` thresholds, evaluated on a command's JSON result: `tasksPerSecond<100`,
 * `requests.failed>0`, `waitTime.p95>5s`. Keys are dotted paths into the result; durations accept units
 * (`200ms`, `5s`, `2m`) and compare as seconds. An unknown key is an error, never a silent pass.
 */
import {durationSeconds} from './durations.js';
import {UsageError} from './errors.js';

export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Threshold {
  text: string;
  path: string[];
  op: Comparison;
  value: number;
}

export interface ThresholdOutcome {
  threshold: string;
  actual: number | null;
  crossed: boolean;
}

export function parseThreshold(text: string): Threshold {
  const match = /^\s*([A-Za-z_][\w.-]*)\s*(<=|>=|==|!=|<|>)\s*(.+?)\s*$/.exec(text);
  if (!match) throw new UsageError(`--fail-if '${text}' is not KEY<VALUE, KEY>VALUE, KEY<=, >=, == or != (e.g. "tasksPerSecond<100")`);
  const value = durationSeconds(match[3]);
  if (value === undefined) throw new UsageError(`--fail-if '${text}': '${match[3]}' is not a number or a duration like 5s or 200ms`);
  return {text: text.trim(), path: match[1].split('.'), op: match[2] as Comparison, value};
}

/** Objects whose keys are counts that may be absent (absent = 0), e.g. failures by cause, tasks per state. */
const COUNT_MAPS = ['requests.failures', 'states'];

function lookup(result: unknown, path: string[]): {found: boolean; value: unknown} {
  const parent = path.slice(0, -1).join('.');
  if (COUNT_MAPS.includes(parent)) {
    const map = lookup(result, path.slice(0, -1));
    if (map.found && typeof map.value === 'object' && map.value !== null) {
      const value = (map.value as Record<string, unknown>)[path.at(-1)!];
      return {found: true, value: typeof value === 'number' ? value : 0};
    }
  }
  let current: unknown = result;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !(key in current)) return {found: false, value: undefined};
    current = (current as Record<string, unknown>)[key];
  }
  return {found: true, value: current};
}

/** Numeric leaf keys of a result, for error messages. */
export function numericKeys(result: unknown, prefix = ''): string[] {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return [];
  return Object.entries(result).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'number' || value === null) return [path];
    return numericKeys(value, path);
  });
}

/** Checks every threshold names a numeric key of `shape` (a result with every key present). */
export function validateThresholds(thresholds: Threshold[], shape: unknown): void {
  for (const threshold of thresholds) {
    const {found, value} = lookup(shape, threshold.path);
    if (!found || (typeof value !== 'number' && value !== null)) {
      const known = numericKeys(shape);
      throw new UsageError(`--fail-if '${threshold.text}': unknown key '${threshold.path.join('.')}' (numeric keys: ${known.join(', ')})`);
    }
  }
}

const compare: Record<Comparison, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/** Evaluates thresholds on a result. A key without a value (null: no data) counts as crossed. */
export function evaluateThresholds(thresholds: Threshold[], result: unknown): ThresholdOutcome[] {
  validateThresholds(thresholds, result);
  return thresholds.map((threshold) => {
    const {value} = lookup(result, threshold.path);
    const actual = typeof value === 'number' ? value : null;
    return {threshold: threshold.text, actual, crossed: actual === null || compare[threshold.op](actual, threshold.value)};
  });
}

/** `tasksPerSecond<100 (was 87.2)` lines for the crossed thresholds. */
export function describeCrossed(outcomes: ThresholdOutcome[]): string[] {
  return outcomes.filter((outcome) => outcome.crossed).map((outcome) => `${outcome.threshold} (was ${outcome.actual === null ? 'no value' : Number(outcome.actual.toPrecision(6))})`);
}
