/**
 * The simulator's HTTP front: Pulp's URL layout (stock pulpcore or pulp-service), Basic or OAuth2 Bearer auth
 * (oauth2-server.ts), Django's trailing-slash redirects and HTML error pages, and fault injection. The routes
 * themselves live in routes/*.ts.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';

import {pause} from '../pause.js';
import {ApiWorkerPool} from './api-pool.js';
import {DispatchPacer} from './dispatch-pacer.js';
import {TOKEN_PATH} from './oauth2-server.js';
import {References} from './references.js';
import {Relations} from './relations.js';
import {parseBody} from './routes/bodies.js';
import {type FrontOptions, type FrontState, readBody, type RequestContext, type Route, send, sendHtml, type ServedCounters} from './routes/http.js';
import {taskGroupDetailRoute, taskGroupsRoute, taskScheduleDetailRoute, taskSchedulesRoute, workerDetailRoute, workersRoute} from './routes/lists.js';
import {replicateRoute, upstreamDetailRoute, upstreamsRoute} from './routes/replicate.js';
import {deprecatedOrphansRoute, orphanRoute, purgeRoute} from './routes/operations.js';
import {docsRoute, statusBody, statusRoute} from './routes/status.js';
import {immediateRoute, killWorker, SIMULATOR_IMMEDIATE_PATH, SIMULATOR_WORKERS_PATH} from './routes/simulator-only.js';
import {adminTasksRoute, profileArtifactsRoute, taskDetailRoute, taskListRoute} from './routes/tasks.js';
import {testRoute} from './routes/test-endpoints.js';
import type {TaskingModel} from './tasking.js';

export {type FaultOptions, type FrontOptions, type Layout, pageLink, paginationLinks, quotePlus, type ServedCounters} from './routes/http.js';

export const SIMULATOR_STATS_PATH = '/pulp-bench-simulator/stats/';

type Matched = {route: Route; params: Record<string, string>};

export class PulpFront {
  readonly served: ServedCounters = {taskListRequests: 0, taskRows: 0};
  /** Aborted by stop(): held test-endpoint calls and injected delays end at once. */
  private readonly stopping = new AbortController();
  private readonly state: FrontState;
  private readonly routes: Record<string, Route>;
  readonly apiRoot: string;
  /** The API worker pool (undefined: unlimited capacity). */
  readonly pool?: ApiWorkerPool;

  constructor(
    private readonly model: TaskingModel,
    private readonly options: FrontOptions,
  ) {
    const domainIndex = new Map<string, number>();
    model.store.domains.forEach((domain, index) => domainIndex.set(domain.name, index));
    this.state = {
      model,
      options,
      served: this.served,
      stopping: this.stopping.signal,
      pacer: new DispatchPacer(options.dispatchRate.perRequest, options.dispatchRate.ceiling),
      domainIndex,
      domains: options.layout === 'pulp-service',
      relations: new Relations(model.store),
      references: new References(options.layout === 'pulpcore' ? '/pulp/' : '/api/pulp/', options.layout === 'pulp-service'),
    };
    this.apiRoot = options.layout === 'pulpcore' ? '/pulp/' : '/api/pulp/';
    if (options.api && Number.isFinite(options.api.workers)) this.pool = new ApiWorkerPool(options.api);
    const state = this.state;
    this.routes = {
      status: statusRoute(state),
      docs: docsRoute(state),
      admin: adminTasksRoute(state),
      testTasks: testRoute(state, 'test-tasks', false),
      testRandomLock: testRoute(state, 'test-random-lock', true),
      tasks: taskListRoute(state),
      purge: purgeRoute(state),
      orphans: orphanRoute(state),
      orphansDeprecated: deprecatedOrphansRoute(state),
      workers: workersRoute(state),
      worker: workerDetailRoute(state),
      taskGroups: taskGroupsRoute(state),
      taskGroup: taskGroupDetailRoute(state),
      upstreams: upstreamsRoute(state),
      upstream: upstreamDetailRoute(state),
      replicate: replicateRoute(state),
      taskSchedules: taskSchedulesRoute(state),
      taskSchedule: taskScheduleDetailRoute(state),
      task: taskDetailRoute(state),
      profile: profileArtifactsRoute(state),
      immediate: immediateRoute(state),
    };
  }

  /** Ends the calls still being served (a held test call stops dispatching), so the process can exit at once. */
  stop(): void {
    this.stopping.abort();
  }

  statusBody(): Record<string, unknown> {
    return statusBody(this.state);
  }

  /** Matches a path (with trailing slash) to a route and its parameters. */
  private route(path: string): Matched | 'unknown-domain' | undefined {
    if (path === SIMULATOR_IMMEDIATE_PATH) return {route: this.routes.immediate, params: {domain: String(this.state.domainIndex.get('default') ?? 0)}};
    const root = this.apiRoot;
    if (!path.startsWith(root)) return undefined;
    const rest = path.slice(root.length);
    const {routes} = this;
    if (rest === 'api/v3/status/') return {route: routes.status, params: {}};
    if (rest === 'api/v3/docs/api.json') return {route: routes.docs, params: {}};
    if (this.state.domains) {
      if (rest === 'admin/tasks/') return {route: routes.admin, params: {}};
      if (rest === 'test/tasks/') return {route: routes.testTasks, params: {}};
      if (rest === 'test/random_lock_tasks/') return {route: routes.testRandomLock, params: {}};
      const match = /^([^/]+)\/api\/v3\/(.*)$/.exec(rest);
      if (!match) return undefined;
      const domain = this.state.domainIndex.get(match[1]);
      if (domain === undefined) return match[1] === 'api' ? undefined : 'unknown-domain';
      return this.viewsetRoute(match[2], {domain: String(domain)}, true);
    }
    const match = /^api\/v3\/(.*)$/.exec(rest);
    return match ? this.viewsetRoute(match[1], {domain: '0'}, false) : undefined;
  }

  private viewsetRoute(rest: string, params: Record<string, string>, domainStatus: boolean): Matched | undefined {
    const {routes} = this;
    if (rest === 'status/' && domainStatus) return {route: routes.status, params};
    if (rest === 'docs/api.json' && domainStatus) return {route: routes.docs, params};
    if (rest === 'tasks/') return {route: routes.tasks, params};
    if (rest === 'tasks/purge/') return {route: routes.purge, params};
    if (rest === 'orphans/cleanup/') return {route: routes.orphans, params};
    if (rest === 'workers/') return {route: routes.workers, params};
    if (rest === 'task-groups/') return {route: routes.taskGroups, params};
    if (rest === 'task-schedules/') return {route: routes.taskSchedules, params};
    if (rest === 'orphans/') return {route: routes.orphansDeprecated, params};
    if (rest === 'upstream-pulps/') return {route: routes.upstreams, params};
    const replicate = /^upstream-pulps\/([^/]+)\/replicate\/$/.exec(rest);
    if (replicate) return {route: routes.replicate, params: {...params, id: replicate[1]}};
    const detail = /^(tasks|workers|task-groups|task-schedules|upstream-pulps)\/([^/]+)\/$/.exec(rest);
    if (detail) {
      const route = {tasks: routes.task, workers: routes.worker, 'task-groups': routes.taskGroup, 'task-schedules': routes.taskSchedule, 'upstream-pulps': routes.upstream}[detail[1]]!;
      return {route, params: {...params, id: detail[2]}};
    }
    const profile = /^tasks\/([^/]+)\/profile_artifacts\/$/.exec(rest);
    if (profile) return {route: routes.profile, params: {...params, id: profile[1]}};
    return undefined;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const path = url.pathname;
    if (path === SIMULATOR_STATS_PATH && request.method === 'GET') {
      send(response, 200, {...this.served, ...(this.pool ? {api: {...this.pool.counters, active: this.pool.active, waiting: this.pool.queueLength}} : {})});
      return;
    }
    const worker = SIMULATOR_WORKERS_PATH.exec(path);
    if (worker && request.method === 'PATCH') {
      // a test hook, not an API call: served outside the API worker pool
      const parsed = parseBody(await readBody(request), request.headers['content-type']);
      const answer = parsed.ok ? killWorker(this.state, worker[1], parsed.data) : {status: parsed.status, body: parsed.body};
      send(response, answer.status, answer.body);
      return;
    }
    if (path === TOKEN_PATH && this.options.oauth2) {
      // The token endpoint is a separate service (an SSO), not one of Pulp's API workers.
      await this.options.oauth2.handleTokenRequest(request, response);
      return;
    }
    const {pool} = this;
    if (!pool) {
      await this.serve(request, response, url, this.stopping.signal);
      return;
    }
    const release = await pool.acquire();
    if (!release) {
      request.socket.destroy(); // the listen backlog is full: the connection is refused
      return;
    }
    if (this.stopping.signal.aborted) {
      release();
      return;
    }
    // gunicorn's arbiter kills a worker busy past --timeout: the connection closes without an answer.
    const killed = new AbortController();
    const timer = setTimeout(() => {
      pool.noteKilled();
      killed.abort();
      request.socket.destroy();
      release();
    }, pool.options.timeoutMs);
    try {
      await this.serve(request, response, url, AbortSignal.any([this.stopping.signal, killed.signal]));
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  private async serve(request: IncomingMessage, response: ServerResponse, url: URL, signal: AbortSignal): Promise<void> {
    const path = url.pathname;
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

    if (await this.injectFault(route.name, request, response, signal)) return;

    const method = request.method ?? 'GET';
    const handler = route.methods[method] ?? (method === 'HEAD' ? route.methods.GET : undefined);
    const context: RequestContext = {request, response, url, params, signal};
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
      const parsed = parseBody(await readBody(request), request.headers['content-type']);
      if (!parsed.ok) {
        send(response, parsed.status, parsed.body);
        return;
      }
      context.body = parsed.data;
    }
    await handler(context);
  }

  private async injectFault(routeName: string, request: IncomingMessage, response: ServerResponse, signal: AbortSignal): Promise<boolean> {
    const faults = this.options.faults;
    if (!faults || !(faults.routes.includes('all') || faults.routes.includes(routeName))) return false;
    if (faults.latencyMs > 0) await pause(faults.latencyMs, signal);
    if (this.faultDue('reset', faults.resetRate, faults.spread)) {
      request.socket.destroy();
      return true;
    }
    if (this.faultDue('fail', faults.failRate, faults.spread)) {
      sendHtml(response, 500, 'Server Error (500)');
      return true;
    }
    return false;
  }

  private readonly faultCredit = {reset: 0, fail: 0};

  /** Whether this request meets the fault: at random, or (spread) each time the accumulated rate reaches one. */
  private faultDue(kind: 'reset' | 'fail', rate: number, spread = false): boolean {
    if (!spread) return Math.random() < rate;
    this.faultCredit[kind] += rate;
    if (this.faultCredit[kind] < 1) return false;
    this.faultCredit[kind] -= 1;
    return true;
  }

  private authenticate(request: IncomingMessage, response: ServerResponse): string | undefined {
    const header = request.headers.authorization;
    if (this.options.oauth2) {
      const verdict = this.options.oauth2.verify(header);
      if (verdict === 'ok') return this.options.oauth2.options.clientId;
      const detail = verdict === 'missing' ? 'Authentication credentials were not provided.' : 'Invalid or expired token.';
      send(response, 401, {detail}, {'www-authenticate': this.state.domains ? 'Bearer' : 'Bearer realm="api"'});
      return undefined;
    }
    // DRF asks the first authentication class for the challenge: pulpcore's BasicAuthentication answers
    // `Basic realm="api"`; pulp-service's first class (RHServiceAccountCertAuthentication) answers `Bearer`.
    const challenge = {'www-authenticate': this.state.domains ? 'Bearer' : 'Basic realm="api"'};
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
}
