#!/usr/bin/env -S node --max-semi-space-size=8
// Entry point. The small young generation (--max-semi-space-size=8, in the line above) keeps RSS near the live
// data while large task lists are parsed page by page (a million-task analysis: ~310 MB peak instead of ~425 MB).
// Moves global flags given before the command (the original tool's syntax) after it, then runs oclif.
import {flush, run} from '@oclif/core';

import {moveLeadingGlobalFlags} from '../dist/lib/argv.js';
import {PulpCommand} from '../dist/lib/base-command.js';
import {reportUnknownCommand} from '../dist/lib/unknown-command.js';

const args = moveLeadingGlobalFlags(process.argv.slice(2), PulpCommand.baseFlags);
try {
  await run(args, import.meta.url);
  await flush();
} catch (error) {
  await reportUnknownCommand(error, args, import.meta.url);
}
