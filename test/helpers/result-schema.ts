/** Validates result documents against the published JSON Schema (schema/result-v1.json), with ajv's 2020-12 dialect. */
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

import type {ErrorObject, ValidateFunction} from 'ajv';

const require = createRequire(import.meta.url);
// ajv and ajv-formats are CommonJS; their classes are the modules' default exports.
const Ajv2020 = (require('ajv/dist/2020.js') as {default: new (options: object) => {compile(schema: object): ValidateFunction}}).default;
const addFormats = (require('ajv-formats') as {default: (ajv: unknown) => void}).default;

export const RESULT_SCHEMA_FILE = new URL('../../schema/result-v1.json', import.meta.url);

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!validate) {
    const ajv = new Ajv2020({allErrors: true, strict: true});
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(RESULT_SCHEMA_FILE, 'utf8')) as object);
  }
  return validate;
}

/** The schema's complaints about a document (none when it is valid). */
export function resultSchemaErrors(document: unknown): ErrorObject[] {
  const check = validator();
  return check(document) ? [] : [...(check.errors ?? [])];
}

/** Throws, listing the schema's complaints, unless `document` is a valid pulp-bench/result@1 document. */
export function assertValidResult(document: unknown): void {
  const errors = resultSchemaErrors(document);
  if (errors.length > 0) {
    const lines = errors.slice(0, 12).map((error) => `  ${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    throw new Error(`not a valid result document:\n${lines.join('\n')}`);
  }
}

/** Parses a command's stdout as one JSON document and checks it against the schema. */
export function validResult<T = any>(stdout: string): T { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read documents freely, as JSON.parse does
  const document = JSON.parse(stdout) as T;
  assertValidResult(document);
  return document;
}
