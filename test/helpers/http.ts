/** Plain HTTP calls for integration tests (deliberately not the code under test's client). */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience: bodies are checked field by field
}

export async function call(url: string, options: {method?: string; auth?: [string, string] | null; body?: unknown; headers?: Record<string, string>} = {}): Promise<Reply> {
  const headers: Record<string, string> = {accept: 'application/json', ...options.headers};
  const auth = options.auth === undefined ? ['admin', 'password'] : options.auth;
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth[0]}:${auth[1]}`).toString('base64')}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), redirect: 'manual'});
  const text = await response.text();
  return {status: response.status, headers: response.headers, text, json: () => JSON.parse(text)};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns true or the time runs out. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(20);
  }
}
