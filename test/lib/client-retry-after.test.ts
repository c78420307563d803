import {expect} from 'chai';
import nock from 'nock';

import {PulpClient} from '../../src/lib/client.js';
import {BadServerResponseError} from '../../src/lib/errors.js';
import {retryAfterMs} from '../../src/lib/retry-after.js';
import {testConnection} from '../helpers/connection.js';
import {failure} from '../helpers/failure.js';
import {statusFixture} from '../helpers/status-fixture.js';

const ROOT = 'https://pulp.example.com';
const STATUS = '/pulp/api/v3/status/';
const TASKS = '/pulp/api/v3/tasks/';
const PAGE = {count: 0, next: null, previous: null, results: []};

describe('PulpClient: Retry-After', () => {
  let notes: string[];
  let traces: string[];
  const client = (options: {maxRetryWaitMs?: number; limit?: number} = {}) =>
    new PulpClient(testConnection(ROOT, {debugRequests: true}), {
      retry: {limit: options.limit ?? 2, baseDelayMs: 5},
      maxRetryWaitMs: options.maxRetryWaitMs,
      onNote: (line) => notes.push(line),
      trace: (line) => traces.push(line),
    });
  beforeEach(() => {
    nock.disableNetConnect();
    notes = [];
    traces = [];
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('parses delay-seconds and HTTP dates; ignores anything else', () => {
    const now = Date.parse('2026-01-05T09:00:00Z');
    expect(retryAfterMs('120', now)).to.equal(120_000);
    expect(retryAfterMs(' 0 ', now)).to.equal(0);
    expect(retryAfterMs('Mon, 05 Jan 2026 09:00:30 GMT', now)).to.equal(30_000);
    expect(retryAfterMs('Mon, 05 Jan 2026 08:00:00 GMT', now)).to.equal(0); // in the past: retry now
    for (const junk of [undefined, '', 'soon', '-5', '1.5', '2026-01-05', ['1', '2']]) expect(retryAfterMs(junk, now), String(junk)).to.equal(undefined);
  });

  it('a 503 with Retry-After waits that long instead of the back-off, and says so once', async () => {
    nock(ROOT).get(STATUS).reply(503, 'maintenance', {'retry-after': '1'}).get(STATUS).reply(200, statusFixture());
    const pulp = client();
    const started = performance.now();
    await pulp.status();
    pulp.close();
    expect(performance.now() - started).to.be.within(950, 2500);
    expect(notes).to.deep.equal(['note: pulp.example.com answered 503 and asked to retry after 1 s (Retry-After); waiting 1 s before retrying']);
    expect(traces.join('\n')).to.match(/↻ retry 1 of GET https:\/\/pulp\.example\.com\/pulp\/api\/v3\/status\/ in 1000 ms: HTTP 503/);
  });

  it('a Retry-After above the maximum waits the maximum, and says so', async () => {
    nock(ROOT).get(TASKS).reply(429, {detail: 'Request was throttled.'}, {'retry-after': '3600'}).get(TASKS).reply(200, PAGE);
    const pulp = client({maxRetryWaitMs: 300});
    const started = performance.now();
    expect((await pulp.listTasks()).count).to.equal(0);
    pulp.close();
    expect(performance.now() - started).to.be.within(280, 2000);
    expect(notes).to.deep.equal([
      'note: pulp.example.com answered 429 and asked to retry after 3600 s (Retry-After); waiting 0.3 s, the maximum --max-retry-wait allows, before retrying',
    ]);
  });

  it('requests waiting together on the same throttle are reported once', async () => {
    nock(ROOT).get(TASKS).times(4).reply(503, 'busy', {'retry-after': '1'}).get(TASKS).times(4).reply(200, PAGE);
    const pulp = client();
    await Promise.all([pulp.listTasks(), pulp.listTasks(), pulp.listTasks(), pulp.listTasks()]);
    pulp.close();
    expect(notes).to.have.length(1);
    expect(nock.isDone()).to.equal(true);
  });

  it('other statuses ignore Retry-After (back-off), and giving up quotes what the server asked', async () => {
    nock(ROOT).get(TASKS).reply(500, 'oops', {'retry-after': '30'}).get(TASKS).reply(200, PAGE);
    const pulp = client();
    const started = performance.now();
    await pulp.listTasks();
    expect(performance.now() - started).to.be.below(500);
    expect(notes).to.deep.equal([]);
    pulp.close();

    nock(ROOT).get(TASKS).times(2).reply(503, '<html><title>Service Unavailable</title></html>', {'retry-after': '1', 'content-type': 'text/html'});
    const once = client({limit: 1});
    const error = await failure(once.listTasks());
    once.close();
    expect(error).to.be.instanceOf(BadServerResponseError);
    expect(error.message).to.equal(`server error 503 from ${ROOT}${TASKS}: an HTML page ('Service Unavailable') (it asked to retry after 1 s)`);
  });

  it('a wait beyond the exchange deadline gives up instead of sleeping past it', async () => {
    nock(ROOT).get(STATUS).reply(503, 'busy', {'retry-after': '30'});
    const pulp = client();
    const started = performance.now();
    const error = await failure(pulp.status({timeoutMs: 2000}));
    pulp.close();
    expect(performance.now() - started).to.be.below(1000);
    expect(error.message).to.match(/^server error 503 from .*: busy \(it asked to retry after 30 s\)$/);
    expect(notes).to.deep.equal([]);
  });
});
