import {Flags} from '@oclif/core';

import {PulpCommand} from '../lib/base-command.js';
import {requireDuration} from '../lib/durations.js';
import {afterResult, BadServerResponseError, InterruptedError, UnreachableError, UsageError} from '../lib/errors.js';
import {FlagGroup} from '../lib/flag-groups.js';
import {nonBlank} from '../lib/flag-values.js';
import {renderThresholds} from '../lib/render/thresholds.js';
import {stdoutView} from '../lib/render/view.js';
import {renderWatchScreen, renderWatchSummary} from '../lib/render/watch.js';
import {type ServerSample, ServerSampler, telemetryEndpoints} from '../lib/telemetry/server-sampler.js';
import {WatchPeriod, watchSubject} from '../lib/telemetry/watch-summary.js';
import {failIfFlag} from '../lib/threshold-flag.js';
import {evaluateThresholds, parseThresholds, type ThresholdOutcome, thresholdFailure} from '../lib/thresholds.js';
import {isoMicros, nowUs} from '../lib/time.js';

/** Cursor to the top left, and what ends each line and the screen: clear to the right, clear below. */
const HOME = '\u001B[H';
const CLEAR_SCREEN = '\u001B[2J';
const CLEAR_LINE = '\u001B[K';
const CLEAR_BELOW = '\u001B[J';
const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';

/** Waits `ms` or until `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, {once: true});
  });
}

export default class Watch extends PulpCommand<typeof Watch> {
  static summary = "A live view of a Pulp's tasking system: queue, rates, workers, oldest and longest tasks, top names.";
  static description = [
    'Samples the task list every --interval with count-only requests (limit=1, never a full list): waiting and running',
    'tasks, tasks finished, failed and created in the last minute (ingest and processing rates per second), the oldest',
    'waiting and the longest running task, online and missing workers, and the most frequent names among the oldest',
    '--names-limit waiting and running tasks (read at most every 10 s). On a terminal the screen is redrawn in place; Ctrl-C (or SIGTERM, SIGHUP)',
    'prints a summary of the watched period and exits 130 (143, 129). A figure the server will not give (no permission',
    "for the workers list, a filter it lacks) is shown as unknown, said once. With --json the output is JSON Lines: one",
    'object per sample ("kind": "sample") and a last one of kind "summary" when stopped — the one exception to',
    "pulp-bench's one-document rule; with --once it is exactly one document. --fail-if is checked on every sample: the",
    'first sample crossing a threshold is printed, then the command exits 6 (a cron alert: --once --fail-if …).',
  ].join(' ');

  static examples = [
    'PULP_PASSWORD=… <%= config.bin %> <%= command.id %> --api-root https://pulp.example.com',
    '<%= config.bin %> --api-root https://host/api --cert c.pem --key k.pem <%= command.id %> --all-domains --interval 5s',
    '<%= config.bin %> <%= command.id %> --profile prod --once --fail-if "waiting > 1000" --fail-if "oldestWaitingSeconds > 10 min"',
    '<%= config.bin %> <%= command.id %> --api-root https://pulp.example.com --json --interval 10s >> queue.jsonl',
  ];

  static requiresCredentials = true;

  static baseFlags = {
    ...PulpCommand.baseFlags,
    json: Flags.boolean({helpGroup: FlagGroup.output, summary: 'JSON Lines on stdout: one object per sample, a last one of kind "summary" when stopped (--once: exactly one document).'}),
  };

  static flags = {
    interval: Flags.string({default: '2s', helpGroup: FlagGroup.sampling, summary: 'Time between samples (e.g. 500ms, 2s, 1m); at least 200 ms.'}),
    once: Flags.boolean({helpGroup: FlagGroup.sampling, summary: 'Take one sample, print it and exit (cron, scripts).'}),
    domain: Flags.string({
      parse: nonBlank('--domain', 'default'),
      helpGroup: FlagGroup.sampling,
      summary: 'Watch this domain\'s tasks (servers with domains; "default" when the server has domains and neither this nor --all-domains is given).',
    }),
    'all-domains': Flags.boolean({helpGroup: FlagGroup.sampling, exclusive: ['domain'], summary: "Watch pulp-service's admin list of all domains (needs admin rights)."}),
    'names-limit': Flags.integer({
      default: 1000,
      min: 0,
      max: 10_000,
      helpGroup: FlagGroup.sampling,
      summary: 'Read the names of at most this many waiting and running tasks (the oldest) for the top names; 0 = none.',
    }),
    'fail-if': failIfFlag('waiting > 1000', 'waiting, running, oldestWaitingSeconds, workers.online, workers.missing, ingestRate, processingRate'),
  };

  async run(): Promise<void> {
    const {flags} = this;
    const interval = requireDuration(flags.interval, '--interval');
    if (interval < 0.2) throw new UsageError(`--interval '${flags.interval}' is too short: at least 200ms`);
    const subject = watchSubject();
    const thresholds = parseThresholds(flags['fail-if'] ?? [], subject);
    const json = this.jsonEnabled();
    const live = !json && !flags.once && process.stdout.isTTY === true;
    const sampler = new ServerSampler(this.client, await this.chooseEndpoints(), {detail: 'full', namesLimit: flags['names-limit'], signal: this.stopSignals.signal});
    const period = new WatchPeriod();
    const stop = this.stopSignals.signal;
    let lastFailure: string | undefined;
    let lastSample: ServerSample | undefined;
    let frames = 0;
    if (live) process.stdout.write(HIDE_CURSOR);
    try {
      while (!stop.aborted) {
        const started = performance.now();
        let sample: ServerSample;
        const before = sampler.requests;
        try {
          sample = await sampler.sample();
        } catch (error) {
          if (stop.aborted) {
            period.addRequests(sampler.requests - before);
            break;
          }
          // A live view rides out a server that is briefly away or failing; a single sample cannot.
          if (flags.once || !(error instanceof UnreachableError || error instanceof BadServerResponseError)) throw error;
          lastFailure = (error as Error).message;
          period.addFailure(lastFailure, sampler.requests - before);
          if (json) this.printDocument({kind: 'failed-sample', at: isoMicros(nowUs()), error: lastFailure});
          else if (live && lastSample) this.draw(await renderWatchScreen(lastSample, {interval, failure: lastFailure}, stdoutView()), frames++);
          else this.note(`sample failed: ${lastFailure}`);
          await pause(interval * 1000 - (performance.now() - started), stop);
          continue;
        }
        lastFailure = undefined;
        lastSample = sample;
        if (!live) for (const note of sampler.takeNewNotes()) this.note(`note: ${note}`);
        const outcomes = evaluateThresholds(thresholds, sample, subject);
        const crossed = thresholdFailure(outcomes);
        period.add(sample, crossed !== undefined);
        await this.show(sample, outcomes, {json, live, interval: flags.once ? undefined : interval, frame: frames++});
        if (crossed) {
          if (!flags.once) await this.printSummary(period.finish(), json, live);
          throw afterResult(crossed);
        }
        if (flags.once) return;
        await pause(interval * 1000 - (performance.now() - started), stop);
      }
    } finally {
      if (live) process.stdout.write(SHOW_CURSOR);
    }
    const signal = this.stopSignals.received ?? 'SIGINT';
    await this.printSummary(period.finish(signal), json, live);
    throw afterResult(new InterruptedError(`stopped by ${signal}`, signal, {quiet: true}));
  }

  private async show(sample: ServerSample, outcomes: ThresholdOutcome[], options: {json: boolean; live: boolean; interval?: number; frame: number}): Promise<void> {
    if (options.json) {
      this.printDocument(outcomes.length > 0 ? {...sample, thresholds: outcomes} : sample);
      return;
    }
    const view = stdoutView();
    const screen = [await renderWatchScreen(sample, {interval: options.interval, notes: options.live}, view), renderThresholds(outcomes, view)].filter(Boolean).join('\n\n');
    if (options.live) this.draw(screen, options.frame);
    else this.log(options.interval === undefined ? screen : `${screen}\n`);
  }

  /** Redraws the screen in place: from the top left, each line cleared to its right, the rest cleared below. */
  private draw(screen: string, frame: number): void {
    const rows = process.stdout.rows && process.stdout.rows > 2 ? process.stdout.rows - 1 : 1000;
    const lines = screen.split('\n').slice(0, rows);
    process.stdout.write(`${frame === 0 ? CLEAR_SCREEN : ''}${HOME}${lines.map((line) => `${line}${CLEAR_LINE}`).join('\n')}\n${CLEAR_BELOW}`);
  }

  private async printSummary(summary: ReturnType<WatchPeriod['finish']>, json: boolean, live: boolean): Promise<void> {
    if (json) this.printDocument(summary);
    else this.log(`${live ? '' : '\n'}${await renderWatchSummary(summary, stdoutView())}`);
  }

  /** The task list to watch: --all-domains, --domain, or domain "default" when the status says the server has domains. */
  private async chooseEndpoints() {
    const {flags} = this;
    let domain = flags.domain ?? this.connection.domain;
    const summary = await this.checkServer();
    if (!flags['all-domains'] && domain === undefined && summary?.domainEnabled) {
      domain = 'default';
      this.note('the server has domains: watching domain "default" (use --domain NAME or --all-domains for others)');
    }
    return telemetryEndpoints(this.client.urls, {domain, allDomains: flags['all-domains']});
  }
}
