import {Flags} from '@oclif/core';

import {PulpCommand} from '../lib/base-command.js';
import {PulpClient} from '../lib/client.js';
import {requireDuration} from '../lib/durations.js';
import {afterResult, UsageError} from '../lib/errors.js';
import {FlagGroup, shownDefault} from '../lib/flag-groups.js';
import {nonBlank, parseRate} from '../lib/flag-values.js';
import {insertionSubject} from '../lib/insertion/report.js';
import {completeInsertion, type InsertionOptions, prepareInsertion} from '../lib/insertion/run-insertion.js';
import {resolveTarget, TARGET_KINDS, type TargetKind} from '../lib/insertion/targets.js';
import {requireWorkersWithinLimit} from '../lib/limits.js';
import {formatSeconds} from '../lib/render/format.js';
import {asWritten} from '../lib/render/json.js';
import {startProgress} from '../lib/render/progress.js';
import {InsertionPhases} from '../lib/render/progress-frames.js';
import {renderResult} from '../lib/report/show.js';
import {resultDocument} from '../lib/result/document.js';
import {outputFlag} from '../lib/result/output-flag.js';
import {deliverOutputs, documentToStdout, parseOutputs} from '../lib/result/outputs.js';
import {InsertionTelemetry, type ServerStatsOff} from '../lib/telemetry/insertion-telemetry.js';
import {telemetryEndpoints} from '../lib/telemetry/server-sampler.js';
import {failIfFlag} from '../lib/threshold-flag.js';
import {evaluateThresholds, parseThresholds, thresholdFailure} from '../lib/thresholds.js';

export default class TestTaskInsertion extends PulpCommand<typeof TestTaskInsertion> {
  static hiddenAliases = ['test_task_insertion'];
  static resultKind = 'insertion' as const;
  static summary = 'Load Pulp with concurrent task-creating requests and report how many tasks per second it ingested.';
  static description = [
    'Keeps --concurrency requests in flight (no waves) against pulp-service\'s test endpoint (default), its random-lock',
    'variant, stock Pulp\'s tasks/purge/ (one cheap real task per request), or any endpoint answering 202 {"task": href}.',
    'Without --run-until or --duration it makes --concurrency requests, as the original tool\'s single round.',
    'Tasks are counted exactly as the server reports them; requests are never retried (a retry would create tasks).',
  ].join(' ');

  static examples = [
    '<%= config.bin %> --api-root https://mtls.internal.console.stage.redhat.com/api --cert c.pem --key k.pem <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --api-root http://127.0.0.1:24817/api -c 10 --timeout 5 --run-until 5000',
    '<%= config.bin %> <%= command.id %> --api-root https://pulp.example.com --target purge -d 1m --rate 50 --track',
    '<%= config.bin %> <%= command.id %> --api-root http://127.0.0.1:24817/api --duration 30s --json --fail-if "tasksPerSecond < 100" --fail-if "latency.p99 > 30 s or requests.failed > 0"',
    '<%= config.bin %> <%= command.id %> --api-root https://pulp.example.com --target purge -d 1m --drain-timeout 10m --fail-if "server.drainSeconds > 60 s"',
  ];

  static flags = {
    target: Flags.option({options: TARGET_KINDS, default: 'test-tasks' as TargetKind, helpGroup: FlagGroup.target, summary: 'What to load: test-tasks, random-lock, purge or endpoint.'})(),
    endpoint: Flags.string({
      parse: nonBlank('--endpoint', '/pulp/api/v3/orphans/cleanup/'),
      helpGroup: FlagGroup.target,
      // --endpoint alone means --target endpoint; with another --target it makes no sense.
      relationships: [{type: 'none', flags: [{name: 'target', when: async (flags) => flags.target !== 'endpoint'}]}],
      summary: 'With --target endpoint: the path below --api-root (or a URL on its host) that answers 202 {"task": href}.',
    }),
    method: Flags.string({parse: nonBlank('--method', 'POST'), helpGroup: FlagGroup.target, dependsOn: ['endpoint'], defaultHelp: shownDefault('POST'), summary: 'With --target endpoint: the HTTP method.'}),
    body: Flags.string({parse: nonBlank('--body', "'{}'"), helpGroup: FlagGroup.target, dependsOn: ['endpoint'], summary: 'With --target endpoint: the JSON body to send.'}),
    domain: Flags.string({parse: nonBlank('--domain', 'default'), helpGroup: FlagGroup.target, summary: 'Domain for --target purge on a server with domains (pulp-service: default).'}),
    timeout: Flags.integer({default: 30, min: 1, max: 86_400, helpGroup: FlagGroup.target, summary: 'Seconds each test-endpoint call should dispatch for (sent as ?timeout=; pulp-service ignores it and runs ~25 s); at most a day.'}),
    concurrency: Flags.integer({
      char: 'c',
      aliases: ['max-workers'],
      default: 50,
      min: 1,
      helpGroup: FlagGroup.rate,
      summary: 'Requests kept in flight at once (one socket each; at most the open-file limit allows).',
    }),
    rate: Flags.string({helpGroup: FlagGroup.rate, summary: 'Start requests at this rate (50, 50/s, 2.5, 1e3, 1_000, 600/m; at most 100000/s) instead of back to back; latency counts from the scheduled start.'}),
    'run-until': Flags.integer({min: 1, helpGroup: FlagGroup.stop, summary: 'Keep going until the server reported this many tasks; in-flight requests still finish and count.'}),
    duration: Flags.string({char: 'd', helpGroup: FlagGroup.stop, summary: 'Keep starting requests for this long (e.g. 30s, 5m).'}),
    'max-consecutive-failures': Flags.integer({min: 1, helpGroup: FlagGroup.stop, defaultHelp: shownDefault('10 × --concurrency'), summary: 'Stop after this many failed requests in a row.'}),
    grace: Flags.string({
      default: '30s',
      helpGroup: FlagGroup.stop,
      summary: 'After a stop signal, how long requests in flight may still finish before they are abandoned.',
      description: 'SIGINT (Ctrl-C), SIGTERM and SIGHUP stop new requests at once; requests in flight get up to this long (or their own timeout) to answer, then they are abandoned and counted: the server may have created tasks for them, so the rate is then a lower bound. A second signal exits at once.',
    }),
    track: Flags.boolean({helpGroup: FlagGroup.tracking, summary: 'Follow the dispatched tasks (202 targets) until they finish and report blocked/queue/run times.'}),
    'track-timeout': Flags.string({default: '5m', helpGroup: FlagGroup.tracking, summary: 'How long --track waits for tasks to finish.'}),
    'server-stats': Flags.boolean({
      default: true,
      allowNo: true,
      helpGroup: FlagGroup.tracking,
      summary: "Poll the server's queue during and after the load (on by default when the credentials can read tasks; --no-server-stats turns it off).",
      description:
        'Counts of waiting and running tasks (and of the task processes online) every --server-stats-interval, on a connection of its own (never counted in the load\'s requests), then after the load until the queue is back to its level before the run: queue depth over time, drain time, the server\'s ingest and processing rates, how busy its task processes were, and the requests it made, in the result\'s `server` object.',
    }),
    'server-stats-interval': Flags.string({default: '2s', helpGroup: FlagGroup.tracking, summary: 'Time between two samples of the server\'s queue (at least 200ms).'}),
    'drain-timeout': Flags.string({default: '5m', helpGroup: FlagGroup.tracking, summary: 'After the load, how long to wait for the queue to drain back to its level before the run.'}),
    'fail-if': failIfFlag('latency.p99 > 30 s or requests.failed / requests.total > 0.01', 'latency.p99, tasksPerSecond, requests.failures.timeout, server.drainSeconds; absent causes count 0'),
    output: outputFlag('one row per request'),
  };

  /** The server-stats poller's own client, so that its requests never share the load's sockets. */
  private statsClient?: PulpClient;

  protected needsCredentials(): boolean {
    return this.flags.target === 'purge' || this.flags.target === 'endpoint' || this.flags.track;
  }

  async run(): Promise<void> {
    const {flags} = this;
    const workers = requireWorkersWithinLimit(flags.concurrency, '--concurrency');
    const durationSeconds = flags.duration === undefined ? undefined : requireDuration(flags.duration, '--duration');
    const trackTimeoutSeconds = requireDuration(flags['track-timeout'], '--track-timeout');
    const graceSeconds = requireDuration(flags.grace, '--grace');
    const rate = flags.rate === undefined ? undefined : parseRate(flags.rate);
    const statsInterval = requireDuration(flags['server-stats-interval'], '--server-stats-interval');
    if (statsInterval < 0.2) throw new UsageError(`--server-stats-interval '${flags['server-stats-interval']}' is too short: at least 200ms`);
    const drainTimeout = requireDuration(flags['drain-timeout'], '--drain-timeout');
    const subject = insertionSubject(flags.track);
    const thresholds = parseThresholds(flags['fail-if'] ?? [], subject);
    const outputs = parseOutputs(flags.output ?? [], {json: this.jsonEnabled(), kind: 'insertion'});
    this.documentOnStdout = documentToStdout(outputs);
    const kind = flags.endpoint !== undefined && flags.target === 'test-tasks' ? 'endpoint' : flags.target;
    const targetFor = (domain: string | undefined) =>
      resolveTarget(this.connection.urls, {kind, timeoutSeconds: flags.timeout, domain, endpoint: flags.endpoint, method: flags.method, body: flags.body});
    let domain = flags.domain ?? this.connection.domain;
    let target = targetFor(domain); // checked before any request
    if (flags.track && target.answers !== 'task-href') throw new UsageError('--track follows tasks of 202 targets (--target purge or endpoint); the test endpoints report only counts');

    const summary = await this.checkServer();
    if (kind === 'purge' && domain === undefined && summary?.domainEnabled) {
      // As task-analysis does: on a server with domains (pulp-service), purge lives in a domain.
      domain = 'default';
      target = targetFor(domain);
      this.note('the server has domains: purging in domain "default" (use --domain NAME for another)');
    }

    const options: InsertionOptions = {
      target,
      workers,
      timeoutSeconds: flags.timeout,
      runUntil: flags['run-until'],
      durationSeconds,
      rate,
      maxConsecutiveFailures: flags['max-consecutive-failures'],
      track: flags.track
        ? {listUrl: this.connection.urls.tasks(domain), timeoutSeconds: trackTimeoutSeconds, note: (line) => this.note(line)}
        : undefined,
    };
    options.stop = {signal: this.stopSignals.signal, received: () => this.stopSignals.received};
    options.server = flags['server-stats']
      ? await this.startServerStats(domain ?? (summary?.domainEnabled ? 'default' : undefined), statsInterval, drainTimeout)
      : {enabled: false, reason: 'turned off (--no-server-stats)'};
    const load = prepareInsertion(this.client, options);
    // Shown on a terminal only, without --json; a stop signal clears it before the note below.
    const progress = await startProgress({enabled: !this.printsDocument(), signal: this.stopSignals.signal});
    const phases = new InsertionPhases(load, options, progress);
    if (options.track) options.track.onProgress = phases.onTracking;
    if (options.server instanceof InsertionTelemetry) options.server.onDrain = phases.onDraining;
    let grace: NodeJS.Timeout | undefined;
    const stopListening = this.stopSignals.onStop((name) => {
      if (load.reason !== undefined && load.inFlight === 0) this.note(`\n${name}: the load is over; reporting now (again to quit at once)`);
      else this.note(`\n${name}: no new requests; waiting up to ${formatSeconds(graceSeconds)} for the ${load.inFlight} in flight (--grace; again to quit now)`);
      load.stop('interrupted');
      grace = setTimeout(() => load.abortInFlight(), graceSeconds * 1000);
    });
    phases.show();
    let outcome;
    try {
      outcome = await completeInsertion(this.client, load, options);
    } finally {
      phases.show(); // the final state (stopped, tracked) as the last frame: a short end phase may fall between two redraws
      progress.stop();
      stopListening();
      if (grace) clearTimeout(grace);
    }

    const {result, failure} = outcome;
    const outcomes = evaluateThresholds(thresholds, result, subject);
    if (outcomes.length > 0) result.thresholds = outcomes;
    // The report is drawn from the document as written (numbers rounded as in the file): `report show` prints it again.
    const document = asWritten(resultDocument('insertion', this.resultMeta(), result));
    if (this.printsDocument()) this.printDocument(document);
    else this.log(await renderResult(document));
    // A file that cannot be written must not lose the report (above) or the other files; the run's own failure wins.
    const outputFailure = await deliverOutputs(outputs, document, {write: (write) => load.recorder.requests.writeCsv(write)}, (line) => this.note(line));
    if (failure && outputFailure) this.note(`Error: ${outputFailure.message}`);
    if (failure) throw afterResult(failure);
    if (outputFailure) throw afterResult(outputFailure);
    const crossed = thresholdFailure(outcomes);
    if (crossed) throw afterResult(crossed);
  }

  /** The server's side of the run, on a client (and sockets) of its own; off, with the reason, when it cannot read tasks. */
  private async startServerStats(domain: string | undefined, intervalSeconds: number, drainTimeoutSeconds: number): Promise<InsertionTelemetry | ServerStatsOff> {
    const client = (this.statsClient = new PulpClient(this.connection, {
      userAgent: `pulp-bench/${this.config.version}`,
      timeoutMs: 10_000,
      retry: {limit: 1, baseDelayMs: 200},
      maxRetryWaitMs: Math.min(this.flags['max-retry-wait'], intervalSeconds) * 1000,
      onNote: (line) => this.note(line),
    }));
    const telemetry = new InsertionTelemetry(client, telemetryEndpoints(this.connection.urls, {domain}), {
      intervalSeconds,
      drainTimeoutSeconds,
      signal: this.stopSignals.signal,
      note: (line) => this.note(line),
    });
    const reason = await telemetry.start();
    if (reason === undefined) return telemetry;
    this.note(`server stats off: ${reason} (--no-server-stats silences this)`);
    return {enabled: false, reason};
  }

  public async finally(error: Error | undefined): Promise<void> {
    this.statsClient?.close();
    await super.finally(error);
  }
}
