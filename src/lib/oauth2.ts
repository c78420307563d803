/**
 * OAuth2 client credentials, as pulp-cli (pulp-glue's OpenAPI class) does them: the token URL is the `tokenUrl` of
 * the `clientCredentials` flow of an `oauth2` security scheme in the server's OpenAPI schema
 * (`{api-root}/pulp/api/v3/docs/api.json`), unless `--token-url` names it; the token is requested with
 * `grant_type=client_credentials` (and the flow's scopes as `scopes`, space-separated) in a form body, the client ID
 * and secret as HTTP Basic; it is sent as `Authorization: Bearer …`, kept until `expires_in` has passed, and fetched
 * anew once when a request that carried a kept token is answered 401. When the schema offers no such flow and a
 * password is configured, HTTP Basic is used, as pulp-cli would.
 */
import type {Method} from 'got';

import type {RawResponse, SendOptions} from './client-types.js';
import type {Connection} from './connection.js';
import {AuthError, BadServerResponseError, NotFoundError, UsageError} from './errors.js';
import {hasAuthorizationHeader} from './headers.js';
import {httpError, parseJsonBody} from './http-errors.js';
import {basicAuthorization, BasicAuthorizer, type RequestAuthorizer} from './request-auth.js';
import {plainHttpCredentialsWarning} from './security-notes.js';
import {escapeServerText} from './server-text.js';

export interface OAuth2Settings {
  clientId: string;
  clientSecret: string;
  /** `--token-url`: skips reading the schema. */
  tokenUrl?: string;
}

/** What the authorizer needs from PulpClient: requests without the api-root's credentials. */
export interface OAuth2Transport {
  send(method: Method, url: string, options: SendOptions): Promise<RawResponse>;
  getJson(url: string, options: {auth: false}): Promise<unknown>;
  /** `{api-root}/pulp/api/v3/docs/api.json` */
  schemaUrl: string;
  note(line: string): void;
  /** Milliseconds on a monotonic clock (tests pass their own). */
  now?: () => number;
}

interface Flow {
  tokenUrl: string;
  scopes: string[];
}

const record = (value: unknown): Record<string, unknown> | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

/** The first `oauth2` security scheme of an OpenAPI document with a client-credentials flow, or undefined. */
export function clientCredentialsFlow(schema: unknown, schemaUrl: string): Flow | undefined {
  const schemes = record(record(record(schema)?.components)?.securitySchemes) ?? {};
  for (const scheme of Object.values(schemes)) {
    const flow = record(record(record(scheme)?.flows)?.clientCredentials);
    if (record(scheme)?.type !== 'oauth2' || typeof flow?.tokenUrl !== 'string') continue;
    const tokenUrl = new URL(flow.tokenUrl, schemaUrl);
    if (tokenUrl.protocol !== 'https:' && tokenUrl.protocol !== 'http:') continue;
    return {tokenUrl: tokenUrl.href, scopes: Object.keys(record(flow.scopes) ?? {})};
  }
  return undefined;
}

/** `invalid_client: Invalid client credentials` from an RFC 6749 error body, escaped and short. */
function tokenErrorText(response: RawResponse): string {
  try {
    const body = record(JSON.parse(response.body));
    const text = [body?.error, body?.error_description].filter((part) => typeof part === 'string').join(': ');
    if (text) return escapeServerText(text.slice(0, 300));
  } catch {
    // not JSON: say nothing of the body
  }
  return `HTTP ${response.status}`;
}

export class OAuth2ClientCredentials implements RequestAuthorizer {
  /** Token requests sent so far. */
  tokenRequests = 0;
  private token: {header: string; expiresAtMs: number} | undefined;
  private pending: Promise<string> | undefined;
  private flow: Flow | undefined;
  /** Basic, once the schema showed no OAuth2 flow. */
  private delegate: RequestAuthorizer | undefined;
  private readonly now: () => number;

  constructor(
    private readonly settings: OAuth2Settings,
    private readonly transport: OAuth2Transport,
    private readonly fallback?: RequestAuthorizer,
  ) {
    this.now = transport.now ?? (() => performance.now());
  }

  get secretName(): string {
    return this.delegate?.secretName ?? 'the OAuth2 token';
  }

  authorization(): string | Promise<string> {
    if (this.delegate) return this.delegate.authorization();
    if (this.token && this.now() < this.token.expiresAtMs) return this.token.header;
    // Concurrent requests share one token request.
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  rejected(used: string): boolean {
    if (this.delegate) return this.delegate.rejected(used);
    // Another request may have replaced the token already; then the retry gets that one.
    if (this.token?.header === used) this.token = undefined;
    return true;
  }

  /** The flow to use, or why there is none (the schema is missing, protected, or has no such flow). */
  private async discoverFlow(): Promise<Flow | string> {
    if (this.settings.tokenUrl) return {tokenUrl: this.settings.tokenUrl, scopes: []};
    const {schemaUrl} = this.transport;
    let schema: unknown;
    try {
      schema = await this.transport.getJson(schemaUrl, {auth: false});
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof AuthError) return `the server's API schema ${schemaUrl} cannot be read (${error.status})`;
      throw error;
    }
    return clientCredentialsFlow(schema, schemaUrl) ?? `the server's API schema (${schemaUrl}) names no OAuth2 client-credentials token URL`;
  }

  private async fetchToken(): Promise<string> {
    if (!this.flow) {
      const flow = await this.discoverFlow();
      if (typeof flow === 'string') {
        if (this.fallback) {
          this.delegate = this.fallback;
          return this.fallback.authorization();
        }
        throw new UsageError(`${flow}; pass --token-url URL, or use --user/--password`);
      }
      this.flow = flow;
      const warning = plainHttpCredentialsWarning(flow.tokenUrl, 'the OAuth2 client secret');
      if (warning) this.transport.note(warning);
    }

    const {tokenUrl, scopes} = this.flow;
    const startedMs = this.now();
    this.tokenRequests++;
    const response = await this.transport.send('POST', tokenUrl, {
      form: {grant_type: 'client_credentials', ...(scopes.length > 0 ? {scopes: scopes.join(' ')} : {})},
      headers: {authorization: basicAuthorization(this.settings.clientId, this.settings.clientSecret)},
      auth: false,
    });
    if (response.status >= 400 && response.status < 500) {
      throw new AuthError(`the OAuth2 token endpoint ${tokenUrl} refused client '${escapeServerText(this.settings.clientId)}' (${response.status}: ${tokenErrorText(response)}); check --client-id/--client-secret`, 401);
    }
    if (response.status < 200 || response.status >= 300) throw httpError(response);
    const body = record(parseJsonBody(response));
    const accessToken = body?.access_token;
    if (typeof accessToken !== 'string' || accessToken.length === 0 || /[\u0000-\u001f\u007f]/.test(accessToken)) {
      throw new BadServerResponseError(`unusable answer from the OAuth2 token endpoint ${tokenUrl}: no usable access_token`, response.status, 'bad-body');
    }
    const raw = body?.expires_in;
    const expiresIn = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
    // Without a usable expires_in the token is kept until a 401 says it is no longer good.
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn >= 0 ? expiresIn * 1000 : Number.POSITIVE_INFINITY;
    this.token = {header: `Bearer ${accessToken}`, expiresAtMs: startedMs + lifetimeMs};
    return this.token.header;
  }
}

/**
 * The authorizer of a connection: OAuth2 when client credentials are configured (with Basic as its fallback when the
 * server offers no OAuth2 flow), else Basic when there is a password, else none. None either when a configured header
 * is an `Authorization` header: as in pulp-cli, that one is sent instead.
 */
export function createAuthorizer(connection: Connection, transport: OAuth2Transport): RequestAuthorizer | undefined {
  if (hasAuthorizationHeader(connection.headers)) return undefined;
  const basic = connection.password === undefined ? undefined : new BasicAuthorizer(connection.username, connection.password);
  return connection.oauth2 ? new OAuth2ClientCredentials(connection.oauth2, transport, basic) : basic;
}
