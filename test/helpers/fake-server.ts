/** A tiny HTTP server on an ephemeral loopback port that answers what a test tells it to. */
import {readFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export interface FakeServer {
  url: string;
  port: number;
  requests: Array<{method: string; url: string; headers: http.IncomingHttpHeaders}>;
  close: () => Promise<void>;
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** Starts the server; with `tls`, over HTTPS with a self-signed certificate (test/fixtures). */
export async function startFakeServer(routes: Record<string, Handler>, options: {tls?: boolean} = {}): Promise<FakeServer> {
  const requests: FakeServer['requests'] = [];
  const listener: http.RequestListener = (request, response) => {
    requests.push({method: request.method ?? '', url: request.url ?? '', headers: request.headers});
    const handler = routes[(request.url ?? '').split('?')[0]];
    if (handler) handler(request, response);
    else {
      response.writeHead(404, {'content-type': 'text/html'});
      response.end('<html><title>Page not found</title></html>');
    }
  };
  const server = options.tls
    ? https.createServer({cert: fixture('self-signed.crt'), key: fixture('self-signed.key')}, listener)
    : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_request, response) => {
    response.writeHead(status, {'content-type': 'application/json', ...headers});
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

export const html =
  (status: number, body: string): Handler =>
  (_request, response) => {
    response.writeHead(status, {'content-type': 'text/html; charset=utf-8'});
    response.end(body);
  };
