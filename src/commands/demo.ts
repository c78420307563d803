import {Flags} from '@oclif/core';

import {runAnalysis} from '../lib/analysis/run-analysis.js';
import {BenchCommand} from '../lib/bench-command.js';
import {afterResult, InterruptedError} from '../lib/errors.js';
import {PulpClient} from '../lib/client.js';
import {normaliseApiRoot} from '../lib/connection.js';
import {completeInsertion, prepareInsertion} from '../lib/insertion/run-insertion.js';
import {resolveTarget} from '../lib/insertion/targets.js';
import {MAX_HISTORY_TASKS, requireWorkersWithinLimit} from '../lib/limits.js';
import {renderAnalysis} from '../lib/render/analysis.js';
import {renderInsertion} from '../lib/render/insertion.js';
import {asWritten} from '../lib/render/json.js';
import {startProgress} from '../lib/render/progress.js';
import {fetchFrames, InsertionPhases} from '../lib/render/progress-frames.js';
import {flowCommand, flowText, terminalWidth} from '../lib/render/text.js';
import {resultDocument} from '../lib/result/document.js';
import type {MetaSource} from '../lib/result/meta.js';
import {outputFlag} from '../lib/result/output-flag.js';
import {deliverOutputs, documentToStdout, parseOutputs} from '../lib/result/outputs.js';
import {DEFAULT_TASK_OVERHEAD_MS, startSimulator} from '../lib/simulator/index.js';
import {statusLine, type StatusSummary, summariseStatus} from '../lib/status.js';
import {nowUs} from '../lib/time.js';

const HISTORY_HOURS = 2;

export default class Demo extends BenchCommand<typeof Demo> {
  static resultKind = 'demo' as const;
  static summary = 'Try pulp-bench offline: start the built-in Pulp simulator, load it for ~10 s, then analyze the task waits.';
  static description = [
    'Starts the simulator (pulp-service layout, a seeded two-hour task history), runs test-task-insertion against its',
    'test endpoint, analyzes every task of the window with task-analysis, prints both reports and what to try next.',
    'Nothing leaves this machine.',
  ].join(' ');

  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --seconds 5 -c 2 --keep', '<%= config.bin %> <%= command.id %> --json | jq .analysis.waitTime'];

  static flags = {
    concurrency: Flags.integer({
      char: 'c',
      aliases: ['workers'],
      default: 4,
      min: 1,
      max: 1000,
      summary: 'Insertion requests in flight at once (two sockets each: client and simulator share this process).',
    }),
    seconds: Flags.integer({default: 10, min: 1, max: 120, summary: 'How long the insertion runs (the ?timeout= of each call).'}),
    history: Flags.integer({default: 20_000, min: 0, max: MAX_HISTORY_TASKS, summary: 'Seeded past tasks preloaded into the simulator.'}),
    seed: Flags.integer({default: 42, summary: 'Seed of the history.'}),
    port: Flags.integer({default: 0, min: 0, max: 65_535, summary: 'Simulator port (0: any free port).'}),
    keep: Flags.boolean({summary: 'Leave the simulator running afterwards (until Ctrl-C) and print its URL.'}),
    output: outputFlag(undefined),
  };

  /** The simulator measured, for meta.server. */
  private server?: {apiRoot: string; status: StatusSummary | null};

  protected serverForMeta(): MetaSource['server'] | undefined {
    return this.server;
  }

  async run(): Promise<void> {
    const {flags} = this;
    requireWorkersWithinLimit(flags.concurrency, '--concurrency', {socketsPerWorker: 2});
    const outputs = parseOutputs(flags.output ?? [], {json: this.jsonEnabled(), kind: 'demo'});
    this.documentOnStdout = documentToStdout(outputs);
    const json = this.printsDocument();
    const width = terminalWidth(json ? process.stderr : process.stdout);
    const out = (text: string) => (json ? this.note(text) : this.log(text));
    const say = (line: string) => out(flowText(line, width));
    const simulator = await startSimulator({
      port: flags.port,
      layout: 'pulp-service',
      workers: 8,
      taskMs: '300',
      history: {count: flags.history, hours: HISTORY_HOURS, seed: flags.seed},
      // The demo's calls last --seconds: the simulator honours ?timeout= (the real test endpoints run 25 s).
      honourTimeout: true,
    });
    const client = new PulpClient(
      {urls: normaliseApiRoot(simulator.apiRoot), username: simulator.username, password: simulator.password, verifySsl: true, debugRequests: false},
      {userAgent: `pulp-bench/${this.config.version}`, stopSignal: this.stopSignals.signal},
    );
    try {
      const made = simulator.history ? `, made by ${simulator.history.workers} simulated workers` : '';
      say(`Simulator: ${simulator.apiRoot} (pulp-service layout, 8 ${simulator.workerType} workers running 300 ms tasks + ${DEFAULT_TASK_OVERHEAD_MS} ms worker overhead each, ${flags.history} history tasks over ${HISTORY_HOURS} h${made}; test calls honour ?timeout=, unlimited API workers, no page cost)`);
      this.server = {apiRoot: simulator.apiRoot, status: null};
      this.server.status = summariseStatus(await client.status());
      say(`Server: ${statusLine(this.server.status)}`);
      say(`\nStep 1 — test-task-insertion: ${flags.concurrency} concurrent calls to the test endpoint for ${flags.seconds} s…\n`);
      const sinceUs = nowUs() - (HISTORY_HOURS * 3600 + 60) * 1e6;
      const options = {
        target: resolveTarget(client.urls, {kind: 'test-tasks', timeoutSeconds: flags.seconds}),
        workers: flags.concurrency,
        timeoutSeconds: flags.seconds,
        stop: {signal: this.stopSignals.signal, received: () => this.stopSignals.received},
      };
      const load = prepareInsertion(client, options);
      const progress = await startProgress({enabled: !json, signal: this.stopSignals.signal});
      // A stop signal ends the demo at once: nothing here is worth waiting for.
      const stopListening = this.stopSignals.onStop(() => {
        load.stop('interrupted');
        load.abortInFlight();
      });
      new InsertionPhases(load, {...options, callSeconds: flags.seconds}, progress).show();
      const insertion = await completeInsertion(client, load, options).finally(() => {
        progress.stop();
        stopListening();
      });
      const signal = this.stopSignals.received;
      if (signal) {
        if (json) this.printDocument(resultDocument('demo', this.resultMeta(), {simulator: {apiRoot: simulator.apiRoot, username: simulator.username}, insertion: insertion.result, interrupted: true, signal}));
        else this.log(await renderInsertion(asWritten(insertion.result)));
        if (outputs.some((target) => !target.stdout)) this.note('no --output file written: the demo stopped before its analysis');
        throw afterResult(new InterruptedError(`demo stopped by ${signal} during the insertion step`, signal));
      }
      if (insertion.failure) throw insertion.failure;
      // Each report is drawn from its part of the document as written: `report show` of the file prints the same two.
      if (!json) this.log(await renderInsertion(asWritten(insertion.result)));

      say(`\nStep 2 — task-analysis of every task created in the last ${HISTORY_HOURS} h (history + what was just inserted)…\n`);
      const fetched = {pages: 0, tasks: 0, expected: 0};
      progress.show(fetchFrames(fetched));
      const analysis = await runAnalysis(client, {
        window: {sinceUs, untilUs: nowUs()},
        endpoint: client.urls.adminTasks(),
        pageSize: 1000,
        concurrency: 4,
        bins: 'human',
        onPage: (current) => Object.assign(fetched, current),
      }).finally(() => progress.stop());
      const document = asWritten(resultDocument('demo', this.resultMeta(), {simulator: {apiRoot: simulator.apiRoot, username: simulator.username}, insertion: insertion.result, analysis: analysis.result}));
      if (json) this.printDocument(document);
      else this.log(await renderAnalysis(document.analysis!));
      const outputFailure = await deliverOutputs(outputs, document, undefined, (line) => this.note(line));

      const root = flags.keep ? simulator.apiRoot : 'http://127.0.0.1:24817/api';
      say('\nWhat to try next:');
      const next: Array<[string, string]> = [
        ...(flags.keep
          ? []
          : [['a simulator that keeps running on 127.0.0.1:24817, as quick as this one (without flags it runs as pulp-service is deployed: 25 s test calls, one API worker)', 'pulp-bench simulate --test-honor-timeout --api-workers 16 --workers 16'] as [string, string]]),
        ['its version, workers and apps', `pulp-bench status --api-root ${root}`],
        ['its password, for the commands below (they read PULP_PASSWORD; a password on a command line is visible to others)', 'export PULP_PASSWORD=password'],
        ['load it with tasks that take locks; keep the result and an HTML report', `pulp-bench test-task-insertion --api-root ${root} --target random-lock --timeout 5 --concurrency 3 --output run.json --output run.html`],
        ['watch its queue live (Ctrl-C for a summary)', `pulp-bench watch --api-root ${root}`],
        ['how long its tasks waited, gated', `pulp-bench task-analysis --api-root ${root} --since 30m --fail-if "waitTime.p95 > 60 s"`],
        ['compare two saved runs, gate on the change', 'pulp-bench report compare before.json run.json --fail-if "delta.tasksPerSecond < -10%"'],
        ['against your own Pulp: --api-root https://host/api --cert … --key …', 'pulp-bench test-task-insertion --help'],
      ];
      for (const [comment, command] of next) out(`${flowText(`  # ${comment}`, width, '  # ')}\n${flowCommand(command, width)}`);
      // A file that could not be written ends the demo here (exit 2), after its reports; --keep then does not keep.
      if (outputFailure) throw afterResult(outputFailure);
      if (flags.keep) {
        say(`\nThe simulator keeps running at ${simulator.apiRoot} (credentials ${simulator.username} / ${simulator.password}); Ctrl-C stops it.`);
        const signal = await this.stopSignals.stopped();
        // Stopping the kept simulator is how the demo ends here; the exit code still says which signal, as everywhere.
        throw afterResult(new InterruptedError(`stopped by ${signal}`, signal, {quiet: true}));
      }
    } finally {
      client.close();
      await simulator.stop();
    }
  }
}
