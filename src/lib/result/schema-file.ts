/**
 * The published JSON Schema of result documents, schema/result-v1.json, read from the package at run time: this
 * module is three folders below the package root both as source (src/lib/result) and built (dist/lib/result), and the
 * schema folder is in package.json `files`, so the path holds in a checkout, in dist/ and in an `npm install -g` copy.
 */
import {readFile} from 'node:fs/promises';

export const RESULT_SCHEMA_URL = new URL('../../../schema/result-v1.json', import.meta.url);

let cached: Promise<{$id: string} & Record<string, unknown>> | undefined;

/** The schema (read once). */
export function readResultSchema(): Promise<{$id: string} & Record<string, unknown>> {
  cached ??= readFile(RESULT_SCHEMA_URL, 'utf8').then((text) => JSON.parse(text) as {$id: string} & Record<string, unknown>);
  return cached;
}
