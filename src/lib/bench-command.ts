/**
 * BenchCommand: the base of every pulp-bench command. It is the one error boundary (typed errors become one line on
 * stderr and a documented exit code), owns the stop signals (SIGINT, SIGTERM, SIGHUP), keeps `--json`'s promise of
 * exactly one document on stdout, and declares the flags every command has (`--json`, `-h/--help`).
 * Commands that talk to Pulp extend PulpCommand (base-command.ts), which adds the connection flags; commands that do
 * not (demo, simulate) extend this class directly, so their help and parsing carry no connection flags.
 */
import {Command, Errors, Flags, type Interfaces} from '@oclif/core';

import {ExitCode, type ExitCodeValue, InterruptedError, PulpBenchError, UsageError} from './errors.js';
import {FlagGroup} from './flag-groups.js';
import {documentJson} from './render/json.js';
import {writeDiagnostic} from './render/live-line.js';
import {RESULT_SCHEMA, type ResultKind, type ResultMeta} from './result/document.js';
import {buildMeta, type MetaSource} from './result/meta.js';
import {signalExitCode, type StopSignalName, StopSignals} from './signals.js';
import {nowUs} from './time.js';

export type BenchFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BenchCommand)['baseFlags'] & T['flags']>;
export type BenchArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

const ANSI = /\u001B\[[0-9;]*m/g;

/** Turns anything thrown into a PulpBenchError (or an oclif exit, passed through). */
export function toPulpBenchError(error: unknown): PulpBenchError | Errors.ExitError {
  if (error instanceof PulpBenchError) return error;
  if (error instanceof Errors.ExitError) return error;
  const cliError = error as Errors.CLIError & {parse?: unknown};
  const message = String(cliError?.message ?? error)
    .replace(ANSI, '')
    .replace(/See more help with --help/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join(' ')
    .replace(/^The following errors? occurred: /, ''); // oclif's preamble to failed flag relations (dependsOn, exclusive)
  const flagParse = /^Parsing (--[\w-]+)\s+(.*)$/.exec(message);
  if (flagParse) {
    const [, flag, reason] = flagParse;
    return new UsageError(reason.startsWith(flag) ? reason : `${flag}: ${reason}`, {cause: error});
  }
  if (cliError?.parse !== undefined || cliError?.oclif?.exit === 2) return new UsageError(`${message} (see --help)`, {cause: error});
  const exit = cliError?.oclif?.exit;
  // An oclif error with its own exit code (from oclif or a plugin): keep the code it chose.
  if (typeof exit === 'number' && exit !== 1) return new PulpBenchError(message, exit as ExitCodeValue, 'cli', {cause: error});
  return new PulpBenchError(`internal error: ${message} (set DEBUG=pulp-bench* for details)`, ExitCode.internal, 'internal', {cause: error});
}

export abstract class BenchCommand<T extends typeof Command> extends Command {
  static baseFlags = {
    // oclif adds --json itself (enableJsonFlag) in a GLOBAL group; declared here to sit in OUTPUT and say what it promises.
    json: Flags.boolean({helpGroup: FlagGroup.output, summary: 'Print exactly one JSON document on stdout (errors too).'}),
    // `-h` is also an oclif additionalHelpFlag (package.json), so it shows help before the command is even loaded.
    help: Flags.help({char: 'h', helpGroup: FlagGroup.global, description: 'Show this help.'}),
  };

  static enableJsonFlag = true;
  /** The kind of result document a measuring command makes: its error and interrupt documents carry schema/kind/meta. */
  static resultKind?: ResultKind;

  protected flags!: BenchFlags<T>;
  protected args!: BenchArgs<T>;
  /**
   * SIGINT, SIGTERM and SIGHUP: the first aborts the client's reads and runs the command's `onStop` listeners; a
   * second exits at once (with --json, after printing an error document if none was printed yet).
   */
  protected readonly stopSignals = new StopSignals((name) => this.exitAtOnce(name));
  /** Whether the command already printed its JSON document (exactly one per run). */
  private documentPrinted = false;
  /** When the command started, µs since the epoch (meta.startedAt). */
  protected readonly startedUs = nowUs();
  /** Set by a command whose JSON document goes to stdout without --json (`--output -`): errors print one there too. */
  protected documentOnStdout = false;

  public async init(): Promise<void> {
    this.stopSignals.install();
    await super.init();
    const ctor = this.ctor as typeof BenchCommand & T;
    const {args, flags} = await this.parse({
      args: ctor.args,
      baseFlags: ctor.baseFlags,
      enableJsonFlag: ctor.enableJsonFlag,
      flags: ctor.flags,
      strict: ctor.strict,
    });
    this.flags = flags as BenchFlags<T>;
    this.args = args as BenchArgs<T>;
  }

  /** Prints the command's one JSON document on stdout. */
  protected printDocument(document: unknown): void {
    this.documentPrinted = true;
    process.stdout.write(`${documentJson(document)}\n`);
  }

  /** Whether the one JSON document goes to stdout: --json, or a command's `--output -`. */
  protected printsDocument(): boolean {
    return this.jsonEnabled() || this.documentOnStdout;
  }

  /** Secret values in use, redacted wherever they appear in meta.argv (PulpCommand: the connection's). */
  protected secretsInUse(): Array<string | undefined> {
    return [];
  }

  /** The server for meta.server, when the command talks to one (PulpCommand: the connection's API root and status). */
  protected serverForMeta(): MetaSource['server'] | undefined {
    return undefined;
  }

  /** `meta` of this run's result document, ended now. */
  protected resultMeta(server = this.serverForMeta()): ResultMeta {
    return buildMeta({command: this.id ?? '', argv: this.argv, version: this.config.version, startedUs: this.startedUs, secrets: this.secretsInUse(), server});
  }

  /** schema, kind and meta for error and interrupt documents of a measuring command (nothing for other commands). */
  protected resultHead(): {schema: string; kind: ResultKind; meta: ResultMeta} | Record<string, never> {
    const kind = (this.ctor as typeof BenchCommand).resultKind;
    return kind ? {schema: RESULT_SCHEMA, kind, meta: this.resultMeta()} : {};
  }

  /** A second stop signal: say so, keep the one-document promise of --json, exit 128 + the signal's number. */
  private exitAtOnce(name: StopSignalName): never {
    process.stderr.write(`\n${name} again: exiting now\n`);
    if (this.printsDocument() && !this.documentPrinted) {
      this.printDocument({...this.resultHead(), error: {kind: 'interrupted', message: `stopped by ${name} twice`, exitCode: signalExitCode(name)}, interrupted: true, signal: name});
    }
    process.exit(signalExitCode(name));
  }

  /** Writes a diagnostic line to stderr (never stdout, so --json output stays one document). */
  protected note(line: string): void {
    writeDiagnostic(`${line}\n`);
  }

  /** The error boundary: one line on stderr, an error document on stdout with --json, the mapped exit code. */
  public async catch(error: Error & {exitCode?: number}): Promise<never> {
    let mapped = toPulpBenchError(error);
    if (mapped instanceof Errors.ExitError) throw mapped;
    const signal = this.stopSignals.received;
    if (signal && !(mapped instanceof InterruptedError)) {
      // Whatever ended the run after a stop signal (an aborted read, typically) reports the signal.
      const interrupted = new InterruptedError(`stopped by ${signal} before the command finished`, signal, {cause: error});
      interrupted.afterResult = mapped.afterResult || this.documentPrinted;
      mapped = interrupted;
    }
    if (!(mapped instanceof InterruptedError && mapped.quiet)) process.stderr.write(`Error: ${mapped.message}\n`);
    if (/pulp-bench/.test(process.env.DEBUG ?? '') && error.stack) process.stderr.write(`${error.stack}\n`);
    if (this.printsDocument() && !mapped.afterResult && !this.documentPrinted) {
      const interrupted = mapped instanceof InterruptedError ? {interrupted: true, signal: mapped.signal} : {};
      this.printDocument({...this.resultHead(), error: {kind: mapped.kind, message: mapped.message, exitCode: mapped.exitCode}, ...interrupted});
    }
    return this.exit(mapped.exitCode);
  }

  public async finally(error: Error | undefined): Promise<void> {
    this.stopSignals.dispose();
    await super.finally(error);
  }
}
