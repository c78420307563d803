/** Starts the built CLI in the background, to signal it mid-run; every child started here is killed by killAll(). */
import {type ChildProcess, spawn} from 'node:child_process';

import {cleanCliEnv} from './clean-env.js';
import {BIN} from './cli.js';

export interface RunningCli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when the process has exited: its code and how long after `markSignal()` (or start) it took. */
  exited: Promise<{code: number | null; secondsAfterSignal: number}>;
  /** Sends a signal to the CLI's process group (as a terminal or CI runner does), noting the time. */
  signal: (name: NodeJS.Signals) => void;
}

const children = new Set<ChildProcess>();

export function startCli(args: string[], options: {env?: Record<string, string | undefined>} = {}): RunningCli {
  const env: Record<string, string | undefined> = {...cleanCliEnv(process.env, options.env), NO_COLOR: '1', ...options.env};
  // detached: the child leads its own process group, so the test can signal the group as a terminal would.
  const child = spawn(process.execPath, [BIN, ...args], {env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  let signalledAt = performance.now();
  const exited = new Promise<{code: number | null; secondsAfterSignal: number}>((resolve) =>
    child.on('close', (code) => {
      children.delete(child);
      resolve({code, secondsAfterSignal: (performance.now() - signalledAt) / 1000});
    }),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    signal: (name) => {
      signalledAt = performance.now();
      process.kill(-child.pid!, name);
    },
  };
}

/** Kills every CLI still running (an afterEach hook), so a failed test never leaves a child behind. */
export function killAll(): void {
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}
