/**
 * watch against a server that stops answering, through the built CLI: Ctrl-C during the stuck sample ends it at once
 * with one JSON document (the summary), exit 130 — and the summary counts the requests the stuck sample made (it
 * used to say 0 requests: they were only counted when a sample ended).
 */
import {expect} from 'chai';

import {type FakeServer, json, startFakeServer} from '../helpers/fake-server.js';
import {killAll, startCli} from '../helpers/spawn.js';
import {statusFixture} from '../helpers/status-fixture.js';

describe('watch against a silent server (built CLI)', function () {
  this.timeout(30_000);
  let server: FakeServer | undefined;
  afterEach(async () => {
    killAll();
    await server?.close();
  });

  it('--once --json, Ctrl-C during a sample: one summary document counting the requests sent, exit 130', async () => {
    server = await startFakeServer({
      '/pulp/api/v3/status/': json(200, statusFixture({domain_enabled: false})),
      '/pulp/api/v3/tasks/': () => {},
      '/pulp/api/v3/workers/': () => {},
    });
    const cli = startCli(['watch', '--api-root', server.url, '--once', '--json'], {env: {PULP_PASSWORD: 'pw-Secret-123'}});
    const deadline = Date.now() + 15_000;
    // Every request of the first sample has reached the server: 7 in the full detail (5 task counts, 2 worker lists).
    while (server.requests.filter((request) => !request.url.includes('/status/')).length < 7 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    cli.signal('SIGINT');
    const {code, secondsAfterSignal} = await cli.exited;
    expect(code, cli.stderr()).to.equal(130);
    expect(secondsAfterSignal).to.be.below(5);
    const lines = cli.stdout().trimEnd().split('\n');
    expect(lines).to.have.length(1);
    const summary = JSON.parse(lines[0]) as {kind: string; samples: number; requests: number; signal: string};
    expect(summary).to.include({kind: 'summary', samples: 0, signal: 'SIGINT'});
    expect(summary.requests).to.equal(7);
    expect(cli.stdout()).not.to.include('pw-Secret-123');
  });
});
