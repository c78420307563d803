/**
 * Replication, the stock pulpcore operation that makes a task group with parent and child tasks
 * (pulpcore/app/viewsets/replica.py UpstreamPulpViewSet.replicate, app/tasks/replica.py
 * replicate_distributions / finalize_replication). Each domain has one simulated UpstreamPulp, "sim-upstream",
 * with three distributions: replicating dispatches `replicate_distributions` in a new group; when it finishes
 * it has dispatched (as its children, in the group) one file sync per distribution and `finalize_replication`.
 */
import {formatTimestamp} from '../timestamps.js';
import {bodyFields, isMissing} from './bodies.js';
import {correlationId, type FrontState, type RequestContext, type Route, send} from './http.js';
import {detail, listObjects} from './lists.js';
import {upstreamId} from './objects.js';

const REPLICATE_TASK = 'pulpcore.app.tasks.replica.replicate_distributions';
const SYNC_TASK = 'pulp_file.app.tasks.synchronizing.synchronize';
const FINALIZE_TASK = 'pulpcore.app.tasks.replica.finalize_replication';
const DISTRIBUTIONS = 3;
const UPSTREAM_NAME = 'sim-upstream';

function upstreams(state: FrontState, domain: number): Array<Record<string, unknown>> {
  const {uuid, prefix} = state.model.store.domains[domain];
  const id = upstreamId(uuid);
  const created = formatTimestamp(state.options.startedUs);
  return [
    {
      pulp_href: `${prefix}upstream-pulps/${id}/`,
      prn: `prn:core.upstreampulp:${id}`,
      pulp_created: created,
      pulp_last_updated: created,
      name: UPSTREAM_NAME,
      base_url: 'https://upstream.invalid',
      api_root: '/pulp/',
      domain: null,
      tls_validation: true,
      q_select: null,
    },
  ];
}

export function upstreamsRoute(state: FrontState): Route {
  return {name: 'upstream-pulps', auth: true, methods: {GET: (context) => listObjects(context, upstreams(state, Number(context.params.domain)), {}, ['pk', 'pulp_id', 'pulp_created', 'name'])}};
}

export function upstreamDetailRoute(state: FrontState): Route {
  return {name: 'upstream-pulps', auth: true, methods: {GET: (context) => detail(context, upstreams(state, Number(context.params.domain)), 'UpstreamPulp')}};
}

export function replicateRoute(state: FrontState): Route {
  return {
    name: 'replicate',
    auth: true,
    methods: {
      POST(context) {
        const domain = Number(context.params.domain);
        const {uuid} = state.model.store.domains[domain];
        const id = upstreamId(uuid);
        if (context.params.id.toLowerCase() !== id) {
          send(context.response, 404, {detail: /^[0-9a-f-]{36}$/i.test(context.params.id) ? 'No UpstreamPulp matches the given query.' : 'Not found.'});
          return;
        }
        if (!validBody(context)) return;
        replicate(state, context, domain, id);
      },
    },
  };
}

/** UpstreamPulpReplicateSerializer: an optional `q_select` string (null and blank allowed). */
function validBody(context: RequestContext): boolean {
  const fields = bodyFields(context.body);
  if ('errors' in fields) {
    send(context.response, 400, fields.errors);
    return false;
  }
  const select = fields.get('q_select', false);
  if (!isMissing(select) && select !== null && typeof select !== 'string' && typeof select !== 'number') {
    send(context.response, 400, {q_select: ['Not a valid string.']});
    return false;
  }
  return true;
}

function replicate(state: FrontState, context: RequestContext, domain: number, upstream: string): void {
  const {model, relations} = state;
  const domainUuid = model.store.domains[domain].uuid;
  const loggingCid = correlationId(context);
  const shared = [`prn:core.domain:${domainUuid}`];
  const group = relations.addGroup(`Replication of ${UPSTREAM_NAME}`, domain);
  const parent = model.dispatch(
    {name: REPLICATE_TASK, exclusive: [`pdrn:${domainUuid}:servers`], shared: [`prn:core.upstreampulp:${upstream}`, ...shared], loggingCid, createdBy: true, domain},
    () => {
      // What replicate_distributions dispatches while it runs (TaskGroup.current(), Task.current() as parent).
      for (let index = 0; index < DISTRIBUTIONS; index++) {
        const repository = `${domainUuid.slice(0, 24)}${String(index).padStart(12, '0')}`;
        const child = model.dispatch({name: SYNC_TASK, exclusive: [`prn:file.filerepository:${repository}`], shared: [`prn:file.fileremote:${repository}`, ...shared], loggingCid, createdBy: true, domain});
        relations.link(child, {parent, group});
      }
      const finalize = model.dispatch({name: FINALIZE_TASK, exclusive: [`prn:core.upstreampulp:${upstream}`, `pdrn:${domainUuid}:distributions`], shared, loggingCid, createdBy: true, domain});
      relations.link(finalize, {parent, group});
    },
  );
  relations.link(parent, {group});
  // TaskGroupOperationResponse
  send(context.response, 202, {task_group: relations.groupHref(group)});
}
