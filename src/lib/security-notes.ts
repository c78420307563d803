/** One-line security notes: credentials over plain http, a password given on the command line. */
import {isIP} from 'node:net';

/** localhost, 127.0.0.0/8 and ::1 (also IPv4-mapped): traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * The warning for credentials (`what`: the password, the OAuth2 token, the OAuth2 client secret) sent over plain
 * http:// to another machine, or undefined when that is not so.
 */
export function plainHttpCredentialsWarning(url: string, what = 'the password'): string | undefined {
  const {protocol, hostname, host} = new URL(url);
  if (protocol !== 'http:' || isLoopbackHost(hostname)) return undefined;
  return `warning: sending ${what} unencrypted over http:// to ${host}: anyone on the network path can read it; use https://`;
}

/** Whether the password in use came from `--password` on the command line (not PULP_PASSWORD, a profile or the prompt). */
export function passwordFromCommandLine(argv: readonly string[], password: string | undefined): boolean {
  if (password === undefined) return false;
  return argv.some((token, index) => (token === '--password' && argv[index + 1] === password) || token === `--password=${password}`);
}

/** Whether the OAuth2 client secret in use came from `--client-secret` on the command line. */
export function clientSecretFromCommandLine(argv: readonly string[], secret: string | undefined): boolean {
  if (secret === undefined) return false;
  return argv.some((token, index) => (token === '--client-secret' && argv[index + 1] === secret) || token === `--client-secret=${secret}`);
}

export const CLIENT_SECRET_ARGV_HINT =
  'note: a --client-secret on the command line is visible to other users in `ps` and kept in shell history; PULP_CLIENT_SECRET, a pulp-cli profile or the prompt keep it out';

export const PASSWORD_ARGV_HINT =
  'note: a --password on the command line is visible to other users in `ps` and kept in shell history; PULP_PASSWORD, a pulp-cli profile or the prompt keep it out';
