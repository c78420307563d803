import {expect} from 'chai';
import nock from 'nock';

import {type RunningSimulator, startSimulator} from '../../src/lib/simulator/index.js';
import {call} from '../helpers/http.js';
import {killAll, startCli} from '../helpers/spawn.js';

const form = (fields: Record<string, string>, auth?: [string, string]) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    ...(auth ? {authorization: `Basic ${Buffer.from(`${auth[0]}:${auth[1]}`).toString('base64')}`} : {}),
  },
  body: new URLSearchParams(fields).toString(),
});

describe('simulator: the API schema and the OAuth2 mode (token endpoint, Bearer-only routes)', function () {
  this.timeout(30_000);
  let sim: RunningSimulator;
  before(async () => {
    nock.enableNetConnect();
    sim = await startSimulator({port: 0, workers: 0, auth: 'oauth2', clientId: 'bench', clientSecret: 'bench-secret', tokenLifetimeSeconds: 120});
  });
  after(() => sim.stop());
  afterEach(() => killAll());

  it('the schema names the client-credentials token URL; in Basic mode it offers Basic only', async () => {
    for (const path of ['/api/pulp/api/v3/docs/api.json', '/api/pulp/default/api/v3/docs/api.json']) {
      const schema = (await call(`${sim.origin}${path}`, {auth: null})).json();
      expect(schema.components.securitySchemes, path).to.deep.equal({
        PulpBenchSimulatorOAuth2: {type: 'oauth2', flows: {clientCredentials: {tokenUrl: sim.oauth2!.tokenUrl, scopes: {'api.console': 'grant_access_to_pulp'}}}},
      });
    }
    const plain = await startSimulator({port: 0, workers: 0, layout: 'pulpcore'});
    try {
      const schema = (await call(`${plain.origin}/pulp/api/v3/docs/api.json`, {auth: null})).json();
      expect(Object.keys(schema.components.securitySchemes)).to.deep.equal(['basicAuth', 'cookieAuth']);
      expect(plain.auth).to.equal('basic');
      expect(plain.oauth2).to.equal(undefined);
    } finally {
      await plain.stop();
    }
  });

  it('grants client_credentials to the right client (Basic or in the body), refuses everything else as RFC 6749 says', async () => {
    const token = async (options: RequestInit) => {
      const response = await fetch(sim.oauth2!.tokenUrl, options);
      return {status: response.status, body: (await response.json()) as Record<string, unknown>};
    };
    const granted = await token(form({grant_type: 'client_credentials', scopes: 'api.console'}, ['bench', 'bench-secret']));
    expect(granted.status).to.equal(200);
    expect(granted.body).to.include({token_type: 'Bearer', expires_in: 120, scope: 'api.console'});
    expect(granted.body.access_token).to.be.a('string').with.length.greaterThan(20);
    expect((await token(form({grant_type: 'client_credentials', client_id: 'bench', client_secret: 'bench-secret'}))).status).to.equal(200);
    expect(await token(form({grant_type: 'client_credentials'}, ['bench', 'wrong']))).to.deep.include({status: 401, body: {error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials'}});
    expect((await token(form({grant_type: 'password'}, ['bench', 'bench-secret']))).body.error).to.equal('unsupported_grant_type');
    expect((await token({method: 'POST', headers: {'content-type': 'application/json'}, body: '{}'})).body.error).to.equal('invalid_request');
    expect((await token({method: 'GET'})).status).to.equal(405);

    const list = `${sim.origin}/api/pulp/admin/tasks/?limit=1`;
    const bearer = (value: string) => call(list, {auth: null, headers: {authorization: `Bearer ${value}`}});
    expect((await bearer(granted.body.access_token as string)).status).to.equal(200);
    expect((await call(list)).status).to.equal(401); // Basic is not accepted in this mode
    const missing = await call(list, {auth: null});
    expect([missing.status, missing.headers.get('www-authenticate'), missing.json().detail]).to.deep.equal([401, 'Bearer', 'Authentication credentials were not provided.']); // pulp-service layout: authenticate_header → Bearer
    sim.oauth2!.issuer.expireAll();
    expect((await bearer(granted.body.access_token as string)).json().detail).to.equal('Invalid or expired token.');
    const fresh = await token(form({grant_type: 'client_credentials'}, ['bench', 'bench-secret']));
    expect((await bearer(fresh.body.access_token as string)).status).to.equal(200);
    sim.oauth2!.issuer.revokeAll();
    expect((await bearer(fresh.body.access_token as string)).status).to.equal(401);
  });

  it('simulate --auth oauth2 says where the token endpoint is', async () => {
    const cli = startCli(['simulate', '--port', '0', '--json', '--auth', 'oauth2', '--client-id', 'ci', '--client-secret', 'ci-secret', '--token-lifetime', '60']);
    const deadline = Date.now() + 20_000;
    while (!cli.stdout().includes('\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const started = JSON.parse(cli.stdout().split('\n')[0]);
    expect(started).to.include({auth: 'oauth2', clientId: 'ci', tokenUrl: `${started.origin}/pulp-bench-simulator/oauth2/token/`});
    const response = await fetch(started.tokenUrl, form({grant_type: 'client_credentials'}, ['ci', 'ci-secret']));
    expect(((await response.json()) as {expires_in: number}).expires_in).to.equal(60);
    cli.signal('SIGINT');
    expect((await cli.exited).code).to.equal(130);
  });
});
