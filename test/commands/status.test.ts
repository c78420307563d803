import {runCommand} from '@oclif/test';
import {expect} from 'chai';
import nock from 'nock';

import {statusFixture} from '../helpers/status-fixture.js';

describe('status command', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('renders versions, online apps, database and domain mode', async () => {
    nock('https://pulp.example.com').get('/api/pulp/api/v3/status/').reply(200, statusFixture());
    const {stdout, error} = await runCommand(['status', '--api-root', 'https://pulp.example.com/api/']);
    expect(error).to.equal(undefined);
    expect(stdout).to.include('3.116.0');
    expect(stdout).to.match(/task workers\s+2\s+12@pulp-worker-0a1b, 41@pulp-worker-7c9d/);
    expect(stdout).to.match(/API apps\s+1\s+7@pulp-api-1/);
    expect(stdout).to.match(/content apps\s+0/);
    expect(stdout).to.match(/Database connected\s+yes/);
    expect(stdout).to.match(/Domains enabled\s+yes/);
    expect(stdout).to.match(/service\s+0\.1\.0/);
    // The summary line flows onto a second line between two of its parts: it is wider than 80 columns.
    expect(stdout.replaceAll(/\s*\n\s*/g, ' · ')).to.include('Pulp core 3.116.0 · 2 workers, 1 API app, 0 content apps · database connected · domains on');
    expect(stdout).to.include('Pulp core 3.116.0 · 2 workers, 1 API app, 0 content apps · database connected\ndomains on');
  });

  it('--json prints the server answer and a summary as one document', async () => {
    nock('http://pulp.local:8080').get('/pulp/api/v3/status/').reply(200, statusFixture({domain_enabled: false}));
    const {stdout, error} = await runCommand(['status', '--api-root', 'http://pulp.local:8080', '--json']);
    expect(error).to.equal(undefined);
    const document = JSON.parse(stdout);
    expect(document.apiRoot).to.equal('http://pulp.local:8080');
    expect(document.summary).to.deep.include({coreVersion: '3.116.0', databaseConnected: true, redisConnected: false, domainEnabled: false});
    expect(document.summary.workers).to.deep.equal({count: 2, names: ['12@pulp-worker-0a1b', '41@pulp-worker-7c9d']});
    expect(document.summary.plugins).to.deep.equal([
      {component: 'file', version: '3.116.0'},
      {component: 'service', version: '0.1.0'},
    ]);
    expect(document.status.storage).to.deep.equal({total: null, used: 52428800, free: null});
  });

  it('a status answer without the expected fields is an unusable answer (exit 5)', async () => {
    nock('https://pulp.example.com').get('/pulp/api/v3/status/').reply(200, {hello: 'world'});
    const {stderr, error} = await runCommand(['status', '--api-root', 'https://pulp.example.com']);
    expect(error?.oclif?.exit).to.equal(5);
    expect(stderr.trim()).to.equal("Error: unusable status answer from https://pulp.example.com/pulp/api/v3/status/: 'versions' is missing");
  });
});
