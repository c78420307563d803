/**
 * Every HdrHistogram of a result document, checked when the file is loaded (histogram-payload.ts), so a damaged or
 * hostile one is refused with the file and its place in it, before a report or a merge decodes it.
 */
import {histogramPayloadProblem} from '../histogram-payload.js';

/** The first unusable histogram as `at /json/pointer: problem`, or undefined. Iterative: documents can be deep. */
export function histogramsProblem(document: unknown): string | undefined {
  const stack: Array<{value: unknown; path: string}> = [{value: document, path: ''}];
  while (stack.length > 0) {
    const {value, path} = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const record = value as Record<string, unknown>;
    if (record.unit === 'us' && typeof record.encoded === 'string') {
      const problem = histogramPayloadProblem(record.encoded, Number(record.significantDigits), Number(record.count));
      if (problem) return `at ${path || '/'}: unusable HdrHistogram: ${problem}`;
      continue;
    }
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(record);
    for (let index = entries.length - 1; index >= 0; index--) stack.push({value: entries[index][1], path: `${path}/${entries[index][0]}`});
  }
  return undefined;
}
