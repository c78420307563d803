/**
 * `report compare`: two results of the same kind side by side — for every headline figure its base and new value,
 * the absolute change, the relative change (a fraction: 0.2 = +20 %) and whether it got better or worse by the
 * figure's direction — and the `--fail-if` subject over them: `base.X`, `new.X`, `change.X` (absolute, seconds for
 * durations) and `delta.X` (relative, so `delta.waitTime.p95 > 20%` reads as it is written).
 */
import {UsageError} from '../errors.js';
import {type ResultSubject, type ThresholdOutcome} from '../thresholds.js';
import type {ResultDocument, ResultMeta} from '../result/document.js';
import {type Direction, type FigureSpec, figureValue, headlineFigures} from './figures.js';
import type {LoadedResult} from './load-result.js';

export const COMPARE_SCHEMA = 'pulp-bench/compare@1';

export type Verdict = 'better' | 'worse' | 'same';

export interface ComparedFigure {
  key: string;
  base: number | null;
  new: number | null;
  /** new − base (null when either is missing). */
  change: number | null;
  /** (new − base) / base as a fraction; 0 when both are 0; null when base is 0 and new is not, or either is missing. */
  delta: number | null;
  /** Which way is better. */
  direction: Direction;
  /** `s` for durations. */
  unit: 's' | null;
  verdict: Verdict | null;
}

export interface CompareDocument {
  schema: typeof COMPARE_SCHEMA;
  kind: 'compare';
  base: {file: string; meta: ResultMeta};
  new: {file: string; meta: ResultMeta};
  figures: ComparedFigure[];
  thresholds: ThresholdOutcome[];
}

export function relativeChange(base: number, next: number): number | null {
  if (base === next) return 0;
  if (base === 0) return null;
  return (next - base) / Math.abs(base);
}

/** A relative change smaller than this (1 %) is run-to-run noise: the figure is marked `same`. */
export const SAME_WITHIN = 0.01;

export function verdictOf(change: number, direction: Direction, delta: number | null = null): Verdict {
  if (change === 0 || (delta !== null && Math.abs(delta) < SAME_WITHIN)) return 'same';
  return (change < 0) === (direction === 'lower') ? 'better' : 'worse';
}

export function compareFigure(spec: FigureSpec, base: number | null, next: number | null): ComparedFigure {
  const both = base !== null && next !== null;
  const change = both ? next - base : null;
  const delta = both ? relativeChange(base, next) : null;
  return {
    key: spec.key,
    base,
    new: next,
    change,
    delta,
    direction: spec.better,
    unit: spec.duration ? 's' : null,
    verdict: change === null ? null : verdictOf(change, spec.better, delta),
  };
}

/**
 * How the two runs were set up differently (concurrency, rate, target, window length…): a comparison of runs made
 * with other settings measures the settings too, so it is said (on stderr) before the figures.
 */
export function settingDifferences(base: ResultDocument, next: ResultDocument): string[] {
  const pairs: Array<[string, unknown, unknown]> = [];
  const body = (document: ResultDocument) => document as unknown as Record<string, unknown>;
  const [a, b] = [body(base), body(next)];
  if (base.kind === 'insertion' && next.kind === 'insertion') {
    pairs.push(['concurrency', a.workers, b.workers], ['rate', a.rate, b.rate], ['target', a.targetKind, b.targetKind]);
  } else if (base.kind === 'analysis' && next.kind === 'analysis') {
    const hours = (document: Record<string, unknown>) => {
      const window = document.window as {since: string; until: string};
      return Math.round(((Date.parse(window.until) - Date.parse(window.since)) / 3600e3) * 100) / 100;
    };
    pairs.push(['window length (h)', hours(a), hours(b)], ['filters', JSON.stringify(a.filters), JSON.stringify(b.filters)]);
  }
  return pairs.filter(([, left, right]) => JSON.stringify(left) !== JSON.stringify(right)).map(([name, left, right]) => `${name} ${String(left)} → ${String(right)}`);
}

/** Refuses documents of different kinds (exit 2). */
export function requireSameKind(results: LoadedResult[]): void {
  const [first] = results;
  const other = results.find((result) => result.document.kind !== first.document.kind);
  const an = (kind: string) => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
  if (other) throw new UsageError(`${first.file} is ${an(first.document.kind)} result and ${other.file} ${an(other.document.kind)} result: only results of the same kind can be compared or merged`);
}

export function compareDocuments(base: ResultDocument, next: ResultDocument): ComparedFigure[] {
  return headlineFigures(base, next).map((spec) => compareFigure(spec, figureValue(base, spec.key), figureValue(next, spec.key)));
}

/** Sets a dotted key in a nested object. */
function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const segments = key.split('.');
  let node = target;
  for (const segment of segments.slice(0, -1)) node = (node[segment] ??= {}) as Record<string, unknown>;
  node[segments.at(-1)!] = value;
}

/** The object `--fail-if` reads: {base, new, change, delta}, each holding the figures under their own keys. */
export function compareScope(figures: ComparedFigure[]): Record<string, unknown> {
  const scope: Record<string, Record<string, unknown>> = {base: {}, new: {}, change: {}, delta: {}};
  for (const figure of figures) for (const part of ['base', 'new', 'change', 'delta'] as const) setPath(scope[part], figure.key, figure[part]);
  return scope;
}

/** What `--fail-if` may read in a comparison of two such documents. */
export function compareSubject(figures: ComparedFigure[]): ResultSubject {
  const durations = new Set(figures.filter((figure) => figure.unit === 's').map((figure) => figure.key));
  const shape = compareScope(figures.map((figure) => ({...figure, base: 0, new: 0, change: 0, delta: 0})));
  return {
    shape,
    isDuration: (key) => {
      const dot = key.indexOf('.');
      return ['base', 'new', 'change'].includes(key.slice(0, dot)) && durations.has(key.slice(dot + 1));
    },
    countMaps: [],
  };
}

export function compareDocument(base: LoadedResult, next: LoadedResult, figures: ComparedFigure[], thresholds: ThresholdOutcome[]): CompareDocument {
  return {
    schema: COMPARE_SCHEMA,
    kind: 'compare',
    base: {file: base.file, meta: base.document.meta},
    new: {file: next.file, meta: next.document.meta},
    figures,
    thresholds,
  };
}
