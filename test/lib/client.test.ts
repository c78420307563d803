import {expect} from 'chai';
import nock from 'nock';

import {PulpClient} from '../../src/lib/client.js';
import {AuthError, BadServerResponseError, NotFoundError, RejectedRequestError, UnreachableError} from '../../src/lib/errors.js';
import {testConnection} from '../helpers/connection.js';
import {failure} from '../helpers/failure.js';
import {statusFixture} from '../helpers/status-fixture.js';

const ROOT = 'https://pulp.example.com';
const STATUS = '/pulp/api/v3/status/';


describe('PulpClient', () => {
  let client: PulpClient;
  beforeEach(() => {
    nock.disableNetConnect();
    client = new PulpClient(testConnection(ROOT), {userAgent: 'pulp-bench/9.9.9', retry: {limit: 2, baseDelayMs: 5}});
  });
  afterEach(() => {
    client.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('sends User-Agent, Accept and Basic auth (to the task list; status/ is anonymous)', async () => {
    const scope = nock(ROOT, {
      reqheaders: {
        'user-agent': 'pulp-bench/9.9.9',
        accept: 'application/json',
        authorization: `Basic ${Buffer.from('admin:pw-Secret-123').toString('base64')}`,
      },
    })
      .get('/pulp/api/v3/tasks/')
      .reply(200, {count: 0, next: null, previous: null, results: []});
    nock(ROOT, {badheaders: ['authorization'], reqheaders: {'user-agent': 'pulp-bench/9.9.9', accept: 'application/json'}}).get(STATUS).reply(200, statusFixture());
    expect((await client.listTasks()).count).to.equal(0);
    const status = await client.status();
    expect(status.online_workers).to.have.length(2);
    expect(scope.isDone()).to.equal(true);
    expect(nock.isDone()).to.equal(true);
  });

  it('retries idempotent GETs on 5xx and 429, then succeeds', async () => {
    nock(ROOT).get(STATUS).reply(503, 'busy').get(STATUS).reply(429, 'slow down').get(STATUS).reply(200, statusFixture());
    const status = await client.status();
    expect(status.database_connection.connected).to.equal(true);
    expect(nock.isDone()).to.equal(true);
  });

  it('gives up after the retry limit with a server error (exit 5)', async () => {
    nock(ROOT).get(STATUS).times(3).reply(502, '<html><title>Bad Gateway</title></html>', {'content-type': 'text/html'});
    const error = await failure(client.status());
    expect(error).to.be.instanceOf(BadServerResponseError);
    expect((error as BadServerResponseError).exitCode).to.equal(5);
    expect(error.message).to.equal(`server error 502 from ${ROOT}${STATUS}: an HTML page ('Bad Gateway')`);
    expect(nock.isDone()).to.equal(true);
  });

  it('never retries a POST (a retried dispatch would create extra tasks)', async () => {
    const scope = nock(ROOT).post('/pulp/api/v3/tasks/purge/').once().reply(503, 'down');
    const response = await client.send('POST', `${ROOT}/pulp/api/v3/tasks/purge/`, {json: {}, retry: true});
    expect(response.status).to.equal(503);
    expect(scope.isDone()).to.equal(true);
  });

  it('maps 401, 403, 404, 400 and bad bodies to typed errors', async () => {
    nock(ROOT)
      .get(STATUS).reply(401, {detail: 'Invalid username/password.'})
      .get(STATUS).reply(403, {detail: 'You do not have permission to perform this action.'})
      .get(STATUS).reply(404, '<html><title>Page not found at /pulp/api/v3/status/</title></html>', {'content-type': 'text/html'})
      .get(STATUS).reply(400, {errors: ["Invalid Filter: 'page'"]})
      .get(STATUS).reply(200, '{"versions": [', {'content-type': 'application/json'})
      .get(STATUS).reply(200, '<html>hello</html>', {'content-type': 'text/html'});
    const unauthorized = await failure(client.status());
    expect(unauthorized).to.be.instanceOf(AuthError);
    expect(unauthorized.message).to.equal(`authentication refused by ${ROOT}${STATUS} (401: Invalid username/password.); check --user/--password or --cert/--key`);
    const forbidden = await failure(client.status());
    expect(forbidden).to.be.instanceOf(AuthError);
    expect((forbidden as AuthError).exitCode).to.equal(4);
    expect(await failure(client.status())).to.be.instanceOf(NotFoundError);
    const rejected = await failure(client.status());
    expect(rejected).to.be.instanceOf(RejectedRequestError);
    expect((rejected as RejectedRequestError).body).to.deep.equal({errors: ["Invalid Filter: 'page'"]});
    const truncated = await failure(client.status());
    expect(truncated.message).to.equal(`unusable answer from ${ROOT}${STATUS}: expected JSON, got truncated or invalid JSON (14 bytes)`);
    const html = await failure(client.status());
    expect(html.message).to.equal(`unusable answer from ${ROOT}${STATUS}: expected JSON, got an HTML page`);
  });

  it('maps connection failures to unreachable errors (exit 3)', async () => {
    nock(ROOT).get(STATUS).times(3).replyWithError(Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}));
    const reset = await failure(client.status());
    expect(reset).to.be.instanceOf(UnreachableError);
    expect(reset.message).to.equal('connection to pulp.example.com was reset (ECONNRESET)');
    nock(ROOT).get(STATUS).replyWithError(Object.assign(new Error('certificate has expired'), {code: 'CERT_HAS_EXPIRED'}));
    const tls = await failure(client.status());
    expect(tls).to.be.instanceOf(UnreachableError);
    expect(tls.message).to.include('TLS failure talking to pulp.example.com: certificate has expired');
  });

  it('--debug-requests traces requests with the secret redacted', async () => {
    const lines: string[] = [];
    const traced = new PulpClient(testConnection(ROOT, {debugRequests: true}), {trace: (line) => lines.push(line), retry: {limit: 1, baseDelayMs: 1}});
    const TASKS = '/pulp/api/v3/tasks/';
    nock(ROOT).get(TASKS).reply(500, 'oops').get(TASKS).reply(200, {count: 0, next: null, previous: null, results: []}, {'set-cookie': 'sessionid=abc'});
    await traced.listTasks();
    traced.close();
    const text = lines.join('\n');
    expect(text).to.include(`→ GET ${ROOT}${TASKS}`);
    expect(text).to.match(/← 200 GET https:\/\/pulp\.example\.com\/pulp\/api\/v3\/tasks\/ \d+ ms/);
    expect(text).to.include('↻ retry 1');
    expect(text).to.include('"authorization":"[redacted]"');
    expect(text).not.to.include('pw-Secret-123');
    expect(text).not.to.include(Buffer.from('admin:pw-Secret-123').toString('base64'));
    expect(text).not.to.include('sessionid=abc');
  });
});
