/**
 * The result document as the report commands read it (spec-12: `pulp-bench/result@1`).
 * STAND-IN until the doc helper's src/lib/result/document.ts is merged: the same names (ResultDocument,
 * InsertionDocument, AnalysisDocument, DemoDocument, ResultMeta, RESULT_SCHEMA) so that switching is an import change.
 */
import type {AnalysisResult} from '../analysis/run-analysis.js';
import type {EncodedHistogram} from '../histogram.js';
import type {InsertionResult} from '../insertion/report.js';
import type {StatusSummary} from '../status.js';

export const RESULT_SCHEMA = 'pulp-bench/result@1';

export interface MergedSource {
  host: string;
  startedAt: string;
  endedAt: string;
  file: string;
}

export interface ResultMeta {
  tool: {name: string; version: string; node: string};
  command: string;
  argv: string[];
  startedAt: string;
  endedAt: string;
  host: string;
  /** null when unknown. */
  server: {apiRoot: string; status: StatusSummary | null} | null;
  merged?: MergedSource[];
}

/** A timeline bucket's successful requests (those that finished in it). */
export interface BucketLatency {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  histogram: EncodedHistogram;
}

export type InsertionTimelineEntry = InsertionResult['timeline'][number] & {latency: BucketLatency | null; failures: Record<string, number>};

export interface InsertionBody extends Omit<InsertionResult, 'timeline'> {
  startedAt: string;
  endedAt: string;
  timeline: InsertionTimelineEntry[];
  histograms: {latency: EncodedHistogram};
}

export type AnalysisBacklogPoint = AnalysisResult['backlog'][number] & {created: number; started: number; finished: number};
export type AnalysisNameRow = AnalysisResult['byName'][number] & {sparkline: number[]};

export interface AnalysisBody extends Omit<AnalysisResult, 'backlog' | 'byName'> {
  backlog: AnalysisBacklogPoint[];
  byName: AnalysisNameRow[];
  histograms: {waitTime: EncodedHistogram; blockedTime: EncodedHistogram; queueTime: EncodedHistogram; runTime: EncodedHistogram};
}

interface DocumentHead {
  schema: typeof RESULT_SCHEMA;
  meta: ResultMeta;
}

export type InsertionDocument = DocumentHead & {kind: 'insertion'} & InsertionBody;
export type AnalysisDocument = DocumentHead & {kind: 'analysis'} & AnalysisBody;
/** `analysis` is absent when the demo was stopped during its insertion step. */
export type DemoDocument = DocumentHead & {kind: 'demo'; simulator: Record<string, unknown>; insertion: InsertionBody; analysis?: AnalysisBody; interrupted?: boolean; signal?: string};
export type ResultDocument = InsertionDocument | AnalysisDocument | DemoDocument;
