/**
 * Checks of a result document's structure beyond its schema, made when the file is loaded, so that a damaged or
 * hostile file is refused with the file and the place in it: its nesting depth (free-form parts such as the server's
 * status may hold anything, and printing or merging a value nested thousands deep overflows the stack), and every
 * HdrHistogram (histogram-payload.ts), before a report or a merge decodes it.
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

/** Honest documents nest about 8 deep. */
export const MAX_NESTING = 64;

/** Where the document nests deeper than MAX_NESTING (`at /json/pointer…: …`), or undefined. Iterative. */
export function nestingProblem(document: unknown): string | undefined {
  const stack: Array<{value: unknown; path: string[]}> = [{value: document, path: []}];
  while (stack.length > 0) {
    const {value, path} = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_NESTING) return `at /${path.slice(0, 6).join('/')}/…: nested more than ${MAX_NESTING} levels deep`;
    for (const [key, item] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
      if (typeof item === 'object' && item !== null) stack.push({value: item, path: [...path, String(key)]});
    }
  }
  return undefined;
}
