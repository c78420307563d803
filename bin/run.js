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
import('./main.js');
