/**
 * `pulp-bench plugins install ./my-plugin.tgz`: npm (under @oclif/plugin-plugins) reads a bare path as a GitHub
 * shorthand and hangs ~70 s on DNS before failing. A name that is an existing local file or folder is given npm's
 * `file:` prefix with its absolute path, so local tarballs and folders install as users expect.
 */
import {existsSync} from 'node:fs';
import path from 'node:path';

const INSTALL = new Set(['install', 'add', 'i']);

/** argv with local paths after `plugins install` turned into `file:/absolute/path`. */
export function localPluginPaths(argv: string[], cwd = process.cwd(), exists: (file: string) => boolean = existsSync): string[] {
  const plugins = argv.indexOf('plugins');
  const verb = argv[plugins + 1];
  const colonForm = argv.findIndex((arg) => arg === 'plugins:install' || arg === 'plugins:add');
  const start = colonForm !== -1 ? colonForm + 1 : plugins !== -1 && INSTALL.has(verb) ? plugins + 2 : -1;
  if (start === -1) return argv;
  return argv.map((arg, index) => {
    if (index < start || arg.startsWith('-') || /^[a-z+]+:/i.test(arg)) return arg;
    const looksLocal = arg.startsWith('.') || arg.startsWith('/') || arg.startsWith('~') || /\.t(ar\.)?gz$/i.test(arg);
    const absolute = path.resolve(cwd, arg.replace(/^~(?=$|\/)/, process.env.HOME ?? '~'));
    return looksLocal && exists(absolute) ? `file:${absolute}` : arg;
  });
}
