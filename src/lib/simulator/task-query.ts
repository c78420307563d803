/**
 * The task list's query language, as pulpcore's TaskFilter, ordering, field selection and limit/offset
 * pagination define it: parses the query string (rejecting what Pulp rejects, with Pulp's error bodies) and
 * selects rows from the TaskStore.
 */
import {ALL_FIELDS, MINIMAL_FIELDS, STATES, type TaskStore} from './task-store.js';
import {parseDatetime} from './timestamps.js';
import {parseQ, QSyntaxError} from './q-expression.js';
import {extractPk, parsePrn, type Reference, ReferenceError400, type References} from './references.js';
import {UUID_PATTERN} from './uuid.js';

export class QueryError extends Error {
  constructor(readonly body: unknown) {
    super('invalid query');
  }
}

export type Predicate = (store: TaskStore, row: number) => boolean;

export interface TaskQuery {
  predicates: Predicate[];
  /** Inclusive bounds on pulp_created, µs, used for a binary-searched row range. */
  createdFrom: number;
  createdTo: number;
  ordering: Array<{field: string; descending: boolean}>;
  fields: string[];
  limit: number;
  offset: number;
  /** A filter that can match nothing (e.g. `worker=`). */
  nothing: boolean;
}

const RESERVED = new Set(['limit', 'offset', 'ordering', 'fields', 'exclude_fields', 'minimal', 'format', 'page_size']);
const TIME_FIELDS = ['pulp_created', 'started_at', 'finished_at', 'unblocked_at'] as const;
const TIME_LOOKUPS = ['', '__lt', '__lte', '__gt', '__gte', '__range', '__isnull'];
// StableOrderingFilter's choices (pulpcore/filters.py BaseFilterSet.get_filters): the Task model's non-relation
// fields and `pk`; relations (worker, parent_task, task_group, pulp_domain, app_lock) and serializer-only fields
// (created_by) are not orderable.
const ORDERABLE = [
  'pulp_id', 'pk', 'pulp_created', 'pulp_last_updated', 'state', 'name', 'logging_cid', 'unblocked_at', 'started_at',
  'finished_at', 'error', 'enc_args', 'enc_kwargs', 'reserved_resources_record', 'versions', 'immediate', 'deferred',
  'profile_options', 'result', 'pulp_api_version',
];

const FILTERS = new Set<string>([
  'state', 'state__in', 'state__ne', 'name', 'name__contains', 'name__in', 'name__ne', 'logging_cid', 'logging_cid__contains',
  ...TIME_FIELDS.flatMap((field) => TIME_LOOKUPS.map((lookup) => field + lookup)),
  'parent_task', 'child_tasks', 'task_group', 'created_resources',
  'reserved_resources', 'reserved_resources__in', 'exclusive_resources', 'exclusive_resources__in', 'shared_resources', 'shared_resources__in',
  'worker', 'pulp_id__in', 'pulp_href__in', 'prn__in', 'q',
]);

const column = (store: TaskStore, field: (typeof TIME_FIELDS)[number]) =>
  field === 'pulp_created' ? store.created : field === 'started_at' ? store.started : field === 'finished_at' ? store.finished : store.unblocked;

const csv = (value: string) => value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);

function positiveInt(value: string | null, fallback: number, allowZero: boolean): number {
  if (value === null || !/^\d+$/.test(value.trim())) return fallback;
  const parsed = Number(value);
  return parsed > 0 || (allowZero && parsed === 0) ? parsed : fallback;
}

export interface QueryContext {
  /** Django's URL resolution of hrefs and PRNs (relation filters). */
  references: References;
  /** Whether the object a resolved reference names exists (and is visible from the request's domain). */
  exists: (reference: Reference) => boolean;
  /** settings.API_ROOT (`/pulp/` or `/api/pulp/`): resource filter values under it are hrefs. */
  apiRoot: string;
  /** The request's domain pk (pdrn names of the old resource hrefs). */
  domainUuid: string;
  /** The rows a relation filter keeps for a pk (undefined pk: related to any object of the model); undefined: none. */
  relation: (field: 'parent_task' | 'child_tasks' | 'task_group', pk: string | undefined) => Predicate | undefined;
}

/** custom_filters.py OLD_RESOURCE_HREFS: hrefs that once named locks, and their pdrn names. */
const OLD_RESOURCE_HREFS: Record<string, string> = {
  '/api/v3/orphans/cleanup/': 'orphans',
  '/api/v3/repair/': 'repair',
  '/api/v3/distributions/': 'distributions',
  '/api/v3/repositories/reclaim_space/': 'reclaim_space',
  '/api/v3/servers/': 'servers',
};

/** Filters django-filter skips when their value is empty (Filter.filter / FilterMethod: `value in EMPTY_VALUES`). */
const SKIPPED_WHEN_EMPTY = (key: string) =>
  /^(state|name|logging_cid)(__|$)/.test(key) || TIME_FIELDS.some((field) => key.startsWith(field)) || ['worker', 'pulp_id__in', 'pulp_href__in', 'prn__in', 'q'].includes(key);

const invalidChoice = (value: string) => `Select a valid choice. ${value} is not one of the available choices.`;

export function parseTaskQuery(params: URLSearchParams, context: QueryContext): TaskQuery {
  const unknown = [...new Set(params.keys())].filter((key) => !RESERVED.has(key) && !FILTERS.has(key));
  if (unknown.length > 0) throw new QueryError({errors: unknown.map((key) => `Invalid Filter: '${key}'`)});

  const errors: Record<string, string[]> = {};
  const query: TaskQuery = {
    predicates: [],
    createdFrom: Number.NEGATIVE_INFINITY,
    createdTo: Number.POSITIVE_INFINITY,
    ordering: [],
    fields: ALL_FIELDS,
    limit: positiveInt(params.get('limit'), 100, false),
    offset: positiveInt(params.get('offset'), 0, true),
    nothing: false,
  };
  const add = (predicate: Predicate) => query.predicates.push(predicate);

  // A form field reads the last value of a repeated parameter (QueryDict.__getitem__).
  const values = new Map<string, string>();
  for (const [key, value] of params) values.set(key, value);
  /** The first error a filter's filter() raises: DRF answers it as a plain list, after the form's errors. */
  let filterError: string | undefined;
  const guard = (run: () => void) => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof ReferenceError400)) throw error;
      filterError ??= error.message;
    }
  };

  for (const [key, value] of values) {
    if (RESERVED.has(key)) continue;
    if (value === '' && SKIPPED_WHEN_EMPTY(key)) continue;
    if (key === 'state') {
      // Only the exact lookup of a field with choices becomes a ChoiceFilter (django-filter filter_for_lookup);
      // state__in and state__ne are plain CharFilters: unknown values just match nothing.
      const code = (STATES as readonly string[]).indexOf(value);
      if (code < 0) errors[key] = [invalidChoice(value)];
      else add((s, row) => s.state[row] === code);
    } else if (key === 'state__ne') {
      const code = (STATES as readonly string[]).indexOf(value);
      add((s, row) => s.state[row] !== code);
    } else if (key === 'state__in') {
      const codes = new Set(csv(value).map((state) => (STATES as readonly string[]).indexOf(state)));
      if (codes.size > 0) add((s, row) => codes.has(s.state[row]));
    } else if (key === 'name') add((s, row) => s.name(row) === value);
    else if (key === 'name__contains') add((s, row) => s.name(row).includes(value));
    else if (key === 'name__in') {
      const names = new Set(csv(value));
      if (names.size > 0) add((s, row) => names.has(s.name(row)));
    } else if (key === 'name__ne') add((s, row) => s.name(row) !== value);
    else if (key === 'logging_cid') add((s, row) => s.loggingCid(row) === value);
    else if (key === 'logging_cid__contains') add((s, row) => s.loggingCid(row).includes(value));
    else if (TIME_FIELDS.some((field) => key.startsWith(field))) {
      parseTimeFilter(key, value, query, errors);
    } else if (key === 'parent_task' || key === 'child_tasks' || key === 'task_group') {
      // HyperlinkRelatedFilter: a well-formed reference to a missing object simply matches nothing.
      guard(() => {
        const pk = context.references.relationPk(key, value, key === 'task_group' ? 'core.taskgroup' : 'core.task');
        const predicate = context.relation(key, pk);
        if (predicate) add(predicate);
        else query.nothing = true;
      });
    } else if (key === 'created_resources') {
      // CreatedResourcesFilter: NamedModelViewSet.get_resource(value) must find the object; simulated tasks create none.
      guard(() => {
        createdResource(value, context);
        query.nothing = true;
      });
    } else if (key.endsWith('_resources') || key.endsWith('_resources__in')) {
      const kind = key.split('_')[0] as 'reserved' | 'exclusive' | 'shared';
      const wanted = (key.endsWith('__in') ? csv(value) : [value]).map((item) => resourceName(item, context));
      add((s, row) => wanted.every((resource) => holdsResource(s.resources(row), resource, kind)));
    } else if (key === 'worker') {
      query.nothing = true; // the worker field on tasks is no longer used: any value matches nothing
    } else if (key === 'pulp_id__in') {
      const ids = csv(value);
      if (ids.some((id) => !UUID_PATTERN.test(id))) errors[key] = ['Enter a valid UUID.'];
      const wanted = new Set(ids.map((id) => id.toLowerCase()));
      if (wanted.size > 0) add((s, row) => wanted.has(s.id(row)));
    } else if (key === 'pulp_href__in' || key === 'prn__in') {
      // HREFInFilter / PRNInFilter: extract_pk of each item, matched by pk whatever the rest of the href says.
      guard(() => {
        const wanted = new Set(csv(value).map((item) => extractPk(item, key === 'prn__in').toLowerCase()));
        if (wanted.size > 0) add((s, row) => wanted.has(s.id(row)));
      });
    } else if (key === 'q') {
      try {
        const predicate = parseQ<{store: TaskStore; row: number}>(value, (name, leafValue) => leafPredicate(name, leafValue, context));
        add((s, row) => predicate({store: s, row}));
      } catch (error) {
        if (error instanceof QSyntaxError) errors[key] = [error.message];
        else if (error instanceof ReferenceError400) filterError ??= error.message;
        else throw error;
      }
    }
  }

  const ordering = params.get('ordering');
  if (ordering !== null && ordering.trim() !== '') {
    for (const term of csv(ordering)) {
      const field = term.replace(/^-/, '');
      if (!ORDERABLE.includes(field)) {
        errors.ordering = [`Select a valid choice. ${term} is not one of the available choices.`];
        break;
      }
      query.ordering.push({field, descending: term.startsWith('-')});
    }
  }

  if (Object.keys(errors).length > 0) throw new QueryError(errors);
  if (filterError !== undefined) throw new QueryError([filterError]);
  query.fields = selectFields(params);
  return query;
}

/**
 * One filter expression inside `q` (pulpcore/filters.py ExpressionFilterField._FilterAction): the filter must
 * exist and not be `q` or `ordering`; its value is validated by the filterset's form, whose errors come back as
 * Django's `form.errors.as_json()` text.
 */
function leafPredicate(name: string, value: string, context: QueryContext): (target: {store: TaskStore; row: number}) => boolean {
  if (name === 'q') throw new QSyntaxError("You cannot use 'q' in complex filtering.");
  if (name === 'ordering') throw new QSyntaxError('An ordering filter cannot be used in complex filtering.');
  if (!FILTERS.has(name)) throw new QSyntaxError(`Filter '${name}' does not exist.`);
  let single: TaskQuery;
  try {
    single = parseTaskQuery(new URLSearchParams([[name, value]]), context);
  } catch (error) {
    if (error instanceof QueryError && !Array.isArray(error.body)) {
      const body = error.body as Record<string, string[]>;
      const json = Object.fromEntries(Object.entries(body).map(([field, messages]) => [field, messages.map((message) => ({message, code: errorCode(message)}))]));
      throw new QSyntaxError(pythonJson(json));
    }
    if (error instanceof QueryError) throw new ReferenceError400((error.body as string[])[0]);
    throw error;
  }
  return ({store, row}) => {
    if (single.nothing) return false;
    const created = store.created[row];
    if (created < single.createdFrom || created > single.createdTo) return false;
    return single.predicates.every((predicate) => predicate(store, row));
  };
}

/** Django's error codes for the messages the task filters produce. */
function errorCode(message: string): string {
  if (message.startsWith('Select a valid choice')) return 'invalid_choice';
  if (message.startsWith('Range query')) return 'invalid_values';
  return 'invalid';
}

/** json.dumps with Python's default separators (`, ` and `: `), as Django's as_json writes. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/** ReservedResourcesFilter: an href under API_ROOT naming an existing object becomes its PRN (get_prn); old hrefs their pdrn. */
function resourceName(item: string, context: QueryContext): string {
  if (item.startsWith(context.apiRoot)) {
    const reference = context.references.resolvePath(item);
    return reference?.pk !== undefined && context.exists(reference) ? `prn:${reference.model}:${reference.pk.toLowerCase()}` : item;
  }
  const old = OLD_RESOURCE_HREFS[item];
  return old === undefined ? item : `pdrn:${context.domainUuid}:${old}`;
}

/** NamedModelViewSet.get_resource for created_resources: the reference must resolve to an existing object. */
function createdResource(value: string, context: QueryContext): void {
  let reference: Reference | undefined;
  if (value.startsWith('prn:')) reference = parsePrn(value);
  else {
    reference = context.references.resolvePath(value);
    if (!reference) throw new ReferenceError400(`URI not valid: ${value}`);
  }
  if (reference.pk === undefined || !context.exists(reference)) throw new ReferenceError400(`URI ${value} not found for ${reference.model.split('.')[1]}.`);
}

function holdsResource(record: string[], resource: string, kind: 'reserved' | 'exclusive' | 'shared'): boolean {
  if (kind !== 'shared' && record.includes(resource)) return true;
  return kind !== 'exclusive' && record.includes(`shared:${resource}`);
}

function parseTimeFilter(key: string, value: string, query: TaskQuery, errors: Record<string, string[]>): void {
  const field = TIME_FIELDS.find((candidate) => key.startsWith(candidate))!;
  const lookup = key.slice(field.length);
  const add = (predicate: Predicate) => query.predicates.push(predicate);
  if (lookup === '__isnull') {
    const normalised = value.toLowerCase();
    if (normalised === 'true' || normalised === '1') add((s, row) => Number.isNaN(column(s, field)[row]));
    else if (normalised === 'false' || normalised === '0') add((s, row) => !Number.isNaN(column(s, field)[row]));
    return;
  }
  if (lookup === '__range') {
    const parts = value.split(',');
    if (parts.length !== 2) {
      errors[key] = ['Range query expects two values.'];
      return;
    }
    const [low, high] = parts.map((part) => parseDatetime(part));
    if (low === undefined || high === undefined) {
      errors[key] = ['Enter a valid date/time.'];
      return;
    }
    bound(field, low, high, query);
    return;
  }
  const us = parseDatetime(value);
  if (us === undefined) {
    errors[key] = ['Enter a valid date/time.'];
    return;
  }
  const lowerOf: Record<string, number> = {'': us, __gte: us, __gt: us + 1};
  const upperOf: Record<string, number> = {'': us, __lte: us, __lt: us - 1};
  bound(field, lowerOf[lookup] ?? Number.NEGATIVE_INFINITY, upperOf[lookup] ?? Number.POSITIVE_INFINITY, query);
}

/** Adds an inclusive [low, high] bound on a time column (µs are integers, so < x is ≤ x − 1). */
function bound(field: (typeof TIME_FIELDS)[number], low: number, high: number, query: TaskQuery): void {
  if (field === 'pulp_created') {
    query.createdFrom = Math.max(query.createdFrom, low);
    query.createdTo = Math.min(query.createdTo, high);
    return;
  }
  // NaN (null) compares false, as SQL comparisons with NULL do.
  query.predicates.push((s, row) => {
    const value = column(s, field)[row];
    return value >= low && value <= high;
  });
}

function selectFields(params: URLSearchParams): string[] {
  // NamedModelViewSet.get_serializer_class: the minimal serializer only for `minimal=true` (any case).
  const base = (params.get('minimal') ?? '').toLowerCase() === 'true' ? MINIMAL_FIELDS : ALL_FIELDS;
  const included = params.getAll('fields').flatMap(csv);
  const excluded = new Set(params.getAll('exclude_fields').flatMap(csv));
  return base.filter((field) => (included.length === 0 || included.includes(field)) && !excluded.has(field));
}

export {type QueryResult, rowMatches, runTaskQuery} from './task-query-run.js';
