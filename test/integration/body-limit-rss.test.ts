import {expect} from 'chai';
import type http from 'node:http';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createGzip} from 'node:zlib';

import {runCliMeasured} from '../helpers/cli-memory.js';
import {type FakeServer, json, startFakeServer} from '../helpers/fake-server.js';
import {statusFixture} from '../helpers/status-fixture.js';

const GB = 2 ** 30;

/** A task page that inflates to 1 GB: one task whose pulp_created is a gigabyte of spaces, made on the fly. */
async function* gigabytePage(): AsyncGenerator<Buffer> {
  yield Buffer.from('{"count": 1, "next": null, "previous": null, "results": [{"pulp_created": "');
  const spaces = Buffer.alloc(2 ** 20, ' ');
  for (let sent = 0; sent < GB; sent += spaces.length) yield spaces;
  yield Buffer.from('"}]}');
}

describe('task-analysis against a server that answers 1 GB pages', function () {
  this.timeout(120_000);
  let server: FakeServer;
  let pagesStarted = 0;

  const servePage = (_request: http.IncomingMessage, response: http.ServerResponse) => {
    pagesStarted++;
    response.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip'});
    // The client cuts the body off: the pipeline then ends with a premature close, which is the point.
    pipeline(Readable.from(gigabytePage()), createGzip({level: 1}), response).catch(() => {});
  };

  before(async () => {
    server = await startFakeServer({
      '/pulp/api/v3/status/': json(200, statusFixture()),
      '/pulp/default/api/v3/tasks/': servePage,
      '/pulp/api/v3/tasks/': servePage,
    });
  });
  after(() => server.close());

  it('cuts every page off at the body limit: exit 5, one error line, peak RSS below 400 MB', async () => {
    const result = await runCliMeasured(['task-analysis', '--api-root', server.url, '--since', '1h', '--json'], {env: {PULP_PASSWORD: 'pw'}});
    const peakMb = result.peakRssKb / 1024;
    console.log(`      peak RSS (VmHWM) of task-analysis: ${peakMb.toFixed(0)} MB over ${pagesStarted} cut-off pages`);
    expect(result.code, result.stderr).to.equal(5);
    // Before it: the server's one-line summary and the domain note task-analysis always prints; then one error line.
    const errors = result.stderr.trim().split('\n').filter((line) => line.startsWith('Error'));
    expect(errors, result.stderr).to.have.length(1);
    expect(result.stderr.trim().split('\n').at(-1)).to.equal(errors[0]);
    expect(result.stderr).not.to.match(/\n\s+at /);
    expect(errors[0]).to.match(
      /^Error: fetching stopped after retries: unusable answer from http:\/\/127\.0\.0\.1:\d+\/pulp\/default\/api\/v3\/tasks\/: the body is larger than the 64 MiB limit of one response \(decoded\); cut off; fetched 0 of at least 0 tasks, so no statistics are shown$/,
    );
    expect(JSON.parse(result.stdout).error).to.deep.include({kind: 'incomplete-fetch', exitCode: 5});
    expect(pagesStarted).to.be.at.least(1);
    expect(result.peakRssKb).to.be.above(0);
    expect(peakMb).to.be.below(400);
  });
});
