import {expect} from 'chai';
import type http from 'node:http';
import {gzipSync} from 'node:zlib';
import nock from 'nock';

import {PulpClient} from '../../src/lib/client.js';
import {BadServerResponseError} from '../../src/lib/errors.js';
import {LoadRun} from '../../src/lib/insertion/engine.js';
import {LoadRecorder} from '../../src/lib/insertion/recorder.js';
import {resolveTarget} from '../../src/lib/insertion/targets.js';
import {testConnection} from '../helpers/connection.js';
import {type FakeServer, json, startFakeServer} from '../helpers/fake-server.js';
import {failure} from '../helpers/failure.js';

const TASKS = '/pulp/api/v3/tasks/';
const LIMIT = 1024 * 1024;

/** `{"detail": "<n spaces>"}` gzipped: a few kB on the wire, n bytes once inflated. */
const gzipBomb = (spaces: number) => gzipSync(`{"detail":"${' '.repeat(spaces)}"}`);

/** Writes chunks until the client goes away; resolves `closed` when it did. */
function endless(onClosed: () => void): (request: http.IncomingMessage, response: http.ServerResponse) => void {
  return (_request, response) => {
    response.writeHead(200, {'content-type': 'application/json'});
    response.write('{"results": ["');
    const chunk = 'x'.repeat(64 * 1024);
    const pump = () => {
      while (!response.destroyed && response.write(chunk));
      if (!response.destroyed) response.once('drain', pump);
    };
    response.once('close', onClosed);
    pump();
  };
}

describe('PulpClient: one decoded-body size limit per response', () => {
  let server: FakeServer;
  let client: PulpClient;
  let endlessClosed = false;
  const bomb = gzipBomb(8 * LIMIT);

  before(async () => {
    server = await startFakeServer({
      [TASKS]: (_request, response) => {
        response.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip'});
        response.end(bomb);
      },
      '/pulp/api/v3/status/': endless(() => (endlessClosed = true)),
      '/declared/': (_request, response) => {
        // Declares 10 MiB, sends a little, then stalls: the client must not wait for the rest.
        response.writeHead(200, {'content-type': 'application/json', 'content-length': String(10 * LIMIT)});
        response.write('{"count": 1');
      },
      '/exact/': json(200, `"${'é'.repeat((LIMIT - 2) / 2)}"`),
      '/api/pulp/test/tasks/': (_request, response) => {
        response.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip'});
        response.end(bomb);
      },
    });
  });
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    client = new PulpClient(testConnection(server.url), {maxBodyBytes: LIMIT, retry: {limit: 2, baseDelayMs: 1}, timeoutMs: 10_000});
    server.requests.length = 0;
  });
  afterEach(() => {
    client.close();
    nock.enableNetConnect();
  });
  after(() => server.close());

  it('a gzip bomb is cut off at the limit: bad-body, exit 5, the limit named, not retried', async () => {
    expect(bomb.length).to.be.below(20_000);
    const error = await failure(client.listTasks());
    expect(error).to.be.instanceOf(BadServerResponseError);
    expect((error as BadServerResponseError).kind).to.equal('bad-body');
    expect((error as BadServerResponseError).exitCode).to.equal(5);
    expect(error.message).to.equal(`unusable answer from ${server.url}${TASKS}: the body is larger than the 1 MiB limit of one response (decoded); cut off`);
    expect(server.requests).to.have.length(1);
  });

  it('an endless chunked body is cut off and the connection closed', async () => {
    const started = performance.now();
    const error = await failure(client.status());
    expect((error as BadServerResponseError).kind).to.equal('bad-body');
    expect(error.message).to.include('larger than the 1 MiB limit');
    expect(performance.now() - started).to.be.below(5000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(endlessClosed).to.equal(true);
  });

  it('a Content-Length above the limit fails at once, without reading the body', async () => {
    const started = performance.now();
    const error = await failure(client.getJson(`${server.url}/declared/`));
    expect((error as BadServerResponseError).kind).to.equal('bad-body');
    expect(performance.now() - started).to.be.below(2000); // the stalled body would otherwise run into the 10 s timeout
  });

  it('a body of exactly the limit passes, multi-byte characters decoded across chunks', async () => {
    const text = (await client.getJson(`${server.url}/exact/`)) as string;
    expect(text).to.have.length((LIMIT - 2) / 2);
    expect(text).to.match(/^é+$/);
  });

  it('the load engine counts an over-limit answer as bad-body', async () => {
    const apiClient = new PulpClient(testConnection(`${server.url}/api`), {maxBodyBytes: LIMIT});
    const recorder = new LoadRecorder();
    const target = resolveTarget(apiClient.urls, {kind: 'test-tasks', timeoutSeconds: 5});
    const run = new LoadRun(apiClient, {target, workers: 2, requestTimeoutMs: 10_000, maxConsecutiveFailures: 100}, recorder);
    expect(await run.run()).to.equal('completed');
    apiClient.close();
    expect(recorder.total).to.equal(2);
    expect(Object.fromEntries(recorder.failures)).to.deep.equal({'bad-body': 2});
  });
});
