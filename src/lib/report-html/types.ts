/**
 * The parts of a result document (`pulp-bench/result@1`, schema/result-v1.json) the HTML report reads, as structural
 * types. They are a subset of src/lib/result/document.ts's types (the full shapes), so a
 * `ResultDocument` is assignable to `ReportDocument`; fields the report can do without are optional.
 */
import type {EncodedHistogram} from '../histogram.js';
import type {ServerStats, ServerStatsOff} from '../telemetry/insertion-telemetry.js';

export type {ServerStats, ServerStatsOff} from '../telemetry/insertion-telemetry.js';

export interface ReportMeta {
  tool?: {name?: string; version?: string; node?: string};
  command?: string;
  argv?: string[];
  startedAt?: string;
  endedAt?: string;
  host?: string;
  server?: {apiRoot?: string; status?: {coreVersion?: string | null; workers?: {count: number}} | null} | null;
  merged?: Array<{host?: string; startedAt?: string; endedAt?: string; file?: string}>;
}

export interface ReportThreshold {
  expression: string;
  crossed: boolean;
  values: Record<string, number | null>;
  units?: Record<string, string>;
}

export interface ReportLatencyFigures {
  min?: number | null;
  mean?: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export interface ReportTimelineEntry {
  t: number;
  seconds: number;
  requests: number;
  failed: number;
  tasks: number;
  tasksPerSecond: number;
  latency?: {count: number; p50: number | null; p90: number | null; p99: number | null; max: number | null; histogram?: EncodedHistogram} | null;
  failures?: Record<string, number>;
}

export interface InsertionBody {
  target: string;
  targetKind?: string;
  method?: string;
  workers: number;
  rate?: number | null;
  startedAt?: string;
  endedAt?: string;
  elapsedSeconds: number;
  tasksCreated: number;
  tasksPerSecond: number;
  requests: {total: number; ok: number; failed: number; failures: Record<string, number>; perSecond: number};
  latency: ReportLatencyFigures;
  timeline: ReportTimelineEntry[];
  interrupted?: boolean;
  stoppedBy?: string;
  abandoned?: number;
  thresholds?: ReportThreshold[];
  histograms?: {latency?: EncodedHistogram};
  /** The server's side of the run (issue 14): the real type, absent in documents made before it existed. */
  server?: ServerStats | ServerStatsOff;
}

export interface ReportDurationFigures {
  count: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  p999?: number | null;
  waited?: number;
}

export interface ReportBacklogPoint {
  t: number;
  at: string;
  waiting: number;
  running: number;
  created?: number;
  started?: number;
  finished?: number;
}

export interface ReportNameRow {
  name: string;
  count: number;
  analyzed: number;
  waitP50: number | null;
  waitP95: number | null;
  runP50: number | null;
  sparkline?: number[];
}

export const DURATION_KEYS = ['waitTime', 'blockedTime', 'queueTime', 'runTime'] as const;
export type DurationKey = (typeof DURATION_KEYS)[number];

export interface AnalysisBody {
  window: {since: string; until: string};
  endpoint?: string;
  filters?: {taskName?: string | null; states?: string[]};
  total: number;
  states: Record<string, number>;
  analyzed: number;
  throughput: {tasks: number; windowSeconds: number; tasksPerSecond: number};
  waitTime: ReportDurationFigures;
  blockedTime: ReportDurationFigures;
  queueTime: ReportDurationFigures;
  runTime: ReportDurationFigures;
  distribution?: Array<{label: string; from: number | null; to: number | null; count: number}>;
  byName: ReportNameRow[];
  backlogBucketSeconds: number;
  backlog: ReportBacklogPoint[];
  thresholds?: ReportThreshold[];
  histograms?: Partial<Record<DurationKey, EncodedHistogram>>;
}

interface DocumentHead {
  schema: string;
  meta?: ReportMeta;
}

export type InsertionReportDocument = DocumentHead & InsertionBody & {kind: 'insertion'};
export type AnalysisReportDocument = DocumentHead & AnalysisBody & {kind: 'analysis'};
export type DemoReportDocument = DocumentHead & {
  kind: 'demo';
  simulator?: {apiRoot?: string; [key: string]: unknown};
  insertion: InsertionBody;
  /** Absent when the demo was stopped during its insertion step. */
  analysis?: AnalysisBody;
  interrupted?: boolean;
  signal?: string;
};

export type ReportDocument = InsertionReportDocument | AnalysisReportDocument | DemoReportDocument;
