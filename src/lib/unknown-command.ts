/**
 * Last-resort handling in bin/run.js for errors raised outside a command. An unknown command (oclif's
 * not-found plugin exits 127 without a suggestion when stdin is not a terminal) becomes one line with the
 * closest command name and exit code 2; everything else goes to oclif's own handler.
 */
import {Config, Errors, handle} from '@oclif/core';

import {ExitCode} from './errors.js';

/** Edit distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The known name closest to `typed`, or undefined if nothing is reasonably close. */
export function closestName(typed: string, names: string[]): string | undefined {
  let best: {name: string; distance: number} | undefined;
  for (const name of names) {
    const distance = editDistance(typed, name);
    if (!best || distance < best.distance) best = {name, distance};
  }
  return best && best.distance <= Math.max(2, Math.floor(typed.length / 2)) ? best.name : undefined;
}

export async function reportUnknownCommand(error: unknown, args: string[], root: string): Promise<void> {
  const exit = (error as Errors.CLIError)?.oclif?.exit;
  if (exit !== 127) {
    await handle(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  const typed = args.find((arg) => !arg.startsWith('-')) ?? '';
  let suggestion: string | undefined;
  try {
    const config = await Config.load(root);
    const names = [...config.commandIDs, ...config.commands.flatMap((command) => command.aliases)].map((id) => id.replaceAll(':', ' '));
    suggestion = closestName(typed, names);
  } catch {
    // no suggestion then
  }
  const hint = suggestion ? `Did you mean '${suggestion}'? ` : '';
  const message = `unknown command '${typed}'. ${hint}Run 'pulp-bench help' for the list of commands.`;
  process.stderr.write(`Error: ${message}\n`);
  // --json promises one document on stdout on every path, this one included.
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify({error: {kind: 'usage', message, exitCode: ExitCode.usage}})}\n`);
  process.exitCode = ExitCode.usage;
}
