/**
 * Where the `Authorization` header of requests to the api-root's origin comes from: a fixed HTTP Basic value, or an
 * OAuth2 client-credentials token (oauth2.ts, which also picks the authorizer of a connection). PulpClient asks its authorizer per request and, on a 401 to a request
 * that carried a value taken from a cache, tells it and sends the request once more.
 */
export interface RequestAuthorizer {
  /** What the header carries, for the plain-http warning: `the password`, `the OAuth2 token`. */
  readonly secretName: string;
  /** The header's value: at once when known, else a promise (a token to fetch first). */
  authorization(): string | Promise<string>;
  /**
   * A request sent with `used`, a value returned at once (from a cache), was answered 401: forget that value. True when
   * sending the request again with a new value may succeed (a token that expired or was revoked), false for a fixed
   * value (a wrong password stays wrong).
   */
  rejected(used: string): boolean;
}

export const basicAuthorization = (username: string, password: string): string => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

export class BasicAuthorizer implements RequestAuthorizer {
  readonly secretName = 'the password';
  private readonly value: string;

  constructor(username: string, password: string) {
    this.value = basicAuthorization(username, password);
  }

  authorization(): string {
    return this.value;
  }

  rejected(): boolean {
    return false;
  }
}
