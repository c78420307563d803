import {expect} from 'chai';
import {readFileSync} from 'node:fs';

import {runCli} from '../helpers/cli.js';
import {type FakeServer, html, json, startFakeServer} from '../helpers/fake-server.js';
import {statusFixture} from '../helpers/status-fixture.js';
import {tempDir} from '../helpers/tmp.js';

const STATUS = '/pulp/api/v3/status/';
const SECRET = 'hunter2-Very-Secret';

describe('the pulp-bench executable', function () {
  this.timeout(120_000);
  let home: ReturnType<typeof tempDir>;
  let ok: FakeServer;
  let bad: FakeServer;
  let tls: FakeServer;
  let closedPort: number;
  const env = () => ({HOME: home.dir, XDG_CONFIG_HOME: undefined});

  before(async () => {
    home = tempDir();
    ok = await startFakeServer({[STATUS]: json(200, statusFixture()), ['/api' + STATUS]: json(200, statusFixture())});
    bad = await startFakeServer({
      ['/unauth' + STATUS]: json(401, {detail: 'Invalid username/password.'}, {'www-authenticate': 'Basic realm="api"'}),
      ['/forbidden' + STATUS]: json(403, {detail: 'You do not have permission to perform this action.'}),
      ['/html500' + STATUS]: html(500, '<html><head><title>Server Error (500)</title></head><body>boom</body></html>'),
      ['/truncated' + STATUS]: json(200, '{"versions": [{"component": "core", "vers'),
    });
    tls = await startFakeServer({[STATUS]: json(200, statusFixture())}, {tls: true});
    const closed = await startFakeServer({});
    closedPort = closed.port;
    await closed.close();
  });
  after(async () => {
    await ok.close();
    await bad.close();
    await tls.close();
    home.cleanup();
  });

  // Bad input (exit 2, before any request) has its own table: test/commands/bad-input.test.ts.
  describe('bad servers: one line on stderr and the documented exit code', () => {
    const cases: Array<{name: string; args: () => string[]; code: number; message: RegExp | (() => RegExp)}> = [
      {name: 'unreachable host', args: () => ['status', '--api-root', `http://127.0.0.1:${closedPort}`], code: 3, message: () => new RegExp(`^Error: connection refused by 127\\.0\\.0\\.1:${closedPort}: is Pulp running there\\?$`)},
      {name: 'DNS failure', args: () => ['status', '--api-root', 'http://no-such-host.invalid'], code: 3, message: /^Error: cannot resolve host 'no-such-host\.invalid'/},
      {name: 'TLS failure', args: () => ['status', '--api-root', tls.url], code: 3, message: /^Error: TLS failure talking to 127\.0\.0\.1:\d+: self-signed certificate \(for a test server with a self-signed certificate, use --no-verify-ssl\)$/},
      {name: '401', args: () => ['status', '--api-root', `${bad.url}/unauth`], code: 4, message: /^Error: authentication refused by .*\/unauth\/pulp\/api\/v3\/status\/ \(401: Invalid username\/password\.\); check --user\/--password/},
      {name: '403', args: () => ['status', '--api-root', `${bad.url}/forbidden`], code: 4, message: /^Error: permission denied by .* \(403: You do not have permission to perform this action\.\)$/},
      {name: '404', args: () => ['status', '--api-root', `${bad.url}/wrong`], code: 5, message: /^Error: http:\/\/127\.0\.0\.1:\d+\/wrong\/pulp\/api\/v3\/status\/ not found \(404\); check --api-root/},
      {name: 'HTML 500', args: () => ['status', '--api-root', `${bad.url}/html500`], code: 5, message: /^Error: server error 500 from .*: an HTML page \('Server Error \(500\)'\)$/},
      {name: 'truncated JSON', args: () => ['status', '--api-root', `${bad.url}/truncated`], code: 5, message: /^Error: unusable answer from .*: expected JSON, got truncated or invalid JSON \(41 bytes\)$/},
    ];

    for (const testCase of cases) {
      it(testCase.name, async () => {
        const result = await runCli(testCase.args(), {env: env()});
        expect(result.code, result.stderr).to.equal(testCase.code);
        const lines = result.stderr.trim().split('\n');
        expect(lines, result.stderr).to.have.length(1);
        expect(lines[0]).to.match(typeof testCase.message === 'function' ? testCase.message() : testCase.message);
        expect(result.stderr).not.to.match(/\n\s+at /); // no stack trace
        expect(result.stdout).to.equal('');
      });
    }

    it('unknown command → a suggestion and exit 2', async () => {
      const result = await runCli(['statsu'], {env: env()});
      expect(result.code).to.equal(2);
      expect(result.stderr.trim().split('\n').at(-1)).to.equal("Error: unknown command 'statsu'. Did you mean 'status'? Run 'pulp-bench help' for the list of commands.");
    });
  });

  it('accepts global flags before the command (the original syntax) and after it', async () => {
    const before = await runCli(['--api-root', `${ok.url}/api`, '--user', 'u', 'status', '--json'], {env: env()});
    const after = await runCli(['status', '--json', '--api-root', `${ok.url}/api`, '--user', 'u'], {env: env()});
    const jsonFirst = await runCli(['--json', '--api-root', `${ok.url}/api`, 'status'], {env: env()});
    for (const result of [before, after, jsonFirst]) {
      expect(result.code, result.stderr).to.equal(0);
      expect(JSON.parse(result.stdout).apiRoot).to.equal(`${ok.url}/api`);
    }
  });

  it('precedence: flag > PULP_API_ROOT > profile', async () => {
    const profileHome = tempDir();
    profileHome.file('cli.toml', `[cli]\nbase_url = "http://127.0.0.1:1"\n`);
    const profileEnv = {HOME: home.dir, XDG_CONFIG_HOME: profileHome.dir.replace(/\/?$/, '').replace(/$/, '')};
    // XDG_CONFIG_HOME/pulp/cli.toml
    const {mkdirSync, renameSync} = await import('node:fs');
    mkdirSync(`${profileHome.dir}/pulp`);
    renameSync(`${profileHome.dir}/cli.toml`, `${profileHome.dir}/pulp/cli.toml`);
    try {
      const fromProfile = await runCli(['status', '--json'], {env: profileEnv});
      expect(fromProfile.code).to.equal(3);
      expect(fromProfile.stderr).to.include('127.0.0.1:1');
      const fromEnv = await runCli(['status', '--json'], {env: {...profileEnv, PULP_API_ROOT: ok.url}});
      expect(fromEnv.code, fromEnv.stderr).to.equal(0);
      expect(JSON.parse(fromEnv.stdout).apiRoot).to.equal(ok.url);
      const fromFlag = await runCli(['status', '--json', '--api-root', `${ok.url}/api`], {env: {...profileEnv, PULP_API_ROOT: 'http://127.0.0.1:1'}});
      expect(fromFlag.code, fromFlag.stderr).to.equal(0);
      expect(JSON.parse(fromFlag.stdout).apiRoot).to.equal(`${ok.url}/api`);
    } finally {
      profileHome.cleanup();
    }
  });

  it('--no-verify-ssl accepts a self-signed certificate', async () => {
    const result = await runCli(['status', '--api-root', tls.url, '--no-verify-ssl', '--json'], {env: env()});
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout).summary.coreVersion).to.equal('3.116.0');
  });

  it('a combined PEM (certificate and key in one file) needs no --key, over https and http', async () => {
    const pem = home.file('client.pem', readFileSync(new URL('../fixtures/self-signed.crt', import.meta.url), 'utf8') + readFileSync(new URL('../fixtures/self-signed.key', import.meta.url), 'utf8'));
    for (const url of [tls.url, ok.url]) {
      const result = await runCli(['status', '--api-root', url, '--no-verify-ssl', '--cert', pem, '--json'], {env: env()});
      expect(result.code, result.stderr).to.equal(0);
      expect(JSON.parse(result.stdout).summary.coreVersion).to.equal('3.116.0');
    }
  });

  it('--debug-requests traces on stderr without the password (status/ is asked without credentials)', async () => {
    const result = await runCli(['status', '--api-root', ok.url, '--user', 'alice', '--password', SECRET, '--debug-requests', '--json'], {env: env()});
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/→ GET http:\/\/127\.0\.0\.1:\d+\/pulp\/api\/v3\/status\//);
    expect(result.stderr).to.match(/← 200 GET /);
    expect(result.stderr).not.to.include('authorization');
    expect(result.stderr).not.to.include(SECRET);
    expect(result.stderr).not.to.include(Buffer.from(`alice:${SECRET}`).toString('base64'));
    expect(result.stdout).not.to.include(SECRET);
    expect(ok.requests.at(-1)?.headers).not.to.have.property('authorization');
  });

  it('help lists the commands and shows examples', async () => {
    const root = await runCli(['--help'], {env: env()});
    expect(root.stdout).to.match(/status\s+Show the Pulp server's versions/);
    const status = await runCli(['status', '--help'], {env: env()});
    expect(status.stdout).to.include('EXAMPLES');
    expect(status.stdout).to.include('$ pulp-bench status --api-root https://pulp.example.com');
    expect(status.stdout).to.match(/--api-root=<value>\s+\[env: PULP_API_ROOT\]/);
  });
});
