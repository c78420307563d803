import {Flags} from '@oclif/core';

import {analysisEndpoint, analysisSubject, runAnalysis} from '../lib/analysis/run-analysis.js';
import {type AnalysisWindow, resolveWindow} from '../lib/analysis/window.js';
import {PulpCommand} from '../lib/base-command.js';
import {afterResult, InterruptedError, PulpBenchError, UsageError} from '../lib/errors.js';
import {FlagGroup, shownDefault} from '../lib/flag-groups.js';
import {nonBlank} from '../lib/flag-values.js';
import {checkCsvTarget, writeDurationRows, writeDurationsCsv} from '../lib/render/csv.js';
import {formatNumber} from '../lib/render/format.js';
import {asWritten} from '../lib/render/json.js';
import {startProgress} from '../lib/render/progress.js';
import {fetchFrames} from '../lib/render/progress-frames.js';
import {renderResult} from '../lib/report/show.js';
import {resultDocument} from '../lib/result/document.js';
import {outputFlag} from '../lib/result/output-flag.js';
import {deliverOutputs, documentToStdout, parseOutputs} from '../lib/result/outputs.js';
import {failIfFlag} from '../lib/threshold-flag.js';
import {evaluateThresholds, parseThresholds, thresholdFailure} from '../lib/thresholds.js';
import {isoMicros, nowUs} from '../lib/time.js';

const STATES = ['waiting', 'skipped', 'running', 'completed', 'failed', 'canceled', 'canceling'] as const;

export default class TaskAnalysis extends PulpCommand<typeof TaskAnalysis> {
  static hiddenAliases = ['task_analysis'];
  static resultKind = 'analysis' as const;
  static summary = 'Fetch the tasks created in a time window and report how long they waited, why, and how long they ran.';
  static description = [
    'Wait = started − created (the original tool\'s figure), split into blocked on locks (unblocked − created) and queued for',
    'a worker (started − unblocked), plus run time, throughput, a distribution, a per-name breakdown and the backlog over time.',
    'Statistics cover completed tasks with started_at and finished_at; percentiles interpolate linearly (numpy\'s default).',
  ].join(' ');

  static examples = [
    '<%= config.bin %> <%= command.id %> --api-root https://pulp.example.com --since 2h',
    '<%= config.bin %> --api-root https://host/api --cert c.pem --key k.pem <%= command.id %> --all-domains --since 2026-11-20T00:00:00Z --until 2026-11-21T00:00:00Z',
    '<%= config.bin %> <%= command.id %> --api-root http://127.0.0.1:24817/api --password password --since 24h --task-name pulp_service.app.tasks.util.no_op_task --csv waits.csv',
    '<%= config.bin %> <%= command.id %> --api-root http://127.0.0.1:24817/api --password password --json --fail-if "waitTime.p95 > 5 s" --fail-if "fetch.missing > 0"',
  ];

  static requiresCredentials = true;

  static flags = {
    since: Flags.string({default: '1h', helpGroup: FlagGroup.window, summary: 'Window start: ISO 8601 (naive = UTC) or relative (30m, 2h, 7d); from 1970 on, windows up to 366 days.'}),
    until: Flags.string({helpGroup: FlagGroup.window, defaultHelp: shownDefault('now'), summary: 'Window end, same forms (now: when the command starts).'}),
    'task-name': Flags.string({parse: nonBlank('--task-name', 'pulp_service.app.tasks.util.no_op_task'), helpGroup: FlagGroup.window, summary: 'Only tasks with this exact name.'}),
    state: Flags.string({multiple: true, options: [...STATES], helpGroup: FlagGroup.window, summary: 'Only tasks in this state (repeatable).'}),
    domain: Flags.string({
      parse: nonBlank('--domain', 'default'),
      helpGroup: FlagGroup.window,
      summary: 'Read this domain\'s task list (servers with domains; "default" when the server has domains and neither this nor --all-domains is given).',
    }),
    'all-domains': Flags.boolean({helpGroup: FlagGroup.window, exclusive: ['domain'], summary: 'Read pulp-service\'s admin list of all domains ({api-root}/pulp/admin/tasks/; needs admin rights).'}),
    concurrency: Flags.integer({char: 'c', default: 4, min: 1, max: 64, helpGroup: FlagGroup.fetch, summary: 'Requests in flight at once.'}),
    'page-size': Flags.integer({default: 1000, min: 1, max: 100_000, helpGroup: FlagGroup.fetch, summary: 'Tasks per request.'}),
    'allow-partial': Flags.boolean({helpGroup: FlagGroup.fetch, summary: 'Analyze the consistent part of inconsistent task-list answers (counted in fetch.problems) instead of exit 5.'}),
    bins: Flags.option({options: ['human', 'hours'] as const, default: 'human' as const, helpGroup: FlagGroup.output, summary: 'Distribution bins: human (<0s, 0–1 s, … >8 h) or hours (the original tool\'s <1h … >8h).'})(),
    csv: Flags.string({helpGroup: FlagGroup.output, summary: 'Write one row per analyzed task with its four durations to this file (- for stdout; its folder must exist).'}),
    'fail-if': failIfFlag('waitTime.p95 > 5 s', 'waitTime.p95, runTime.median, states.failed, fetch.missing; absent states count 0'),
    output: outputFlag('one row per analyzed task, as --csv'),
  };

  async run(): Promise<void> {
    const {flags} = this;
    const window = resolveWindow(flags.since, flags.until, nowUs());
    const outputs = parseOutputs(flags.output ?? [], {json: this.jsonEnabled(), kind: 'analysis', otherFiles: {'--csv': flags.csv}});
    this.documentOnStdout = documentToStdout(outputs);
    if (flags.csv === '-' && this.documentOnStdout) throw new UsageError('--csv - and --output - both write to stdout; give --csv a file');
    if (flags.csv !== undefined) checkCsvTarget(flags.csv, {json: this.jsonEnabled()});
    const subject = await analysisSubject(flags.bins);
    const thresholds = parseThresholds(flags['fail-if'] ?? [], subject);

    const progress = {pages: 0, tasks: 0, expected: 0};
    let endpoint: string | undefined;
    let outcome;
    try {
      endpoint = await this.chooseEndpoint();
      outcome = await this.fetchAndAnalyze(endpoint, window, progress);
    } catch (error) {
      const signal = this.stopSignals.received;
      if (!signal) throw error;
      // Stopped before the statistics: none are shown (a part of a window would mislead), but what was fetched is said.
      const message = `stopped by ${signal} while fetching: ${formatNumber(progress.tasks)} of at least ${formatNumber(progress.expected)} tasks fetched; no statistics shown`;
      if (outputs.some((target) => !target.stdout)) this.note('no --output file written: stopped before the statistics');
      if (!this.printsDocument()) throw new InterruptedError(message, signal);
      this.printDocument({
        ...this.resultHead(),
        interrupted: true,
        signal,
        window: {since: isoMicros(window.sinceUs), until: isoMicros(window.untilUs)},
        endpoint: endpoint ?? null,
        fetch: {pages: progress.pages, received: progress.tasks, expected: progress.expected},
      });
      throw afterResult(new InterruptedError(message, signal));
    }

    const {result, columns} = outcome;
    // A failure writing the CSV must not discard the analysis: report first, then the CSV's error.
    let csvFailure: PulpBenchError | undefined;
    if (flags.csv) {
      try {
        const rows = await writeDurationsCsv(flags.csv, columns);
        this.note(`wrote ${rows} rows to ${flags.csv}`);
      } catch (error) {
        csvFailure = error instanceof PulpBenchError ? error : new UsageError(`cannot write --csv ${flags.csv}: ${(error as Error).message}`);
      }
    }
    const signal = this.stopSignals.received;
    if (signal) Object.assign(result, {interrupted: true, signal});
    const outcomes = evaluateThresholds(thresholds, result, subject);
    if (outcomes.length > 0) result.thresholds = outcomes;
    // The report is drawn from the document as written (numbers rounded as in the file): `report show` prints it again.
    const document = asWritten(resultDocument('analysis', this.resultMeta(), result));
    if (this.printsDocument()) this.printDocument(document);
    else this.log(await renderResult(document));
    const outputFailure = await deliverOutputs(outputs, document, {write: (write) => writeDurationRows(columns, write)}, (line) => this.note(line));
    // The exit is the signal's, else the first file's failure; any other failure is said on stderr.
    const failures = [csvFailure, outputFailure].filter((failure) => failure !== undefined);
    const [first, ...others] = signal ? [undefined, ...failures] : failures;
    for (const other of others) this.note(`Error: ${other!.message}`);
    if (signal) throw afterResult(new InterruptedError(`stopped by ${signal} after the statistics were computed`, signal));
    if (first) throw afterResult(first);
    const failure = thresholdFailure(outcomes);
    if (failure) throw afterResult(failure);
  }

  /** The task list to read: --all-domains, --domain, or domain "default" when the status says the server has domains. */
  private async chooseEndpoint(): Promise<string> {
    const {flags} = this;
    let domain = flags.domain ?? this.connection.domain;
    const summary = await this.checkServer();
    if (!flags['all-domains'] && domain === undefined && summary?.domainEnabled) {
      domain = 'default';
      this.note('the server has domains: reading domain "default" (use --domain NAME or --all-domains for others)');
    }
    return analysisEndpoint(this.client, {allDomains: flags['all-domains'], domain});
  }

  /** Fetches the window with live progress on a terminal, then computes the statistics. */
  private async fetchAndAnalyze(endpoint: string, window: AnalysisWindow, progress: {pages: number; tasks: number; expected: number}) {
    const {flags} = this;
    const live = await startProgress({enabled: !this.printsDocument(), signal: this.stopSignals.signal});
    live.show(fetchFrames(progress));
    try {
      return await runAnalysis(this.client, {
        window,
        endpoint,
        taskName: flags['task-name'],
        states: flags.state,
        pageSize: flags['page-size'],
        concurrency: flags.concurrency,
        bins: flags.bins,
        allowPartial: flags['allow-partial'],
        onPage: (current) => Object.assign(progress, current),
      });
    } finally {
      live.stop();
    }
  }

}
