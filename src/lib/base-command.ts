/**
 * PulpCommand: the base class of every pulp-bench command that talks to Pulp, and of third-party plugin commands.
 * It adds the connection flags (CONNECTION in help) to BenchCommand's error boundary, signals and --json, and
 * resolves them into a Connection and a PulpClient.
 */
import {type Command, Flags, type Interfaces} from '@oclif/core';

import {BenchCommand} from './bench-command.js';
import {PulpClient} from './client.js';
import {type Connection, type GlobalFlagValues, resolveConnection} from './connection.js';
import {durationSeconds} from './durations.js';
import {UnreachableError} from './errors.js';
import {FlagGroup, shownDefault} from './flag-groups.js';
import {promptHidden, type PromptStreams} from './prompt.js';
import {CLIENT_SECRET_ARGV_HINT, clientSecretFromCommandLine, PASSWORD_ARGV_HINT, passwordFromCommandLine} from './security-notes.js';
import {statusLine, summariseStatus, type StatusSummary} from './status.js';

export type PulpFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof PulpCommand)['baseFlags'] & T['flags']>;
export type PulpArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

const CONNECTION = FlagGroup.connection;

/** Returns a password prompter when `input` is a terminal, else undefined (no prompt possible). */
export function passwordPrompter(streams: PromptStreams, stop?: {signal: AbortSignal; received?: string}): ((username: string, apiRoot: string) => Promise<string>) | undefined {
  if (!streams.input.isTTY) return undefined;
  return (username, apiRoot) => promptHidden(`Password for ${username} at ${apiRoot}: `, streams, stop);
}

export abstract class PulpCommand<T extends typeof Command> extends BenchCommand<T> {
  static baseFlags = {
    ...BenchCommand.baseFlags,
    'api-root': Flags.string({
      env: 'PULP_API_ROOT',
      helpGroup: CONNECTION,
      summary: 'Pulp URL before "/pulp/": https://host for stock Pulp, https://host/api for pulp-service.',
    }),
    user: Flags.string({env: 'PULP_USER', helpGroup: CONNECTION, defaultHelp: shownDefault('admin'), summary: 'Username for HTTP Basic auth.'}),
    password: Flags.string({env: 'PULP_PASSWORD', helpGroup: CONNECTION, summary: 'Password for HTTP Basic auth (prompted on a terminal when needed).'}),
    cert: Flags.string({env: 'PULP_CERT', helpGroup: CONNECTION, summary: 'Client certificate (PEM) for mTLS; may also hold the key.'}),
    key: Flags.string({env: 'PULP_KEY', helpGroup: CONNECTION, summary: 'Private key (PEM) for the client certificate.'}),
    'verify-ssl': Flags.boolean({allowNo: true, helpGroup: CONNECTION, summary: 'Verify the server certificate; on by default (--no-verify-ssl turns it off).'}),
    'debug-requests': Flags.boolean({helpGroup: CONNECTION, summary: 'Trace every HTTP request on stderr (secrets redacted).'}),
    profile: Flags.string({char: 'p', env: 'PULP_CLI_PROFILE', helpGroup: CONNECTION, summary: "Use pulp-cli's profile [cli-NAME] instead of [cli] (PULP_PROFILE works too)."}),
    config: Flags.string({helpGroup: CONNECTION, summary: 'Read only this pulp-cli config file instead of /etc/pulp/cli.toml and ~/.config/pulp/cli.toml.'}),
    header: Flags.string({multiple: true, multipleNonGreedy: true, helpGroup: CONNECTION, summary: 'Extra header "Name: value" for every request to the API root\'s origin (repeatable).'}),
    'client-id': Flags.string({env: 'PULP_CLIENT_ID', helpGroup: CONNECTION, summary: 'OAuth2 client ID: requests carry a client-credentials Bearer token instead of Basic auth.'}),
    'client-secret': Flags.string({env: 'PULP_CLIENT_SECRET', helpGroup: CONNECTION, summary: 'OAuth2 client secret (prompted on a terminal when needed).'}),
    'token-url': Flags.string({env: 'PULP_TOKEN_URL', helpGroup: CONNECTION, summary: "OAuth2 token URL (default: the one the server's API schema names)."}),
    'max-retry-wait': Flags.custom<number>({
      helpGroup: CONNECTION,
      default: 60,
      defaultHelp: shownDefault('60s'),
      summary: 'Longest wait a server may impose with Retry-After (429/503) before a retry: 30s, 2m, …',
      parse: async (input) => {
        const seconds = durationSeconds(input);
        if (seconds === undefined) throw new Error(`--max-retry-wait '${input}' is not a duration; use e.g. 30s, 2m`);
        return seconds;
      },
    })(),
    client: Flags.string({hidden: true, options: ['async', 'sync'], summary: 'Accepted for compatibility with pulp_benchmark; ignored.'}),
  };

  /** Whether the command talks to a Pulp server (then --api-root is required). */
  static needsPulp = true;
  /** Whether the command needs credentials (then a missing password is prompted for or refused). */
  static requiresCredentials = false;

  declare protected flags: PulpFlags<T>;
  declare protected args: PulpArgs<T>;
  private resolvedConnection?: Connection;
  private pulpClient?: PulpClient;
  /** The server's status summary, once announceServer got it (meta.server.status). */
  private serverStatus?: StatusSummary;

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
      if (clientSecretFromCommandLine(process.argv, this.connection.oauth2?.clientSecret)) this.note(CLIENT_SECRET_ARGV_HINT);
      this.pulpClient = new PulpClient(this.connection, {
        userAgent: `pulp-bench/${this.config.version}`,
        maxRetryWaitMs: this.flags['max-retry-wait'] * 1000,
        onNote: (line) => this.note(line),
        stopSignal: this.stopSignals.signal,
      });
    }
    return this.pulpClient;
  }

  /** Parses the flags (BenchCommand), then resolves the connection settings. */
  public async init(): Promise<void> {
    await super.init();
    const ctor = this.ctor as typeof PulpCommand & T;
    const {flags} = this;
    if (flags.client) process.stderr.write('note: --client is accepted for compatibility and has no effect\n');
    if (ctor.needsPulp) {
      const streams = {input: process.stdin, output: process.stderr};
      this.resolvedConnection = await resolveConnection(flags as GlobalFlagValues, {
        requiresCredentials: this.needsCredentials(),
        promptPassword: passwordPrompter(streams, this.stopSignals),
        promptSecret: streams.input.isTTY ? (prompt) => promptHidden(prompt, streams, this.stopSignals) : undefined,
      });
    }
  }

  /** Whether this run needs credentials; override when it depends on the flags (available as this.flags). */
  protected needsCredentials(): boolean {
    return (this.ctor as typeof PulpCommand).requiresCredentials;
  }

  /** Fetches status and prints the one-line server summary on stderr, as the original tool does at start. */
  protected async announceServer(): Promise<StatusSummary> {
    const summary = summariseStatus(await this.client.status());
    this.serverStatus = summary;
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

  protected secretsInUse(): Array<string | undefined> {
    const connection = this.resolvedConnection;
    const flags = this.flags as Partial<GlobalFlagValues> | undefined;
    return [flags?.password, flags?.['client-secret'], connection?.password, connection?.oauth2?.clientSecret, ...Object.values(connection?.headers ?? {})];
  }

  protected serverForMeta(): {apiRoot: string; status: StatusSummary | null} | undefined {
    const connection = this.resolvedConnection;
    return connection ? {apiRoot: connection.urls.apiRoot, status: this.serverStatus ?? null} : undefined;
  }

  public async finally(error: Error | undefined): Promise<void> {
    this.pulpClient?.close();
    await super.finally(error);
  }
}
