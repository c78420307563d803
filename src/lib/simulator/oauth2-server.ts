/**
 * The simulator's OAuth2 mode (`simulate --auth oauth2`), what pulp-cli meets on a server behind an SSO: the API
 * schema (`{API_ROOT}api/v3/docs/api.json`) names a client-credentials token URL in `components.securitySchemes`;
 * the token endpoint takes `grant_type=client_credentials` in a form body with the client's ID and secret (HTTP Basic,
 * or `client_id`/`client_secret` in the body) and answers `{access_token, token_type: "Bearer", expires_in}`;
 * protected routes take only `Authorization: Bearer …` with a token that is issued, unexpired and not revoked. Tests
 * count token requests, and revoke or expire tokens to see a client fetch a new one.
 */
import {randomBytes} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';

/** Where the token endpoint is, outside any Pulp path (as an SSO server would be). */
export const TOKEN_PATH = '/pulp-bench-simulator/oauth2/token/';
export const OAUTH2_SCHEME_NAME = 'PulpBenchSimulatorOAuth2';
const SCOPES = {'api.console': 'grant_access_to_pulp'};
const MAX_FORM_BYTES = 64 * 1024;

export interface OAuth2ServerOptions {
  clientId: string;
  clientSecret: string;
  /** `expires_in` of every token, seconds. */
  tokenLifetimeSeconds: number;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers});
  response.end(text);
}

/** The body of a form request, or undefined when it is larger than a form has any reason to be. */
function readForm(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_FORM_BYTES) {
        resolve(undefined);
        request.destroy();
      }
    });
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

/** `[id, secret]` from `Authorization: Basic …`, or undefined. */
function basicCredentials(header: string | undefined): [string, string] | undefined {
  if (!header || !/^basic\s+/i.test(header)) return undefined;
  const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

export class TokenIssuer {
  /** Requests to the token endpoint, granted or not. */
  tokenRequests = 0;
  /** Tokens handed out. */
  tokensIssued = 0;
  /** Requests to protected routes refused for a missing, unknown, expired or revoked token. */
  rejectedRequests = 0;
  /** Token → when it expires (Date.now() ms). */
  private readonly tokens = new Map<string, number>();

  constructor(readonly options: OAuth2ServerOptions) {}

  /** The security scheme the API schema shows, its token URL on `origin` (`http://host:port`). */
  schemes(origin: string): Record<string, unknown> {
    return {[OAUTH2_SCHEME_NAME]: {type: 'oauth2', flows: {clientCredentials: {tokenUrl: `${origin}${TOKEN_PATH}`, scopes: SCOPES}}}};
  }

  /** Whether `authorization` is `Bearer TOKEN` with a token that is issued, unexpired and not revoked. */
  verify(authorization: string | undefined): 'ok' | 'missing' | 'invalid' {
    const match = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) {
      this.rejectedRequests++;
      return 'missing';
    }
    const expiresAt = this.tokens.get(match[1]);
    if (expiresAt !== undefined && Date.now() < expiresAt) return 'ok';
    this.rejectedRequests++;
    return 'invalid';
  }

  /** Revokes every token issued so far (a client holding one gets 401 and must fetch another). */
  revokeAll(): void {
    this.tokens.clear();
  }

  /** Makes every token issued so far expired, as if its lifetime had passed. */
  expireAll(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  /** The token endpoint: RFC 6749 §4.4 client credentials, errors as §5.2 describes them. */
  async handleTokenRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.tokenRequests++;
    if (request.method !== 'POST') {
      sendJson(response, 405, {error: 'invalid_request', error_description: 'use POST'}, {allow: 'POST'});
      return;
    }
    const form = await readForm(request);
    if (form === undefined) return;
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) {
      sendJson(response, 400, {error: 'invalid_request', error_description: 'the body must be application/x-www-form-urlencoded'});
      return;
    }
    const fields = new URLSearchParams(form);
    const basic = basicCredentials(request.headers.authorization);
    const [id, secret] = basic ?? [fields.get('client_id'), fields.get('client_secret')];
    if (id !== this.options.clientId || secret !== this.options.clientSecret) {
      sendJson(response, 401, {error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials'}, {'www-authenticate': 'Basic realm="pulp-bench-simulator"'});
      return;
    }
    if (fields.get('grant_type') !== 'client_credentials') {
      sendJson(response, 400, {error: 'unsupported_grant_type', error_description: 'only client_credentials is supported'});
      return;
    }
    const now = Date.now();
    for (const [token, expiresAt] of this.tokens) if (expiresAt <= now) this.tokens.delete(token);
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, now + this.options.tokenLifetimeSeconds * 1000);
    this.tokensIssued++;
    sendJson(response, 200, {access_token: token, token_type: 'Bearer', expires_in: this.options.tokenLifetimeSeconds, scope: fields.get('scopes') ?? fields.get('scope') ?? ''});
  }
}

/** A minimal OpenAPI document: what clients read from Pulp's schema to choose how to authenticate. */
export function apiSchema(origin: string, issuer: TokenIssuer | undefined): Record<string, unknown> {
  const schemes: Record<string, unknown> = issuer
    ? issuer.schemes(origin)
    : {basicAuth: {type: 'http', scheme: 'basic'}, cookieAuth: {type: 'apiKey', in: 'cookie', name: 'sessionid'}};
  return {
    openapi: '3.0.3',
    info: {title: 'Pulp 3 API', version: 'v3', description: 'pulp-bench simulator: only the parts clients need to authenticate'},
    paths: {},
    components: {securitySchemes: schemes},
    security: Object.keys(schemes).map((name) => ({[name]: issuer ? Object.keys(SCOPES) : []})),
  };
}
