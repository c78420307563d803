/**
 * Simulator-only routes (outside Pulp's URL space, for tests and demos):
 * - `POST /pulp-bench-simulator/immediate/ {"exclusive": […], "shared": […], "deferred": bool}` dispatches an
 *   immediate task as pulpcore's AsyncUpdateMixin.update does (viewsets/base.py: `ageneral_update` with
 *   `immediate=True`; tasks.py `dispatch`) and answers 202 `{"task": href}` (OperationPostponedResponse), after the
 *   inline run when the API ran it. It is served by an API worker like any Pulp call.
 * - `PATCH /pulp-bench-simulator/workers/{index}/ {"state": "killed", "restart_after_s": N?}` kills a task worker's
 *   process: it stops heartbeating, goes missing after WORKER_TTL, and its task fails "Worker has gone missing."
 *   once a live worker's cleanup deletes its record. Served outside the API worker pool (a test hook).
 */
import {correlationId, type FrontState, type Route, send} from './http.js';

export const SIMULATOR_IMMEDIATE_PATH = '/pulp-bench-simulator/immediate/';
export const SIMULATOR_WORKERS_PATH = /^\/pulp-bench-simulator\/workers\/([^/]+)\/$/;
const UPDATE_TASK = 'pulpcore.app.tasks.base.ageneral_update';
const MAX_NAMES = 100;
const MAX_NAME_LENGTH = 500;

/** A list of resource names, or the error text. */
function names(value: unknown): string[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return 'Expected a list of strings.';
  if (value.length > MAX_NAMES) return `At most ${MAX_NAMES} names.`;
  const bad = (item: unknown) => typeof item !== 'string' || item.trim() === '' || item.length > MAX_NAME_LENGTH || /[\u0000-\u001f]/.test(item);
  if (value.some(bad)) return `Each name must be a non-blank string of at most ${MAX_NAME_LENGTH} characters, without control characters.`;
  return value as string[];
}

export function immediateRoute(state: FrontState): Route {
  return {
    name: 'immediate',
    auth: true,
    methods: {
      async POST(context) {
        const body = context.body;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          send(context.response, 400, {non_field_errors: ['Expected a JSON object.']});
          return;
        }
        const {exclusive: exclusiveValue, shared: sharedValue, deferred = true, name = UPDATE_TASK, ...rest} = body as Record<string, unknown>;
        const errors: Record<string, string[]> = {};
        const exclusive = names(exclusiveValue);
        const shared = names(sharedValue);
        if (typeof exclusive === 'string') errors.exclusive = [exclusive];
        if (typeof shared === 'string') errors.shared = [shared];
        if (typeof deferred !== 'boolean') errors.deferred = ['Must be a valid boolean.'];
        if (typeof name !== 'string' || !/^[\w.]{1,200}$/.test(name)) errors.name = ['A dotted task function name.'];
        for (const key of Object.keys(rest)) errors[key] = ['Unexpected field'];
        if (Object.keys(errors).length > 0) {
          send(context.response, 400, errors);
          return;
        }
        const domain = Number(context.params.domain);
        const {uuid} = state.model.store.domains[domain];
        const domainLock = `prn:core.domain:${uuid}`;
        // tasks.py `get_resources`: the domain is taken shared unless it is taken exclusively
        const exclusiveNames = exclusive as string[];
        const sharedNames = exclusiveNames.includes(domainLock) ? (shared as string[]) : [...(shared as string[]), domainLock];
        const {row, done} = state.model.dispatchImmediate(
          {name: name as string, exclusive: exclusiveNames, shared: sharedNames, loggingCid: correlationId(context), createdBy: true, domain},
          {deferred: deferred as boolean},
        );
        await done; // run inline: the API worker answers when the task ends (or the 5 s limit strikes)
        if (!context.response.destroyed) send(context.response, 202, {task: state.model.store.href(row)});
      },
    },
  };
}

/** Kills worker `index` (PATCH body `{"state": "killed", "restart_after_s": N}`): the status and JSON answer. */
export function killWorker(state: FrontState, index: string, body: unknown): {status: number; body: unknown} {
  const worker = /^\d{1,6}$/.test(index) ? state.model.workers().find((candidate) => candidate.index === Number(index)) : undefined;
  if (!worker) return {status: 404, body: {detail: 'No such worker (the index of a worker whose record still exists).'}};
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (fields?.state !== 'killed') return {status: 400, body: {state: ["The only acceptable value for 'state' is 'killed'."]}};
  const restart = fields.restart_after_s;
  if (restart !== undefined && (typeof restart !== 'number' || !Number.isFinite(restart) || restart < 0 || restart > 86_400)) {
    return {status: 400, body: {restart_after_s: ['Seconds from 0 to 86400.']}};
  }
  const unknown = Object.keys(fields).filter((key) => key !== 'state' && key !== 'restart_after_s');
  if (unknown.length > 0) return {status: 400, body: Object.fromEntries(unknown.map((key) => [key, ['Unexpected field']]))};
  const killed = state.model.killWorker(worker.index, restart === undefined ? undefined : restart * 1000);
  if (!killed) return {status: 409, body: {detail: `Worker ${worker.name} is not running.`}};
  return {status: 200, body: {index: worker.index, name: killed, state: 'killed', ...(restart === undefined ? {} : {restart_after_s: restart})}};
}
