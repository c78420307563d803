#!/usr/bin/env -S node --import tsx
// Development entry point: runs the TypeScript sources (needs the dev dependencies).
import {flush, run, settings} from '@oclif/core';

import {moveLeadingGlobalFlags} from '../src/lib/argv.ts';
import {PulpCommand} from '../src/lib/base-command.ts';
import {reportUnknownCommand} from '../src/lib/unknown-command.ts';

process.env.NODE_ENV = 'development';
settings.debug = true;
// The sources' base flags (the manifest may be stale here); the commands' own flags go after the command.
const args = moveLeadingGlobalFlags(process.argv.slice(2), PulpCommand.baseFlags);
run(args, {root: new URL('..', import.meta.url).pathname, development: true})
  .then(() => flush())
  .catch((error) => reportUnknownCommand(error, args, import.meta.url));
