import {Flags} from '@oclif/core';

import {PulpCommand} from '../lib/base-command.js';
import {requireDuration} from '../lib/durations.js';
import {afterResult, AuthError, BadServerResponseError, InterruptedError, NotFoundError, ThresholdError, UnreachableError, UsageError} from '../lib/errors.js';
import {describeCrossed, evaluateThresholds, parseThreshold, validateThresholds} from '../lib/fail-if.js';
import {LoadRun} from '../lib/insertion/engine.js';
import {LoadRecorder} from '../lib/insertion/recorder.js';
import {buildInsertionResult, type InsertionResult, insertionResultShape} from '../lib/insertion/report.js';
import {resolveTarget, TARGET_KINDS, type TargetKind} from '../lib/insertion/targets.js';
import {trackTasks, type TrackingReport} from '../lib/insertion/tracking.js';
import {formatNumber} from '../lib/render/format.js';
import {renderInsertion} from '../lib/render/insertion.js';

/** pulp-service's test endpoints dispatch for 25 s whatever ?timeout= says. */
const SERVER_FIXED_SECONDS = 25;
const INTERRUPT_GRACE_MS = 3000;

export default class TestTaskInsertion extends PulpCommand<typeof TestTaskInsertion> {
  static aliases = ['test_task_insertion'];
  static summary = 'Load Pulp with concurrent task-creating requests and report how many tasks per second it ingested.';
  static description = [
    'Keeps --max-workers requests in flight (no waves) against pulp-service\'s test endpoint (default), its random-lock',
    'variant, stock Pulp\'s tasks/purge/ (one cheap real task per request), or any endpoint answering 202 {"task": href}.',
    'Without --run-until or --duration each worker makes one request, as the original tool\'s single round.',
    'Tasks are counted exactly as the server reports them; requests are never retried (a retry would create tasks).',
  ].join(' ');

  static examples = [
    '<%= config.bin %> --api-root https://mtls.internal.console.stage.redhat.com/api --cert c.pem --key k.pem <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --api-root http://127.0.0.1:24817/api --max-workers 10 --timeout 5 --run-until 5000',
    '<%= config.bin %> <%= command.id %> --api-root https://pulp.example.com --target purge --duration 1m --rate 50 --track',
    '<%= config.bin %> <%= command.id %> --api-root http://127.0.0.1:24817/api --duration 30s --json --fail-if "tasksPerSecond<100" --fail-if "requests.failed>0"',
  ];

  static flags = {
    timeout: Flags.integer({default: 30, min: 1, summary: 'Seconds each test-endpoint call should dispatch for (sent as ?timeout=; pulp-service ignores it and runs ~25 s).'}),
    'max-workers': Flags.integer({default: 50, min: 1, summary: 'Requests kept in flight at once.'}),
    'run-until': Flags.integer({min: 1, summary: 'Keep going until the server reported this many tasks; in-flight requests still finish and count.'}),
    duration: Flags.string({summary: 'Keep starting requests for this long (e.g. 30s, 5m).'}),
    rate: Flags.string({summary: 'Start requests at this rate (e.g. 50 or 50/s) instead of back to back; latency counts from the scheduled start.'}),
    'max-consecutive-failures': Flags.integer({min: 1, summary: 'Stop after this many failed requests in a row. [default: 10 × --max-workers]'}),
    target: Flags.option({options: TARGET_KINDS, default: 'test-tasks' as TargetKind, summary: 'What to load: test-tasks, random-lock, purge or endpoint.'})(),
    endpoint: Flags.string({summary: 'With --target endpoint: the path below --api-root (or a URL on its host) that answers 202 {"task": href}.'}),
    method: Flags.string({summary: 'With --target endpoint: the HTTP method. [default: POST]'}),
    body: Flags.string({summary: 'With --target endpoint: the JSON body to send.'}),
    domain: Flags.string({summary: 'Domain for --target purge on a server with domains (pulp-service: default).'}),
    track: Flags.boolean({summary: 'Follow the dispatched tasks (202 targets) until they finish and report blocked/queue/run times.'}),
    'track-timeout': Flags.string({default: '5m', summary: 'How long --track waits for tasks to finish.'}),
    'fail-if': Flags.string({multiple: true, summary: 'Exit 6 when a result key crosses a threshold, e.g. "tasksPerSecond<100" or "latency.p99>30s". Repeatable.'}),
  };

  protected needsCredentials(): boolean {
    return this.flags.target === 'purge' || this.flags.target === 'endpoint' || this.flags.track;
  }

  async run(): Promise<void> {
    const {flags} = this;
    const workers = flags['max-workers'];
    const durationSeconds = flags.duration === undefined ? undefined : requireDuration(flags.duration, '--duration');
    const trackTimeoutSeconds = requireDuration(flags['track-timeout'], '--track-timeout');
    const rate = flags.rate === undefined ? undefined : parseRate(flags.rate);
    const thresholds = (flags['fail-if'] ?? []).map(parseThreshold);
    validateThresholds(thresholds, insertionResultShape(flags.track));
    const target = resolveTarget(this.connection.urls, {
      kind: flags.endpoint !== undefined && flags.target === 'test-tasks' ? 'endpoint' : flags.target,
      timeoutSeconds: flags.timeout,
      domain: flags.domain ?? this.connection.domain,
      endpoint: flags.endpoint,
      method: flags.method,
      body: flags.body,
    });
    if (flags.track && target.answers !== 'task-href') throw new UsageError('--track follows tasks of 202 targets (--target purge or endpoint); the test endpoints report only counts');

    try {
      await this.announceServer();
    } catch (error) {
      this.note(`warning: status check failed: ${(error as Error).message}`);
    }

    const testEndpoint = target.answers === 'tasks-executed';
    const recorder = new LoadRecorder();
    const load = new LoadRun(
      this.client,
      {
        target,
        workers,
        runUntilTasks: flags['run-until'],
        durationMs: durationSeconds === undefined ? undefined : durationSeconds * 1000,
        ratePerSecond: rate,
        requestTimeoutMs: (testEndpoint ? Math.max(flags.timeout, SERVER_FIXED_SECONDS) + 10 : flags.timeout) * 1000,
        maxConsecutiveFailures: flags['max-consecutive-failures'] ?? 10 * workers,
      },
      recorder,
    );

    const stopInterrupt = this.onInterrupt(load);
    const stopProgress = this.showProgress(load);
    let stoppedBy;
    try {
      stoppedBy = await load.run();
    } finally {
      stopProgress();
    }

    let track: TrackingReport | undefined;
    if (flags.track && stoppedBy !== 'interrupted' && recorder.taskHrefs.length > 0) {
      this.note(`tracking ${recorder.taskHrefs.length} tasks (up to ${flags['track-timeout']})…`);
      const listUrl = this.connection.urls.tasks(flags.domain ?? this.connection.domain);
      track = await trackTasks(this.client, listUrl, recorder.taskHrefs, {timeoutMs: trackTimeoutSeconds * 1000});
    }
    stopInterrupt();

    const result = await buildInsertionResult(recorder, {target, workers, rate, runUntil: flags['run-until'], durationSeconds, stoppedBy, track});
    if (!this.jsonEnabled()) this.log(await renderInsertion(result));
    else process.stdout.write(`${JSON.stringify(result)}\n`);

    const failure = this.failureOf(load, result);
    if (failure) throw afterResult(failure);
    if (thresholds.length > 0) {
      const crossed = describeCrossed(evaluateThresholds(thresholds, result));
      if (crossed.length > 0) throw afterResult(new ThresholdError(crossed));
    }
  }

  /** The error a finished run should exit with, if any. */
  private failureOf(load: LoadRun, result: InsertionResult) {
    const {target} = load.plan;
    if (result.stoppedBy === 'interrupted') return new InterruptedError(`interrupted: partial report of ${result.requests.total} requests`);
    const fatal = load.fatal?.cause;
    if (fatal === 'http-404' || fatal === 'http-405') {
      const hint = target.answers === 'tasks-executed' ? '; stock Pulp has no test endpoints: try --target purge' : '';
      return new NotFoundError(`${target.url} answered ${fatal.slice(5)}${hint}`);
    }
    if (fatal === 'http-401' || fatal === 'http-403') {
      return new AuthError(`${target.url} refused the request (${fatal.slice(5)}); check --user/--password or --cert/--key`, Number(fatal.slice(5)));
    }
    if (result.requests.ok === 0 && result.requests.total > 0) {
      const [cause] = Object.keys(result.requests.failures);
      if (target.answers === 'tasks-executed' && load.htmlFailures === result.requests.failed && cause?.startsWith('http-5')) {
        return new BadServerResponseError(
          `every call to ${target.url} failed with an HTML ${cause.slice(5)}: the test endpoint is not enabled (pulp-service setting TEST_TASK_INGESTION, env PULP_TEST_TASK_INGESTION)`,
        );
      }
      const message = `all ${result.requests.total} requests failed (${Object.entries(result.requests.failures).map(([name, count]) => `${name} ${count}`).join(', ')})`;
      if (cause && ['connection-refused', 'dns', 'tls', 'timeout', 'connection-reset'].includes(cause)) return new UnreachableError(message);
      return new BadServerResponseError(message);
    }
    if (result.stoppedBy === 'failures') {
      return new BadServerResponseError(`stopped after ${load.plan.maxConsecutiveFailures} failed requests in a row (${formatNumber(result.requests.failed)} failed in all)`);
    }
    return undefined;
  }

  /** First Ctrl-C: stop starting requests, give in-flight ones a moment, then abort them. Second: exit at once. */
  private onInterrupt(load: LoadRun): () => void {
    let timer: NodeJS.Timeout | undefined;
    const handler = () => {
      if (load.reason === 'interrupted') {
        process.stderr.write('\ninterrupted again: exiting\n');
        process.exit(130);
      }
      process.stderr.write(`\ninterrupted: waiting up to ${INTERRUPT_GRACE_MS / 1000} s for ${load.inFlight} requests in flight (Ctrl-C again to quit now)\n`);
      load.stop('interrupted');
      timer = setTimeout(() => load.abortInFlight(), INTERRUPT_GRACE_MS);
    };
    process.on('SIGINT', handler);
    return () => {
      process.off('SIGINT', handler);
      if (timer) clearTimeout(timer);
    };
  }

  /** A live progress line on stderr, only when it is a terminal. */
  private showProgress(load: LoadRun): () => void {
    if (!process.stderr.isTTY) return () => {};
    const {recorder} = load;
    const timer = setInterval(() => {
      const elapsed = (performance.now() - recorder.startedMs) / 1000;
      process.stderr.write(
        `\r\u001B[2K[${elapsed.toFixed(1)} s] in flight ${load.inFlight} · done ${recorder.total} · failed ${recorder.failed} · tasks ${recorder.tasks} · ${formatNumber(recorder.tasks / Math.max(elapsed, 0.001))} tasks/s`,
      );
    }, 500);
    return () => {
      clearInterval(timer);
      process.stderr.write('\r\u001B[2K');
    };
  }
}

function parseRate(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*s)?\s*$/.exec(text);
  const value = match ? Number(match[1]) : Number.NaN;
  if (!(value > 0)) throw new UsageError(`--rate '${text}' is not a positive number of requests per second (e.g. 50 or 50/s)`);
  return value;
}
