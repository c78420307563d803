import {expect} from 'chai';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import nock from 'nock';

import {type RunningSimulator, startSimulator} from '../../src/lib/simulator/index.js';
import {runCli} from '../helpers/cli.js';
import {type FakeServer, json, startFakeServer} from '../helpers/fake-server.js';
import {statusFixture} from '../helpers/status-fixture.js';
import {tempDir} from '../helpers/tmp.js';

const IDENTITY = 'eyJpZGVudGl0eSI6eyJvcmdfaWQiOiIxMjMifX0-identity-secret';

describe("pulp-cli's connection settings through the CLI: files, profiles, headers, OAuth2, .netrc, time input", function () {
  this.timeout(120_000);
  let basic: RunningSimulator;
  let oauth: RunningSimulator;
  let home: ReturnType<typeof tempDir>;
  let system: string;
  let userConfig: string;

  before(async () => {
    nock.enableNetConnect();
    basic = await startSimulator({port: 0, workers: 0, history: {count: 40, hours: 1, seed: 5}});
    oauth = await startSimulator({port: 0, workers: 0, auth: 'oauth2', clientId: 'bench', clientSecret: 'bench-secret', history: {count: 40, hours: 1, seed: 6}});
  });
  after(async () => {
    await basic.stop();
    await oauth.stop();
  });
  beforeEach(() => {
    home = tempDir();
    mkdirSync(path.join(home.dir, 'xdg', 'pulp'), {recursive: true});
    system = path.join(home.dir, 'etc-pulp-cli.toml');
    userConfig = path.join(home.dir, 'xdg', 'pulp', 'cli.toml');
  });
  afterEach(() => home.cleanup());

  const env = (extra: Record<string, string | undefined> = {}) => ({HOME: home.dir, XDG_CONFIG_HOME: path.join(home.dir, 'xdg'), PULP_BENCH_SYSTEM_CONFIG: system, ...extra});
  const analysis = (args: string[], extra: Record<string, string | undefined> = {}) => runCli(['task-analysis', '--json', '--since', '2h', ...args], {env: env(extra)});
  const section = (name: string, sim: RunningSimulator, extra = '') => `[${name}]\nbase_url = "${sim.origin}"\napi_root = "/api/pulp/"\n${extra}\n`;

  it('/etc/pulp/cli.toml, then the user file, key by key; flag > environment > profile', async () => {
    writeFileSync(system, section('cli', basic, 'password = "wrong"') + section('cli-stage', basic, `password = "${basic.password}"`));
    const systemOnly = await analysis([]);
    expect(systemOnly.code, systemOnly.stderr).to.equal(4); // /etc was read: its base_url, its wrong password

    writeFileSync(userConfig, `[cli]\npassword = "${basic.password}"\n`);
    const merged = await analysis([]);
    expect(merged.code, merged.stderr).to.equal(0); // the user's password, /etc's base_url
    expect(JSON.parse(merged.stdout).total).to.equal(40);

    expect((await analysis([], {PULP_PASSWORD: 'wrong'})).code).to.equal(4); // environment beats the profile
    expect((await analysis(['--password', basic.password], {PULP_PASSWORD: 'wrong'})).code).to.equal(0); // the flag beats both
  });

  it('PULP_CLI_PROFILE and -p/--profile select [cli-NAME]; an unknown one lists the default [cli] and the others', async () => {
    writeFileSync(system, section('cli', basic, 'password = "wrong"') + section('cli-stage', basic, `password = "${basic.password}"`));
    expect((await analysis([], {PULP_CLI_PROFILE: 'stage'})).code).to.equal(0);
    expect((await analysis([], {PULP_PROFILE: 'stage'})).code).to.equal(0);
    expect((await analysis(['-p', 'stage'])).code).to.equal(0);
    const unknown = await runCli(['-p', 'prod', 'status'], {env: env()});
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr.trim()).to.equal(`Error: profile 'prod' ([cli-prod]) not found in ${system} (known: the default [cli], stage)`);
  });

  it('--config FILE reads that file only', async () => {
    writeFileSync(system, section('cli', basic, 'password = "wrong"'));
    const file = home.file('bench.toml', section('cli', basic, `password = "${basic.password}"`));
    expect((await analysis(['--config', file])).code).to.equal(0);
    const noRoot = await runCli(['status', '--config', home.file('empty.toml', '[cli]\n')], {env: env()});
    expect(noRoot.code).to.equal(2); // /etc's base_url was not read
    expect(noRoot.stderr).to.match(/^Error: no Pulp API root/);
  });

  describe('headers', () => {
    let fake: FakeServer;
    before(async () => {
      fake = await startFakeServer({'/api/pulp/api/v3/status/': json(200, statusFixture())});
    });
    after(() => fake.close());
    beforeEach(() => {
      fake.requests.length = 0;
    });

    it('the profile\'s headers and --header are sent, and redacted in traces', async () => {
      writeFileSync(userConfig, `[cli]\nbase_url = "${fake.url}"\napi_root = "/api/pulp/"\nheaders = ["X-RH-IDENTITY: ${IDENTITY}", "X-Team: pulp"]\n`);
      const result = await runCli(['status', '--header', 'X-Team: bench', '--header', 'X-Run: 42', '--debug-requests'], {env: env()});
      expect(result.code, result.stderr).to.equal(0);
      expect(fake.requests).to.have.length(1);
      const sent = fake.requests[0].headers;
      expect([sent['x-rh-identity'], sent['x-team'], sent['x-run']]).to.deep.equal([IDENTITY, 'bench', '42']);
      expect(result.stderr).to.include('"x-rh-identity":"[redacted]"').and.include('"x-team":"[redacted]"');
      expect(result.stderr + result.stdout).not.to.include('identity-secret');
    });

    it('a bad --header (here before the command, the original syntax) is exit 2, one line, before any request', async () => {
      const result = await runCli(['--header', 'X-Team: bench', '--header', 'X-RH-IDENTITY secret-value', 'status', '--api-root', `${fake.url}/api`], {env: env()});
      expect(result.code).to.equal(2);
      expect(result.stderr.trim()).to.equal('Error: --header #2 is not "Name: value" (no colon); e.g. --header "X-RH-IDENTITY: eyJp…"');
      expect(fake.requests).to.have.length(0);
    });
  });

  it('OAuth2 client credentials: one token from the URL the schema names, kept for every request of the run', async () => {
    const issuer = oauth.oauth2!.issuer;
    const [tokens, lists] = [issuer.tokenRequests, oauth.served.taskListRequests];
    const result = await runCli(['task-analysis', '--api-root', oauth.apiRoot, '--json', '--since', '1d'], {env: env({PULP_CLIENT_ID: 'bench', PULP_CLIENT_SECRET: 'bench-secret'})});
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout).total).to.equal(40);
    expect(oauth.served.taskListRequests - lists).to.be.greaterThan(1);
    expect(issuer.tokenRequests - tokens).to.equal(1);
    expect(issuer.rejectedRequests).to.equal(0);

    // The profile's client_id/client_secret work the same; a wrong secret is exit 4 and never printed.
    writeFileSync(userConfig, section('cli', oauth, 'client_id = "bench"\nclient_secret = "bench-secret"'));
    expect((await analysis([])).code).to.equal(0);
    const wrong = await analysis(['--client-secret', 'not-this-one']);
    expect(wrong.code).to.equal(4);
    expect(wrong.stderr).to.include(`Error: the OAuth2 token endpoint ${oauth.oauth2!.tokenUrl} refused client 'bench' (401: invalid_client`);
    expect(wrong.stderr).to.include('note: a --client-secret on the command line is visible');
    expect(wrong.stderr + wrong.stdout).not.to.include('not-this-one');
  });

  it(".netrc gives the password for the api-root's host when none is given otherwise", async () => {
    const refused = await runCli(['task-analysis', '--api-root', basic.apiRoot, '--since', '1h'], {env: env()});
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.include('this command needs credentials');
    home.file('.netrc', `machine 127.0.0.1\n  login admin\n  password ${basic.password}\n`);
    const result = await runCli(['task-analysis', '--api-root', basic.apiRoot, '--json', '--since', '2h'], {env: env()});
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout).total).to.equal(40);
    expect(result.stderr).not.to.include(basic.password);
    const elsewhere = home.file('other.netrc', 'machine pulp.example.com login admin password nope\n');
    expect((await runCli(['task-analysis', '--api-root', basic.apiRoot, '--since', '1h'], {env: env({NETRC: elsewhere})})).code).to.equal(2);
  });

  it('time input: now, compound durations and weeks', async () => {
    const result = await runCli(['task-analysis', '--api-root', basic.apiRoot, '--json', '--since', '1h30m', '--until', 'now'], {env: env({PULP_PASSWORD: basic.password})});
    expect(result.code, result.stderr).to.equal(0);
    const {since, until} = JSON.parse(result.stdout).window;
    expect(Date.parse(until) - Date.parse(since)).to.equal(5_400_000);
    const weeks = await runCli(['task-analysis', '--api-root', basic.apiRoot, '--json', '--since', '2w'], {env: env({PULP_PASSWORD: basic.password})});
    expect(weeks.code, weeks.stderr).to.equal(0);
    expect(JSON.parse(weeks.stdout).total).to.equal(40);
  });
});
