/**
 * `report merge`: results of the same kind, made at the same time (one command run on several machines), become
 * one result document as if one run had made them all: see merge-insertion.ts and merge-analysis.ts for the figures.
 */
import {UsageError} from '../errors.js';
import {timestampMicros} from '../time.js';
import {requireSameKind} from './compare.js';
import {type AnalysisDocument, type InsertionDocument, resultDocument, type ResultDocument, type ResultMeta} from '../result/document.js';
import type {LoadedResult} from './load-result.js';
import {mergeAnalysisBodies} from './merge-analysis.js';
import {mergeInsertionBodies} from './merge-insertion.js';
import {mergeServerStats} from './merge-server.js';

/**
 * The wall-clock span a result covers: an insertion's load (from t = 0 to the last answer), an analysis's window
 * (analyses read at different moments cover the same time when their --since/--until are the same), else the
 * command's run.
 */
function span(result: LoadedResult): {startedAt: string; endedAt: string; startUs: number; endUs: number} {
  const {document} = result;
  const [startedAt, endedAt] =
    document.kind === 'insertion' ? [document.startedAt, document.endedAt] : document.kind === 'analysis' ? [document.window.since, document.window.until] : [document.meta.startedAt, document.meta.endedAt];
  return {startedAt, endedAt, startUs: timestampMicros(startedAt), endUs: timestampMicros(endedAt)};
}

/**
 * The longest span merged insertion runs may cover: the merged timeline has an entry per second of it. Longer than
 * any one run (a --duration is at most ~24.8 days), so only edited files reach it.
 */
export const MAX_MERGED_SECONDS = 31 * 86_400;

/** An insertion whose times disagree with its own elapsedSeconds was edited: refused, as its timeline would mislead. */
function requireConsistentTimes(result: LoadedResult, item: ReturnType<typeof span>): void {
  const {document} = result;
  if (document.kind !== 'insertion') return;
  const seconds = (item.endUs - item.startUs) / 1e6;
  if (!(Math.abs(seconds - document.elapsedSeconds) <= 1)) {
    throw new UsageError(
      `${result.file}: its load runs from ${item.startedAt} to ${item.endedAt} (${Number.isFinite(seconds) ? `${seconds} s` : 'no valid time'}) but "elapsedSeconds" is ${document.elapsedSeconds}: was the file edited?`,
    );
  }
}

/** Refuses runs that were not all under way at one moment (exit 2), naming the two that are furthest apart. */
export function requireOverlap(results: LoadedResult[]): void {
  const spans = results.map((result) => {
    const item = span(result);
    requireConsistentTimes(result, item);
    return {file: result.file, ...item};
  });
  const endsFirst = spans.reduce((best, item) => (item.endUs < best.endUs ? item : best));
  const startsLast = spans.reduce((best, item) => (item.startUs > best.startUs ? item : best));
  if (startsLast.startUs > endsFirst.endUs) {
    throw new UsageError(
      `${endsFirst.file} (${endsFirst.startedAt} → ${endsFirst.endedAt}) and ${startsLast.file} (${startsLast.startedAt} → ${startsLast.endedAt}) do not overlap in time: report merge combines runs made at the same time`,
    );
  }
  const startsFirst = spans.reduce((best, item) => (item.startUs < best.startUs ? item : best));
  const endsLast = spans.reduce((best, item) => (item.endUs > best.endUs ? item : best));
  // Insertion timelines are re-bucketed per second of the merged span; analyses add their buckets as they are.
  if (results[0].document.kind === 'insertion' && (endsLast.endUs - startsFirst.startUs) / 1e6 > MAX_MERGED_SECONDS) {
    throw new UsageError(
      `${startsFirst.file} starts at ${startsFirst.startedAt} and ${endsLast.file} ends at ${endsLast.endedAt}: report merge covers at most ${MAX_MERGED_SECONDS / 86_400} days`,
    );
  }
}

function mergedMeta(results: LoadedResult[], tool: ResultMeta['tool']): ResultMeta {
  const metas = results.map((result) => result.document.meta);
  const starts = metas.map((meta) => timestampMicros(meta.startedAt));
  const ends = metas.map((meta) => timestampMicros(meta.endedAt));
  return {
    tool,
    command: metas[0].command,
    argv: metas[0].argv,
    startedAt: metas[starts.indexOf(Math.min(...starts))].startedAt,
    endedAt: metas[ends.indexOf(Math.max(...ends))].endedAt,
    host: [...new Set(metas.map((meta) => meta.host))].join(', '),
    server: metas[0].server,
    // A merged source contributes its own sources, so merging merges keeps the list of runs.
    merged: results.flatMap((result) => result.document.meta.merged ?? [{host: result.document.meta.host, startedAt: result.document.meta.startedAt, endedAt: result.document.meta.endedAt, file: result.file}]),
  };
}

const stripHead = <T extends ResultDocument>({schema: _schema, kind: _kind, meta: _meta, thresholds: _thresholds, ...body}: T & {thresholds?: unknown}) => body;

export async function mergeResults(results: LoadedResult[], tool: ResultMeta['tool'], options: {note?: (line: string) => void} = {}): Promise<ResultDocument> {
  if (results.length < 2) throw new UsageError('report merge needs at least two result files');
  requireSameKind(results);
  const {kind} = results[0].document;
  if (kind === 'demo') throw new UsageError('demo results cannot be merged: merge the results of test-task-insertion or task-analysis runs (--output FILE.json)');
  requireOverlap(results);
  const meta = mergedMeta(results, tool);
  const files = results.map((result) => result.file);
  if (kind === 'insertion') {
    const documents = results.map((result) => result.document as InsertionDocument);
    const body = await mergeInsertionBodies(documents.map((document) => stripHead(document)));
    const {server, note} = mergeServerStats(
      documents.map((document, index) => ({file: files[index], host: document.meta.host, body: document})),
      timestampMicros(body.startedAt),
    );
    if (note) options.note?.(note);
    return resultDocument('insertion', meta, {...body, ...(server ? {server} : {})});
  }
  const body = await mergeAnalysisBodies(
    results.map((result) => stripHead(result.document as AnalysisDocument)),
    files,
  );
  return resultDocument('analysis', meta, body);
}
