#!/usr/bin/env node
// Entry point. Moves global flags given before the command (the original tool's syntax) after it, then runs oclif.
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
