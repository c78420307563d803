/**
 * Resolves the global Pulp flags, their environment variables, pulp-cli's configuration and `.netrc` into one
 * Connection. Precedence: flag > environment variable > profile > `.netrc` (password, login) > default (oclif applies
 * flag > environment).
 */
import {createPrivateKey, type KeyObject, X509Certificate} from 'node:crypto';
import {accessSync, constants, readFileSync, statSync} from 'node:fs';

import {UsageError} from './errors.js';
import {requireNonBlank} from './flag-values.js';
import {hasAuthorizationHeader, resolveHeaders} from './headers.js';
import {netrcEntry, netrcPath} from './netrc.js';
import type {OAuth2Settings} from './oauth2.js';
import {loadPulpCliProfile, pulpCliConfigLocations, type PulpCliProfile} from './profile.js';
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
  config?: string;
  header?: string[];
  'client-id'?: string;
  'client-secret'?: string;
  'token-url'?: string;
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
  /** Extra headers for every request to the api-root's origin: the profile's `headers`, then `--header`s. */
  headers?: Record<string, string>;
  /** OAuth2 client credentials: requests carry a Bearer token (fetched and kept by oauth2.ts) instead of Basic. */
  oauth2?: OAuth2Settings;
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

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----/;
const PRIVATE_KEY_BLOCK = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type:\s*4,\s*ENCRYPTED/m;

/** OpenSSL's reason without its error-code prefix: `header too long`, `unsupported`. */
const opensslReason = (error: unknown) => String((error as Error).message ?? error).replace(/^error:[0-9A-F]+:/i, '');

/**
 * Checks the client certificate and its key before any request (whatever the scheme of --api-root): the certificate
 * is PEM and parses, the key is PEM, not encrypted (there is no passphrase option), parses, and belongs to the
 * certificate. Without `keyPem` the key is looked for in the certificate file (a combined PEM).
 */
export function checkClientCertificate(certPem: string, certPath: string, keyPem?: string, keyPath?: string): void {
  if (!CERTIFICATE_BLOCK.test(certPem)) {
    throw new UsageError(`--cert ${certPath} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line; convert DER with openssl x509 -inform der)`);
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certPem);
  } catch (error) {
    throw new UsageError(`--cert ${certPath} holds no readable certificate (${opensslReason(error)})`);
  }

  const [keyText, where] = keyPem === undefined ? [certPem, `--cert ${certPath}`] : [keyPem, `--key ${keyPath}`];
  if (!PRIVATE_KEY_BLOCK.test(keyText)) {
    throw new UsageError(keyPem === undefined ? `--cert ${certPath} holds no private key; pass --key too` : `${where} is not a PEM private key (no "-----BEGIN … PRIVATE KEY-----" line)`);
  }
  if (ENCRYPTED_KEY.test(keyText)) {
    throw new UsageError(`${where} holds an encrypted private key and pulp-bench takes no passphrase; decrypt it first (openssl pkey -in FILE -out key.pem)`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyText);
  } catch (error) {
    throw new UsageError(`${where} holds no readable private key (${opensslReason(error)})`);
  }
  if (!certificate.checkPrivateKey(key)) {
    throw new UsageError(keyPem === undefined ? `the private key in --cert ${certPath} does not belong to its certificate` : `--key ${keyPath} does not belong to the certificate in --cert ${certPath}`);
  }
}

export interface ResolveOptions {
  /** Read only this pulp-cli config file (tests); a missing file is no configuration. */
  profilePath?: string;
  /** The pulp-cli config files read without --config (default: pulpCliConfigLocations(env)). */
  configLocations?: string[];
  /** Where HOME, XDG_CONFIG_HOME, NETRC, PULP_PROFILE and PULP_BENCH_SYSTEM_CONFIG are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Whether the command needs credentials. */
  requiresCredentials?: boolean;
  /** Asks for the password when none is configured; absent → no prompt possible. */
  promptPassword?: (username: string, apiRoot: string) => Promise<string>;
  /** Asks for another secret (the OAuth2 client secret) with this prompt; absent → no prompt possible. */
  promptSecret?: (prompt: string) => Promise<string>;
  /** Where warnings go (a deprecated or ignored config file); default stderr. */
  note?: (line: string) => void;
}

function loadProfile(flags: GlobalFlagValues, options: ResolveOptions, env: NodeJS.ProcessEnv, note: (line: string) => void): PulpCliProfile | undefined {
  // PULP_CLI_PROFILE is pulp-cli's (oclif folds it into --profile); PULP_PROFILE is pulp-bench's older name for it.
  const name = flags.profile ?? (env.PULP_PROFILE || undefined);
  try {
    const locations = options.profilePath === undefined ? (options.configLocations ?? pulpCliConfigLocations(env)) : [options.profilePath];
    return loadPulpCliProfile(name, {configFile: flags.config, locations, note});
  } catch (error) {
    // A broken default configuration should not stand in the way when everything is given by flags.
    if (name !== undefined || flags.config !== undefined || !flags['api-root']) throw error;
    note(`warning: pulp-cli configuration ignored: ${(error as Error).message}`);
    return undefined;
  }
}

/** OAuth2 client credentials from flags or profile; a missing secret is prompted for when credentials are needed. */
async function resolveOAuth2(flags: GlobalFlagValues, profile: PulpCliProfile | undefined, apiRoot: string, options: ResolveOptions): Promise<OAuth2Settings | undefined> {
  const clientId = flags['client-id'] ?? profile?.clientId;
  let clientSecret = flags['client-secret'] ?? profile?.clientSecret;
  const tokenUrl = flags['token-url'];
  if (tokenUrl !== undefined && !/^https?:\/\/[^/]/i.test(tokenUrl.trim())) throw new UsageError(`--token-url '${tokenUrl}' is not an http:// or https:// URL`);
  if (clientId === undefined) {
    if (clientSecret !== undefined) throw new UsageError('an OAuth2 client secret needs a client ID: pass --client-id (or PULP_CLIENT_ID, or client_id in the profile)');
    if (tokenUrl !== undefined) throw new UsageError('--token-url needs OAuth2 client credentials: pass --client-id and --client-secret');
    return undefined;
  }
  if (clientSecret === undefined) {
    if (!options.requiresCredentials) return undefined;
    if (!options.promptSecret) throw new UsageError(`OAuth2 client '${clientId}' has no secret: pass --client-secret (or set PULP_CLIENT_SECRET); no terminal to prompt on`);
    clientSecret = await options.promptSecret(`Client secret for ${clientId} at ${apiRoot}: `);
  }
  return {clientId, clientSecret, tokenUrl: tokenUrl?.trim()};
}

export async function resolveConnection(flags: GlobalFlagValues, options: ResolveOptions = {}): Promise<Connection> {
  requireNonBlank(flags['api-root'], '--api-root', 'https://pulp.example.com');
  requireNonBlank(flags.profile, '--profile', 'stage');
  requireNonBlank(flags.config, '--config', '~/pulp/cli.toml');
  requireNonBlank(flags.user, '--user', 'admin');
  requireNonBlank(flags.cert, '--cert', 'client.pem');
  requireNonBlank(flags.key, '--key', 'client.key');
  requireNonBlank(flags['client-id'], '--client-id', 'pulp-bench');
  requireNonBlank(flags['token-url'], '--token-url', 'https://sso.example.com/token');
  const env = options.env ?? process.env;
  const note = options.note ?? ((line: string) => process.stderr.write(`${line}\n`));
  const profile = loadProfile(flags, options, env, note);

  const apiRoot = flags['api-root'] ?? profile?.apiRoot;
  if (!apiRoot) {
    throw new UsageError('no Pulp API root: pass --api-root URL, set PULP_API_ROOT, or use --profile NAME with a pulp-cli profile that has base_url');
  }

  const urls = normaliseApiRoot(apiRoot);
  // Checked before any request: a bad header is exit 2 whatever the command does.
  const headers = resolveHeaders(profile?.headers, profile?.headersSource ?? 'profile', flags.header);
  const oauth2 = await resolveOAuth2(flags, profile, urls.apiRoot, options);
  let username = flags.user ?? profile?.username;
  let password = flags.password ?? profile?.password;
  if (password === undefined && oauth2 === undefined) {
    // .netrc: the entry of the api-root's host, if its login (when it has one) is the user asked for.
    const entry = netrcEntry(new URL(urls.origin).hostname, netrcPath(env));
    if (entry?.password !== undefined && (username === undefined || entry.login === undefined || entry.login === username)) {
      username ??= entry.login;
      password = entry.password;
    }
  }
  username ??= DEFAULT_USER;
  const certPath = flags.cert ?? profile?.cert;
  const keyPath = flags.key ?? profile?.key;

  const cert = certPath ? readPem(certPath, '--cert') : undefined;
  const key = keyPath ? readPem(keyPath, '--key') : undefined;
  if (key && !cert) throw new UsageError('--key needs --cert');
  if (cert !== undefined && certPath !== undefined) checkClientCertificate(cert, certPath, key, keyPath);
  const certHasKey = cert !== undefined && PRIVATE_KEY_BLOCK.test(cert);

  if (options.requiresCredentials && password === undefined && cert === undefined && oauth2 === undefined && !hasAuthorizationHeader(headers)) {
    if (!options.promptPassword) {
      throw new UsageError('this command needs credentials: pass --password (or set PULP_PASSWORD), --client-id/--client-secret, or --cert/--key; no terminal to prompt on');
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
    headers,
    oauth2,
  };
}
