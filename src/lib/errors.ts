/**
 * Typed errors and the exit codes they map to. Every failure a user can cause or meet is one of these;
 * the command boundary (BaseCommand) turns them into one line on stderr and the exit code.
 */

export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  unreachable: 3,
  auth: 4,
  badServer: 5,
  threshold: 6,
  /** SIGHUP, SIGINT, SIGTERM: 128 + the signal's number. */
  hangup: 129,
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class of every error pulp-bench reports to the user. */
export class PulpBenchError extends Error {
  readonly exitCode: ExitCodeValue;
  /** Short machine-readable name, used in --json error documents. */
  readonly kind: string;

  /** Set when the command already printed its result (then --json prints no second, error document). */
  afterResult = false;

  constructor(message: string, exitCode: ExitCodeValue, kind: string, options?: {cause?: unknown}) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.kind = kind;
  }
}

/** Marks an error raised after the command printed its result (exit code only, no second JSON document). */
export function afterResult<E extends PulpBenchError>(error: E): E {
  error.afterResult = true;
  return error;
}

/** Invalid flags, arguments, configuration or input (exit 2). */
export class UsageError extends PulpBenchError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, ExitCode.usage, 'usage', options);
  }
}

/** The server could not be reached: DNS, refused, timeout, TLS (exit 3). */
export class UnreachableError extends PulpBenchError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, ExitCode.unreachable, 'unreachable', options);
  }
}

/**
 * The process or the system ran out of file descriptors (EMFILE, ENFILE) opening connections (exit 2: the fix is
 * local — a higher `ulimit -n` or fewer requests at once).
 */
export class TooManyOpenFilesError extends PulpBenchError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, ExitCode.usage, 'too-many-open-files', options);
  }
}

/** The server refused our credentials or our permissions (401/403, exit 4). */
export class AuthError extends PulpBenchError {
  readonly status: number;
  constructor(message: string, status: number, options?: {cause?: unknown}) {
    super(message, ExitCode.auth, status === 401 ? 'unauthorized' : 'forbidden', options);
    this.status = status;
  }
}

/** The server answered, but not with something we can use (exit 5). */
export class BadServerResponseError extends PulpBenchError {
  readonly status: number | undefined;
  constructor(message: string, status?: number, kind = 'bad-response', options?: {cause?: unknown}) {
    super(message, ExitCode.badServer, kind, options);
    this.status = status;
  }
}

/** 404 on a path we expected to exist (exit 5). */
export class NotFoundError extends BadServerResponseError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, 404, 'not-found', options);
  }
}

/** A 400 from the server: it rejected what we sent (exit 2, since it is almost always the user's input). */
export class RejectedRequestError extends PulpBenchError {
  readonly body: unknown;
  constructor(message: string, body: unknown, options?: {cause?: unknown}) {
    super(message, ExitCode.usage, 'rejected', options);
    this.body = body;
  }
}

/** One or more --fail-if thresholds were crossed (exit 6). */
export class ThresholdError extends PulpBenchError {
  readonly failed: string[];
  constructor(failed: string[], total = failed.length) {
    super(`${failed.length} of ${total} threshold${total === 1 ? '' : 's'} crossed: ${failed.join('; ')}`, ExitCode.threshold, 'threshold');
    this.failed = failed;
  }
}

const SIGNAL_EXIT: Record<string, ExitCodeValue> = {SIGINT: ExitCode.interrupted, SIGTERM: ExitCode.terminated, SIGHUP: ExitCode.hangup};

/** The run was stopped by SIGINT, SIGTERM or SIGHUP (exit 130, 143, 129). */
export class InterruptedError extends PulpBenchError {
  readonly signal: string;
  /** Nothing to say on stderr (e.g. Ctrl-C at the password prompt). */
  readonly quiet: boolean;
  constructor(message = 'interrupted', signal = 'SIGINT', options: {quiet?: boolean; cause?: unknown} = {}) {
    super(message, SIGNAL_EXIT[signal] ?? ExitCode.interrupted, 'interrupted', {cause: options.cause});
    this.signal = signal;
    this.quiet = options.quiet ?? false;
  }
}
