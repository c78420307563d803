/**
 * The headline figures of each kind of result — what `report compare` sets side by side and gates on — with the
 * direction in which each one is better and whether it is a duration (seconds).
 */
import type {InsertionResult} from '../insertion/report.js';
import {lookupKey} from '../threshold-keys.js';
import type {ResultDocument} from '../result/document.js';

export type Direction = 'lower' | 'higher';

export interface FigureSpec {
  /** Dotted key in the result body (`latency.p99`, `states.failed`). */
  key: string;
  /** Which way is better: lower (latency, waits, failures) or higher (rates, tasks). */
  better: Direction;
  duration: boolean;
}

const DURATION_STATISTICS = ['mean', 'median', 'p90', 'p95', 'p99', 'max'];
const TRACK_PHASES = ['endToEnd', 'blocked', 'queue', 'run'];
const TRACK_STATISTICS = ['median', 'p90', 'p99', 'max'];

export const INSERTION_FIGURES: FigureSpec[] = [
  {key: 'tasksPerSecond', better: 'higher', duration: false},
  {key: 'requests.perSecond', better: 'higher', duration: false},
  {key: 'requests.failed', better: 'lower', duration: false},
  ...['p50', 'p90', 'p99', 'max'].map((statistic) => ({key: `latency.${statistic}`, better: 'lower' as const, duration: true})),
  {key: 'tasksCreated', better: 'higher', duration: false},
];

/** Figures of `--track` (compared only when both runs tracked their tasks). */
export const TRACK_FIGURES: FigureSpec[] = TRACK_PHASES.flatMap((phase) => TRACK_STATISTICS.map((statistic) => ({key: `track.${phase}.${statistic}`, better: 'lower' as const, duration: true})));

export const ANALYSIS_FIGURES: FigureSpec[] = [
  ...['waitTime', 'blockedTime', 'queueTime', 'runTime'].flatMap((duration) => DURATION_STATISTICS.map((statistic) => ({key: `${duration}.${statistic}`, better: 'lower' as const, duration: true}))),
  {key: 'throughput.tasksPerSecond', better: 'higher', duration: false},
  {key: 'states.failed', better: 'lower', duration: false},
];

/**
 * The server's own view of an insertion run (--server-stats; compared only when both runs have it on): how long the
 * backlog took to drain after the load, the longest queue, and the rates the server itself reports.
 */
export const SERVER_FIGURES: FigureSpec[] = [
  {key: 'server.drainSeconds', better: 'lower', duration: true},
  {key: 'server.maxWaiting', better: 'lower', duration: false},
  {key: 'server.processingRate', better: 'higher', duration: false},
  {key: 'server.ingestRate', better: 'higher', duration: false},
];

const prefixed = (prefix: string, figures: FigureSpec[]) => figures.map((figure) => ({...figure, key: `${prefix}.${figure.key}`}));

/** The figures two documents of the same kind are compared on (track figures only when both have them). */
export function headlineFigures(base: ResultDocument, next: ResultDocument): FigureSpec[] {
  const serverOn = (body: {server?: {enabled: boolean}}) => body.server?.enabled === true;
  const insertion = (a: InsertionResult, b: InsertionResult) => [
    ...INSERTION_FIGURES,
    ...(a.track && b.track ? TRACK_FIGURES : []),
    ...(serverOn(a) && serverOn(b) ? SERVER_FIGURES : []),
  ];
  if (base.kind === 'insertion' && next.kind === 'insertion') return insertion(base, next);
  if (base.kind === 'analysis' && next.kind === 'analysis') return ANALYSIS_FIGURES;
  if (base.kind === 'demo' && next.kind === 'demo') {
    // A demo stopped during its insertion step has no analysis.
    return [...prefixed('insertion', insertion(base.insertion, next.insertion)), ...(base.analysis && next.analysis ? prefixed('analysis', ANALYSIS_FIGURES) : [])];
  }
  return [];
}

/** A figure's value in a document (null: no data; an absent count of `states` is 0). */
export function figureValue(document: ResultDocument, key: string): number | null {
  const countMaps = ['states', 'analysis.states'];
  const {value} = lookupKey(document, key, countMaps);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
