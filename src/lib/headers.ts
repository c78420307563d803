/**
 * Extra request headers, as pulp-cli takes them: the profile's `headers` list and a repeatable `--header "Name: value"`
 * (pulp-service's `X-RH-IDENTITY`, a gateway's key). Values often carry credentials, so no message ever quotes one:
 * errors name the header (or only its position), traces redact every configured header's value.
 */
import {validateHeaderName, validateHeaderValue} from 'node:http';

import {UsageError} from './errors.js';

/** Headers whose values are secrets wherever they appear (traces): credentials, cookies, pulp-service's identity. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-rh-identity']);

/** Headers the HTTP layer owns: setting them would break the request rather than add to it. */
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect']);

const EXAMPLE = 'e.g. --header "X-RH-IDENTITY: eyJp…"';

/**
 * Splits `Name: value` at the first colon (as pulp-cli does), trims the value, and checks both the way Node will when
 * sending. `where` names the origin of the text for messages (`--header #2`, `/etc/pulp/cli.toml [cli] headers[1]`).
 */
export function parseHeader(text: string, where: string): [name: string, value: string] {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new UsageError(`${where} is not "Name: value" (${colon === 0 ? 'no name before the colon' : 'no colon'}); ${EXAMPLE}`);
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  try {
    validateHeaderName(name);
  } catch {
    throw new UsageError(`${where} has an invalid header name (letters, digits and !#$%&'*+-.^_\`|~ only); ${EXAMPLE}`);
  }
  if (RESERVED.has(name.toLowerCase())) throw new UsageError(`${where} sets ${name}, which pulp-bench's HTTP client sets itself`);
  if (value === '') throw new UsageError(`${where} (${name}) has an empty value`);
  try {
    validateHeaderValue(name, value);
  } catch {
    throw new UsageError(`${where} (${name}) has a value with control characters (a line break, NUL, …)`);
  }
  return [name, value];
}

/**
 * The headers to send: the profile's list first, then the `--header` flags, a later header replacing an earlier one of
 * the same name (names compare without case). Undefined when there are none.
 */
export function resolveHeaders(profileHeaders: readonly string[] | undefined, profileSource: string, flagHeaders: readonly string[] | undefined): Record<string, string> | undefined {
  const byName = new Map<string, [string, string]>();
  const add = (text: string, where: string) => {
    const [name, value] = parseHeader(text, where);
    byName.set(name.toLowerCase(), [name, value]);
  };
  profileHeaders?.forEach((text, index) => add(text, `${profileSource} headers[${index}]`));
  flagHeaders?.forEach((text, index) => add(text, flagHeaders.length === 1 ? '--header' : `--header #${index + 1}`));
  return byName.size === 0 ? undefined : Object.fromEntries(byName.values());
}

/** Whether one of `headers` is an Authorization header (then it replaces the configured credentials, as in pulp-cli). */
export function hasAuthorizationHeader(headers: Record<string, string> | undefined): boolean {
  return headers !== undefined && Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
}

/** Headers with the values of secrets redacted: the usual ones, and `alsoSecret` (lower-case names: configured headers). */
export function redactHeaders(headers: Record<string, unknown>, alsoSecret?: ReadonlySet<string>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    result[name] = SECRET_HEADERS.has(lower) || alsoSecret?.has(lower) ? '[redacted]' : value;
  }
  return result;
}
