/**
 * PulpCommand: the base class of every pulp-bench command and of third-party plugin commands. It declares the
 * global Pulp flags, resolves them into a Connection and a PulpClient, and is the one error boundary: typed
 * errors become one line on stderr and a documented exit code.
 */
import {Command, Errors, Flags, type Interfaces} from '@oclif/core';

import {PulpClient} from './client.js';
import {type Connection, type GlobalFlagValues, resolveConnection} from './connection.js';
import {durationSeconds} from './durations.js';
import {ExitCode, type ExitCodeValue, InterruptedError, PulpBenchError, UnreachableError, UsageError} from './errors.js';
import {promptHidden, type PromptStreams} from './prompt.js';
import {documentJson} from './render/json.js';
import {writeDiagnostic} from './render/live-line.js';
import {PASSWORD_ARGV_HINT, passwordFromCommandLine} from './security-notes.js';
import {signalExitCode, type StopSignalName, StopSignals} from './signals.js';
import {statusLine, summariseStatus, type StatusSummary} from './status.js';

export type PulpFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof PulpCommand)['baseFlags'] & T['flags']>;
export type PulpArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

const GLOBAL = 'GLOBAL';

/** Returns a password prompter when `input` is a terminal, else undefined (no prompt possible). */
export function passwordPrompter(streams: PromptStreams, stop?: {signal: AbortSignal; received?: string}): ((username: string, apiRoot: string) => Promise<string>) | undefined {
  if (!streams.input.isTTY) return undefined;
  return (username, apiRoot) => promptHidden(`Password for ${username} at ${apiRoot}: `, streams, stop);
}

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
    .join(' ');
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

export abstract class PulpCommand<T extends typeof Command> extends Command {
  static baseFlags = {
    'api-root': Flags.string({
      env: 'PULP_API_ROOT',
      helpGroup: GLOBAL,
      summary: 'Pulp URL before "/pulp/": https://host for stock Pulp, https://host/api for pulp-service.',
    }),
    user: Flags.string({env: 'PULP_USER', helpGroup: GLOBAL, summary: 'Username for HTTP Basic auth. [default: admin]'}),
    password: Flags.string({env: 'PULP_PASSWORD', helpGroup: GLOBAL, summary: 'Password for HTTP Basic auth (prompted on a terminal when needed).'}),
    cert: Flags.string({env: 'PULP_CERT', helpGroup: GLOBAL, summary: 'Client certificate (PEM) for mTLS; may also hold the key.'}),
    key: Flags.string({env: 'PULP_KEY', helpGroup: GLOBAL, summary: 'Private key (PEM) for the client certificate.'}),
    'verify-ssl': Flags.boolean({allowNo: true, helpGroup: GLOBAL, summary: 'Verify the server certificate. [default: true]'}),
    'debug-requests': Flags.boolean({helpGroup: GLOBAL, summary: 'Trace every HTTP request on stderr (secrets redacted).'}),
    profile: Flags.string({env: 'PULP_PROFILE', helpGroup: GLOBAL, summary: 'Read connection settings from pulp-cli profile [cli-NAME] of ~/.config/pulp/cli.toml.'}),
    'max-retry-wait': Flags.custom<number>({
      helpGroup: GLOBAL,
      default: 60,
      defaultHelp: async () => '60s',
      summary: 'Longest wait a server may impose with Retry-After (429/503) before a retry: 30s, 2m, …',
      parse: async (input) => {
        const seconds = durationSeconds(input);
        if (seconds === undefined) throw new Error(`--max-retry-wait '${input}' is not a duration; use e.g. 30s, 2m`);
        return seconds;
      },
    })(),
    client: Flags.string({hidden: true, options: ['async', 'sync'], summary: 'Accepted for compatibility with pulp_benchmark; ignored.'}),
  };

  static enableJsonFlag = true;

  /** Whether the command talks to a Pulp server (then --api-root is required). */
  static needsPulp = true;
  /** Whether the command needs credentials (then a missing password is prompted for or refused). */
  static requiresCredentials = false;

  protected flags!: PulpFlags<T>;
  protected args!: PulpArgs<T>;
  /**
   * SIGINT, SIGTERM and SIGHUP: the first aborts the client's reads and runs the command's `onStop` listeners; a
   * second exits at once (with --json, after printing an error document if none was printed yet).
   */
  protected readonly stopSignals = new StopSignals((name) => this.exitAtOnce(name));
  /** Whether the command already printed its JSON document (exactly one per run). */
  private documentPrinted = false;
  private resolvedConnection?: Connection;
  private pulpClient?: PulpClient;

  /** The resolved connection settings. Only for commands with `needsPulp`. */
  protected get connection(): Connection {
    if (!this.resolvedConnection) throw new Error(`${this.id ?? 'command'} does not connect to Pulp`);
    return this.resolvedConnection;
  }

  /** The HTTP client for the server named by the global flags. Only for commands with `needsPulp`. */
  protected get client(): PulpClient {
    if (!this.pulpClient) {
      // The hint comes when the password is about to be used, not before a usage error that ends the run anyway.
      if (passwordFromCommandLine(process.argv, this.connection.password)) this.note(PASSWORD_ARGV_HINT);
      this.pulpClient = new PulpClient(this.connection, {
        userAgent: `pulp-bench/${this.config.version}`,
        maxRetryWaitMs: this.flags['max-retry-wait'] * 1000,
        onNote: (line) => this.note(line),
        stopSignal: this.stopSignals.signal,
      });
    }
    return this.pulpClient;
  }

  public async init(): Promise<void> {
    this.stopSignals.install();
    await super.init();
    const ctor = this.ctor as typeof PulpCommand & T;
    const {args, flags} = await this.parse({
      args: ctor.args,
      baseFlags: (super.ctor as typeof PulpCommand).baseFlags,
      enableJsonFlag: ctor.enableJsonFlag,
      flags: ctor.flags,
      strict: ctor.strict,
    });
    this.flags = flags as PulpFlags<T>;
    this.args = args as PulpArgs<T>;
    if (flags.client) process.stderr.write('note: --client is accepted for compatibility and has no effect\n');
    if (ctor.needsPulp) {
      this.resolvedConnection = await resolveConnection(flags as GlobalFlagValues, {
        requiresCredentials: this.needsCredentials(),
        promptPassword: passwordPrompter({input: process.stdin, output: process.stderr}, this.stopSignals),
      });
    }
  }

  /** Whether this run needs credentials; override when it depends on the flags (available as this.flags). */
  protected needsCredentials(): boolean {
    return (this.ctor as typeof PulpCommand).requiresCredentials;
  }

  /** Prints the command's one JSON document on stdout. */
  protected printDocument(document: unknown): void {
    this.documentPrinted = true;
    process.stdout.write(`${documentJson(document)}\n`);
  }

  /** A second stop signal: say so, keep the one-document promise of --json, exit 128 + the signal's number. */
  private exitAtOnce(name: StopSignalName): never {
    process.stderr.write(`\n${name} again: exiting now\n`);
    if (this.jsonEnabled() && !this.documentPrinted) {
      this.printDocument({error: {kind: 'interrupted', message: `stopped by ${name} twice`, exitCode: signalExitCode(name)}, interrupted: true, signal: name});
    }
    process.exit(signalExitCode(name));
  }

  /** Writes a diagnostic line to stderr (never stdout, so --json output stays one document). */
  protected note(line: string): void {
    writeDiagnostic(`${line}\n`);
  }

  /** Fetches status and prints the one-line server summary on stderr, as the original tool does at start. */
  protected async announceServer(): Promise<StatusSummary> {
    const summary = summariseStatus(await this.client.status());
    this.note(`${this.connection.urls.apiRoot}: ${statusLine(summary)}`);
    return summary;
  }

  /**
   * announceServer for commands that can go on without the status: an unreachable server (exit 3) or a stop signal
   * ends the command at once; any other failure of the status check is a warning and the command goes on.
   */
  protected async checkServer(): Promise<StatusSummary | undefined> {
    try {
      return await this.announceServer();
    } catch (error) {
      if (error instanceof UnreachableError || this.stopSignals.received) throw error;
      this.note(`warning: status check failed: ${(error as Error).message}`);
      return undefined;
    }
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
    if (this.jsonEnabled() && !mapped.afterResult && !this.documentPrinted) {
      const interrupted = mapped instanceof InterruptedError ? {interrupted: true, signal: mapped.signal} : {};
      this.printDocument({error: {kind: mapped.kind, message: mapped.message, exitCode: mapped.exitCode}, ...interrupted});
    }
    return this.exit(mapped.exitCode);
  }

  public async finally(error: Error | undefined): Promise<void> {
    this.stopSignals.dispose();
    this.pulpClient?.close();
    await super.finally(error);
  }
}
