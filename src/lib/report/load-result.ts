/**
 * loadResult(file): a saved result document, read and checked before any report command uses it — at most 256 MiB,
 * JSON with the position of a syntax error, a `pulp-bench/result@1` document (a newer version is named as such) that
 * the JSON Schema accepts, whose HdrHistograms can be decoded safely. Every problem is one line naming the file, exit 2.
 */
import {open} from 'node:fs/promises';

import {UsageError} from '../errors.js';
import {escapeServerText} from '../server-text.js';
import {RESULT_KINDS, RESULT_SCHEMA, type ResultDocument} from '../result/document.js';
import {readResultSchema, RESULT_SCHEMA_URL} from '../result/schema-file.js';
import {histogramsProblem, nestingProblem} from './check-histograms.js';
import {jsonErrorOffset} from './json-position.js';
import {readStdinBounded} from './read-stdin.js';

export const MAX_RESULT_BYTES = 256 * 1024 * 1024;

export interface LoadedResult {
  /** The path as given. */
  file: string;
  document: ResultDocument;
}

type Validator = ((value: unknown) => boolean) & {errors?: Array<{instancePath: string; message?: string; keyword: string; params?: Record<string, unknown>}> | null};
interface Ajv {
  addSchema: (schema: object) => void;
  getSchema: (ref: string) => Validator | undefined;
}
let ajvInstance: Ajv | undefined;

const KINDS: readonly string[] = RESULT_KINDS;

/**
 * The JSON Schema validator of one kind's documents (`$defs/<kind>Document`, so that the first problem reported is
 * about that kind); ajv and the schema are loaded on first use.
 */
async function validatorOf(kind: string): Promise<Validator> {
  let schema;
  try {
    schema = await readResultSchema();
  } catch (error) {
    throw new Error(`cannot read the result schema ${RESULT_SCHEMA_URL.pathname} (is the installation complete?): ${(error as Error).message}`, {cause: error});
  }
  if (!ajvInstance) {
    // CommonJS packages: their classes/functions are the namespaces' default exports.
    const ajvModule = (await import('ajv/dist/2020.js')) as unknown as {default: new (options: object) => Ajv};
    const formatsModule = (await import('ajv-formats')) as unknown as {default: (ajv: Ajv) => void};
    ajvInstance = new ajvModule.default({allErrors: true, strict: false});
    formatsModule.default(ajvInstance);
    ajvInstance.addSchema(schema);
  }
  const validate = ajvInstance.getSchema(`${schema.$id}#/$defs/${kind}Document`);
  if (!validate) throw new Error(`the result schema has no $defs/${kind}Document`);
  return validate;
}

/** The file's text, refused when larger than MAX_RESULT_BYTES (checked before reading, and while reading). */
async function readBounded(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new UsageError(`${file} is not a file`);
    if (stat.size > MAX_RESULT_BYTES) throw new UsageError(`${file} is ${Math.round(stat.size / 2 ** 20)} MiB: result documents over 256 MiB are refused`);
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_RESULT_BYTES) + 1);
    let length = 0;
    for (;;) {
      const {bytesRead} = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) throw new UsageError(`${file} grew while it was read: result documents over 256 MiB are refused`);
    }
    return new TextDecoder().decode(buffer.subarray(0, length));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

/** `line L, column C` of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message names the offending text but not always where it is: the position comes from jsonErrorOffset.
    const message = (error as Error).message.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+$/, '').replace(/, "[^]*" is not valid JSON$/, '');
    const offset = jsonErrorOffset(text);
    const where = offset === undefined ? '' : ` (${lineColumn(text, offset)})`;
    throw new UsageError(`${file} is not valid JSON: ${escapeServerText(message)}${where}`);
  }
}

/** Checks what the document says it is before the schema does: a result of this version, or what else it is. */
function checkSchemaVersion(value: unknown, file: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${file} is not a pulp-bench result document (not a JSON object)`);
  const record = value as Record<string, unknown>;
  const schema = record.schema;
  // Error documents carry schema, kind and meta too when the command knew them.
  if (record.error !== undefined && typeof record.error === 'object') {
    const message = (record.error as {message?: unknown} | null)?.message;
    throw new UsageError(`${file} records a run that failed${typeof message === 'string' ? ` (${escapeServerText(message.slice(0, 200))})` : ''}: it has no result to report`);
  }
  if (schema === RESULT_SCHEMA) return;
  if (typeof schema !== 'string') throw new UsageError(`${file} is not a pulp-bench result document (no "schema": save one with --output FILE.json or --json)`);
  const version = /^pulp-bench\/result@(\d+)$/.exec(schema);
  if (version && Number(version[1]) > 1) throw new UsageError(`${file} is a ${escapeServerText(schema)} document: written by a newer pulp-bench? (this one reads ${RESULT_SCHEMA})`);
  if (schema.startsWith('pulp-bench/compare@')) throw new UsageError(`${file} is a report compare document, not a result document`);
  throw new UsageError(`${file} is not a pulp-bench result document ("schema" is ${escapeServerText(JSON.stringify(schema).slice(0, 80))}, expected ${RESULT_SCHEMA})`);
}

/** Refuses a document of no known kind, and an analysis stopped while fetching (it holds no statistics). */
function checkKind(record: Record<string, unknown>, file: string): string {
  const {kind} = record;
  if (typeof kind !== 'string' || !KINDS.includes(kind)) throw new UsageError(`${file}: "kind" must be one of ${KINDS.join(', ')}`);
  if (kind === 'analysis' && record.interrupted === true && !('total' in record)) {
    const fetch = record.fetch as {received?: unknown; expected?: unknown} | undefined;
    const fetched = typeof fetch?.received === 'number' && typeof fetch.expected === 'number' ? ` (${fetch.received} of ${fetch.expected} tasks fetched)` : '';
    const signal = typeof record.signal === 'string' ? ` by ${escapeServerText(record.signal.slice(0, 20))}` : '';
    throw new UsageError(`${file} records an analysis stopped${signal} while fetching${fetched}: it has no statistics`);
  }
  return kind;
}

/** The most specific of ajv's errors, as `at /path: message`. */
function firstProblem(errors: NonNullable<Validator['errors']>): string {
  const useful = errors.filter((error) => !['oneOf', 'anyOf', 'if'].includes(error.keyword));
  const deepest = (useful.length > 0 ? useful : errors).reduce((best, error) => (error.instancePath.length > best.instancePath.length ? error : best));
  const extra = deepest.params && 'allowedValue' in deepest.params ? ` ${JSON.stringify(deepest.params.allowedValue)}` : '';
  return `at ${deepest.instancePath || '/'}: ${deepest.message ?? 'invalid'}${extra}`;
}

/** Reads and checks a result document, `-` for standard input (exit 2 with one line naming the file and the first problem). */
export async function loadResult(file: string): Promise<LoadedResult> {
  const name = file === '-' ? 'standard input' : file;
  const value = parseJson(file === '-' ? await readStdinBounded(MAX_RESULT_BYTES) : await readBounded(file), name);
  checkSchemaVersion(value, name);
  const nesting = nestingProblem(value);
  if (nesting) throw new UsageError(`${name}: ${escapeServerText(nesting)}`);
  const validate = await validatorOf(checkKind(value as Record<string, unknown>, name));
  if (!validate(value)) throw new UsageError(`${name} does not match ${RESULT_SCHEMA}: ${escapeServerText(firstProblem(validate.errors ?? []))}`);
  const histogramProblem = histogramsProblem(value);
  if (histogramProblem) throw new UsageError(`${name}: ${escapeServerText(histogramProblem)}`);
  return {file, document: value as ResultDocument};
}
