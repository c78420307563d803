/**
 * The simulator's HTTP front: Pulp's URL layout (stock pulpcore or pulp-service), Basic or OAuth2 Bearer auth
 * (oauth2-server.ts), the API schema's security schemes, the status,
 * task list/detail/cancel/delete, purge and orphan-cleanup endpoints, pulp-service's admin list and
 * task-ingestion test endpoints, Django's trailing-slash redirects and HTML error pages, and fault injection.
 */
import {randomUUID} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';

import {pause} from '../pause.js';
import {DispatchPacer} from './dispatch-pacer.js';
import {apiSchema, TOKEN_PATH, type TokenIssuer} from './oauth2-server.js';
import {parseTaskQuery, QueryError, runTaskQuery} from './task-query.js';
import {ALL_FIELDS, FINAL_STATES, type TaskState, taskJson} from './task-store.js';
import type {TaskingModel} from './tasking.js';
import {formatTimestamp, nowUs, parseDatetime} from './timestamps.js';
import {UUID_PATTERN} from './uuid.js';

export type Layout = 'pulpcore' | 'pulp-service';

export interface FaultOptions {
  /** Share of requests answered with an HTML 500. */
  failRate: number;
  /** Extra delay before answering, ms. */
  latencyMs: number;
  /** Share of requests whose connection is dropped without an answer. */
  resetRate: number;
  /** Route names the faults apply to ('all' for every route). */
  routes: string[];
}

export interface FrontOptions {
  layout: Layout;
  username: string;
  password: string;
  /** Honour `?timeout=` on the test endpoints (false: always `fixedSeconds`, as the real server). */
  honourTimeout: boolean;
  /** How long a test-endpoint call dispatches when `?timeout=` is not honoured (the real server: 25 s). */
  fixedSeconds: number;
  testEndpointsEnabled: boolean;
  dispatchRate: {perRequest: number; ceiling: number};
  faults?: FaultOptions;
  startedUs: number;
  /** OAuth2 mode: protected routes take only Bearer tokens from this issuer (and no Basic credentials). */
  oauth2?: TokenIssuer;
}

const NO_OP_TASK = 'pulp_service.app.tasks.util.no_op_task';
const PURGE_TASK = 'pulpcore.app.tasks.purge.purge';
const ORPHAN_TASK = 'pulpcore.app.tasks.orphan.orphan_cleanup';
const THIRTY_DAYS_US = 30 * 24 * 3600e6;

interface Route {
  name: string;
  methods: Record<string, (context: RequestContext) => Promise<void> | void>;
  auth: boolean;
}

interface RequestContext {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  params: Record<string, string>;
  user?: string;
  body?: unknown;
}

/** Python's urllib.parse.quote_plus, so `next` links are byte-for-byte what Django builds. */
export function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** DRF's replace_query_param / remove_query_param: keys sorted, repeated keys kept in order. */
export function pageLink(base: string, params: URLSearchParams, replace: Record<string, string | undefined>): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  for (const [key, value] of Object.entries(replace)) {
    if (value === undefined) grouped.delete(key);
    else grouped.set(key, [value]);
  }
  const query = [...grouped.keys()]
    .sort()
    .flatMap((key) => grouped.get(key)!.map((value) => `${quotePlus(key)}=${quotePlus(value)}`))
    .join('&');
  return query ? `${base}?${query}` : base;
}

/** DRF LimitOffsetPagination's `next` and `previous` for a page. */
export function paginationLinks(base: string, params: URLSearchParams, limit: number, offset: number, count: number): {next: string | null; previous: string | null} {
  return {
    next: offset + limit >= count ? null : pageLink(base, params, {limit: String(limit), offset: String(offset + limit)}),
    previous: offset <= 0 ? null : pageLink(base, params, {limit: String(limit), offset: offset - limit <= 0 ? undefined : String(offset - limit)}),
  };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    ...(body === undefined ? {} : {'content-type': 'application/json'}),
    'content-length': Buffer.byteLength(text),
    vary: 'Accept',
    ...headers,
  });
  response.end(text);
}

function sendHtml(response: ServerResponse, status: number, title: string, body = `<h1>${title}</h1>`): void {
  const text = `<!doctype html>\n<html lang="en">\n<head>\n  <title>${title}</title>\n</head>\n<body>\n  ${body}\n</body>\n</html>\n`;
  response.writeHead(status, {'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(text)});
  response.end(text);
}

/** What the simulator served, for benchmarks: `GET /pulp-bench-simulator/stats/` (outside any Pulp path). */
export interface ServedCounters {
  taskListRequests: number;
  taskRows: number;
}

export const SIMULATOR_STATS_PATH = '/pulp-bench-simulator/stats/';

export class PulpFront {
  readonly served: ServedCounters = {taskListRequests: 0, taskRows: 0};
  private readonly pacer: DispatchPacer;
  /** Aborted by stop(): held test-endpoint calls and injected delays end at once. */
  private readonly stopping = new AbortController();
  private readonly domainIndex = new Map<string, number>();
  readonly apiRoot: string;

  constructor(
    private readonly model: TaskingModel,
    private readonly options: FrontOptions,
  ) {
    this.pacer = new DispatchPacer(options.dispatchRate.perRequest, options.dispatchRate.ceiling);
    this.apiRoot = options.layout === 'pulpcore' ? '/pulp/' : '/api/pulp/';
    model.store.domains.forEach((domain, index) => this.domainIndex.set(domain.name, index));
  }

  /** Ends the calls still being served (a held test call stops dispatching), so the process can exit at once. */
  stop(): void {
    this.stopping.abort();
  }

  private get domains(): boolean {
    return this.options.layout === 'pulp-service';
  }

  /** Matches a path (with trailing slash) to a route and its parameters. */
  private route(path: string): {route: Route; params: Record<string, string>} | 'unknown-domain' | undefined {
    const root = this.apiRoot;
    if (!path.startsWith(root)) return undefined;
    const rest = path.slice(root.length);
    const status = this.statusRoute();
    if (rest === 'api/v3/status/') return {route: status, params: {}};
    if (rest === 'api/v3/docs/api.json') return {route: this.docsRoute(), params: {}};
    if (this.domains) {
      if (rest === 'admin/tasks/') return {route: this.adminTasksRoute(), params: {}};
      if (rest === 'test/tasks/') return {route: this.testRoute('test-tasks', false), params: {}};
      if (rest === 'test/random_lock_tasks/') return {route: this.testRoute('test-random-lock', true), params: {}};
      const match = /^([^/]+)\/api\/v3\/(.*)$/.exec(rest);
      if (!match) return undefined;
      const domain = this.domainIndex.get(match[1]);
      if (domain === undefined) return match[1] === 'api' ? undefined : 'unknown-domain';
      return this.viewsetRoute(match[2], {domain: String(domain)}, status);
    }
    const match = /^api\/v3\/(.*)$/.exec(rest);
    return match ? this.viewsetRoute(match[1], {domain: '0'}, undefined) : undefined;
  }

  private viewsetRoute(rest: string, params: Record<string, string>, status: Route | undefined) {
    if (rest === 'status/' && status) return {route: status, params};
    if (rest === 'docs/api.json' && status) return {route: this.docsRoute(), params};
    if (rest === 'tasks/') return {route: this.taskListRoute(), params};
    if (rest === 'tasks/purge/') return {route: this.purgeRoute(), params};
    if (rest === 'orphans/cleanup/') return {route: this.orphanRoute(), params};
    if (rest === 'workers/') return {route: this.workersRoute(), params};
    if (rest === 'task-groups/' || rest === 'task-schedules/') return {route: this.emptyListRoute(rest.slice(0, -1)), params};
    const detail = /^tasks\/([^/]+)\/$/.exec(rest);
    if (detail) return {route: this.taskDetailRoute(), params: {...params, id: detail[1]}};
    const profile = /^tasks\/([^/]+)\/profile_artifacts\/$/.exec(rest);
    if (profile) return {route: this.profileArtifactsRoute(), params: {...params, id: profile[1]}};
    return undefined;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const path = url.pathname;
    if (path === SIMULATOR_STATS_PATH && request.method === 'GET') {
      send(response, 200, this.served);
      return;
    }
    if (path === TOKEN_PATH && this.options.oauth2) {
      await this.options.oauth2.handleTokenRequest(request, response);
      return;
    }
    const matched = this.route(path);
    if (!matched && !path.endsWith('/') && this.route(`${path}/`)) {
      // Django's APPEND_SLASH
      response.writeHead(301, {location: `${path}/${url.search}`, 'content-length': 0});
      response.end();
      return;
    }
    if (matched === 'unknown-domain' || !matched) {
      sendHtml(response, 404, 'Not Found', `<h1>Not Found</h1><p>The requested resource was not found on this server.</p>`);
      return;
    }
    const {route, params} = matched;

    if (await this.injectFault(route.name, request, response)) return;

    const method = request.method ?? 'GET';
    const handler = route.methods[method] ?? (method === 'HEAD' ? route.methods.GET : undefined);
    const context: RequestContext = {request, response, url, params};
    if (route.auth) {
      const user = this.authenticate(request, response);
      if (!user) return;
      context.user = user;
    }
    if (!handler) {
      send(response, 405, {detail: `Method "${method}" not allowed.`}, {allow: Object.keys(route.methods).join(', ')});
      return;
    }
    if (method === 'POST' || method === 'PATCH' || method === 'PUT') {
      const text = await readBody(request);
      if (text.trim().length > 0) {
        try {
          context.body = JSON.parse(text);
        } catch (error) {
          send(response, 400, {detail: `JSON parse error - ${(error as Error).message}`});
          return;
        }
      } else context.body = {};
    }
    await handler(context);
  }

  private async injectFault(routeName: string, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const faults = this.options.faults;
    if (!faults || !(faults.routes.includes('all') || faults.routes.includes(routeName))) return false;
    if (faults.latencyMs > 0) await pause(faults.latencyMs, this.stopping.signal);
    if (Math.random() < faults.resetRate) {
      request.socket.destroy();
      return true;
    }
    if (Math.random() < faults.failRate) {
      sendHtml(response, 500, 'Server Error (500)');
      return true;
    }
    return false;
  }

  private authenticate(request: IncomingMessage, response: ServerResponse): string | undefined {
    const header = request.headers.authorization;
    if (this.options.oauth2) {
      const verdict = this.options.oauth2.verify(header);
      if (verdict === 'ok') return this.options.oauth2.options.clientId;
      const detail = verdict === 'missing' ? 'Authentication credentials were not provided.' : 'Invalid or expired token.';
      send(response, 401, {detail}, {'www-authenticate': 'Bearer realm="api"'});
      return undefined;
    }
    const challenge = {'www-authenticate': 'Basic realm="api"'};
    if (!header || !/^basic\s+/i.test(header)) {
      send(response, 401, {detail: 'Authentication credentials were not provided.'}, challenge);
      return undefined;
    }
    const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator < 0) {
      send(response, 401, {detail: 'Invalid basic header. No credentials provided.'}, challenge);
      return undefined;
    }
    const user = decoded.slice(0, separator);
    if (user !== this.options.username || decoded.slice(separator + 1) !== this.options.password) {
      send(response, 401, {detail: 'Invalid username/password.'}, challenge);
      return undefined;
    }
    return user;
  }

  /** The OpenAPI schema, anonymous as in pulpcore; only its security schemes are filled in. */
  private docsRoute(): Route {
    return {
      name: 'docs',
      auth: false,
      methods: {
        GET: ({request, response}) => send(response, 200, apiSchema(`http://${request.headers.host ?? 'localhost'}`, this.options.oauth2)),
      },
    };
  }

  private statusRoute(): Route {
    return {
      name: 'status',
      auth: false,
      methods: {
        GET: ({response}) => send(response, 200, this.statusBody()),
      },
    };
  }

  statusBody(): Record<string, unknown> {
    const heartbeat = formatTimestamp(nowUs());
    const versions: Record<string, string> = {core: '3.116.0', file: '3.116.0'};
    if (this.domains) versions.service = '0.1.0';
    const app = (name: string) => ({name, last_heartbeat: heartbeat, versions});
    return {
      versions: Object.entries(versions).map(([component, version]) => ({
        component,
        version,
        package: component === 'service' ? 'pulp-service' : 'pulpcore',
        module: component === 'core' ? 'pulpcore.app' : `pulp_${component}.app`,
        domain_compatible: true,
      })),
      online_workers: Array.from({length: this.model.workerCount}, (_, index) => app(`${1000 + index}@pulp-worker-sim-${index}`)),
      online_api_apps: [app(`${process.pid}@pulp-api-sim`)],
      online_content_apps: [app(`${process.pid + 1}@pulp-content-sim`)],
      database_connection: {connected: true},
      redis_connection: {connected: false},
      storage: this.domains ? {total: null, used: 0, free: null} : {total: 107_374_182_400, used: 1_073_741_824, free: 106_300_440_576},
      content_settings: {content_origin: null, content_path_prefix: this.domains ? '/api/pulp-content/' : '/pulp/content/'},
      domain_enabled: this.domains,
    };
  }

  private listTasks(context: RequestContext, domain: number | undefined): void {
    const {store} = this.model;
    const {url, response} = context;
    let query;
    try {
      query = parseTaskQuery(url.searchParams, {resolveTask: (reference) => this.resolveTask(reference)});
    } catch (error) {
      if (error instanceof QueryError) {
        send(response, 400, error.body);
        return;
      }
      throw error;
    }
    const {count, rows} = runTaskQuery(store, query, domain);
    this.served.taskListRequests++;
    this.served.taskRows += rows.length;
    const base = `http://${context.request.headers.host ?? 'localhost'}${url.pathname}`;
    const {next, previous} = paginationLinks(base, url.searchParams, query.limit, query.offset, count);
    let results = '';
    for (let index = 0; index < rows.length; index++) results += (index > 0 ? ',' : '') + taskJson(store, rows[index], query.fields);
    send(response, 200, `{"count":${count},"next":${JSON.stringify(next)},"previous":${JSON.stringify(previous)},"results":[${results}]}`);
  }

  /** A paginated list of ready-made JSON objects with a few exact-match filters (workers, task groups…). */
  private listObjects(context: RequestContext, objects: Array<Record<string, unknown>>, filters: Record<string, (object: Record<string, unknown>, value: string) => boolean>): void {
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
    const base = `http://${context.request.headers.host ?? 'localhost'}${url.pathname}`;
    const count = selected.length;
    send(response, 200, {count, ...paginationLinks(base, url.searchParams, limit, offset, count), results: selected.slice(offset, offset + limit)});
  }

  private workersRoute(): Route {
    return {
      name: 'workers',
      auth: true,
      methods: {
        GET: (context) => {
          const prefix = this.model.store.domains[Number(context.params.domain)].prefix;
          const status = this.statusBody() as {online_workers: Array<{name: string; last_heartbeat: string; versions: Record<string, string>}>};
          const workers = status.online_workers.map((worker, index) => {
            const id = `0195${String(index).padStart(4, '0')}-0000-7000-8000-${String(index).padStart(12, '0')}`;
            return {
              pulp_href: `${prefix}workers/${id}/`,
              prn: `prn:core.appstatus:${id}`,
              pulp_created: formatTimestamp(this.options.startedUs),
              pulp_last_updated: worker.last_heartbeat,
              name: worker.name,
              last_heartbeat: worker.last_heartbeat,
              versions: worker.versions,
              current_task: null,
            };
          });
          this.listObjects(context, workers, {
            name: (worker, value) => worker.name === value,
            online: (_worker, value) => !['false', '0'].includes(value.toLowerCase()),
          });
        },
      },
    };
  }

  private emptyListRoute(name: string): Route {
    return {name, auth: true, methods: {GET: (context) => this.listObjects(context, [], {})}};
  }

  private profileArtifactsRoute(): Route {
    return {
      name: 'task',
      auth: true,
      methods: {
        GET: (context) => {
          const row = UUID_PATTERN.test(context.params.id) ? this.model.store.find(context.params.id) : -1;
          if (row < 0) send(context.response, 404, {detail: 'No Task matches the given query.'});
          else send(context.response, 200, {urls: {}});
        },
      },
    };
  }

  private resolveTask(reference: string): number {
    const id = /([0-9a-f-]{36})\/?$/i.exec(reference)?.[1];
    if (!id) return -1;
    const row = this.model.store.find(id);
    if (row < 0) return -1;
    return reference.startsWith('prn:') || reference === this.model.store.href(row) ? row : -1;
  }

  private taskListRoute(): Route {
    return {name: 'tasks', auth: true, methods: {GET: (context) => this.listTasks(context, Number(context.params.domain))}};
  }

  private adminTasksRoute(): Route {
    return {
      name: 'admin',
      auth: true,
      methods: {GET: (context) => this.listTasks(context, undefined)},
    };
  }

  private taskDetailRoute(): Route {
    const {store} = this.model;
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
        PATCH: (context) => {
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
          const outcome = this.model.cancel(row);
          const conflict = (FINAL_STATES as readonly string[]).includes(outcome) && outcome !== 'canceled';
          send(context.response, conflict ? 409 : 200, taskBody(row));
        },
        PUT: (context) => {
          send(context.response, 405, {detail: 'Method "PUT" not allowed.'});
        },
        DELETE: (context) => {
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

  private purgeRoute(): Route {
    return {
      name: 'purge',
      auth: true,
      methods: {
        POST: (context) => {
          const body = (context.body ?? {}) as {finished_before?: unknown; states?: unknown};
          const errors: Record<string, unknown> = {};
          let before = this.options.startedUs - THIRTY_DAYS_US;
          if (body.finished_before !== undefined) {
            const parsed = typeof body.finished_before === 'string' ? parseDatetime(body.finished_before) : undefined;
            if (parsed === undefined) {
              errors.finished_before = ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'];
            } else before = parsed;
          }
          let states: TaskState[] = ['completed'];
          if (body.states !== undefined) {
            if (!Array.isArray(body.states)) errors.states = ['Expected a list of items but got type "str".'];
            else {
              const bad: Record<string, string[]> = {};
              body.states.forEach((state, index) => {
                if (!(FINAL_STATES as readonly unknown[]).includes(state)) bad[String(index)] = [`"${String(state)}" is not a valid choice.`];
              });
              if (Object.keys(bad).length > 0) errors.states = bad;
              else states = body.states as TaskState[];
            }
          }
          if (Object.keys(errors).length > 0) {
            send(context.response, 400, errors);
            return;
          }
          const domain = Number(context.params.domain);
          const domainUuid = this.model.store.domains[domain].uuid;
          const row = this.model.dispatch(
            {name: PURGE_TASK, exclusive: [], shared: [`prn:core.domain:${domainUuid}`], loggingCid: correlationId(context), createdBy: true, domain},
            () => this.model.purge(before, states, domain),
          );
          send(context.response, 202, {task: this.model.store.href(row)});
        },
      },
    };
  }

  private orphanRoute(): Route {
    return {
      name: 'orphans',
      auth: true,
      methods: {
        POST: (context) => {
          const domain = Number(context.params.domain);
          const domainUuid = this.model.store.domains[domain].uuid;
          const row = this.model.dispatch({
            name: ORPHAN_TASK,
            exclusive: [`pdrn:${domainUuid}:orphans`],
            shared: [`prn:core.domain:${domainUuid}`],
            loggingCid: correlationId(context),
            createdBy: true,
            domain,
          });
          send(context.response, 202, {task: this.model.store.href(row)});
        },
      },
    };
  }

  private testRoute(name: string, randomLocks: boolean): Route {
    return {
      name,
      auth: false,
      methods: {
        GET: async (context) => {
          if (!this.options.testEndpointsEnabled) {
            sendHtml(context.response, 500, 'Server Error (500)');
            return;
          }
          const requested = Number(context.url.searchParams.get('timeout'));
          const seconds = this.options.honourTimeout && Number.isFinite(requested) && requested > 0 ? requested : this.options.fixedSeconds;
          const count = await this.dispatchNoOps(seconds, randomLocks, correlationId(context));
          if (!context.response.destroyed) send(context.response, 200, {tasks_executed: count});
        },
      },
    };
  }

  /** Dispatches no-op tasks, paced, until `seconds` have elapsed (checked between dispatches), as pulp-service does. */
  private async dispatchNoOps(seconds: number, randomLocks: boolean, loggingCid: string): Promise<number> {
    const domain = this.domainIndex.get('default') ?? 0;
    const domainUuid = this.model.store.domains[domain].uuid;
    const locks = randomLocks ? [randomUUID(), randomUUID(), randomUUID()] : [];
    const started = Date.now();
    let ownNext = started;
    let count = 0;
    const {signal} = this.stopping;
    while (Date.now() - started < seconds * 1000 && !signal.aborted) {
      const slot = this.pacer.reserve(ownNext, Date.now());
      ownNext = slot + this.pacer.requestIntervalMs;
      const wait = slot - Date.now();
      if (wait > 0) await pause(wait, signal);
      if (Date.now() - started >= seconds * 1000 || signal.aborted) break;
      this.model.dispatch({
        name: NO_OP_TASK,
        exclusive: [randomLocks ? locks[Math.floor(Math.random() * 3)] : randomUUID()],
        shared: [`prn:core.domain:${domainUuid}`],
        loggingCid,
        createdBy: false,
        domain,
      });
      count++; // the real server keeps dispatching when the client gives up, and so does this
    }
    return count;
  }
}

function correlationId(context: RequestContext): string {
  const header = context.request.headers['correlation-id'];
  const value = Array.isArray(header) ? header[0] : header;
  const id = value && /^[0-9a-f]{32}$/i.test(value) ? value : randomUUID().replaceAll('-', '');
  context.response.setHeader('correlation-id', id);
  return id;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

