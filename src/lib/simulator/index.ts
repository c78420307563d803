/**
 * startSimulator: a Pulp tasking simulator on a loopback port, speaking Pulp's HTTP API (see shared/pulp-api.md).
 */
import {randomUUID} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';

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
  /** Pulp's WORKER_TYPE: 'pulpcore' (PostgreSQL worker; 'postgres' is accepted too) records unblocked_at; 'redis' never does. */
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
  /** Honour `?timeout=` on the test endpoints (default true); false = always 25 s like the real server. */
  honourTimeout?: boolean;
  /** Seconds a test-endpoint call lasts when `?timeout=` is not honoured (default 25, as pulp-service). */
  fixedSeconds?: number;
  testEndpointsEnabled?: boolean;
  dispatchRate?: {perRequest: number; ceiling: number};
  /** Preloaded history, made by running the tasking model in virtual time (workers: the fleet that ran it; default sized to the load). */
  history?: {count: number; hours: number; seed: number; workers?: number};
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
  stop: () => Promise<void>;
}

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
  const domains: Domain[] =
    layout === 'pulp-service'
      ? [{name: 'default', uuid: randomUUID(), prefix: '/api/pulp/default/api/v3/'}]
      : [{name: 'default', uuid: randomUUID(), prefix: '/pulp/api/v3/'}];
  const store = new TaskStore(domains, {capacity: (options.history?.count ?? 0) + 1024, userPath: 'users/1/'});
  const startedUs = nowUs();
  let history: HistorySummary | undefined;
  if (options.history && options.history.count > 0) {
    history = preloadHistory(store, {...options.history, endUs: startedUs - 1000, domain: 0, workerType: options.workerType, taskOverheadMs: options.taskOverheadMs});
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
    workerType: options.workerType,
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
    honourTimeout: options.honourTimeout ?? true,
    fixedSeconds: options.fixedSeconds ?? 25,
    testEndpointsEnabled: options.testEndpointsEnabled ?? true,
    dispatchRate: options.dispatchRate ?? DEFAULT_DISPATCH_RATE,
    faults: options.faults,
    startedUs,
    oauth2: issuer,
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
    stop: () =>
      new Promise<void>((resolve) => {
        model.stop();
        front.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
