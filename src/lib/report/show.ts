/**
 * The terminal report of a saved result, drawn by the very functions the measuring commands draw theirs with, in the
 * same order and with the same separators — so `report show r.json` prints what the run printed.
 */
import path from 'node:path';

import {UsageError} from '../errors.js';
import {renderAnalysis} from '../render/analysis.js';
import {renderInsertion} from '../render/insertion.js';
import {renderThresholds} from '../render/thresholds.js';
import {stdoutView, type View} from '../render/view.js';
import type {ResultDocument} from '../result/document.js';
import {type OutputTarget, parseOutputs} from '../result/outputs.js';

/** A command's report: its body, then the ✓/✗ block of its --fail-if verdicts (as test-task-insertion and task-analysis print it). */
export async function renderResult(document: ResultDocument, view: View = stdoutView()): Promise<string> {
  switch (document.kind) {
    case 'insertion': {
      return [await renderInsertion(document, view), renderThresholds(document.thresholds ?? [], view)].filter(Boolean).join('\n\n');
    }
    case 'analysis': {
      return [await renderAnalysis(document, view), renderThresholds(document.thresholds ?? [], view)].filter(Boolean).join('\n\n');
    }
    case 'demo': {
      const insertion = await renderInsertion(document.insertion, view);
      return document.analysis ? [insertion, await renderAnalysis(document.analysis, view)].join('\n') : insertion;
    }
  }
}

/**
 * The `--output` targets of `report show` and `report merge`, checked before any file is read: .json, .html and `-`
 * as on the measuring commands; .csv is refused, as a saved result holds figures and histograms, not the rows.
 */
export function parseReportOutputs(values: readonly string[], options: {json: boolean}): OutputTarget[] {
  const csv = values.find((value) => path.extname(value).toLowerCase() === '.csv');
  if (csv !== undefined) {
    throw new UsageError(
      `--output ${csv}: a saved result holds figures and histograms, not the per-request or per-task rows; write CSV with the measuring command's own --output FILE.csv (use .json or .html here)`,
    );
  }
  return parseOutputs(values, {json: options.json, kind: 'insertion', csvRows: false});
}
