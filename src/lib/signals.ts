/**
 * One way to stop: SIGINT (Ctrl-C), SIGTERM and SIGHUP (what CI systems and terminals send on cancel) all ask the
 * running command to stop starting work, account for what is in flight, print what was measured and exit with
 * 128 + the signal's number (130, 143, 129). A second signal exits at once.
 */
import {constants} from 'node:os';

export type StopSignalName = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export const STOP_SIGNALS: readonly StopSignalName[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Where bin/run.js keeps the signals that arrived while the CLI was loading. */
export const EARLY_SIGNALS = Symbol.for('pulp-bench.early-signals');

/** The exit code of a run stopped by a signal: 128 + its number (SIGINT 130, SIGTERM 143, SIGHUP 129). */
export function signalExitCode(name: StopSignalName): number {
  return 128 + constants.signals[name];
}

/**
 * Watches the stop signals for one command. `signal` aborts at the first one (the HTTP client's reads end at once
 * with it); listeners registered with `onStop` run then (or at once, if a signal already came); `onSecond` is
 * called for any further signal and should exit the process.
 */
export class StopSignals {
  /** The first stop signal received, if any. */
  received: StopSignalName | undefined;
  private readonly controller = new AbortController();
  private readonly listeners = new Set<(name: StopSignalName) => void>();
  private readonly handlers = new Map<StopSignalName, () => void>();

  constructor(private readonly onSecond: (name: StopSignalName) => void) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  install(): this {
    for (const name of STOP_SIGNALS) {
      const handler = () => this.handle(name);
      this.handlers.set(name, handler);
      process.on(name, handler);
    }
    // A signal bin/run.js held while the CLI was loading is this command's first one.
    const early = (globalThis as Record<symbol, {release?: () => StopSignalName | undefined} | undefined>)[EARLY_SIGNALS];
    const pending = early?.release?.();
    if (pending) this.handle(pending);
    return this;
  }

  dispose(): void {
    for (const [name, handler] of this.handlers) process.off(name, handler);
    this.handlers.clear();
  }

  /** Runs `listener` at the first stop signal; returns a function that unregisters it. */
  onStop(listener: (name: StopSignalName) => void): () => void {
    if (this.received) {
      listener(this.received);
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first stop signal (for commands that serve until stopped). */
  stopped(): Promise<StopSignalName> {
    return new Promise((resolve) => this.onStop(resolve));
  }

  /** Handles a signal as if the process had received it (tests, and the password prompt's Ctrl-C). */
  handle(name: StopSignalName): void {
    if (this.received) {
      this.onSecond(name);
      return;
    }
    this.received = name;
    this.controller.abort(Object.assign(new Error(`stopped by ${name}`), {name: 'AbortError'}));
    for (const listener of [...this.listeners]) listener(name);
    this.listeners.clear();
  }
}
