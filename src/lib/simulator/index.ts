/**
 * startSimulator: a Pulp tasking simulator on a loopback port, speaking Pulp's HTTP API (see shared/pulp-api.md).
 */
import {randomUUID} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';

import {type ApiPoolCounters, GUNICORN_BACKLOG} from './api-pool.js';
import {type HistorySummary, preloadHistory} from './history.js';
import {type FaultOptions, type Layout, PulpFront, type ServedCounters} from './http-front.js';
import {TOKEN_PATH, TokenIssuer} from './oauth2-server.js';
import {SeededRandom} from './random.js';
import {type Domain, TaskStore} from './task-store.js';
import {TaskingModel, type WorkerType} from './tasking.js';
import {nowUs} from './timestamps.js';

export {type FaultOptions, type Layout, type ServedCounters, SIMULATOR_STATS_PATH} from './http-front.js';
export {TOKEN_PATH, TokenIssuer} from './oauth2-server.js';
export type {HistorySummary} from './history.js';
export {type ImmediateOutcome, UNIQUE_LOCK, type WorkerInfo, type WorkerType} from './tasking.js';

/** A task duration distribution: a fixed value (`300`), a uniform range (`100-500`), or `lognormal:MEDIAN:SIGMA`. */
export type DurationSpec = string;

export interface SimulatorOptions {
  host?: string;
  /** 0 = an ephemeral port. */
  port?: number;
  layout?: Layout;
  workers?: number;
  taskMs?: DurationSpec;
  failureRate?: number;
  /**
   * Pulp's WORKER_TYPE: 'pulpcore' (PostgreSQL worker; 'postgres' is accepted too) records unblocked_at; 'redis' never
   * does. Default: 'redis' in the pulp-service layout (clowdapp.yaml's PULP_WORKER_TYPE), 'pulpcore' otherwise.
   */
  workerType?: WorkerType;
  /** What a task costs its worker besides running, ms (fork, database writes; default 40). */
  taskOverheadMs?: number;
  /** WORKER_TTL in ms (default 30 000): heartbeats every third of it; silent longer = missing. */
  workerTtlMs?: number;
  /** WORKER_CLEANUP_INTERVAL in heartbeats (default 100, as pulpcore; tests use less). */
  workerCleanupBeats?: number;
  /** Kill a busy worker this many seconds after start (its task fails "Worker has gone missing." once cleaned up). */
  killWorkerAfterSeconds?: number;
  /** With killWorkerAfterSeconds: a replacement worker starts this many seconds after the kill (default: none). */
  restartWorkerAfterSeconds?: number;
  username?: string;
  password?: string;
  /** `basic` (default): HTTP Basic with username/password; `oauth2`: Bearer tokens from the simulator's token endpoint. */
  auth?: 'basic' | 'oauth2';
  /** OAuth2 mode: the client credentials the token endpoint accepts (default pulp-bench / secret) and `expires_in` (default 900 s). */
  clientId?: string;
  clientSecret?: string;
  tokenLifetimeSeconds?: number;
  /**
   * Honour `?timeout=` on the test endpoints (default false: every call dispatches for `fixedSeconds`, as
   * pulp-service's views, whose `timeout` is a view argument the URL never fills, do). Fast tests and the demo pass true.
   */
  honourTimeout?: boolean;
  /** Seconds a test-endpoint call lasts when `?timeout=` is not honoured (default 25, as pulp-service). */
  fixedSeconds?: number;
  /** Concurrent API requests (gunicorn workers × API replicas); default unlimited. `simulate` defaults to 1, clowdapp.yaml's. */
  apiWorkers?: number;
  /** Requests that may wait for an API worker before connections are refused (default 2048, gunicorn's --backlog). */
  apiBacklog?: number;
  /** Seconds a request may hold an API worker before it is killed and the connection dropped (gunicorn --timeout; default 1800 pulp-service, 30 pulpcore). */
  apiTimeoutSeconds?: number;
  /** µs of API worker time per task-list row served (default 0 here; `simulate` defaults to DEFAULT_PAGE_COST_US). */
  pageCostUs?: number;
  testEndpointsEnabled?: boolean;
  dispatchRate?: {perRequest: number; ceiling: number};
  /** Preloaded history, made by running the tasking model in virtual time (workers: the fleet that ran it; default sized to the load). */
  history?: {count: number; hours: number; seed: number; workers?: number};
  /** pulp-service layout: domains besides `default` (each with its own URL space; the admin list spans them all). */
  domains?: string[];
  faults?: FaultOptions;
}

export interface RunningSimulator {
  /** `http://host:port` */
  origin: string;
  /** What to pass as pulp-bench's `--api-root`: the origin (pulpcore) or origin + `/api` (pulp-service). */
  apiRoot: string;
  layout: Layout;
  username: string;
  password: string;
  auth: 'basic' | 'oauth2';
  /** OAuth2 mode: the credentials, the token URL, and the issuer (counts token requests; revokes and expires tokens). */
  oauth2?: {clientId: string; clientSecret: string; tokenUrl: string; issuer: TokenIssuer};
  model: TaskingModel;
  /** How the history was made (the fleet that ran it, repositories, tasks in bursts), when there is one. */
  history?: HistorySummary;
  /** Task-list requests and rows served so far. */
  served: ServedCounters;
  /** The worker type the model runs ('redis' never records unblocked_at). */
  workerType: 'pulpcore' | 'redis';
  /** The API worker pool's counters (undefined: unlimited capacity). */
  api?: ApiPoolCounters;
  stop: () => Promise<void>;
}

/** gunicorn's --timeout per layout: pulp-service's clowdapp.yaml sets PULP_API_GUNICORN_TIMEOUT=1800; pulpcore-api leaves gunicorn's 30. */
export const DEFAULT_API_TIMEOUT_SECONDS = {'pulp-service': 1800, pulpcore: 30} as const;
/** API workers: clowdapp.yaml's PULP_API_GUNICORN_WORKERS=1 × PULP_API_REPLICAS=1 (production overrides replicas); pulpcore-api: gunicorn's 1. */
export const DEFAULT_API_WORKERS = 1;
/**
 * µs of API time per task row in a list page: an estimate (not a measurement) of DRF's full TaskSerializer cost
 * with its prefetches, ~2 ms a row, so a full 100-row page costs ~0.2 s and a 1000-row page ~2 s of one API
 * worker; a `fields=` selection costs its share of the 22 fields (4 fields: ~0.36 ms a row).
 */
export const DEFAULT_PAGE_COST_US = 2000;

/** pulp-service's measured ingestion: ~110 tasks/s for one caller, a plateau near ~145 tasks/s for many. */
export const DEFAULT_DISPATCH_RATE = {perRequest: 110, ceiling: 145};

export function parseDuration(spec: DurationSpec): (random: () => number) => number {
  const fixed = /^\d+(\.\d+)?$/.exec(spec);
  if (fixed) return () => Number(spec);
  const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(spec);
  if (range) {
    const [low, high] = [Number(range[1]), Number(range[2])];
    if (high < low) throw new Error(`task duration range '${spec}' is reversed`);
    return (random) => low + (high - low) * random();
  }
  const lognormal = /^lognormal:(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(spec);
  if (lognormal) {
    const [median, sigma] = [Number(lognormal[1]), Number(lognormal[2])];
    const normal = new SeededRandom(Date.now() & 0xffffffff);
    return () => normal.lognormal(median, sigma);
  }
  throw new Error(`task duration '${spec}' is not a number of ms, a range like 100-500, or lognormal:MEDIAN:SIGMA`);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const layout = options.layout ?? 'pulp-service';
  const username = options.username ?? 'admin';
  const password = options.password ?? 'password';
  const extraDomains = [...new Set(options.domains ?? [])].filter((name) => name !== 'default');
  if (extraDomains.length > 0 && layout !== 'pulp-service') throw new Error('domains other than default need the pulp-service layout (DOMAIN_ENABLED)');
  if (extraDomains.some((name) => !/^[-a-zA-Z0-9_]+$/.test(name) || name === 'api')) throw new Error('domain names are letters, digits, - and _ (and not "api")');
  if (extraDomains.length > 200) throw new Error('at most 200 domains');
  const domains: Domain[] =
    layout === 'pulp-service'
      ? ['default', ...extraDomains].map((name) => ({name, uuid: randomUUID(), prefix: `/api/pulp/${name}/api/v3/`}))
      : [{name: 'default', uuid: randomUUID(), prefix: '/pulp/api/v3/'}];
  const store = new TaskStore(domains, {capacity: (options.history?.count ?? 0) + 1024, userPath: 'users/1/'});
  const startedUs = nowUs();
  const workerType = options.workerType === 'postgres' ? 'pulpcore' : (options.workerType ?? (layout === 'pulp-service' ? 'redis' : 'pulpcore'));
  let history: HistorySummary | undefined;
  if (options.history && options.history.count > 0) {
    history = preloadHistory(store, {...options.history, endUs: startedUs - 1000, domain: 0, workerType, taskOverheadMs: options.taskOverheadMs});
  }
  const runMs = parseDuration(options.taskMs ?? '300');
  const issuer =
    options.auth === 'oauth2'
      ? new TokenIssuer({clientId: options.clientId ?? 'pulp-bench', clientSecret: options.clientSecret ?? 'secret', tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 900})
      : undefined;
  const model = new TaskingModel(store, {
    workers: options.workers ?? 4,
    runMs: () => runMs(Math.random),
    failureRate: options.failureRate ?? 0,
    workerType,
    taskOverheadMs: options.taskOverheadMs,
    workerTtlMs: options.workerTtlMs,
    workerCleanupBeats: options.workerCleanupBeats,
  });
  if (options.killWorkerAfterSeconds !== undefined) {
    const {killWorkerAfterSeconds, restartWorkerAfterSeconds} = options;
    model.clock.at(model.clock.now() + killWorkerAfterSeconds * 1e6, () => model.killWorker(undefined, restartWorkerAfterSeconds === undefined ? undefined : restartWorkerAfterSeconds * 1000));
  }
  const front = new PulpFront(model, {
    layout,
    username,
    password,
    honourTimeout: options.honourTimeout ?? false,
    fixedSeconds: options.fixedSeconds ?? 25,
    testEndpointsEnabled: options.testEndpointsEnabled ?? true,
    dispatchRate: options.dispatchRate ?? DEFAULT_DISPATCH_RATE,
    faults: options.faults,
    startedUs,
    oauth2: issuer,
    pageCostUs: options.pageCostUs ?? 0,
    api:
      options.apiWorkers === undefined
        ? undefined
        : {
            workers: options.apiWorkers,
            backlog: options.apiBacklog ?? GUNICORN_BACKLOG,
            timeoutMs: (options.apiTimeoutSeconds ?? DEFAULT_API_TIMEOUT_SECONDS[layout]) * 1000,
          },
  });

  const server = http.createServer({keepAliveTimeout: 2000}, (request, response) => {
    front.handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, {'content-type': 'text/html; charset=utf-8'});
        response.end(`<h1>Server Error (500)</h1><!-- ${String(error).replace(/--/g, '')} -->`);
      } else response.destroy();
    });
  });
  server.maxConnections = 100_000;
  server.headersTimeout = 60_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;

  return {
    origin,
    apiRoot: layout === 'pulp-service' ? `${origin}/api` : origin,
    layout,
    username,
    password,
    auth: issuer ? 'oauth2' : 'basic',
    oauth2: issuer && {clientId: issuer.options.clientId, clientSecret: issuer.options.clientSecret, tokenUrl: `${origin}${TOKEN_PATH}`, issuer},
    model,
    history,
    served: front.served,
    workerType,
    api: front.pool?.counters,
    stop: () =>
      new Promise<void>((resolve) => {
        model.stop();
        front.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
