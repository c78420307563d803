import {expect} from 'chai';
import nock from 'nock';

import {fetchTasks, IncompleteFetchError} from '../../src/lib/analysis/fetch-tasks.js';
import {AuthError, RejectedRequestError} from '../../src/lib/errors.js';
import {PulpClient} from '../../src/lib/client.js';
import {BadServerResponseError} from '../../src/lib/errors.js';
import {testConnection} from '../helpers/connection.js';
import {answerTaskList, completedTask, iso, type ListAnswer, micros} from '../helpers/task-list.js';

const ROOT = 'https://pulp.example.com/api';
const LIST = '/api/pulp/admin/tasks/';
const window = {sinceUs: Date.UTC(2026, 10, 1) * 1000, untilUs: Date.UTC(2026, 10, 1, 1) * 1000};

/** The URL a nock reply function was called for (a string or a Request, depending on the interceptor). */
const requested = (uri: unknown) => new URL(typeof uri === 'string' ? uri : (uri as {url: string}).url, 'https://pulp.example.com');

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
    const rows = [1, 2, 3].map((index) => ({us: micros(task(index).pulp_created), task: task(index)}));
    const scope = nock('https://pulp.example.com')
      .get(LIST)
      .query((query) => query.fields === 'pulp_created,unblocked_at,started_at,finished_at,state,name' && query.ordering === 'pulp_created,pulp_id' && query.limit === '2' && 'pulp_created__gte' in query && 'pulp_created__lte' in query && !('offset' in query))
      .reply((uri: unknown) => [200, answerTaskList(rows, requested(uri), 'http://internal-pulp-api:8000')])
      .get(LIST)
      .query((query) => query.offset === '2')
      .reply((uri: unknown) => [200, answerTaskList(rows, requested(uri))]);
    const result = await fetchTasks(client, {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 2, concurrency: 1, initialSlices: 1});
    expect(scope.isDone()).to.equal(true);
    expect(result.columns.length).to.equal(3);
    expect(result.figures.mismatches).to.deep.equal([]);
    expect(result.figures).to.deep.include({problems: 0, problemDetails: [], received: 3, expected: 3});
  });

  it('a page failing twice then succeeding gives exact totals', async () => {
    nock('https://pulp.example.com').get(LIST).query(true).twice().reply(503, 'busy').get(LIST).query(true).reply(200, {count: 2, next: null, previous: null, results: [task(1), task(2)]});
    const result = await fetchTasks(client, {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 10, concurrency: 1, initialSlices: 1});
    expect(result.columns.length).to.equal(2);
    expect(nock.isDone()).to.equal(true);
  });

  it('reports slices whose fetched count differs from the server count (tasks deleted while the window is read)', async () => {
    const rows = [1, 2, 3, 4, 5].map((index) => ({us: micros(task(index).pulp_created), task: task(index)}));
    nock('https://pulp.example.com')
      .get(LIST).query((query) => !('offset' in query)).reply((uri: unknown) => [200, answerTaskList(rows, requested(uri))])
      .get(LIST).query((query) => query.offset === '2').reply((uri: unknown) => [200, answerTaskList(rows.slice(2, 5), requested(uri))]);
    const result = await fetchTasks(client, {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 2, concurrency: 1, initialSlices: 1});
    expect(result.figures.mismatches).to.have.length(1);
    expect(result.figures.mismatches[0]).to.deep.include({expected: 5, fetched: 3});
    expect(result.figures).to.deep.include({missing: 2, extra: 0, problems: 0});
  });

  it('401/403 keep exit 4 and a 400 keeps exit 2 (not an incomplete fetch), and are not retried', async () => {
    const scope = nock('https://pulp.example.com')
      .get(LIST).query(true).once().reply(401, {detail: 'Invalid username/password.'})
      .get(LIST).query(true).once().reply(403, {detail: 'You do not have permission to perform this action.'})
      .get(LIST).query(true).once().reply(400, {errors: ["Invalid Filter: 'x'"]});
    const options = {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 10, concurrency: 1, initialSlices: 1};
    const unauthorized = await fetchTasks(client, options).catch((error: unknown) => error);
    expect(unauthorized).to.be.instanceOf(AuthError);
    expect((unauthorized as AuthError).exitCode).to.equal(4);
    const forbidden = await fetchTasks(client, options).catch((error: unknown) => error);
    expect(forbidden).to.be.instanceOf(AuthError);
    const rejected = await fetchTasks(client, options).catch((error: unknown) => error);
    expect(rejected).to.be.instanceOf(RejectedRequestError);
    expect((rejected as RejectedRequestError).exitCode).to.equal(2);
    expect(scope.isDone()).to.equal(true);
  });

  it('a page that always fails stops the fetch with what was fetched', async () => {
    const rows = [1, 2, 3, 4].map((index) => ({us: micros(task(index).pulp_created), task: task(index)}));
    nock('https://pulp.example.com')
      .get(LIST).query((query) => !('offset' in query)).reply((uri: unknown) => [200, answerTaskList(rows, requested(uri))])
      .get(LIST).query((query) => query.offset === '2').times(4).reply(500, '<h1>Server Error (500)</h1>', {'content-type': 'text/html'});
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

  it('cuts a slice with too many tasks into smaller slices, serving every row exactly once even across tied instants', async () => {
    // 6,000 tasks in one hour, created in groups of 7 sharing one microsecond (ties at every possible cut), each named
    // by its index. The fake list honours limit, offset, the created range and the (pulp_created, pulp_id) order.
    const created = Array.from({length: 6000}, (_, index) => window.sinceUs + Math.floor(index / 7) * 4200);
    const iso = (us: number) => `${new Date(Math.floor(us / 1000)).toISOString().slice(0, -1)}${String(us % 1000).padStart(3, '0')}Z`;
    const parse = (text: string) => Date.parse(text.replace(/(\.\d{3})\d*Z$/, '$1Z')) * 1000 + Number(/\.\d{3}(\d{3})Z$/.exec(text)?.[1] ?? 0);
    let rowsServed = 0;
    let requests = 0;
    nock('https://pulp.example.com')
      .get(LIST)
      .query(true)
      .times(10_000)
      .reply((uri: unknown) => {
        requests++;
        const query = new URL(typeof uri === 'string' ? uri : (uri as {url: string}).url, 'https://x').searchParams;
        const from = parse(query.get('pulp_created__gte')!);
        const closed = query.has('pulp_created__lte');
        const to = parse((query.get('pulp_created__lt') ?? query.get('pulp_created__lte'))!);
        const limit = Number(query.get('limit'));
        const offset = Number(query.get('offset') ?? 0);
        const matching = created.map((us, index) => ({us, index})).filter(({us}) => us >= from && (closed ? us <= to : us < to));
        const page = matching.slice(offset, offset + limit);
        rowsServed += page.length;
        const next = offset + limit < matching.length ? `${ROOT}/pulp/admin/tasks/?${new URLSearchParams({...Object.fromEntries(query), offset: String(offset + limit)})}` : null;
        const results = page.map(({us, index}) => ({pulp_created: iso(us), unblocked_at: null, started_at: iso(us + 1e6), finished_at: iso(us + 2e6), state: 'completed', name: `t${index}`}));
        return [200, {count: matching.length, next, previous: null, results}];
      });
    const result = await fetchTasks(client, {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 10, concurrency: 2});
    // The 4 starting slices (1,500 tasks each) are cut, so no slice pages deeper than 8 pages past its first.
    expect(result.figures.slices).to.be.greaterThan(4);
    expect(result.columns.length).to.equal(6000);
    const names = new Set(Array.from({length: result.columns.length}, (_, row) => result.columns.nameOf(row)));
    expect(names.size).to.equal(6000);
    expect(rowsServed).to.equal(6000);
    expect(result.figures).to.deep.include({expected: 6000, received: 6000, missing: 0, extra: 0, requests});
    expect(result.figures.mismatches).to.deep.equal([]);

    // With a cap on slices, the same window is read with fewer, deeper slices, and still exactly once.
    rowsServed = 0;
    const capped = await fetchTasks(client, {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 10, concurrency: 2, maxSlices: 6});
    expect(capped.figures.slices).to.be.within(4, 6);
    expect(capped.figures).to.deep.include({expected: 6000, received: 6000, missing: 0, extra: 0, problems: 0});
    expect(rowsServed).to.equal(6000);
  });

  describe('against servers that lie', () => {
    /** 60 tasks, one a minute; `lie` rewrites each honest answer. */
    const rows = Array.from({length: 60}, (_, index) => completedTask(window.sinceUs + index * 60e6 + 1));
    const serve = (lie: (answer: ListAnswer, url: URL) => ListAnswer) => {
      let requests = 0;
      nock('https://pulp.example.com')
        .get(LIST)
        .query(true)
        .times(20_000)
        .reply((uri: unknown) => {
          requests++;
          const url = requested(uri);
          return [200, lie(answerTaskList(rows, url), url)];
        });
      return () => requests;
    };
    const fetch = (allowPartial: boolean) => fetchTasks(client, {url: `${ROOT}/pulp/admin/tasks/`, window, pageSize: 10, concurrency: 1, initialSlices: 1, allowPartial});
    const failure = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        return error as BadServerResponseError;
      }
      throw new Error('expected the fetch to fail');
    };

    it('a server that ignores offset repeats its first page: exit 5, or with allowPartial the first page and a problem', async () => {
      const ignoreOffset = (_answer: ListAnswer, url: URL) => {
        const first = new URL(url);
        first.searchParams.delete('offset');
        return {...answerTaskList(rows, first), next: answerTaskList(rows, url).next};
      };
      serve(ignoreOffset);
      const error = await failure(fetch(false));
      expect(error).to.be.instanceOf(BadServerResponseError);
      expect(error).to.include({exitCode: 5, kind: 'inconsistent-task-list'});
      expect(error.message).to.equal(
        `inconsistent task list answer from ${ROOT}/pulp/admin/tasks/ at offset 10: rows go back in pulp_created order (${iso(rows[0].us)} after ${iso(rows[9].us)}): a repeated or shuffled page; no statistics are shown (--allow-partial analyzes the consistent part)`,
      );
      nock.cleanAll();
      serve(ignoreOffset);
      const partial = await fetch(true);
      expect(partial.columns.length).to.equal(10);
      expect(partial.figures).to.deep.include({problems: 1, expected: 60, received: 10, missing: 50, pages: 2});
      expect(partial.figures.problemDetails).to.deep.equal([error.message.slice('inconsistent task list answer from '.length, error.message.indexOf('; no statistics'))]);
    });

    it('a count of 10^15 in every answer cannot start unbounded work: exit 5, or a bounded partial fetch', async () => {
      const bomb = (answer: ListAnswer) => ({...answer, count: 1e15});
      const requests = serve(bomb);
      const error = await failure(fetch(false));
      // The slice's first page is full and "has" 10^15 more: it is cut at its last row, whose part has nothing after it.
      expect(error.message).to.match(/^inconsistent task list answer from \S+ at offset 1: count 1000000000000000 but no rows at offset 1; /);
      expect(requests()).to.equal(2);
      nock.cleanAll();
      const partialRequests = serve(bomb);
      const partial = await fetch(true);
      // One request for the slice, one for each of its parts (at most 64); each part contradicts the whole, and is
      // neither cut nor followed further; every real row is still read.
      expect(partialRequests()).to.be.within(3, 65);
      expect(partial.figures).to.deep.include({slices: partialRequests(), requests: partialRequests(), problems: partialRequests() - 1, received: 60});
      expect(partial.columns.length).to.equal(60);
    });
  });
});
