/** The task routes: list (per domain, and pulp-service's admin list across domains), detail, cancel, delete, profile artifacts. */
import {pause} from '../../pause.js';
import {parseTaskQuery, type Predicate, type QueryContext, QueryError, rowMatches, runTaskQuery, type TaskQuery} from '../task-query.js';
import {ALL_FIELDS, FINAL_STATES} from '../task-store.js';
import {UUID_PATTERN} from '../uuid.js';
import {bodyFields, isMissing} from './bodies.js';
import {objectExists} from './objects.js';
import {relatedTaskJson} from './task-json.js';
import {type FrontState, paginationLinks, type RequestContext, requestBase, type Route, send} from './http.js';

/** The query context of a request in a domain (undefined: the admin list across domains, default domain's names). */
export function queryContext(state: FrontState, domain: number | undefined): QueryContext {
  return {
    references: state.references,
    exists: (reference) => objectExists(state, reference),
    apiRoot: state.domains ? '/api/pulp/' : '/pulp/',
    domainUuid: state.model.store.domains[domain ?? state.domainIndex.get('default') ?? 0].uuid,
    relation: (field, pk) => relationPredicate(state, field, pk),
  };
}

/** The rows a parent_task / child_tasks / task_group filter keeps. */
function relationPredicate(state: FrontState, field: 'parent_task' | 'child_tasks' | 'task_group', pk: string | undefined): Predicate | undefined {
  const {relations, model} = state;
  if (relations.empty) return undefined;
  if (field === 'task_group') {
    const group = pk === undefined ? -1 : relations.groupIndex(pk);
    if (pk === undefined) return (_store, row) => relations.group(row) !== undefined;
    return group < 0 ? undefined : (_store, row) => relations.group(row) === group;
  }
  const target = pk === undefined ? -1 : model.store.find(pk);
  if (pk !== undefined && target < 0) return undefined;
  if (field === 'parent_task') return pk === undefined ? (_store, row) => relations.parent(row) !== undefined : (_store, row) => relations.parent(row) === target;
  return pk === undefined ? (_store, row) => relations.children(row).length > 0 : (_store, row) => relations.parent(target) === row;
}

async function listTasks(state: FrontState, context: RequestContext, domain: number | undefined): Promise<void> {
  const {store} = state.model;
  const {url, response} = context;
  let query;
  try {
    query = parseTaskQuery(url.searchParams, queryContext(state, domain));
  } catch (error) {
    if (error instanceof QueryError) {
      send(response, 400, error.body);
      return;
    }
    throw error;
  }
  const {count, rows} = runTaskQuery(store, query, domain);
  state.served.taskListRequests++;
  state.served.taskRows += rows.length;
  // Serialising a page costs the API worker time per row — the full TaskSerializer costs pageCostUs a row, a
  // `fields=` selection its share of the fields (an estimate: fewer fields, fewer lookups and less JSON).
  if (state.options.pageCostUs > 0 && rows.length > 0) {
    const perRow = (state.options.pageCostUs * query.fields.length) / ALL_FIELDS.length;
    await pause((rows.length * perRow) / 1000, context.signal);
  }
  if (context.signal.aborted) return;
  const {next, previous} = paginationLinks(requestBase(context), url.searchParams, query.limit, query.offset, count);
  let results = '';
  for (let index = 0; index < rows.length; index++) results += (index > 0 ? ',' : '') + relatedTaskJson(store, state.relations, rows[index], query.fields);
  send(response, 200, `{"count":${count},"next":${JSON.stringify(next)},"previous":${JSON.stringify(previous)},"results":[${results}]}`);
}

export function taskListRoute(state: FrontState): Route {
  return {name: 'tasks', auth: true, methods: {GET: (context) => listTasks(state, context, Number(context.params.domain))}};
}

export function adminTasksRoute(state: FrontState): Route {
  return {name: 'admin', auth: true, methods: {GET: (context) => listTasks(state, context, undefined)}};
}

export function profileArtifactsRoute(state: FrontState): Route {
  return {
    name: 'task',
    auth: true,
    methods: {
      GET: (context) => {
        const row = UUID_PATTERN.test(context.params.id) ? state.model.store.find(context.params.id) : -1;
        if (row < 0) send(context.response, 404, {detail: 'No Task matches the given query.'});
        else send(context.response, 200, {urls: {}});
      },
    },
  };
}

/**
 * tasks/<pk>/ (pulpcore/app/viewsets/task.py TaskViewSet): get_object() runs the list's filter backend first, so
 * unknown parameters are a 400 and a task the filters exclude is a 404; `fields`/`exclude_fields`/`minimal`
 * shape the answer. partial_update validates TaskCancelSerializer before the lookup.
 */
export function taskDetailRoute(state: FrontState): Route {
  const {store} = state.model;
  /** get_object(): the filtered query, then the pk (a malformed pk is DRF's bare Http404, "Not found."). */
  const lookup = (context: RequestContext): {row: number; fields: string[]} | undefined => {
    const {id, domain} = context.params;
    let query: TaskQuery;
    try {
      query = parseTaskQuery(context.url.searchParams, queryContext(state, Number(domain)));
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      send(context.response, 400, error.body);
      return undefined;
    }
    if (!UUID_PATTERN.test(id)) {
      send(context.response, 404, {detail: 'Not found.'});
      return undefined;
    }
    const row = store.find(id);
    if (row < 0 || store.domainRef[row] !== Number(domain) || !rowMatches(store, query, row)) {
      send(context.response, 404, {detail: 'No Task matches the given query.'});
      return undefined;
    }
    return {row, fields: query.fields};
  };
  return {
    name: 'task',
    auth: true,
    methods: {
      GET(context) {
        const found = lookup(context);
        if (found) send(context.response, 200, relatedTaskJson(store, state.relations, found.row, found.fields));
      },
      PATCH(context) {
        const error = cancelBodyError(context.body);
        if (error) {
          send(context.response, 400, error);
          return;
        }
        const found = lookup(context);
        if (!found) return;
        const outcome = state.model.cancel(found.row);
        // 409 unless the task is now canceling or canceled (a finished task stays as it was).
        const conflict = outcome !== 'canceling' && outcome !== 'canceled';
        send(context.response, conflict ? 409 : 200, relatedTaskJson(store, state.relations, found.row, ALL_FIELDS));
      },
      DELETE(context) {
        const found = lookup(context);
        if (!found) return;
        if (!(FINAL_STATES as readonly string[]).includes(store.stateName(found.row))) {
          send(context.response, 409, undefined);
          return;
        }
        store.markDeleted(found.row);
        send(context.response, 204, undefined);
      },
    },
  };
}

/** TaskCancelSerializer: `state` required, a string (numbers are turned into one), not blank, and "canceled". */
function cancelBodyError(data: unknown): Record<string, string[]> | undefined {
  const fields = bodyFields(data);
  if ('errors' in fields) return fields.errors;
  const value = fields.get('state', false);
  if (isMissing(value)) return {state: ['This field is required.']};
  if (value === null) return {state: ['This field may not be null.']};
  if (typeof value !== 'string' && typeof value !== 'number') return {state: ['Not a valid string.']};
  const text = String(value).trim();
  if (text === '') return {state: ['This field may not be blank.']};
  if (text !== 'canceled') return {state: ["The only acceptable value for 'state' is 'canceled'."]};
  return undefined;
}
