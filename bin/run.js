#!/usr/bin/env -S node --max-semi-space-size=8
// Entry point. The small young generation (--max-semi-space-size=8, in the line above) keeps RSS near the live
// data while large task lists are parsed page by page (with src/lib/memory.ts: a million-task analysis peaks at
// ~230 MB instead of ~420 MB).
// First thing, before any dependency is loaded (they need Node ≥ 22 and would fail in obscure ways): the version.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 20)) {
  process.stderr.write(`pulp-bench needs Node ≥ 22.20; this is ${process.versions.node}\n`);
  process.exit(2);
}
// Signals that arrive while the CLI loads (before a command installs its handlers) are held, not fatal: the command
// acts on them as soon as it starts (src/lib/signals.ts), so --json still prints its one document. A second one, or
// one that no command takes, ends the process with 128 + its number.
const early = {pending: undefined, release: undefined};
const signalNumbers = {SIGINT: 2, SIGHUP: 1, SIGTERM: 15};
const hold = (name) => {
  if (early.pending) process.exit(128 + signalNumbers[name]);
  early.pending = name;
};
for (const name of Object.keys(signalNumbers)) process.on(name, hold);
early.release = () => {
  for (const name of Object.keys(signalNumbers)) process.off(name, hold);
  const pending = early.pending;
  early.pending = undefined;
  return pending;
};
process.on('exit', () => {
  if (early.pending && !process.exitCode) process.exitCode = 128 + signalNumbers[early.pending];
});
globalThis[Symbol.for('pulp-bench.early-signals')] = early;
import('./main.js');
