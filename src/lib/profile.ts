/**
 * pulp-cli's configuration, read as pulp-cli reads it, so Pulp users reuse the profiles they already have.
 *
 * Without `--config`: `/etc/pulp/cli.toml`, then the user's `settings.toml` (deprecated by pulp-cli, with its warning)
 * and `cli.toml` in click's app folder for "pulp" (`$XDG_CONFIG_HOME/pulp`, else `~/.config/pulp`; macOS
 * `~/Library/Application Support/pulp`; Windows `%APPDATA%\pulp`). Files that do not exist or cannot be read are
 * skipped; later files override earlier ones key by key within a section (pulp-cli's "level 1 merge"), and the default
 * profile `[cli]` always exists, if empty. With `--config FILE` only that file is read, and `[cli]` must be in it.
 * `--profile NAME` selects `[cli-NAME]`. The environment variable PULP_BENCH_SYSTEM_CONFIG replaces
 * `/etc/pulp/cli.toml` (for tests and packaging).
 */
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {parse as parseToml} from 'smol-toml';

import {UsageError} from './errors.js';

export interface PulpCliProfile {
  /** `base_url` + `api_root` mapped onto pulp-bench's `--api-root`. */
  apiRoot?: string;
  username?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
  cert?: string;
  key?: string;
  verifySsl?: boolean;
  domain?: string;
  /** `headers`: "Name: value" strings, checked by headers.ts. */
  headers?: string[];
  /** The file and section `headers` came from, for messages. */
  headersSource?: string;
  /** Where the values came from, for messages: `FILE [cli-NAME]` (files joined with `+` when merged). */
  source: string;
}

export const SYSTEM_CONFIG = '/etc/pulp/cli.toml';

type Section = Record<string, unknown>;

/** click.get_app_dir('pulp'): where pulp-cli keeps the user's configuration. */
export function pulpCliAppDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME ?? homedir();
  if (platform === 'win32') return path.join(env.APPDATA || home, 'pulp');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'pulp');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'pulp');
}

/** The files pulp-cli reads, in its order (later files override earlier ones). */
export function pulpCliConfigLocations(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const appDir = pulpCliAppDir(env, platform);
  return [env.PULP_BENCH_SYSTEM_CONFIG || SYSTEM_CONFIG, path.join(appDir, 'settings.toml'), path.join(appDir, 'cli.toml')];
}

/** The user's `cli.toml` (where `pulp config create` writes). */
export function pulpCliConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return pulpCliConfigLocations(env).at(-1)!;
}

/**
 * pulp-cli splits the URL into `base_url` (https://host) and `api_root` (`/pulp/`, or `/api/pulp/` on
 * pulp-service). pulp-bench's `--api-root` is the part before `pulp/`, as in the original tool.
 */
export function apiRootFromPulpCli(baseUrl: string, apiRoot = '/pulp/'): string {
  const trimmed = apiRoot.replace(/\/+$/, '');
  if (!/(^|\/)pulp$/.test(trimmed)) {
    throw new UsageError(`pulp-cli api_root '${apiRoot}' does not end in 'pulp/'; pass --api-root instead`);
  }
  const prefix = trimmed.slice(0, -'pulp'.length).replace(/\/+$/, '');
  return `${baseUrl.replace(/\/+$/, '')}${prefix}`;
}

function parseFile(text: string, file: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`pulp-cli config ${file} is not valid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
}

const isTable = (value: unknown): value is Section => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** A merged configuration: sections by name, and for each key of each section the file it came from. */
export interface PulpCliConfig {
  sections: Map<string, Section>;
  /** `section.key` → the file that set it (the last one), for messages. */
  origins: Map<string, string>;
  /** The files read, in order. */
  files: string[];
  /** Files looked for (all of them, for "not found" messages). */
  locations: string[];
  /** Whether `[cli]` exists even when no file has it (the default locations; not with --config). */
  implicitDefault: boolean;
}

/**
 * Reads pulp-cli's configuration: only `configFile` when given (it must exist), else every existing file of
 * `locations` merged key by key. `note` receives pulp-cli's deprecation warning for `settings.toml`.
 */
export function readPulpCliConfig(options: {configFile?: string; locations?: string[]; note?: (line: string) => void} = {}): PulpCliConfig {
  const sections = new Map<string, Section>();
  const origins = new Map<string, string>();
  const merge = (document: Record<string, unknown>, file: string) => {
    for (const [name, value] of Object.entries(document)) {
      // pulp-cli only ever looks at tables named cli or cli-*; anything else is not a profile.
      if (name !== 'cli' && !name.startsWith('cli-')) continue;
      if (!isTable(value)) throw new UsageError(`pulp-cli config ${file}: [${name}] is not a table`);
      sections.set(name, {...sections.get(name), ...value});
      for (const key of Object.keys(value)) origins.set(`${name}.${key}`, file);
    }
  };

  if (options.configFile !== undefined) {
    const file = options.configFile;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
      throw new UsageError(`--config ${file} ${reason}`);
    }
    merge(parseFile(text, file), file);
    return {sections, origins, files: [file], locations: [file], implicitDefault: false};
  }

  const locations = options.locations ?? pulpCliConfigLocations();
  const files: string[] = [];
  for (const file of locations) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      // As pulp-cli: a file that is not there or not readable (by this user) is skipped.
      if (['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) continue;
      throw new UsageError(`cannot read pulp-cli config ${file}: ${(error as Error).message}`);
    }
    if (path.basename(file) === 'settings.toml') {
      options.note?.(`warning: using '${file}' for the pulp-cli configuration is deprecated; please move it to '${path.join(path.dirname(file), 'cli.toml')}'`);
    }
    merge(parseFile(text, file), file);
    files.push(file);
  }
  return {sections, origins, files, locations, implicitDefault: true};
}

/** `a`, `a or b`, `a, b or c`. */
const orList = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);

/** The section of profile `name` (`[cli]` without a name); a usage error listing the profiles there are when missing. */
export function selectProfile(config: PulpCliConfig, name: string | undefined): {section: Section; sectionName: string} {
  const sectionName = name === undefined ? 'cli' : `cli-${name}`;
  const section = config.sections.get(sectionName) ?? (sectionName === 'cli' && config.implicitDefault ? {} : undefined);
  if (section) return {section, sectionName};
  const what = name === undefined ? 'the default profile [cli]' : `profile '${name}' ([${sectionName}])`;
  if (config.files.length === 0) throw new UsageError(`${what} not found: no pulp-cli config at ${orList(config.locations)}`);
  const known = [...config.sections.keys()].filter((key) => key !== 'cli').map((key) => key.slice(4));
  const hasDefault = config.implicitDefault || config.sections.has('cli');
  const listed = [...(hasDefault ? ['the default [cli]'] : []), ...known];
  throw new UsageError(`${what} not found in ${config.files.join(' + ')} (known: ${listed.length > 0 ? listed.join(', ') : 'none'})`);
}

/**
 * The connection settings of one profile section, checked as pulp-cli's validate_config checks them (other keys, such
 * as `format` or `timeout`, are pulp-cli's own and ignored). `sourceOf(key)` names where a key came from: `FILE [cli]`.
 */
export function profileValues(section: Section, sourceOf: (key: string) => string, source: string): PulpCliProfile {
  const string = (key: string): string | undefined => {
    const value = section[key];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new UsageError(`${sourceOf(key)}: '${key}' must be a string`);
    return value;
  };
  const baseUrl = string('base_url');
  const verify = section.verify_ssl;
  if (verify !== undefined && typeof verify !== 'boolean') throw new UsageError(`${sourceOf('verify_ssl')}: 'verify_ssl' must be true or false`);
  const domain = string('domain');
  if (domain !== undefined && !/^[-a-zA-Z0-9_]+$/.test(domain)) throw new UsageError(`${sourceOf('domain')}: 'domain' must be a slug (letters, digits, - and _)`);
  const headers = section.headers;
  if (headers !== undefined && !(Array.isArray(headers) && headers.every((header) => typeof header === 'string'))) {
    throw new UsageError(`${sourceOf('headers')}: 'headers' must be a list of "Name: value" strings`);
  }
  return {
    apiRoot: baseUrl ? apiRootFromPulpCli(baseUrl, string('api_root')) : undefined,
    username: string('username'),
    password: string('password'),
    clientId: string('client_id'),
    clientSecret: string('client_secret'),
    cert: string('cert'),
    key: string('key'),
    verifySsl: verify,
    domain,
    headers: headers as string[] | undefined,
    headersSource: headers === undefined ? undefined : sourceOf('headers'),
    source,
  };
}

export interface LoadProfileOptions {
  /** `--config FILE`: read only this file. */
  configFile?: string;
  /** The files read without `--config` (default: pulpCliConfigLocations()). */
  locations?: string[];
  note?: (line: string) => void;
}

/**
 * Loads a profile: `[cli-NAME]` for a name, else the default `[cli]`. Undefined when no name was asked for and no
 * file says anything (nothing configured); a usage error for an unknown profile or a broken file.
 */
export function loadPulpCliProfile(name: string | undefined, options: LoadProfileOptions = {}): PulpCliProfile | undefined {
  const config = readPulpCliConfig(options);
  if (name === undefined && config.files.length === 0) return undefined;
  const {section, sectionName} = selectProfile(config, name);
  const sourceOf = (key: string) => `${config.origins.get(`${sectionName}.${key}`) ?? config.files.at(-1)} [${sectionName}]`;
  return profileValues(section, sourceOf, `${config.files.join(' + ')} [${sectionName}]`);
}
