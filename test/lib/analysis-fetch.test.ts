import {expect} from 'chai';
import nock from 'nock';

import {fetchTasks, IncompleteFetchError} from '../../src/lib/analysis/fetch-tasks.js';
import {PulpClient} from '../../src/lib/client.js';
import {testConnection} from '../helpers/connection.js';

const ROOT = 'https://pulp.example.com/api';
const LIST = '/api/pulp/admin/tasks/';
const window = {sinceUs: Date.UTC(2026, 10, 1) * 1000, untilUs: Date.UTC(2026, 10, 1, 1) * 1000};

const task = (index: number) => ({
  pulp_created: `2026-11-01T00:${String(index % 60).padStart(2, '0')}:00.000001Z`,
  unblocked_at: null,
  started_at: `2026-11-01T00:${String(index % 60).padStart(2, '0')}:01Z`,
  finished_at: `2026-11-01T00:${String(index % 60).padStart(2, '0')}:02Z`,
  state: 'completed',
  name: 'x',
});

describe('fetchTasks', () => {
  let client: PulpClient;
  beforeEach(() => {
    nock.disableNetConnect();
    client = new PulpClient(testConnection(ROOT), {retry: {limit: 3, baseDelayMs: 1}});
  });
  afterEach(() => {
    client.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('follows next links on the api-root host only, asking for the analysis fields, in pulp_created order', async () => {
    const first = nock('https://pulp.example.com')
      .get(LIST)
      .query((query) => query.fields === 'pulp_created,unblocked_at,started_at,finished_at,state,name' && query.ordering === 'pulp_created,pulp_id' && query.limit === '2' && 'pulp_created__gte' in query && 'pulp_created__lte' in query)
      .reply(200, {count: 3, next: 'http://internal-pulp-api:8000/api/pulp/admin/tasks/?limit=2&offset=2&x=1', previous: null, results: [task(1), task(2)]});
    const second = nock('https://pulp.example.com').get(LIST).query({limit: '2', offset: '2', x: '1'}).reply(200, {count: 3, next: null, previous: 'whatever', results: [task(3)]});
    const result = await fetchTasks(client, {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 2, concurrency: 1, initialSlices: 1});
    expect(first.isDone() && second.isDone()).to.equal(true);
    expect(result.columns.length).to.equal(3);
    expect(result.mismatches).to.deep.equal([]);
  });

  it('a page failing twice then succeeding gives exact totals', async () => {
    nock('https://pulp.example.com').get(LIST).query(true).twice().reply(503, 'busy').get(LIST).query(true).reply(200, {count: 2, next: null, previous: null, results: [task(1), task(2)]});
    const result = await fetchTasks(client, {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 10, concurrency: 1, initialSlices: 1});
    expect(result.columns.length).to.equal(2);
    expect(nock.isDone()).to.equal(true);
  });

  it('reports slices whose fetched count differs from the server count', async () => {
    nock('https://pulp.example.com').get(LIST).query(true).reply(200, {count: 5, next: null, previous: null, results: [task(1), task(2)]});
    const result = await fetchTasks(client, {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 10, concurrency: 1, initialSlices: 1});
    expect(result.mismatches).to.have.length(1);
    expect(result.mismatches[0]).to.deep.include({expected: 5, fetched: 2});
  });

  it('a page that always fails stops the fetch with what was fetched', async () => {
    nock('https://pulp.example.com')
      .get(LIST).query((query) => !('offset' in query)).reply(200, {count: 4, next: `${ROOT}/pulp/admin/tasks/?limit=2&offset=2`, previous: null, results: [task(1), task(2)]})
      .get(LIST).query({limit: '2', offset: '2'}).times(4).reply(500, '<h1>Server Error (500)</h1>', {'content-type': 'text/html'});
    let error: unknown;
    try {
      await fetchTasks(client, {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 2, concurrency: 1, initialSlices: 1});
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(IncompleteFetchError);
    expect((error as IncompleteFetchError).exitCode).to.equal(5);
    expect((error as IncompleteFetchError).fetched).to.equal(2);
    expect((error as Error).message).to.include('fetched 2 of at least 4 tasks, so no statistics are shown');
  });

  it('cuts a slice with too many tasks into smaller slices instead of paging deep', async () => {
    const seen: string[] = [];
    nock('https://pulp.example.com')
      .get(LIST)
      .query(true)
      .times(2000)
      .reply((uri: unknown) => {
        // nock hands the path (or, in some versions, the request) to reply functions
        const query = new URL(typeof uri === 'string' ? uri : (uri as {url: string}).url, 'https://x').searchParams;
        seen.push(query.get('pulp_created__gte')!);
        const ms = (text: string) => Date.parse(text.replace(/(\.\d{3})\d*Z$/, '$1Z'));
        const from = ms(query.get('pulp_created__gte')!);
        const to = ms((query.get('pulp_created__lt') ?? query.get('pulp_created__lte'))!);
        // 100 tasks per minute: a one-hour window holds 6,000
        const count = Math.round(((to - from) / 60_000) * 100);
        return [200, {count, next: null, previous: null, results: Array.from({length: count}, (_, index) => task(index))}];
      });
    const result = await fetchTasks(client, {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 10, concurrency: 2});
    // 6,000 tasks at 10 a page: the 4 starting slices (1,500 each) are cut to slices of at most 80 tasks.
    expect(result.slices).to.be.at.least(6000 / 80);
    expect(result.columns.length).to.be.closeTo(6000, 100);
    expect(result.mismatches).to.deep.equal([]);
    expect(seen.length).to.be.greaterThan(result.slices);
  });
});
