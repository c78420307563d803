/**
 * `.netrc` for HTTP Basic credentials (as curl, git and Python's requests read it): `~/.netrc`, or the file `NETRC`
 * names. An entry is `machine HOST login NAME password SECRET` (or `default …` for any host), tokens separated by
 * any white space, `"quoted tokens"` allowed, `#` comments and `macdef` blocks skipped. A missing file is no entry; a
 * file that cannot be read or parsed is a usage error naming the file and line, never quoting its contents.
 */
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';

import {UsageError} from './errors.js';

export interface NetrcEntry {
  login?: string;
  password?: string;
  /** The file the entry came from, for messages. */
  file: string;
}

interface Token {
  text: string;
  line: number;
}

export function netrcPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.NETRC && env.NETRC.length > 0 ? env.NETRC : path.join(env.HOME ?? homedir(), '.netrc');
}

/** Splits the file into tokens with their line numbers; a `macdef` body (up to an empty line) is dropped. */
function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '\n') line++;
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if (char === '#') {
      while (index < text.length && text[index] !== '\n') index++;
      continue;
    }
    let token = '';
    const start = line;
    if (char === '"') {
      index++;
      while (index < text.length && text[index] !== '"') {
        if (text[index] === '\\' && index + 1 < text.length) index++;
        if (text[index] === '\n') line++;
        token += text[index++];
      }
      if (index >= text.length) throw new UsageError(`${file}: line ${start}: unterminated quoted token`);
      index++;
    } else {
      while (index < text.length && !/\s/.test(text[index])) token += text[index++];
    }
    tokens.push({text: token, line: start});
    if (token === 'macdef') {
      // The macro's name, then its body up to the first empty line: neither is an entry.
      const end = text.indexOf('\n\n', index);
      const stop = end === -1 ? text.length : end + 2;
      line += (text.slice(index, stop).match(/\n/g) ?? []).length;
      index = stop;
      tokens.pop();
    }
  }
  return tokens;
}

/** Every entry of a .netrc text: `machine` entries by lower-case host name, and the `default` entry. */
export function parseNetrc(text: string, file: string): {machines: Map<string, NetrcEntry>; fallback?: NetrcEntry} {
  const machines = new Map<string, NetrcEntry>();
  let fallback: NetrcEntry | undefined;
  let current: NetrcEntry | undefined;
  const tokens = tokenize(text, file);
  for (let index = 0; index < tokens.length; index++) {
    const {text: keyword, line} = tokens[index];
    const value = () => {
      const next = tokens[++index];
      if (next === undefined) throw new UsageError(`${file}: line ${line}: '${keyword}' has no value`);
      return next.text;
    };
    if (keyword === 'machine') {
      const host = value().toLowerCase();
      current = {file};
      // The first entry for a host wins, as in curl and Python's netrc.
      if (!machines.has(host)) machines.set(host, current);
    } else if (keyword === 'default') {
      current = {file};
      fallback ??= current;
    } else if (keyword === 'login' || keyword === 'password' || keyword === 'account') {
      const text = value();
      if (!current) throw new UsageError(`${file}: line ${line}: '${keyword}' before any 'machine' or 'default'`);
      if (keyword === 'login') current.login = text;
      if (keyword === 'password') current.password = text;
    } else {
      throw new UsageError(`${file}: line ${line}: unexpected token (expected machine, default, login, password, account or macdef)`);
    }
  }
  return {machines, fallback};
}

/**
 * The entry for `hostname` (an exact `machine`, else `default`) in the .netrc file, or undefined when the file does
 * not exist or has no entry for it.
 */
export function netrcEntry(hostname: string, file = netrcPath()): NetrcEntry | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new UsageError(`cannot read ${file} (.netrc): ${code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
  const {machines, fallback} = parseNetrc(text, file);
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return machines.get(host) ?? fallback;
}
