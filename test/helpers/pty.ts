/**
 * Runs the built CLI in a pseudo-terminal of a given width, through util-linux `script`, the way a person at a
 * terminal runs it: stdout and stderr are both the terminal, so the output holds the live progress line and the
 * report in the order the terminal received them. Every child started here is killed by killAllInPty().
 */
import {type ChildProcess, spawn} from 'node:child_process';

import {BIN} from './cli.js';

const children = new Set<ChildProcess>();

export interface PtyResult {
  code: number | null;
  /** Everything the terminal received, escape sequences included. */
  output: string;
}

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

export interface RunningInPty {
  /** What the terminal received so far. */
  output: () => string;
  done: Promise<PtyResult>;
  /** Sends a signal to the CLI itself (as Ctrl-C at its terminal would). */
  signal: (name: NodeJS.Signals) => void;
}

export function startInPty(args: string[], options: {columns: number; env?: Record<string, string | undefined>; timeoutMs?: number}): RunningInPty {
  const env: Record<string, string | undefined> = {...process.env, TERM: 'xterm-256color', ...options.env};
  for (const key of ['PULP_API_ROOT', 'PULP_USER', 'PULP_PASSWORD', 'PULP_PROFILE', 'DEBUG', 'CI', 'FORCE_COLOR', 'NO_COLOR']) if (!options.env || !(key in options.env)) delete env[key];
  // The shell says its pid, which the CLI keeps (exec), so that a test can signal it.
  const command = `stty cols ${options.columns} rows 50; echo "pid=$$"; exec ${quote(process.execPath)} ${[BIN, ...args].map(quote).join(' ')}`;
  // stdin stays an open pipe: `script` ends the session when its input ends.
  const child = spawn('script', ['-qfec', command, '/dev/null'], {env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'], detached: true});
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => killAllInPty(), options.timeoutMs ?? 60_000);
  const done = new Promise<PtyResult>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({code, output: output.replace(/^pid=\d+\r?\n/, '')});
    }),
  );
  return {
    output: () => output,
    done,
    signal: (name) => {
      const pid = /^pid=(\d+)/.exec(output)?.[1];
      if (pid) process.kill(Number(pid), name);
    },
  };
}

export function runInPty(args: string[], options: {columns: number; env?: Record<string, string | undefined>; timeoutMs?: number}): Promise<PtyResult> {
  return startInPty(args, options).done;
}

/** Resolves once `predicate` holds for the output so far (checked every 50 ms), or rejects after `ms`. */
export async function waitForOutput(running: RunningInPty, predicate: (output: string) => boolean, ms = 30_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!predicate(running.output())) {
    if (performance.now() > deadline) throw new Error(`output never matched; it was:\n${running.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Kills every `script` still running and the CLI in its terminal (an afterEach hook). */
export function killAllInPty(): void {
  for (const child of children) {
    try {
      // The CLI runs in the terminal's own session: closing the terminal sends it SIGHUP, and it stops.
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

const ESCAPES = /\u001B(?:\[[0-9;?]*[A-Za-z]|[78])/g;
const COLOURS = /\u001B\[[0-9;]*m/g;

/** The progress frames drawn (cli-progress writes each as cursor-to-column-1, the line, clear-to-the-right). */
export function progressFrames(output: string): string[] {
  return [...output.matchAll(/\u001B\[1G((?:[^\u001B]|\u001B\[[0-9;]*m)*)\u001B\[0K/g)].map((match) => match[1].replaceAll(COLOURS, '')).filter((frame) => frame !== '');
}

/** The output as lines a person sees after the run, escape sequences removed (progress frames included, one per line). */
export function visibleLines(output: string): string[] {
  return output
    .replaceAll('\u001B[1G', '\n')
    .replaceAll(ESCAPES, '')
    .split(/\r?\n|\r/);
}

/** The percentages the frames showed, in order. */
export function percentages(frames: string[]): number[] {
  return frames.map((frame) => /▏ (\d+)%/.exec(frame)).filter((match) => match !== null).map((match) => Number(match![1]));
}
