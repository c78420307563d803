import {expect} from 'chai';
import nock from 'nock';

import {PulpClient} from '../../src/lib/client.js';
import {AuthError} from '../../src/lib/errors.js';
import {LoadRun} from '../../src/lib/insertion/engine.js';
import {LoadRecorder} from '../../src/lib/insertion/recorder.js';
import {resolveTarget, type TargetKind} from '../../src/lib/insertion/targets.js';
import {isLoopbackHost, passwordFromCommandLine} from '../../src/lib/security-notes.js';
import {testConnection} from '../helpers/connection.js';
import {type FakeServer, json, startFakeServer} from '../helpers/fake-server.js';
import {failure} from '../helpers/failure.js';
import {statusFixture} from '../helpers/status-fixture.js';

const BASIC = `Basic ${Buffer.from('admin:pw-Secret-123').toString('base64')}`;
const PAGE = {count: 0, next: null, previous: null, results: []};

const redirect =
  (location: () => string): Parameters<typeof startFakeServer>[0][string] =>
  (_request, response) => {
    response.writeHead(302, {location: location()});
    response.end();
  };

describe('PulpClient: the Authorization header goes only where it is needed', () => {
  let pulp: FakeServer;
  let other: FakeServer;
  let client: PulpClient;
  let notes: string[];
  const authOf = (server: FakeServer, path: string) => server.requests.filter((request) => request.url.split('?')[0] === path).map((request) => request.headers.authorization);

  before(async () => {
    other = await startFakeServer({'/elsewhere/': json(401, {detail: 'Authentication credentials were not provided.'})});
    pulp = await startFakeServer({
      '/api/pulp/api/v3/status/': json(200, statusFixture()),
      '/api/pulp/admin/tasks/': json(200, PAGE),
      '/api/pulp/test/tasks/': json(200, {tasks_executed: 3}),
      '/api/pulp/test/random_lock_tasks/': json(200, {tasks_executed: 3}),
      '/api/pulp/api/v3/tasks/purge/': json(202, {task: '/api/pulp/api/v3/tasks/0193/'}),
      '/api/pulp/api/v3/tasks': redirect(() => `${pulp.url}/api/pulp/admin/tasks/`), // same origin (slash appending)
      '/api/pulp/moved/': redirect(() => `${other.url}/elsewhere/`), // another origin
    });
  });
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    notes = [];
    client = new PulpClient(testConnection(`${pulp.url}/api`), {onNote: (line) => notes.push(line)});
    pulp.requests.length = 0;
    other.requests.length = 0;
  });
  afterEach(() => {
    client.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  after(async () => {
    await pulp.close();
    await other.close();
  });

  it('status/ gets none; the task list gets it', async () => {
    await client.status();
    await client.listTasks({}, {allDomains: true});
    expect(authOf(pulp, '/api/pulp/api/v3/status/')).to.deep.equal([undefined]);
    expect(authOf(pulp, '/api/pulp/admin/tasks/')).to.deep.equal([BASIC]);
  });

  for (const [kind, path, expected] of [
    ['test-tasks', '/api/pulp/test/tasks/', undefined],
    ['random-lock', '/api/pulp/test/random_lock_tasks/', undefined],
    ['purge', '/api/pulp/api/v3/tasks/purge/', BASIC],
  ] as Array<[TargetKind, string, string | undefined]>) {
    it(`load target ${kind}: ${expected ? 'sent' : 'not sent'}`, async () => {
      const recorder = new LoadRecorder();
      const target = resolveTarget(client.urls, {kind, timeoutSeconds: 1});
      await new LoadRun(client, {target, workers: 2, requestTimeoutMs: 5000, maxConsecutiveFailures: 10}, recorder).run();
      expect(recorder.ok).to.equal(2);
      expect(authOf(pulp, path)).to.deep.equal([expected, expected]);
    });
  }

  it('kept across a same-origin redirect, dropped across a redirect to another origin (and the 401 says why)', async () => {
    await client.getJson(`${pulp.url}/api/pulp/api/v3/tasks`);
    expect(authOf(pulp, '/api/pulp/api/v3/tasks')).to.deep.equal([BASIC]);
    expect(authOf(pulp, '/api/pulp/admin/tasks/')).to.deep.equal([BASIC]);

    const error = await failure(client.getJson(`${pulp.url}/api/pulp/moved/`));
    expect(authOf(pulp, '/api/pulp/moved/')).to.deep.equal([BASIC]);
    expect(other.requests).to.have.length(1);
    expect(other.requests[0].headers).not.to.have.property('authorization');
    expect(error).to.be.instanceOf(AuthError);
    expect(error.message).to.equal(
      `authentication refused by ${pulp.url}/api/pulp/moved/ (401: Authentication credentials were not provided.); the request was redirected to ${other.url}, another origin than --api-root's, and credentials are never sent there: use the final URL as --api-root`,
    );
  });

  it('never sent to another origin asked for directly', async () => {
    await failure(client.getJson(`${other.url}/elsewhere/`));
    expect(other.requests[0].headers).not.to.have.property('authorization');
  });

  it('loopback http: no warning', async () => {
    await client.listTasks({}, {allDomains: true});
    expect(notes).to.deep.equal([]);
  });
});

describe('PulpClient: credentials over plain http to another machine', () => {
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('warns once, when the password is first sent (not for status/), never over https', async () => {
    nock.disableNetConnect();
    const notes: string[] = [];
    nock('http://pulp.example.com').get('/pulp/api/v3/status/').reply(200, statusFixture()).get('/pulp/api/v3/tasks/').times(2).reply(200, PAGE);
    const plain = new PulpClient(testConnection('http://pulp.example.com'), {onNote: (line) => notes.push(line)});
    await plain.status();
    expect(notes).to.deep.equal([]);
    await plain.listTasks();
    await plain.listTasks();
    plain.close();
    expect(notes).to.deep.equal(['warning: sending the password unencrypted over http:// to pulp.example.com: anyone on the network path can read it; use https://']);

    nock('https://pulp.example.com').get('/pulp/api/v3/tasks/').reply(200, PAGE);
    const tls = new PulpClient(testConnection('https://pulp.example.com'), {onNote: (line) => notes.push(line)});
    await tls.listTasks();
    tls.close();
    expect(notes).to.have.length(1);
  });

  it('loopback hosts and where a password came from', () => {
    for (const host of ['localhost', 'api.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).to.equal(true);
    for (const host of ['pulp.example.com', '10.0.0.1', '128.0.0.1', '[::2]', 'localhost.example.com', '127.example.com']) expect(isLoopbackHost(host), host).to.equal(false);
    expect(passwordFromCommandLine(['node', 'run.js', 'status', '--password', 's3cret'], 's3cret')).to.equal(true);
    expect(passwordFromCommandLine(['node', 'run.js', '--password=s3cret', 'status'], 's3cret')).to.equal(true);
    expect(passwordFromCommandLine(['node', 'run.js', 'status'], 's3cret')).to.equal(false); // PULP_PASSWORD, a profile or the prompt
    expect(passwordFromCommandLine(['node', 'run.js', 'status', '--password', 'other'], 's3cret')).to.equal(false);
    expect(passwordFromCommandLine(['node', 'run.js', 'status'], undefined)).to.equal(false);
  });
});
