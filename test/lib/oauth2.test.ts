import {expect} from 'chai';
import nock from 'nock';

import {PulpClient} from '../../src/lib/client.js';
import {resolveConnection} from '../../src/lib/connection.js';
import {AuthError, UsageError} from '../../src/lib/errors.js';
import {clientCredentialsFlow} from '../../src/lib/oauth2.js';
import {type RunningSimulator, startSimulator} from '../../src/lib/simulator/index.js';
import {testConnection} from '../helpers/connection.js';
import {type FakeServer, json, startFakeServer} from '../helpers/fake-server.js';
import {failure} from '../helpers/failure.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('OAuth2 client credentials against the simulator (token fetched, kept, refreshed once on 401)', function () {
  this.timeout(30_000);
  let sim: RunningSimulator;
  let client: PulpClient;
  let traces: string[];
  const issuer = () => sim.oauth2!.issuer;
  const connect = (overrides: Parameters<typeof testConnection>[1] = {}) => {
    traces = [];
    client = new PulpClient(testConnection(sim.apiRoot, {password: undefined, oauth2: {clientId: 'bench', clientSecret: 'bench-secret'}, debugRequests: true, ...overrides}), {
      trace: (line) => traces.push(line),
      onNote: () => {},
    });
    return client;
  };

  before(async () => {
    nock.enableNetConnect();
    sim = await startSimulator({port: 0, honourTimeout: true, workers: 0, auth: 'oauth2', clientId: 'bench', clientSecret: 'bench-secret', tokenLifetimeSeconds: 3600, history: {count: 30, hours: 1, seed: 3}});
  });
  after(() => sim.stop());
  afterEach(() => client?.close());

  it('finds the token URL in the API schema, fetches one token for many concurrent requests, and keeps it', async () => {
    connect();
    const before = issuer().tokenRequests;
    const pages = await Promise.all(Array.from({length: 8}, () => client.listTasks({limit: 5}, {allDomains: true})));
    expect(pages.map((page) => page.count)).to.deep.equal(Array(8).fill(30));
    expect(issuer().tokenRequests - before).to.equal(1);
    await client.listTasks({limit: 1}, {allDomains: true});
    expect(issuer().tokenRequests - before).to.equal(1);
    expect(traces.filter((line) => line.startsWith('→ GET') && line.includes('/api/pulp/api/v3/docs/api.json'))).to.have.length(1);
    // Never a secret in a trace: the client secret, its Basic value, or the token.
    expect(traces.join('\n')).not.to.match(/bench-secret|Bearer |Basic /);
  });

  it('a revoked token: the 401 is answered by fetching a new token and sending the request once more', async () => {
    connect();
    await client.listTasks({limit: 1}, {allDomains: true});
    const [tokens, rejected] = [issuer().tokenRequests, issuer().rejectedRequests];
    issuer().revokeAll();
    const page = await client.listTasks({limit: 2}, {allDomains: true});
    expect(page.results).to.have.length(2);
    expect(issuer().tokenRequests - tokens).to.equal(1);
    expect(issuer().rejectedRequests - rejected).to.equal(1);
    expect(traces.some((line) => line.startsWith('↻ 401 to GET'))).to.equal(true);
    await client.listTasks({limit: 1}, {allDomains: true});
    expect(issuer().tokenRequests - tokens).to.equal(1);
  });

  it('an expired token is replaced before it is sent (no 401)', async () => {
    await sim.stop();
    sim = await startSimulator({port: 0, honourTimeout: true, workers: 0, auth: 'oauth2', clientId: 'bench', clientSecret: 'bench-secret', tokenLifetimeSeconds: 1});
    connect();
    await client.listTasks({limit: 1}, {domain: 'default'});
    await client.listTasks({limit: 1}, {domain: 'default'});
    expect(issuer().tokenRequests).to.equal(1);
    await sleep(1100);
    await client.listTasks({limit: 1}, {domain: 'default'});
    expect(issuer().tokenRequests).to.equal(2);
    expect(issuer().rejectedRequests).to.equal(0);
  });

  it('--token-url: no schema request; load requests to anonymous endpoints carry no token', async () => {
    connect({oauth2: {clientId: 'bench', clientSecret: 'bench-secret', tokenUrl: sim.oauth2!.tokenUrl}});
    await client.listTasks({limit: 1}, {domain: 'default'});
    const response = await client.send('GET', client.urls.testTasks(), {searchParams: {timeout: 0.05}, auth: false});
    expect(response.status).to.equal(200);
    expect(traces.some((line) => line.includes('docs/api.json'))).to.equal(false);
    const testRequest = traces.find((line) => line.startsWith('→ GET') && line.includes('/test/tasks/'));
    expect(testRequest).to.be.a('string').and.not.include('authorization');
  });

  it('wrong client credentials: exit 4, naming the token endpoint and its error, never the secret', async () => {
    connect({oauth2: {clientId: 'bench', clientSecret: 'not-the-secret'}});
    const error = await failure(client.listTasks({limit: 1}));
    expect(error).to.be.instanceOf(AuthError);
    expect((error as AuthError).exitCode).to.equal(4);
    expect(error.message).to.equal(`the OAuth2 token endpoint ${sim.oauth2!.tokenUrl} refused client 'bench' (401: invalid_client: Invalid client or Invalid client credentials); check --client-id/--client-secret`);
    expect(error.message).not.to.include('not-the-secret');
  });
});

describe('OAuth2: schemas without a flow, and tokens the server never accepts', () => {
  let server: FakeServer;
  let tokenCalls: number;
  let tokenBodies: string[];
  let schema: unknown;
  before(async () => {
    nock.enableNetConnect();
    server = await startFakeServer({
      '/pulp/api/v3/docs/api.json': (request, response) => json(200, schema)(request, response),
      '/sso/token': (request, response) => {
        const call = ++tokenCalls;
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          tokenBodies.push(body);
          json(200, {access_token: `token-${call}`, token_type: 'Bearer', expires_in: 3600})(request, response);
        });
      },
      '/pulp/api/v3/tasks/': json(401, {detail: 'Invalid token.'}, {'www-authenticate': 'Bearer realm="api"'}),
    });
  });
  beforeEach(() => {
    tokenCalls = 0;
    tokenBodies = [];
    server.requests.length = 0;
    schema = {openapi: '3.0.3', components: {securitySchemes: {sso: {type: 'oauth2', flows: {clientCredentials: {tokenUrl: '/sso/token', scopes: {'api.console': 'x', 'api.other': 'y'}}}}}}};
  });
  after(() => server.close());

  it('reads the flow as pulp-cli does: relative token URLs resolved, the scopes listed', async () => {
    expect(clientCredentialsFlow(schema, `${server.url}/pulp/api/v3/docs/api.json`)).to.deep.equal({tokenUrl: `${server.url}/sso/token`, scopes: ['api.console', 'api.other']});
    expect(clientCredentialsFlow({components: {securitySchemes: {basic: {type: 'http', scheme: 'basic'}, implicit: {type: 'oauth2', flows: {implicit: {authorizationUrl: '/a'}}}}}}, server.url)).to.equal(undefined);
    expect(clientCredentialsFlow('not a schema', server.url)).to.equal(undefined);
  });

  it('a fresh token that is refused is not fetched again for the same request; a kept one is, once; scopes go space-separated', async () => {
    const client = new PulpClient(testConnection(server.url, {password: undefined, oauth2: {clientId: 'id', clientSecret: 'pw'}}));
    try {
      const first = await failure(client.listTasks());
      expect(first).to.be.instanceOf(AuthError);
      expect(tokenCalls).to.equal(1);
      const second = await failure(client.listTasks());
      expect(second).to.be.instanceOf(AuthError);
      expect(tokenCalls).to.equal(2);
      const taskRequests = server.requests.filter((request) => request.url.startsWith('/pulp/api/v3/tasks/'));
      expect(taskRequests.map((request) => request.headers.authorization)).to.deep.equal(['Bearer token-1', 'Bearer token-1', 'Bearer token-2']);
      const tokenRequest = server.requests.find((request) => request.url === '/sso/token')!;
      expect(tokenRequest.headers.authorization).to.equal(`Basic ${Buffer.from('id:pw').toString('base64')}`);
      expect(tokenRequest.headers['content-type']).to.equal('application/x-www-form-urlencoded');
      expect(tokenBodies[0]).to.equal('grant_type=client_credentials&scopes=api.console+api.other');
    } finally {
      client.close();
    }
  });

  it('no OAuth2 flow in the schema (or no schema): Basic when a password is configured, else a usage error pointing at --token-url', async () => {
    schema = {openapi: '3.0.3', components: {securitySchemes: {basicAuth: {type: 'http', scheme: 'basic'}}}};
    const withPassword = new PulpClient(testConnection(server.url, {oauth2: {clientId: 'id', clientSecret: 'pw'}}));
    await failure(withPassword.listTasks());
    withPassword.close();
    const sent = server.requests.filter((request) => request.url.startsWith('/pulp/api/v3/tasks/')).map((request) => request.headers.authorization);
    expect(sent).to.deep.equal([`Basic ${Buffer.from('admin:pw-Secret-123').toString('base64')}`]);
    expect(tokenCalls).to.equal(0);

    const without = new PulpClient(testConnection(server.url, {password: undefined, oauth2: {clientId: 'id', clientSecret: 'pw'}}));
    const error = await failure(without.listTasks());
    without.close();
    expect(error).to.be.instanceOf(UsageError);
    expect(error.message).to.equal(`the server's API schema (${server.url}/pulp/api/v3/docs/api.json) names no OAuth2 client-credentials token URL; pass --token-url URL, or use --user/--password`);

    const noSchema = new PulpClient(testConnection(`${server.url}/elsewhere`, {password: undefined, oauth2: {clientId: 'id', clientSecret: 'pw'}}));
    const missing = await failure(noSchema.listTasks());
    noSchema.close();
    expect(missing.message).to.equal(`the server's API schema ${server.url}/elsewhere/pulp/api/v3/docs/api.json cannot be read (404); pass --token-url URL, or use --user/--password`);
  });
});

describe('OAuth2 settings: flags, profile, and the client secret prompt', () => {
  const none = {configLocations: [], env: {HOME: '/nonexistent', NETRC: '/nonexistent/netrc'}};

  it('client_id/client_secret from flags or profile; a missing secret is asked for only when credentials are needed', async () => {
    const flags = {'api-root': 'https://pulp.example.com', 'client-id': 'bench', 'client-secret': 's', 'token-url': ' https://sso.example.com/token '};
    expect((await resolveConnection(flags, none)).oauth2).to.deep.equal({clientId: 'bench', clientSecret: 's', tokenUrl: 'https://sso.example.com/token'});
    let asked = '';
    const prompted = await resolveConnection({'api-root': 'https://pulp.example.com', 'client-id': 'bench'}, {
      ...none,
      requiresCredentials: true,
      promptSecret: async (prompt) => {
        asked = prompt;
        return 'typed';
      },
    });
    expect(asked).to.equal('Client secret for bench at https://pulp.example.com: ');
    expect(prompted.oauth2).to.deep.equal({clientId: 'bench', clientSecret: 'typed', tokenUrl: undefined});
    expect(prompted.password).to.equal(undefined);
    const refused = await failure(resolveConnection({'api-root': 'https://pulp.example.com', 'client-id': 'bench'}, {...none, requiresCredentials: true}));
    expect(refused).to.be.instanceOf(UsageError);
    expect(refused.message).to.equal("OAuth2 client 'bench' has no secret: pass --client-secret (or set PULP_CLIENT_SECRET); no terminal to prompt on");
    expect((await resolveConnection({'api-root': 'https://pulp.example.com', 'client-id': 'bench'}, none)).oauth2).to.equal(undefined);
    const orphan = await failure(resolveConnection({'api-root': 'https://pulp.example.com', 'token-url': 'https://sso.example.com/token'}, none));
    expect(orphan.message).to.equal('--token-url needs OAuth2 client credentials: pass --client-id and --client-secret');
  });
});
