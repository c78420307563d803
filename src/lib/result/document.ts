/**
 * The versioned result document (`"schema": "pulp-bench/result@1"`): what every measuring command prints with `--json`
 * and writes with `--output x.json`, and what `report show|compare|merge` read. Its JSON Schema is
 * schema/result-v1.json; the types here and that schema change together.
 *
 * A document is the command's result body with three keys in front: `schema`, `kind` and `meta` (meta.ts).
 */
import type {AnalysisResult} from '../analysis/run-analysis.js';
import type {InsertionResult} from '../insertion/report.js';
import type {StatusSummary} from '../status.js';

export const RESULT_SCHEMA = 'pulp-bench/result@1';
export type ResultSchema = typeof RESULT_SCHEMA;

export const RESULT_KINDS = ['insertion', 'analysis', 'demo'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

export interface ResultMeta {
  tool: {name: 'pulp-bench'; version: string; node: string};
  /** The command id (`test-task-insertion`, `task-analysis`, `demo`, …). */
  command: string;
  /** The command's arguments with every secret replaced by `<redacted>` (redact.ts). */
  argv: string[];
  /** ISO 8601 UTC with microseconds: when the command started and when the document was made. */
  startedAt: string;
  endedAt: string;
  /** os.hostname() of the machine that ran the command. */
  host: string;
  /** The server measured (its API root without user information) and its status summary (null when unknown). */
  server: {apiRoot: string; status: StatusSummary | null} | null;
  /** Only in documents made by `report merge`: the runs merged. */
  merged?: Array<{host: string; startedAt: string; endedAt: string; file: string}>;
}

interface DocumentHead<K extends ResultKind> {
  schema: ResultSchema;
  kind: K;
  meta: ResultMeta;
}

export type InsertionDocument = DocumentHead<'insertion'> & InsertionResult;
export type AnalysisDocument = DocumentHead<'analysis'> & AnalysisResult;
export interface DemoDocument extends DocumentHead<'demo'> {
  simulator: {apiRoot: string; username: string};
  insertion: InsertionResult;
  /** Absent when the demo was stopped during its insertion step. */
  analysis?: AnalysisResult;
  interrupted?: boolean;
  signal?: string;
}

/** A document a renderer can show: the complete result of one measuring command. */
export type ResultDocument = InsertionDocument | AnalysisDocument | DemoDocument;

/** task-analysis stopped by a signal while fetching: what was fetched, no statistics. */
export interface StoppedAnalysisDocument extends DocumentHead<'analysis'> {
  interrupted: true;
  signal: string;
  window: {since: string; until: string};
  endpoint: string | null;
  fetch: {pages: number; received: number; expected: number};
}

/** What `--json` prints when a command fails: the error, and schema/kind/meta when the command knew them. */
export interface ErrorDocument extends Partial<DocumentHead<ResultKind>> {
  error: {kind: string; message: string; exitCode: number};
  interrupted?: boolean;
  signal?: string;
}

/** The head and a body, in that key order. */
export function resultDocument(kind: 'insertion', meta: ResultMeta, body: InsertionResult): InsertionDocument;
export function resultDocument(kind: 'analysis', meta: ResultMeta, body: AnalysisResult): AnalysisDocument;
export function resultDocument(kind: 'demo', meta: ResultMeta, body: Omit<DemoDocument, keyof DocumentHead<'demo'>>): DemoDocument;
export function resultDocument(kind: ResultKind, meta: ResultMeta, body: object): ResultDocument {
  return {schema: RESULT_SCHEMA, kind, meta, ...body} as ResultDocument;
}

/** The body of a document: everything but schema, kind and meta (what the terminal renderers take). */
export function documentBody<D extends ResultDocument>(document: D): Omit<D, keyof DocumentHead<ResultKind>> {
  const head = new Set(['schema', 'kind', 'meta']);
  return Object.fromEntries(Object.entries(document).filter(([key]) => !head.has(key))) as Omit<D, keyof DocumentHead<ResultKind>>;
}
