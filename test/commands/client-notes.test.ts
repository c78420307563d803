import {expect} from 'chai';

import {runCli} from '../helpers/cli.js';
import {type FakeServer, json, startFakeServer} from '../helpers/fake-server.js';
import {statusFixture} from '../helpers/status-fixture.js';
import {tempDir} from '../helpers/tmp.js';

const STATUS = '/pulp/api/v3/status/';
const HINT = 'note: a --password on the command line is visible to other users in `ps` and kept in shell history; PULP_PASSWORD, a pulp-cli profile or the prompt keep it out';
const ESC = '\u001b';

describe('client notes and hardening, through the CLI', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let home: ReturnType<typeof tempDir>;
  let throttled = 0;
  const env = (extra: Record<string, string> = {}) => ({HOME: home.dir, XDG_CONFIG_HOME: `${home.dir}/.config`, ...extra});

  before(async () => {
    home = tempDir();
    server = await startFakeServer({
      [STATUS]: json(200, statusFixture()),
      ['/throttled' + STATUS]: (request, response) => {
        if (throttled++ % 2 === 0) json(503, {detail: 'maintenance'}, {'retry-after': '3600'})(request, response);
        else json(200, statusFixture())(request, response);
      },
      ['/evil' + STATUS]: json(200, statusFixture({
        versions: [{component: 'core', version: `3.116.0${ESC}[2J${ESC}[H`}],
        online_workers: [{name: `41@w${ESC}]0;pwned\u0007`, last_heartbeat: '2026-01-05T09:00:01Z'}],
      })),
      ['/evil-error' + STATUS]: json(403, {detail: `denied${ESC}[31m red\nforged line`}),
    });
  });
  after(async () => {
    await server.close();
    home.cleanup();
  });
  beforeEach(() => (server.requests.length = 0));

  it('--password on the command line: one hint line; status/ is asked without credentials', async () => {
    for (const args of [['status', '--api-root', server.url, '--password', 'pw-Secret-123'], ['--password=pw-Secret-123', 'status', '--api-root', server.url]]) {
      const result = await runCli(args, {env: env()});
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stderr).to.equal(`${HINT}\n`);
      expect(result.stderr + result.stdout).not.to.include('pw-Secret-123');
    }
    expect(server.requests.map((request) => request.headers.authorization)).to.deep.equal([undefined, undefined]);
  });

  it('PULP_PASSWORD: no hint', async () => {
    const result = await runCli(['status', '--api-root', server.url], {env: env({PULP_PASSWORD: 'pw-Secret-123'})});
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.equal('');
  });

  it('--max-retry-wait caps a Retry-After, and the wait is reported in one line', async () => {
    throttled = 0;
    const started = performance.now();
    const result = await runCli(['status', '--api-root', `${server.url}/throttled`, '--max-retry-wait', '1s'], {env: env()});
    expect(result.code, result.stderr).to.equal(0);
    expect(performance.now() - started).to.be.below(10_000);
    expect(result.stderr).to.equal('note: 127.0.0.1:' + server.port + ' answered 503 and asked to retry after 3600 s (Retry-After); waiting 1 s, the maximum --max-retry-wait allows, before retrying\n');
    const refused = await runCli(['status', '--api-root', server.url, '--max-retry-wait', 'a while'], {env: env()});
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.equal("Error: --max-retry-wait 'a while' is not a duration; use e.g. 30s, 2m\n");
  });

  it('control characters a server sends are shown escaped: status tables, the summary line, error messages', async () => {
    const result = await runCli(['status', '--api-root', `${server.url}/evil`], {env: env()});
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).not.to.include(ESC);
    expect(result.stdout).not.to.include('\u0007');
    expect(result.stdout).to.include('3.116.0\\x1b[2J\\x1b[H');
    expect(result.stdout).to.include('41@w\\x1b]0;pwned\\x07');
    const refused = await runCli(['status', '--api-root', `${server.url}/evil-error`], {env: env()});
    expect(refused.code).to.equal(4);
    expect(refused.stderr).to.equal(`Error: permission denied by ${server.url}/evil-error${STATUS} (403: denied\\x1b[31m red\\x0aforged line)\n`);
  });
});

// Too many open files through the CLI: the bound on --max-workers (src/lib/limits.ts, test/commands/bad-input.test.ts)
// now refuses, before any request, a worker count that could exhaust descriptors, so a real EMFILE cannot be
// provoked from the command line any more; the EMFILE path itself is tested in test/lib/client-file-limit.test.ts.
