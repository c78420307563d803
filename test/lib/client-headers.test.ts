import {expect} from 'chai';
import nock from 'nock';

import {PulpClient} from '../../src/lib/client.js';
import {testConnection} from '../helpers/connection.js';
import {type FakeServer, json, startFakeServer} from '../helpers/fake-server.js';
import {statusFixture} from '../helpers/status-fixture.js';

const IDENTITY = 'eyJpZGVudGl0eSI6eyJ4NTA5Ijp7fX19-secret-identity';
const PAGE = {count: 0, next: null, previous: null, results: []};

describe('PulpClient: extra headers go to every request to the api-root origin, and nowhere else', () => {
  let pulp: FakeServer;
  let other: FakeServer;
  before(async () => {
    nock.enableNetConnect();
    other = await startFakeServer({
      '/elsewhere/': json(200, PAGE),
      '/token': json(200, {access_token: 'the-token', token_type: 'Bearer', expires_in: 60}),
    });
    pulp = await startFakeServer({
      '/api/pulp/api/v3/status/': json(200, statusFixture()),
      '/api/pulp/admin/tasks/': json(200, PAGE),
      '/api/pulp/test/tasks/': json(200, {tasks_executed: 1}),
      '/api/pulp/moved/': (_request, response) => {
        response.writeHead(302, {location: `${other.url}/elsewhere/`});
        response.end();
      },
    });
  });
  beforeEach(() => {
    pulp.requests.length = 0;
    other.requests.length = 0;
  });
  after(async () => {
    await pulp.close();
    await other.close();
  });

  it('status/, the task list and the anonymous test endpoint all get them; traces show them redacted', async () => {
    const traces: string[] = [];
    const client = new PulpClient(testConnection(`${pulp.url}/api`, {headers: {'X-RH-IDENTITY': IDENTITY, 'X-Api-Key': 'key-secret'}, debugRequests: true}), {trace: (line) => traces.push(line)});
    try {
      await client.status();
      await client.listTasks({}, {allDomains: true});
      await client.send('GET', client.urls.testTasks(), {auth: false});
    } finally {
      client.close();
    }
    expect(pulp.requests.map((request) => [request.url.split('?')[0], request.headers['x-rh-identity'], request.headers['x-api-key']])).to.deep.equal([
      ['/api/pulp/api/v3/status/', IDENTITY, 'key-secret'],
      ['/api/pulp/admin/tasks/', IDENTITY, 'key-secret'],
      ['/api/pulp/test/tasks/', IDENTITY, 'key-secret'],
    ]);
    const sent = traces.filter((line) => line.startsWith('→'));
    expect(sent).to.have.length(3);
    for (const line of sent) expect(line).to.include('"x-rh-identity":"[redacted]"').and.include('"x-api-key":"[redacted]"');
    expect(traces.join('\n')).not.to.match(/secret-identity|key-secret/);
  });

  it('a redirect to another origin drops them (and the Authorization header)', async () => {
    const client = new PulpClient(testConnection(`${pulp.url}/api`, {headers: {'X-RH-IDENTITY': IDENTITY}}));
    try {
      const response = await client.send('GET', `${pulp.url}/api/pulp/moved/`);
      expect(response.status).to.equal(200);
    } finally {
      client.close();
    }
    expect(pulp.requests[0].headers['x-rh-identity']).to.equal(IDENTITY);
    expect(other.requests).to.have.length(1);
    expect(other.requests[0].headers['x-rh-identity']).to.equal(undefined);
    expect(other.requests[0].headers.authorization).to.equal(undefined);
  });

  it('a token endpoint on another origin gets neither them nor the api-root credentials', async () => {
    const client = new PulpClient(testConnection(`${pulp.url}/api`, {headers: {'X-RH-IDENTITY': IDENTITY}, oauth2: {clientId: 'id', clientSecret: 'pw', tokenUrl: `${other.url}/token`}}));
    try {
      await client.listTasks({}, {allDomains: true});
    } finally {
      client.close();
    }
    expect(other.requests.map((request) => [request.url, request.headers['x-rh-identity'], request.headers.authorization])).to.deep.equal([['/token', undefined, `Basic ${Buffer.from('id:pw').toString('base64')}`]]);
    expect(pulp.requests.map((request) => [request.headers['x-rh-identity'], request.headers.authorization])).to.deep.equal([[IDENTITY, 'Bearer the-token']]);
  });

  it('an Authorization header among them replaces the configured credentials, as in pulp-cli', async () => {
    const client = new PulpClient(testConnection(`${pulp.url}/api`, {headers: {Authorization: 'Bearer from-header'}}));
    try {
      await client.listTasks({}, {allDomains: true});
    } finally {
      client.close();
    }
    expect(pulp.requests[0].headers.authorization).to.equal('Bearer from-header');
  });
});
