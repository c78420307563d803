/** Runs the built CLI like runCli, with bin/run.js's own Node options, and samples its peak RSS (Linux). */
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';

import {cleanCliEnv} from './clean-env.js';
import {BIN, type CliResult} from './cli.js';

/** The Node options on bin/run.js's shebang line (`#!/usr/bin/env -S node --max-semi-space-size=8`). */
function shebangNodeOptions(): string[] {
  const first = readFileSync(BIN, 'utf8').split('\n', 1)[0];
  const words = first.replace(/^#!\S*\s*(-S\s+)?/, '').split(/\s+/).filter(Boolean);
  return words.slice(words.findIndex((word) => /(^|\/)node$/.test(word)) + 1);
}

/** VmHWM (peak resident set) of a live process, kB; undefined once it is gone. */
function peakRssKb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export interface MeasuredCliResult extends CliResult {
  /** Highest VmHWM seen while the process ran, kB (VmHWM only grows, so the last sample is within one interval of the end). */
  peakRssKb: number;
}

export function runCliMeasured(args: string[], options: {env?: Record<string, string | undefined>; timeoutMs?: number; sampleMs?: number} = {}): Promise<MeasuredCliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {...cleanCliEnv(), NO_COLOR: '1', FORCE_COLOR: '0'};
    Object.assign(env, options.env ?? {});
    const child = spawn(process.execPath, [...shebangNodeOptions(), BIN, ...args], {env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const sampler = setInterval(() => {
      peak = Math.max(peak, peakRssKb(child.pid!) ?? 0);
    }, options.sampleMs ?? 10);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('exit', () => {
      peak = Math.max(peak, peakRssKb(child.pid!) ?? 0); // a zombie until reaped: usually still readable
      clearInterval(sampler);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      clearInterval(sampler);
      resolve({code, stdout, stderr, peakRssKb: peak});
    });
  });
}
