/**
 * Lists of ready-made objects (workers, task groups, task schedules) with DRF's filters and pagination, and their
 * detail routes (pulpcore/app/viewsets/task.py WorkerViewSet/WorkerFilter, TaskGroupViewSet, TaskScheduleViewSet).
 */
import {extractPk, ReferenceError400} from '../references.js';
import {DELETED, MINIMAL_FIELDS, taskJson} from '../task-store.js';
import {formatTimestamp, nowUs, parseDatetime} from '../timestamps.js';
import {UUID_PATTERN} from '../uuid.js';
import {type FrontState, paginationLinks, type RequestContext, requestBase, type Route, send} from './http.js';
import {scheduleObjects, workerId} from './objects.js';

type JsonObject = Record<string, unknown>;
/** A filter: validates the value (an error text) or returns the predicate. */
type ObjectFilter = (value: string) => string | ((object: JsonObject) => boolean);

const RESERVED = ['limit', 'offset', 'ordering', 'fields', 'exclude_fields', 'minimal', 'format', 'page_size'];

/** NAME_FILTER_OPTIONS (viewsets/base.py) on one text field. */
function textFilters(field: string, lookups: string[]): Record<string, ObjectFilter> {
  const text = (object: JsonObject) => String(object[field] ?? '');
  const all: Record<string, ObjectFilter> = {
    '': (value) => (object) => text(object) === value,
    __iexact: (value) => (object) => text(object).toLowerCase() === value.toLowerCase(),
    __in: (value) => {
      const wanted = new Set(value.split(',').filter(Boolean));
      return (object) => wanted.size === 0 || wanted.has(text(object));
    },
    __contains: (value) => (object) => text(object).includes(value),
    __icontains: (value) => (object) => text(object).toLowerCase().includes(value.toLowerCase()),
    __startswith: (value) => (object) => text(object).startsWith(value),
    __istartswith: (value) => (object) => text(object).toLowerCase().startsWith(value.toLowerCase()),
  };
  return Object.fromEntries(lookups.filter((lookup) => lookup in all).map((lookup) => [field + lookup, all[lookup]]));
}

/** DATETIME_FILTER_OPTIONS on one timestamp field. */
function timeFilters(field: string): Record<string, ObjectFilter> {
  const us = (object: JsonObject) => (object[field] === null ? Number.NaN : parseDatetime(String(object[field])) ?? Number.NaN);
  const compare = (test: (a: number, b: number) => boolean): ObjectFilter => (value) => {
    const bound = parseDatetime(value);
    return bound === undefined ? 'Enter a valid date/time.' : (object) => test(us(object), bound);
  };
  return {
    [field]: compare((a, b) => a === b),
    [`${field}__lt`]: compare((a, b) => a < b),
    [`${field}__lte`]: compare((a, b) => a <= b),
    [`${field}__gt`]: compare((a, b) => a > b),
    [`${field}__gte`]: compare((a, b) => a >= b),
    [`${field}__isnull`]: (value) => (object) => (['true', '1'].includes(value.toLowerCase()) ? object[field] === null : ['false', '0'].includes(value.toLowerCase()) ? object[field] !== null : true),
  };
}

/** BooleanFilter: `true`/`false` (django's NullBooleanField also takes 1/0); anything else is ignored. */
function booleanFilter(test: (object: JsonObject, wanted: boolean) => boolean): ObjectFilter {
  return (value) => (object) => {
    const lower = value.toLowerCase();
    if (['true', '1'].includes(lower)) return test(object, true);
    if (['false', '0'].includes(lower)) return test(object, false);
    return true;
  };
}

/** BaseFilterSet's pulp_id__in / pulp_href__in / prn__in. */
const idFilters: Record<string, ObjectFilter> = {
  pulp_id__in: (value) => {
    const ids = value.split(',').filter(Boolean);
    if (ids.some((id) => !UUID_PATTERN.test(id))) return 'Enter a valid UUID.';
    return (object) => ids.length === 0 || ids.includes(String(object.prn).split(':')[2]);
  },
  pulp_href__in: (value) => {
    const pks = value.split(',').filter(Boolean).map((item) => extractPk(item, false).toLowerCase());
    return (object) => pks.length === 0 || pks.includes(String(object.prn).split(':')[2]);
  },
  prn__in: (value) => {
    const pks = value.split(',').filter(Boolean).map((item) => extractPk(item, true).toLowerCase());
    return (object) => pks.length === 0 || pks.includes(String(object.prn).split(':')[2]);
  },
};

/** A paginated, filtered, ordered list of ready-made JSON objects, answered as DRF does. */
export function listObjects(
  context: RequestContext,
  objects: JsonObject[],
  filters: Record<string, ObjectFilter>,
  orderable: string[],
  finish: (page: JsonObject[]) => JsonObject[] = (page) => page,
): void {
  const {url, response} = context;
  const all = {...idFilters, ...filters};
  const unknown = [...new Set(url.searchParams.keys())].filter((key) => !RESERVED.includes(key) && !(key in all));
  if (unknown.length > 0) {
    send(response, 400, {errors: unknown.map((key) => `Invalid Filter: '${key}'`)});
    return;
  }
  const errors: Record<string, string[]> = {};
  let selected = objects;
  try {
    for (const key of new Set(url.searchParams.keys())) {
      if (RESERVED.includes(key)) continue;
      const value = url.searchParams.getAll(key).at(-1)!;
      if (value === '') continue; // django-filter skips empty values
      const predicate = all[key](value);
      if (typeof predicate === 'string') errors[key] = [predicate];
      else selected = selected.filter(predicate);
    }
  } catch (error) {
    if (!(error instanceof ReferenceError400)) throw error;
    send(response, 400, [error.message]);
    return;
  }
  const ordering = (url.searchParams.get('ordering') ?? '').split(',').map((term) => term.trim()).filter(Boolean);
  const bad = ordering.find((term) => !orderable.includes(term.replace(/^-/, '')));
  if (bad !== undefined) errors.ordering = [`Select a valid choice. ${bad} is not one of the available choices.`];
  if (Object.keys(errors).length > 0) {
    send(response, 400, errors);
    return;
  }
  // StableOrderingFilter: the given terms, then -pulp_created.
  const keys = [...ordering.map((term) => ({field: term.replace(/^-/, ''), sign: term.startsWith('-') ? -1 : 1})), {field: 'pulp_created', sign: -1}];
  selected = [...selected].sort((a, b) => {
    for (const {field, sign} of keys) {
      const left = String(a[field === 'pk' || field === 'pulp_id' ? 'prn' : field] ?? '');
      const right = String(b[field === 'pk' || field === 'pulp_id' ? 'prn' : field] ?? '');
      if (left !== right) return left < right ? -sign : sign;
    }
    return 0;
  });
  const limitText = url.searchParams.get('limit') ?? '';
  const offsetText = url.searchParams.get('offset') ?? '';
  const limit = /^\d+$/.test(limitText) && Number(limitText) > 0 ? Number(limitText) : 100;
  const offset = /^\d+$/.test(offsetText) ? Number(offsetText) : 0;
  const count = selected.length;
  const page = finish(selected.slice(offset, offset + limit)).map((object) => selectFields(object, url.searchParams));
  send(response, 200, {count, ...paginationLinks(requestBase(context), url.searchParams, limit, offset, count), results: page});
}

/** drf-queryfields: `fields` keeps, `exclude_fields` drops (unknown names ignored). */
function selectFields(object: JsonObject, params: URLSearchParams): JsonObject {
  const included = params.getAll('fields').flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  const excluded = new Set(params.getAll('exclude_fields').flatMap((value) => value.split(',')).map((name) => name.trim()));
  return Object.fromEntries(Object.entries(object).filter(([key]) => (included.length === 0 || included.includes(key)) && !excluded.has(key)));
}

/** A detail route over the same objects: 404 with Django's message, or the object. */
export function detail(context: RequestContext, objects: JsonObject[], modelName: string): void {
  const {id} = context.params;
  if (!UUID_PATTERN.test(id)) {
    send(context.response, 404, {detail: 'Not found.'});
    return;
  }
  const found = objects.find((object) => String(object.prn).endsWith(`:${id.toLowerCase()}`));
  if (found) send(context.response, 200, selectFields(found, context.url.searchParams));
  else send(context.response, 404, {detail: `No ${modelName} matches the given query.`});
}

const BASE_ORDERABLE = ['pk', 'pulp_id', 'pulp_created', 'pulp_last_updated'];

/** AppStatus rows of the workers (WorkerSerializer), with the task each one runs. */
function workerObjects(state: FrontState, domain: number): JsonObject[] {
  const {store} = state.model;
  const prefix = store.domains[domain].prefix;
  const heartbeat = formatTimestamp(nowUs());
  const versions: Record<string, string> = {core: '3.116.0', file: '3.116.0', ...(state.domains ? {service: '0.1.0'} : {})};
  // TODO(lead): take each worker's current task and heartbeat from the model once it exposes them
  // (simmodel's workers with heartbeats); until then running tasks are spread over the workers in start order.
  const running: number[] = [];
  for (let row = store.size - 1; row >= 0 && running.length < state.model.running; row--) if (store.stateName(row) === 'running') running.unshift(row);
  return Array.from({length: state.model.workerCount}, (_, index) => {
    const id = workerId(index);
    const task = running[index];
    return {
      pulp_href: `${prefix}workers/${id}/`,
      prn: `prn:core.appstatus:${id}`,
      pulp_created: formatTimestamp(state.options.startedUs),
      pulp_last_updated: heartbeat,
      name: `${1000 + index}@pulp-worker-sim-${index}`,
      last_heartbeat: heartbeat,
      versions,
      current_task: task === undefined ? null : store.href(task),
    };
  });
}

const WORKER_FILTERS: Record<string, ObjectFilter> = {
  ...textFilters('name', ['', '__iexact', '__in', '__contains', '__icontains', '__startswith', '__istartswith']),
  ...timeFilters('last_heartbeat'),
  // Every simulated worker is online and none is missing. TODO(lead): missing workers from the model.
  online: booleanFilter((_object, wanted) => wanted),
  missing: booleanFilter((_object, wanted) => !wanted),
};
const WORKER_ORDERABLE = [...BASE_ORDERABLE, 'name', 'app_type', 'last_heartbeat', 'versions'];

export function workersRoute(state: FrontState): Route {
  return {
    name: 'workers',
    auth: true,
    methods: {GET: (context) => listObjects(context, workerObjects(state, Number(context.params.domain)), WORKER_FILTERS, WORKER_ORDERABLE)},
  };
}

export function workerDetailRoute(state: FrontState): Route {
  return {name: 'workers', auth: true, methods: {GET: (context) => detail(context, workerObjects(state, Number(context.params.domain)), 'AppStatus')}};
}

const SCHEDULE_FILTERS = {...textFilters('name', ['', '__contains']), ...textFilters('task_name', ['', '__contains'])};
const SCHEDULE_ORDERABLE = [...BASE_ORDERABLE, 'name', 'next_dispatch', 'dispatch_interval', 'task_name'];

/** Schedules live in the default domain (TaskSchedule.pulp_domain defaults to it; lists are domain-scoped). */
function schedulesIn(state: FrontState, domain: number): JsonObject[] {
  const {domains} = state.model.store;
  return domains[domain].name === 'default' ? scheduleObjects(state, domains[domain].prefix) : [];
}

export function taskSchedulesRoute(state: FrontState): Route {
  return {
    name: 'task-schedules',
    auth: true,
    methods: {GET: (context) => listObjects(context, schedulesIn(state, Number(context.params.domain)), SCHEDULE_FILTERS, SCHEDULE_ORDERABLE)},
  };
}

export function taskScheduleDetailRoute(state: FrontState): Route {
  return {name: 'task-schedules', auth: true, methods: {GET: (context) => detail(context, schedulesIn(state, Number(context.params.domain)), 'TaskSchedule')}};
}

/** TaskGroupSerializer: counts per state and the member tasks through MinimalTaskSerializer. */
function groupObjects(state: FrontState, domain: number): JsonObject[] {
  const {relations, model} = state;
  const {store} = model;
  return relations.groups.flatMap((group, index) => {
    if (group.domain !== domain) return [];
    const rows = group.rows.filter((row) => store.state[row] !== DELETED);
    const count = (wanted: string) => rows.filter((row) => store.stateName(row) === wanted).length;
    return [
      {
        pulp_href: relations.groupHref(index),
        prn: `prn:core.taskgroup:${group.id}`,
        description: group.description,
        all_tasks_dispatched: false, // deprecated: only TaskGroup.finish() sets it, and replication never calls it
        waiting: count('waiting'),
        skipped: count('skipped'),
        running: count('running'),
        completed: count('completed'),
        canceled: count('canceled'),
        failed: count('failed'),
        canceling: count('canceling'),
        group_progress_reports: [],
        tasks: rows.map((row) => JSON.parse(taskJson(store, row, MINIMAL_FIELDS)) as JsonObject),
        pulp_created: formatTimestamp(group.createdUs), // for ordering only; removed below
      },
    ];
  });
}

const withoutCreated = (objects: JsonObject[]) => objects.map(({pulp_created: _created, ...object}) => object);

export function taskGroupsRoute(state: FrontState): Route {
  return {
    name: 'task-groups',
    auth: true,
    methods: {
      GET(context) {
        // TaskGroupViewSet declares no filterset: only BaseFilterSet's filters and ordering apply.
        const objects = groupObjects(state, Number(context.params.domain));
        listObjects(context, objects, {}, [...BASE_ORDERABLE, 'description', 'all_tasks_dispatched'], withoutCreated);
      },
    },
  };
}

export function taskGroupDetailRoute(state: FrontState): Route {
  return {name: 'task-groups', auth: true, methods: {GET: (context) => detail(context, withoutCreated(groupObjects(state, Number(context.params.domain))), 'TaskGroup')}};
}
