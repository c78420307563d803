// The CLI proper, loaded by bin/run.js once the Node version is known to be supported.
// Moves flags given before the command (the original tool's syntax) after it, then runs oclif.
import {readFileSync} from 'node:fs';
import module from 'node:module';

import {flush, run} from '@oclif/core';

import {flagSetsFromManifest, moveLeadingGlobalFlags} from '../dist/lib/argv.js';
import {watchStandardOutput} from '../dist/lib/output-errors.js';
import {localPluginPaths} from '../dist/lib/plugin-paths.js';
import {reportUnknownCommand} from '../dist/lib/unknown-command.js';

// Plugin packages import 'pulp-bench' (an optional peer dependency, so installing one does not pull a second copy of
// the CLI): resolve that name to this CLI's own public API, so plugins share its classes and its @oclif/core.
const publicApi = new URL('../dist/index.js', import.meta.url).href;
module.registerHooks?.({
  resolve: (specifier, context, nextResolve) => (specifier === 'pulp-bench' ? {url: publicApi, shortCircuit: true} : nextResolve(specifier, context)),
});

/**
 * The flag definitions of the commands, from oclif.manifest.json (oclif reads it anyway; importing the command classes
 * would load the HTTP client on every run, `--help` included). Without a manifest: the base command's flags.
 */
async function commandFlags() {
  try {
    return flagSetsFromManifest(JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')));
  } catch {
    const {PulpCommand} = await import('../dist/lib/base-command.js');
    return [PulpCommand.baseFlags];
  }
}

watchStandardOutput();
const argv = process.argv.slice(2);
// A promise chain, not top-level await: a flush still pending when the event loop empties must not turn into
// Node's "unsettled top-level await" exit code 13.
(argv[0]?.startsWith('-') ? commandFlags() : Promise.resolve([]))
  .then((flags) => {
    const args = localPluginPaths(moveLeadingGlobalFlags(argv, flags));
    return run(args, import.meta.url)
      .then(() => flush())
      .catch((error) => reportUnknownCommand(error, args, import.meta.url));
  });
