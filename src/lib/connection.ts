/**
 * Resolves the global Pulp flags, their environment variables and a pulp-cli profile into one Connection.
 * Precedence: flag > environment variable > profile > default (oclif applies flag > environment).
 */
import {createPrivateKey, type KeyObject, X509Certificate} from 'node:crypto';
import {accessSync, constants, readFileSync, statSync} from 'node:fs';

import {UsageError} from './errors.js';
import {requireNonBlank} from './flag-values.js';
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
  /** Where pulp-cli's config lives (tests); defaults to ~/.config/pulp/cli.toml. */
  profilePath?: string;
  /** Whether the command needs credentials. */
  requiresCredentials?: boolean;
  /** Asks for the password when none is configured; absent → no prompt possible. */
  promptPassword?: (username: string, apiRoot: string) => Promise<string>;
}

export async function resolveConnection(flags: GlobalFlagValues, options: ResolveOptions = {}): Promise<Connection> {
  requireNonBlank(flags['api-root'], '--api-root', 'https://pulp.example.com');
  requireNonBlank(flags.profile, '--profile', 'stage');
  requireNonBlank(flags.user, '--user', 'admin');
  requireNonBlank(flags.cert, '--cert', 'client.pem');
  requireNonBlank(flags.key, '--key', 'client.key');
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
  if (cert !== undefined && certPath !== undefined) checkClientCertificate(cert, certPath, key, keyPath);
  const certHasKey = cert !== undefined && PRIVATE_KEY_BLOCK.test(cert);

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
