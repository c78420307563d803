/**
 * Resolves the global Pulp flags, their environment variables and a pulp-cli profile into one Connection.
 * Precedence: flag > environment variable > profile > default (oclif applies flag > environment).
 */
import {accessSync, constants, readFileSync, statSync} from 'node:fs';

import {UsageError} from './errors.js';
import {loadPulpCliProfile, type PulpCliProfile} from './profile.js';
import {PulpUrls} from './pulp-urls.js';

export interface GlobalFlagValues {
  'api-root'?: string;
  user?: string;
  password?: string;
  cert?: string;
  key?: string;
  'verify-ssl'?: boolean;
  'debug-requests'?: boolean;
  profile?: string;
}

export interface Connection {
  urls: PulpUrls;
  username: string;
  password?: string;
  /** PEM contents, read once at resolution. */
  cert?: string;
  key?: string;
  verifySsl: boolean;
  debugRequests: boolean;
  /** Domain named by the profile, if any (pulp-cli `domain`). */
  domain?: string;
}

export const DEFAULT_USER = 'admin';

/** Validates and normalises an `--api-root` value: an http(s) URL, no query, no credentials, no trailing slash. */
export function normaliseApiRoot(value: string): PulpUrls {
  const input = value.trim();
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UsageError(`--api-root '${value}' is not a URL; expected e.g. https://pulp.example.com (stock Pulp) or https://host/api (pulp-service)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--api-root must be an http:// or https:// URL, got '${url.protocol}' in '${value}'`);
  }
  if (url.username || url.password) {
    throw new UsageError('--api-root must not contain credentials; use --user/--password or PULP_USER/PULP_PASSWORD');
  }
  if (url.search || url.hash) {
    throw new UsageError(`--api-root '${value}' must not have a query string or fragment`);
  }
  return new PulpUrls(url.href);
}

function readPem(path: string, flag: string): string {
  try {
    if (!statSync(path).isFile()) throw new UsageError(`${flag} ${path} is not a file`);
    accessSync(path, constants.R_OK);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : (error as Error).message;
    throw new UsageError(`${flag} ${path} ${reason}`);
  }
}

export interface ResolveOptions {
  /** Where pulp-cli's config lives (tests); defaults to ~/.config/pulp/cli.toml. */
  profilePath?: string;
  /** Whether the command needs credentials. */
  requiresCredentials?: boolean;
  /** Asks for the password when none is configured; absent → no prompt possible. */
  promptPassword?: (username: string, apiRoot: string) => Promise<string>;
}

export async function resolveConnection(flags: GlobalFlagValues, options: ResolveOptions = {}): Promise<Connection> {
  let profile: PulpCliProfile | undefined;
  try {
    profile = loadPulpCliProfile(flags.profile, options.profilePath);
  } catch (error) {
    // A broken default profile should not stand in the way when everything is given by flags.
    if (flags.profile !== undefined || !flags['api-root']) throw error;
  }

  const apiRoot = flags['api-root'] ?? profile?.apiRoot;
  if (!apiRoot) {
    throw new UsageError('no Pulp API root: pass --api-root URL, set PULP_API_ROOT, or use --profile NAME with a pulp-cli profile that has base_url');
  }

  const urls = normaliseApiRoot(apiRoot);
  const username = flags.user ?? profile?.username ?? DEFAULT_USER;
  let password = flags.password ?? profile?.password;
  const certPath = flags.cert ?? profile?.cert;
  const keyPath = flags.key ?? profile?.key;

  const cert = certPath ? readPem(certPath, '--cert') : undefined;
  const key = keyPath ? readPem(keyPath, '--key') : undefined;
  if (key && !cert) throw new UsageError('--key needs --cert');
  const certHasKey = cert !== undefined && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(cert);
  if (cert && !key && !certHasKey) {
    throw new UsageError(`--cert ${certPath} holds no private key; pass --key too`);
  }

  if (options.requiresCredentials && password === undefined && cert === undefined) {
    if (!options.promptPassword) {
      throw new UsageError('this command needs credentials: pass --password (or set PULP_PASSWORD), or --cert/--key; no terminal to prompt on');
    }
    password = await options.promptPassword(username, urls.apiRoot);
  }

  return {
    urls,
    username,
    password,
    cert,
    key: key ?? (certHasKey ? cert : undefined),
    verifySsl: flags['verify-ssl'] ?? profile?.verifySsl ?? true,
    debugRequests: flags['debug-requests'] ?? false,
    domain: profile?.domain,
  };
}
