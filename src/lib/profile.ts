/**
 * Reads connection settings from pulp-cli's configuration file, so that Pulp users can reuse the profiles
 * they already have: `~/.config/pulp/cli.toml` (or `$XDG_CONFIG_HOME/pulp/cli.toml`), section `[cli]` for the
 * default profile and `[cli-NAME]` for `--profile NAME`.
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
  cert?: string;
  key?: string;
  verifySsl?: boolean;
  domain?: string;
  /** Where the values came from, for messages. */
  source: string;
}

export function pulpCliConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.length > 0 ? env.XDG_CONFIG_HOME : path.join(env.HOME ?? homedir(), '.config');
  return path.join(configHome, 'pulp', 'cli.toml');
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

function optionalString(section: Record<string, unknown>, key: string, source: string): string | undefined {
  const value = section[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new UsageError(`${source}: '${key}' must be a string`);
  return value;
}

/**
 * Loads a profile. With no name, the `[cli]` section is used if the file exists (missing file → undefined);
 * with a name, the file and the `[cli-NAME]` section must exist.
 */
export function loadPulpCliProfile(name: string | undefined, configPath = pulpCliConfigPath()): PulpCliProfile | undefined {
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (error) {
    if (name === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read pulp-cli config ${configPath}: ${(error as Error).message}`);
  }

  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`pulp-cli config ${configPath} is not valid TOML: ${(error as Error).message.split('\n')[0]}`);
  }

  const sectionName = name === undefined ? 'cli' : `cli-${name}`;
  const section = document[sectionName];
  if (section === undefined) {
    if (name === undefined) return undefined;
    const known = Object.keys(document)
      .filter((key) => key.startsWith('cli-'))
      .map((key) => key.slice(4));
    throw new UsageError(`profile '${name}' not found in ${configPath} (known: ${known.length > 0 ? known.join(', ') : 'none'})`);
  }
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new UsageError(`${configPath}: [${sectionName}] is not a table`);
  }

  const source = `${configPath} [${sectionName}]`;
  const values = section as Record<string, unknown>;
  const baseUrl = optionalString(values, 'base_url', source);
  const verify = values.verify_ssl;
  if (verify !== undefined && typeof verify !== 'boolean') throw new UsageError(`${source}: 'verify_ssl' must be true or false`);

  return {
    apiRoot: baseUrl ? apiRootFromPulpCli(baseUrl, optionalString(values, 'api_root', source)) : undefined,
    username: optionalString(values, 'username', source),
    password: optionalString(values, 'password', source),
    cert: optionalString(values, 'cert', source),
    key: optionalString(values, 'key', source),
    verifySsl: verify,
    domain: optionalString(values, 'domain', source),
    source,
  };
}
