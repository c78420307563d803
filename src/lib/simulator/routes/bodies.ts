/**
 * Request bodies as DRF reads them: parser negotiation (JSONParser, FormParser, MultiPartParser are DRF's
 * defaults, which pulpcore keeps), and the validation of the serializers behind purge, orphan cleanup and
 * cancel (rest_framework fields' error texts; pulpcore/app/serializers/base.py validate_unknown_fields).
 */
/** A parsed urlencoded form: DRF's QueryDict (lists read with getlist, other fields the last value). */
export class FormBody {
  constructor(readonly params: URLSearchParams) {}
}

export type ParsedBody = {ok: true; data: unknown} | {ok: false; status: number; body: unknown};

/** Parses a body by its media type, as DRF's Request._parse does. */
export function parseBody(text: string, contentType: string | undefined): ParsedBody {
  // No body (Content-Length 0): DRF sees no stream and gives empty data, whatever the media type.
  if (text.length === 0) return {ok: true, data: {}};
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/json') {
    try {
      return {ok: true, data: JSON.parse(text) as unknown};
    } catch (error) {
      return {ok: false, status: 400, body: {detail: `JSON parse error - ${(error as Error).message}`}};
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') return {ok: true, data: new FormBody(new URLSearchParams(text))};
  // TODO(simapi): multipart/form-data is accepted by DRF's MultiPartParser; the simulator answers 415 for it.
  return {ok: false, status: 415, body: {detail: `Unsupported media type "${contentType ?? ''}" in request.`}};
}

/** Python's type(value).__name__ for a JSON value. */
export function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

/** Python's str() of a JSON scalar, as DRF formats `{input}` in its messages. */
export function pythonStr(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const MISSING = Symbol('missing');
type Value = unknown | typeof MISSING;

/** A serializer's view of a body: a field's value (or MISSING), lists read as QueryDict.getlist does. */
export interface BodyFields {
  get(name: string, list: boolean): Value;
  keys(): string[];
}

/**
 * Serializer.to_internal_value's first check: a non-mapping body → non_field_errors ("No data provided" for null,
 * Serializer.errors' special case). Returns the fields, or the 400 body.
 */
export function bodyFields(data: unknown): BodyFields | {errors: Record<string, string[]>} {
  if (data instanceof FormBody) {
    const {params} = data;
    return {
      get: (name, list) => (params.has(name) ? (list ? params.getAll(name) : params.getAll(name).at(-1)) : MISSING),
      keys: () => [...new Set(params.keys())],
    };
  }
  if (data === null) return {errors: {non_field_errors: ['No data provided']}};
  if (typeof data !== 'object' || Array.isArray(data)) return {errors: {non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(data)}.`]}};
  const object = data as Record<string, unknown>;
  return {get: (name) => (Object.hasOwn(object, name) ? object[name] : MISSING), keys: () => Object.keys(object)};
}

export const isMissing = (value: Value): value is typeof MISSING => value === MISSING;

/** ValidateFieldsMixin.validate: fields the serializer does not define (csrfmiddlewaretoken ignored). */
export function unexpectedFields(fields: BodyFields, defined: string[]): Record<string, string[]> {
  const unknown = [...new Set(fields.keys().map((key) => key.split('.')[0]))].filter((key) => !defined.includes(key) && key !== 'csrfmiddlewaretoken');
  return Object.fromEntries(unknown.map((key) => [key, ['Unexpected field']]));
}

/** ListField / MultipleChoiceField's list check; returns the error text, or undefined. */
export function listError(value: unknown): string | undefined {
  if (value === null) return 'This field may not be null.';
  if (typeof value === 'string' || typeof value !== 'object') return `Expected a list of items but got type "${pythonType(value)}".`;
  return undefined;
}

/** IntegerField(min_value, max_value): the integer, or the error text. */
export function integerField(value: unknown, min: number, max: number): number | string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const cleaned = text?.replace(/\.0*\s*$/, '');
  if (cleaned === undefined || !/^[+-]?\d+$/.test(cleaned)) return 'A valid integer is required.';
  const number = Number(cleaned);
  if (number < min) return `Ensure this value is greater than or equal to ${min}.`;
  if (number > max) return `Ensure this value is less than or equal to ${max}.`;
  return number;
}
