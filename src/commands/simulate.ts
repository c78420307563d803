import {Flags} from '@oclif/core';

import {BenchCommand} from '../lib/bench-command.js';
import {afterResult, InterruptedError, UsageError} from '../lib/errors.js';
import {nonBlank} from '../lib/flag-values.js';
import {formatNumber} from '../lib/render/format.js';
import {MAX_HISTORY_HOURS, MAX_HISTORY_TASKS, MAX_TIMER_MS, requireTaskMsWithinTimer} from '../lib/limits.js';
import {DEFAULT_API_TIMEOUT_SECONDS, DEFAULT_TASK_OVERHEAD_MS, DEFAULT_WORKER_TTL_SECONDS, DEFAULT_API_WORKERS, DEFAULT_DISPATCH_RATE, DEFAULT_PAGE_COST_US, parseDuration, type RunningSimulator, type SimulatorOptions, startSimulator} from '../lib/simulator/index.js';

/** Help groups of the simulator's flags. */
const SERVER = 'SERVER';
const TASKS = 'TASK';
const HISTORY = 'HISTORY';
const TEST_ENDPOINTS = 'TEST ENDPOINT';
const FAULTS = 'FAULT INJECTION';
const CAPACITY = 'API CAPACITY';

const FAULT_ROUTES = ['all', 'status', 'tasks', 'task', 'admin', 'purge', 'orphans', 'workers', 'test-tasks', 'test-random-lock', 'immediate'];

const rate = (name: string) =>
  Flags.custom<number>({
    parse: async (input) => {
      const value = Number(input);
      if (!Number.isFinite(value) || value < 0 || value > 1) throw new Error(`--${name} must be a number from 0 to 1, got '${input}'`);
      return value;
    },
  });

const seconds = (name: string, min: number, max: number) =>
  Flags.custom<number>({
    parse: async (input) => {
      const value = Number(input);
      if (input.trim() === '' || !Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number of seconds from ${min} to ${max}, got '${input}'`);
      return value;
    },
  });

/** The longest delay a kill or restart may be scheduled after (a Node timer's limit, in whole seconds). */
const MAX_DELAY_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

export default class Simulate extends BenchCommand<typeof Simulate> {
  static summary = "Run the built-in Pulp tasking simulator (Pulp's HTTP API on a local port) until Ctrl-C.";
  static description = [
    'Serves the status, task list/detail/cancel, purge and orphan-cleanup endpoints, and (pulp-service layout) the',
    'admin task list and the task-ingestion test endpoints, with a real-time model of locks and workers (heartbeats,',
    'missing workers). Simulator-only routes: POST /pulp-bench-simulator/immediate/ {"exclusive": [...]} dispatches an',
    'immediate task; PATCH /pulp-bench-simulator/workers/N/ {"state": "killed"} kills task worker N.',
    'It accepts the credentials given by --user/--password (default admin/password), or with --auth oauth2 only Bearer',
    'tokens from its own token endpoint for the client given by --client-id/--client-secret (default pulp-bench/secret).',
  ].join(' ');

  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --layout pulpcore --port 24818 --workers 8 --task-ms 100-500',
    '<%= config.bin %> <%= command.id %> --history 100000 --history-hours 24 --seed 7',
    '<%= config.bin %> <%= command.id %> --layout pulpcore --task-ms 600000 --worker-ttl 3 --kill-worker-after 10 --restart-worker-after 60',
    '<%= config.bin %> <%= command.id %> --fail-rate 0.05 --reset-rate 0.01 --latency-ms 200 --fault-routes test-tasks',
    '<%= config.bin %> <%= command.id %> --auth oauth2 --client-id bench --client-secret s3cret --token-lifetime 60',
  ];

  static flags = {
    host: Flags.string({default: '127.0.0.1', parse: nonBlank('--host', '127.0.0.1'), helpGroup: SERVER, summary: 'Address to listen on.'}),
    port: Flags.integer({default: 24_817, min: 0, max: 65_535, helpGroup: SERVER, summary: 'Port to listen on (0: any free port).'}),
    layout: Flags.option({options: ['pulpcore', 'pulp-service'] as const, default: 'pulp-service' as const, helpGroup: SERVER, summary: 'URL layout: stock pulpcore (/pulp/) or pulp-service (/api/pulp/, domains, test endpoints).'})(),
    // The simulator's own credentials, not connection settings: no PULP_USER/PULP_PASSWORD (the password is printed at start).
    user: Flags.string({default: 'admin', parse: nonBlank('--user', 'admin'), helpGroup: SERVER, summary: 'Username clients must send (HTTP Basic auth).'}),
    password: Flags.string({default: 'password', parse: nonBlank('--password', 'password'), helpGroup: SERVER, summary: 'Password clients must send.'}),
    workers: Flags.integer({default: 4, min: 0, helpGroup: TASKS, summary: 'Pulp task workers.'}),
    'worker-type': Flags.option({options: ['pulpcore', 'postgres', 'redis'] as const, helpGroup: TASKS, summary: "Pulp's WORKER_TYPE (default: redis for pulp-service, pulpcore otherwise).", description: 'pulpcore (= postgres, the PostgreSQL worker) records unblocked_at and claims in jittered order (immediate tasks first, pulp_created + 0–8 s); redis takes the oldest task and never records unblocked_at. pulp-service deploys redis workers; stock pulpcore the PostgreSQL worker.'})(),
    'task-ms': Flags.string({default: '300', helpGroup: TASKS, summary: 'Task run time in ms: N, MIN-MAX (uniform) or lognormal:MEDIAN:SIGMA.'}),
    'task-failure-rate': rate('task-failure-rate')({default: 0, helpGroup: TASKS, summary: 'Share of tasks that fail.'}),
    'task-overhead-ms': Flags.integer({default: DEFAULT_TASK_OVERHEAD_MS, min: 0, max: 60_000, helpGroup: TASKS, summary: 'Worker time per task besides its run time, ms.', description: 'Claim, fork and set_running before started_at (60 %); join and lock release after finished_at (40 %). An estimate, not a measurement: with it 4 workers running 300 ms tasks finish ~11.8 tasks/s, not 13.3.'}),
    'worker-ttl': seconds('worker-ttl', 0.3, 86_400)({default: DEFAULT_WORKER_TTL_SECONDS, helpGroup: TASKS, summary: "Pulp's WORKER_TTL, seconds.", description: "Workers heartbeat every third of it; one silent for longer is missing, and its task fails once a live worker's cleanup (every 100 heartbeats, the first after 10–100) removes its record."}),
    'kill-worker-after': seconds('kill-worker-after', 0, MAX_DELAY_SECONDS)({helpGroup: TASKS, summary: 'Kill a task worker (a busy one if any) this many seconds after start.', description: 'Its task keeps running and holding its locks until the worker is missing and cleaned up, then fails with "Worker has gone missing.". PATCH /pulp-bench-simulator/workers/N/ {"state": "killed"} kills worker N at any time.'}),
    'restart-worker-after': seconds('restart-worker-after', 0, MAX_DELAY_SECONDS)({dependsOn: ['kill-worker-after'], helpGroup: TASKS, summary: 'Start a replacement this many seconds after the kill.'}),
    history: Flags.integer({default: 0, min: 0, max: MAX_HISTORY_TASKS, helpGroup: HISTORY, summary: 'Finished tasks to preload as history (~150 bytes each at 1M).', description: 'Generated by running the tasking model in virtual time, so the history obeys the live rules (locks, workers).'}),
    'history-workers': Flags.integer({min: 1, max: 10_000, helpGroup: HISTORY, summary: 'Task workers that ran the history (default: sized to the load).'}),
    'history-hours': Flags.integer({default: 24, min: 1, max: MAX_HISTORY_HOURS, helpGroup: HISTORY, summary: 'The history spans this many hours up to now.'}),
    seed: Flags.integer({default: 1, helpGroup: HISTORY, summary: 'Seed of the history generator.'}),
    'test-honor-timeout': Flags.boolean({helpGroup: TEST_ENDPOINTS, summary: 'Test endpoints honour ?timeout= (the real ones dispatch for 25 s whatever it says).'}),
    'test-seconds': Flags.string({default: '25', helpGroup: TEST_ENDPOINTS, summary: 'How long a test-endpoint call dispatches when ?timeout= is not honoured (pulp-service: 25).'}),
    // Kept for scripts written when honouring ?timeout= was the default; the fixed duration is now the default.
    'test-fixed-25s': Flags.boolean({hidden: true, exclusive: ['test-honor-timeout'], summary: 'Deprecated: the default now.'}),
    domains: Flags.string({helpGroup: SERVER, summary: 'pulp-service layout: comma-separated domains besides default (e.g. team-a,team-b).'}),
    'api-workers': Flags.integer({default: DEFAULT_API_WORKERS, min: 1, max: 100_000, helpGroup: CAPACITY, summary: "Concurrent API requests (gunicorn sync workers × API replicas; pulp-service's clowdapp.yaml: 1 × 1)."}),
    'api-timeout': Flags.integer({min: 1, max: 86_400, helpGroup: CAPACITY, summary: 'Seconds a request may hold an API worker before it is killed and the connection dropped (gunicorn --timeout; default 1800 pulp-service, 30 pulpcore).'}),
    'api-backlog': Flags.integer({default: 2048, min: 0, max: 1_000_000, helpGroup: CAPACITY, summary: 'Requests that may wait for an API worker; more connections are refused (gunicorn --backlog).'}),
    'page-cost-us': Flags.integer({default: DEFAULT_PAGE_COST_US, min: 0, max: 1_000_000, helpGroup: CAPACITY, summary: 'API worker time per task row of a full list page, µs; a fields= selection costs its share (an estimate of DRF serialisation; 0: free).'}),
    'test-disabled': Flags.boolean({helpGroup: TEST_ENDPOINTS, summary: 'Test endpoints answer the HTML 500 of a server without TEST_TASK_INGESTION.'}),
    'dispatch-rate': Flags.integer({default: DEFAULT_DISPATCH_RATE.perRequest, min: 1, helpGroup: TEST_ENDPOINTS, summary: 'Tasks/s one test-endpoint request dispatches at most.'}),
    'dispatch-ceiling': Flags.integer({default: DEFAULT_DISPATCH_RATE.ceiling, min: 1, helpGroup: TEST_ENDPOINTS, summary: 'Tasks/s all requests together dispatch at most.'}),
    'fail-rate': rate('fail-rate')({default: 0, helpGroup: FAULTS, summary: 'Share of requests answered with an HTML 500.'}),
    'reset-rate': rate('reset-rate')({default: 0, helpGroup: FAULTS, summary: 'Share of requests whose connection is dropped.'}),
    'latency-ms': Flags.integer({default: 0, min: 0, max: MAX_TIMER_MS, helpGroup: FAULTS, summary: 'Delay added before answering.'}),
    'fault-routes': Flags.string({default: 'all', parse: nonBlank('--fault-routes', 'test-tasks'), helpGroup: FAULTS, summary: `Comma-separated routes the faults apply to: ${FAULT_ROUTES.join(', ')}.`}),
    auth: Flags.option({options: ['basic', 'oauth2'] as const, default: 'basic' as const, helpGroup: SERVER, summary: 'basic: --user/--password; oauth2: Bearer tokens from a client-credentials token endpoint (see --client-id/--client-secret).'})(),
    'client-id': Flags.string({default: 'pulp-bench', parse: nonBlank('--client-id', 'pulp-bench'), helpGroup: SERVER, summary: 'With --auth oauth2: the client ID the token endpoint accepts.'}),
    'client-secret': Flags.string({default: 'secret', parse: nonBlank('--client-secret', 'secret'), helpGroup: SERVER, summary: 'With --auth oauth2: that client\'s secret.'}),
    'token-lifetime': Flags.integer({default: 900, min: 1, max: 31_536_000, helpGroup: SERVER, summary: 'With --auth oauth2: expires_in of every token, seconds.'}),
  };

  async run(): Promise<void> {
    const {flags} = this;
    try {
      parseDuration(flags['task-ms']);
    } catch (error) {
      throw new UsageError(`--task-ms: ${(error as Error).message}`);
    }
    requireTaskMsWithinTimer(flags['task-ms']);
    const routes = flags['fault-routes'].split(',').map((route) => route.trim());
    const unknownRoute = routes.find((route) => !FAULT_ROUTES.includes(route));
    if (unknownRoute) throw new UsageError(`--fault-routes: unknown route '${unknownRoute}' (known: ${FAULT_ROUTES.join(', ')})`);

    const testSeconds = Number(flags['test-seconds']);
    if (!Number.isFinite(testSeconds) || testSeconds <= 0 || testSeconds > 3600) throw new UsageError(`--test-seconds must be a number of seconds above 0 and at most 3600, got '${flags['test-seconds']}'`);
    const apiTimeout = flags['api-timeout'] ?? DEFAULT_API_TIMEOUT_SECONDS[flags.layout];
    const workerType = flags['worker-type'] === 'postgres' ? 'pulpcore' : (flags['worker-type'] ?? (flags.layout === 'pulp-service' ? 'redis' : 'pulpcore'));
    const options: SimulatorOptions = {
      host: flags.host,
      port: flags.port,
      layout: flags.layout,
      workers: flags.workers,
      workerType,
      taskMs: flags['task-ms'],
      taskOverheadMs: flags['task-overhead-ms'],
      workerTtlMs: flags['worker-ttl'] * 1000,
      killWorkerAfterSeconds: flags['kill-worker-after'],
      restartWorkerAfterSeconds: flags['restart-worker-after'],
      failureRate: flags['task-failure-rate'],
      username: flags.user,
      password: flags.password,
      auth: flags.auth,
      clientId: flags['client-id'],
      clientSecret: flags['client-secret'],
      tokenLifetimeSeconds: flags['token-lifetime'],
      honourTimeout: flags['test-honor-timeout'],
      fixedSeconds: testSeconds,
      apiWorkers: flags['api-workers'],
      apiBacklog: flags['api-backlog'],
      apiTimeoutSeconds: apiTimeout,
      pageCostUs: flags['page-cost-us'],
      testEndpointsEnabled: !flags['test-disabled'],
      dispatchRate: {perRequest: flags['dispatch-rate'], ceiling: flags['dispatch-ceiling']},
      history: {count: flags.history, hours: flags['history-hours'], seed: flags.seed, workers: flags['history-workers']},
      domains: flags.domains?.split(',').map((name) => name.trim()).filter(Boolean),
      faults: {failRate: flags['fail-rate'], resetRate: flags['reset-rate'], latencyMs: flags['latency-ms'], routes},
    };

    if (options.domains?.some((name) => name !== 'default') && flags.layout !== 'pulp-service') throw new UsageError('--domains needs --layout pulp-service (domains are a pulp-service setting)');
    if (options.domains?.some((name) => !/^[-a-zA-Z0-9_]+$/.test(name) || name === 'api')) throw new UsageError('--domains: names are letters, digits, - and _ (and not "api")');
    if ((options.domains?.length ?? 0) > 200) throw new UsageError('--domains: at most 200');
    let simulator: RunningSimulator;
    try {
      simulator = await startSimulator(options);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(`port ${flags.port} on ${flags.host} is in use; pick another with --port (0 = any free port)`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on --host ${flags.host} (${code})`);
      throw error;
    }

    const {oauth2} = simulator;
    const result = {
      origin: simulator.origin,
      apiRoot: simulator.apiRoot,
      layout: simulator.layout,
      username: simulator.username,
      auth: simulator.auth,
      workerType,
      workers: flags.workers,
      taskMs: flags['task-ms'],
      taskOverheadMs: flags['task-overhead-ms'],
      workerTtlSeconds: flags['worker-ttl'],
      ...(flags['kill-worker-after'] === undefined ? {} : {killWorkerAfterSeconds: flags['kill-worker-after']}),
      ...(flags['restart-worker-after'] === undefined ? {} : {restartWorkerAfterSeconds: flags['restart-worker-after']}),
      history: flags.history,
      ...(simulator.history ? {historyHours: flags['history-hours'], historyWorkers: simulator.history.workers, seed: flags.seed} : {}),
      apiWorkers: flags['api-workers'],
      apiTimeoutSeconds: apiTimeout,
      pageCostUs: flags['page-cost-us'],
      testCallSeconds: flags['test-honor-timeout'] ? 'timeout' : testSeconds,
      ...(oauth2 ? {clientId: oauth2.clientId, tokenUrl: oauth2.tokenUrl} : {}),
    };
    if (this.jsonEnabled()) this.printDocument(result);
    else {
      this.log(`Pulp simulator (${simulator.layout} layout) listening on ${simulator.origin}`);
      if (oauth2) {
        this.log(`  --api-root ${simulator.apiRoot}   OAuth2 client: ${oauth2.clientId} / ${oauth2.clientSecret}, tokens for ${flags['token-lifetime']} s`);
        this.log(`  token URL ${oauth2.tokenUrl} (named by the API schema)`);
      } else this.log(`  --api-root ${simulator.apiRoot}   credentials: ${simulator.username} / ${simulator.password}`);
      this.log(`  ${flags.workers} ${workerType} workers: ${flags['task-ms']} ms tasks + ${flags['task-overhead-ms']} ms worker overhead each; heartbeats every ${formatSeconds(flags['worker-ttl'] / 3)} s (TTL ${formatSeconds(flags['worker-ttl'])} s)`);
      if (flags['kill-worker-after'] !== undefined) {
        const restart = flags['restart-worker-after'] === undefined ? 'no replacement' : `a replacement ${formatSeconds(flags['restart-worker-after'])} s later`;
        this.log(`  kills a task worker (a busy one if any) ${formatSeconds(flags['kill-worker-after'])} s after start (${restart})`);
      }
      const made = simulator.history ? ` over ${flags['history-hours']} h, run by ${simulator.history.workers} simulated workers (seed ${flags.seed})` : '';
      this.log(`  ${formatNumber(flags.history)} history tasks${made}; Ctrl-C stops it.`);
      this.log(`  API: ${flags['api-workers']} worker(s), ${apiTimeout} s timeout, ${flags['page-cost-us']} µs per listed task`);
      const extraDomains = options.domains?.filter((name) => name !== 'default') ?? [];
      if (extraDomains.length > 0) this.log(`  domains: default, ${extraDomains.join(', ')}`);
      if (simulator.layout === 'pulp-service') this.log(`  test calls dispatch for ${flags['test-honor-timeout'] ? '?timeout= seconds' : `${testSeconds} s (whatever ?timeout= says)`}`);
      this.log('');
      this.log('Try:');
      this.log(`  pulp-bench status --api-root ${simulator.apiRoot}`);
      if (oauth2) {
        this.log(`  pulp-bench task-analysis --api-root ${simulator.apiRoot} --client-id ${oauth2.clientId} --since 1h`);
        this.log(`  curl -u ${oauth2.clientId}:${oauth2.clientSecret} -d grant_type=client_credentials ${oauth2.tokenUrl}`);
      } else if (simulator.layout === 'pulp-service') {
        this.log(`  curl '${simulator.origin}/api/pulp/test/tasks/?timeout=5'${flags['test-honor-timeout'] ? '' : `   (answers after ${testSeconds} s)`}`);
        this.log(`  curl -u ${simulator.username}:${simulator.password} '${simulator.origin}/api/pulp/admin/tasks/?limit=5&fields=pulp_created,state'`);
      } else {
        this.log(`  curl -u ${simulator.username}:${simulator.password} -X POST -H 'content-type: application/json' -d '{"finished_before":"2000-01-01T00:00:00Z"}' ${simulator.origin}/pulp/api/v3/tasks/purge/`);
      }
    }

    const signal = await this.stopSignals.stopped();
    await simulator.stop();
    this.note(`simulator stopped (${signal})`);
    // Stopping by a signal is how a simulator ends; the exit code still says which one, as for every command.
    throw afterResult(new InterruptedError(`stopped by ${signal}`, signal, {quiet: true}));
  }
}

/** Seconds without trailing zeros (10, 0.5, 3.333). */
function formatSeconds(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
