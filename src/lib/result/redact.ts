/**
 * The command line as a result document records it (`meta.argv`), with every secret replaced by `<redacted>`:
 * - the value of a flag whose name says it holds a secret (`--password`, `--client-secret`, `--key-password`,
 *   `--token`, `--api-key`, …; `--token-url` is a URL, not a secret), in both `--flag value` and `--flag=value` forms;
 * - the value of every `--header "Name: value"` (the name stays): header values often carry credentials (headers.ts
 *   never quotes one either);
 * - the user information of any URL (`https://user:pass@host/…` → `https://host/…`), in any token, and the value of
 *   any query parameter whose name says it holds a secret (`?client_secret=…`, `&access_token=…`, `&password=…`);
 * - any known secret value (the password, client secret or header values actually in use, whichever way they were
 *   given) wherever it appears in a token, so a secret passed through an unexpected flag does not show either.
 * Values given through the environment or a pulp-cli profile are not on the command line, so they never show.
 */

export const REDACTED = '<redacted>';

/** Long flag names (without `--`) whose value is a secret. */
const SECRET_FLAG = /(?:^|-)(?:password|passwd|secret|token|api-?key|private-key|credentials?)$/i;
/** `scheme://userinfo@` at the start of a URL's authority. */
const USERINFO = /\b([a-z][a-z\d+.-]*:\/\/)[^/\s?#@]*@/gi;
/** `?name=value` / `&name=value` where the name says secret, token, password, key, signature or credential. */
const SECRET_QUERY = /([?&](?:[\w.-]*(?:secret|token|password|passwd|api[-_]?key|signature|credential|auth)[\w.-]*)=)[^&#\s]*/gi;
/** Known secrets shorter than this are only redacted where they make up a whole token (not inside words). */
const MIN_SUBSTRING_SECRET = 4;

export interface RedactionOptions {
  /** Secret values in use (password, client secret, header values…), redacted wherever they appear. */
  secrets?: Iterable<string | undefined>;
}

function isSecretFlag(name: string): boolean {
  return SECRET_FLAG.test(name);
}

/** `https://u:p@host/x?token=t` → `https://host/x?token=<redacted>`, for every URL (or path with a query) in the text. */
export function withoutUserinfo(text: string): string {
  const bare = text.replace(USERINFO, '$1');
  return bare.replace(SECRET_QUERY, `$1${REDACTED}`);
}

/** `Authorization: Basic x` → `Authorization: <redacted>`; text without a colon is redacted whole. */
export function redactHeader(text: string): string {
  const colon = text.indexOf(':');
  return colon <= 0 ? REDACTED : `${text.slice(0, colon)}: ${REDACTED}`;
}

function knownSecrets(options: RedactionOptions): {whole: Set<string>; inside: string[]} {
  const whole = new Set<string>();
  const inside: string[] = [];
  for (const secret of options.secrets ?? []) {
    if (typeof secret !== 'string' || secret.length === 0) continue;
    whole.add(secret);
    if (secret.length >= MIN_SUBSTRING_SECRET) inside.push(secret);
  }
  // Longest first, so a secret containing another is replaced whole.
  inside.sort((a, b) => b.length - a.length);
  return {whole, inside};
}

/** The argv with secrets redacted (see the module comment); the input is not modified. */
export function redactArgv(argv: readonly string[], options: RedactionOptions = {}): string[] {
  const secrets = knownSecrets(options);
  const scrub = (token: string): string => {
    if (secrets.whole.has(token)) return REDACTED;
    let text = withoutUserinfo(token);
    for (const secret of secrets.inside) text = text.replaceAll(secret, REDACTED);
    return text;
  };
  const out: string[] = [];
  let pending: 'secret' | 'header' | undefined;
  let flagsEnded = false;
  for (const token of argv) {
    if (pending) {
      out.push(pending === 'secret' ? REDACTED : scrub(redactHeader(token)));
      pending = undefined;
      continue;
    }
    if (flagsEnded || !token.startsWith('-') || token === '-' || token === '--') {
      if (token === '--') flagsEnded = true;
      out.push(scrub(token));
      continue;
    }
    const long = token.startsWith('--');
    const body = token.slice(long ? 2 : 1);
    const equals = body.indexOf('=');
    const name = equals === -1 ? body : body.slice(0, equals);
    const header = long && name === 'header';
    const secret = long && isSecretFlag(name);
    if (!header && !secret) {
      out.push(scrub(token));
      continue;
    }
    if (equals === -1) {
      out.push(token);
      pending = secret ? 'secret' : 'header';
      continue;
    }
    const value = body.slice(equals + 1);
    out.push(`${token.slice(0, token.length - value.length)}${secret ? REDACTED : scrub(redactHeader(value))}`);
  }
  return out;
}
