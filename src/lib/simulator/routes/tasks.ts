/** The task routes: list (per domain, and pulp-service's admin list across domains), detail, cancel, delete, profile artifacts. */
import {pause} from '../../pause.js';
import {parseTaskQuery, QueryError, runTaskQuery} from '../task-query.js';
import {ALL_FIELDS, FINAL_STATES, taskJson} from '../task-store.js';
import {UUID_PATTERN} from '../uuid.js';
import {type FrontState, paginationLinks, type RequestContext, requestBase, type Route, send} from './http.js';

/** Resolves a task href or PRN to a row, or -1. */
export function resolveTask(state: FrontState, reference: string): number {
  const id = /([0-9a-f-]{36})\/?$/i.exec(reference)?.[1];
  if (!id) return -1;
  const row = state.model.store.find(id);
  if (row < 0) return -1;
  return reference.startsWith('prn:') || reference === state.model.store.href(row) ? row : -1;
}

async function listTasks(state: FrontState, context: RequestContext, domain: number | undefined): Promise<void> {
  const {store} = state.model;
  const {url, response} = context;
  let query;
  try {
    query = parseTaskQuery(url.searchParams, {resolveTask: (reference) => resolveTask(state, reference)});
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
  // Serialising a page costs the API worker time per row (DRF's TaskSerializer with its prefetches).
  if (state.options.pageCostUs > 0 && rows.length > 0) await pause((rows.length * state.options.pageCostUs) / 1000, context.signal);
  if (context.signal.aborted) return;
  const {next, previous} = paginationLinks(requestBase(context), url.searchParams, query.limit, query.offset, count);
  let results = '';
  for (let index = 0; index < rows.length; index++) results += (index > 0 ? ',' : '') + taskJson(store, rows[index], query.fields);
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

export function taskDetailRoute(state: FrontState): Route {
  const {store} = state.model;
  const lookup = (context: RequestContext): number | undefined => {
    const {id, domain} = context.params;
    const row = UUID_PATTERN.test(id) ? store.find(id) : -1;
    if (row < 0 || store.domainRef[row] !== Number(domain)) {
      send(context.response, 404, {detail: 'No Task matches the given query.'});
      return undefined;
    }
    return row;
  };
  const taskBody = (row: number) => taskJson(store, row, ALL_FIELDS);
  return {
    name: 'task',
    auth: true,
    methods: {
      GET(context) {
        const row = lookup(context);
        if (row !== undefined) send(context.response, 200, taskBody(row));
      },
      PATCH(context) {
        const row = lookup(context);
        if (row === undefined) return;
        const body = context.body as {state?: unknown};
        if (typeof body !== 'object' || body === null || body.state === undefined) {
          send(context.response, 400, {state: ['This field is required.']});
          return;
        }
        if (body.state !== 'canceled') {
          send(context.response, 400, {state: ["The only acceptable value for 'state' is 'canceled'."]});
          return;
        }
        const outcome = state.model.cancel(row);
        const conflict = (FINAL_STATES as readonly string[]).includes(outcome) && outcome !== 'canceled';
        send(context.response, conflict ? 409 : 200, taskBody(row));
      },
      PUT(context) {
        send(context.response, 405, {detail: 'Method "PUT" not allowed.'});
      },
      DELETE(context) {
        const row = lookup(context);
        if (row === undefined) return;
        if (!(FINAL_STATES as readonly string[]).includes(store.stateName(row))) {
          send(context.response, 409, undefined);
          return;
        }
        store.markDeleted(row);
        send(context.response, 204, undefined);
      },
    },
  };
}
