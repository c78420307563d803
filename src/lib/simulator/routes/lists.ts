/** Lists of ready-made objects (workers, task groups, task schedules) with DRF's filters and pagination. */
import {formatTimestamp} from '../timestamps.js';
import {type FrontState, paginationLinks, type RequestContext, requestBase, type Route, send} from './http.js';
import {statusBody} from './status.js';

type ObjectFilter = (object: Record<string, unknown>, value: string) => boolean;

/** A paginated list of ready-made JSON objects with a few exact-match filters. */
export function listObjects(context: RequestContext, objects: Array<Record<string, unknown>>, filters: Record<string, ObjectFilter>): void {
  const {url, response} = context;
  const reserved = ['limit', 'offset', 'ordering', 'fields', 'exclude_fields', 'format', 'page_size'];
  const unknown = [...new Set(url.searchParams.keys())].filter((key) => !reserved.includes(key) && !(key in filters));
  if (unknown.length > 0) {
    send(response, 400, {errors: unknown.map((key) => `Invalid Filter: '${key}'`)});
    return;
  }
  let selected = objects;
  for (const [key, value] of url.searchParams) if (key in filters) selected = selected.filter((object) => filters[key](object, value));
  const limitText = url.searchParams.get('limit') ?? '';
  const offsetText = url.searchParams.get('offset') ?? '';
  const limit = /^\d+$/.test(limitText) && Number(limitText) > 0 ? Number(limitText) : 100;
  const offset = /^\d+$/.test(offsetText) ? Number(offsetText) : 0;
  const count = selected.length;
  send(response, 200, {count, ...paginationLinks(requestBase(context), url.searchParams, limit, offset, count), results: selected.slice(offset, offset + limit)});
}

export function workersRoute(state: FrontState): Route {
  return {
    name: 'workers',
    auth: true,
    methods: {
      GET: (context) => {
        const prefix = state.model.store.domains[Number(context.params.domain)].prefix;
        const status = statusBody(state) as {online_workers: Array<{name: string; last_heartbeat: string; versions: Record<string, string>}>};
        const workers = status.online_workers.map((worker, index) => {
          const id = `0195${String(index).padStart(4, '0')}-0000-7000-8000-${String(index).padStart(12, '0')}`;
          return {
            pulp_href: `${prefix}workers/${id}/`,
            prn: `prn:core.appstatus:${id}`,
            pulp_created: formatTimestamp(state.options.startedUs),
            pulp_last_updated: worker.last_heartbeat,
            name: worker.name,
            last_heartbeat: worker.last_heartbeat,
            versions: worker.versions,
            current_task: null,
          };
        });
        listObjects(context, workers, {
          name: (worker, value) => worker.name === value,
          online: (_worker, value) => !['false', '0'].includes(value.toLowerCase()),
        });
      },
    },
  };
}

export function emptyListRoute(name: string): Route {
  return {name, auth: true, methods: {GET: (context) => listObjects(context, [], {})}};
}
