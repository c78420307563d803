/**
 * The real CLI against servers written here to misbehave on purpose: `next` links that loop, repeat, skip or outrun
 * the count, counts that lie (10^15, without rows, below the rows), duplicated pages, rows outside the request,
 * timestamps that are not RFC 3339, 429s and resets, and test endpoints reporting impossible task counts. Each must
 * end with exit 5 and one line (no stack trace), or — with --allow-partial — exit 0 with the problem in the figures.
 */
import {expect} from 'chai';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import nock from 'nock';

import {type CliResult, runCli} from '../helpers/cli.js';
import {statusFixture} from '../helpers/status-fixture.js';
import {answerTaskList, completedTask, iso, type ListAnswer, type ListRow} from '../helpers/task-list.js';
import {tempDir} from '../helpers/tmp.js';
import {assertValidResult} from '../helpers/result-schema.js';

const SINCE = Date.UTC(2026, 10, 1) * 1000;
const UNTIL = Date.UTC(2026, 10, 1, 1) * 1000;
/** 60 tasks, one a minute: with --concurrency 1 the window is read as two slices of 30 tasks, in order. */
const ROWS: ListRow[] = Array.from({length: 60}, (_, index) => completedTask(SINCE + index * 60e6 + 1));
const TASKS = '/pulp/api/v3/tasks/';

/** What a test's task list does with a request: an answer to send as JSON, or `undefined` when it answered itself. */
type TaskList = (url: URL, index: number, response: http.ServerResponse) => unknown;

interface HostilePulp {
  apiRoot: string;
  /** Task-list requests received. */
  requests: () => number;
  close: () => Promise<void>;
}

/** A stock-layout Pulp (no domains) whose status is sound and whose task list is what the test makes it. */
async function startHostilePulp(taskList: TaskList, routes: Record<string, http.RequestListener> = {}): Promise<HostilePulp> {
  let requests = 0;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, {'content-type': 'application/json'});
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (url.pathname === '/pulp/api/v3/status/') return send(200, statusFixture({domain_enabled: false}));
    if (routes[url.pathname]) return routes[url.pathname](request, response);
    if (url.pathname !== TASKS) return send(404, {detail: 'Not found.'});
    const answer = taskList(url, requests++, response);
    if (answer !== undefined) send(200, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An honest list rewritten by `lie`. */
const lying =
  (lie: (answer: ListAnswer, url: URL) => unknown, rows = ROWS): TaskList =>
  (url) =>
    lie(answerTaskList(rows, url, 'http://pulp-api.internal:24817'), url);

/** The answer with its `next` link's offset changed. */
const nextAt = (answer: ListAnswer, offset: (current: number) => number | undefined, url: URL): ListAnswer => {
  const current = Number(url.searchParams.get('offset') ?? 0);
  const wanted = offset(current);
  if (wanted === undefined) return answer;
  const next = new URL(url);
  next.searchParams.set('offset', String(wanted));
  next.searchParams.sort();
  return {...answer, next: next.href};
};

describe('task-analysis against hostile servers', function () {
  this.timeout(120_000);
  const home = tempDir();
  const servers: HostilePulp[] = [];
  before(() => nock.enableNetConnect());
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  after(() => home.cleanup());

  const serve = async (taskList: TaskList, routes?: Record<string, http.RequestListener>) => {
    const server = await startHostilePulp(taskList, routes);
    servers.push(server);
    return server;
  };
  const analysis = (server: HostilePulp, args: string[] = []) =>
    runCli(['task-analysis', '--api-root', server.apiRoot, '--since', iso(SINCE), '--until', iso(UNTIL), '--concurrency', '1', '--page-size', '10', ...args], {
      env: {HOME: home.dir, PULP_PASSWORD: 'pw'},
    });

  /** Exit 5: the server summary, then exactly one error line matching `message`; no stack trace; no statistics. */
  const expectRefused = (result: CliResult, server: HostilePulp, message: RegExp | string) => {
    expect(result.code, result.stderr).to.equal(5);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, result.stderr).to.have.length(2);
    expect(lines[0]).to.match(new RegExp(`^${server.apiRoot}: Pulp core 3\\.116\\.0`));
    if (typeof message === 'string') expect(lines[1]).to.equal(`Error: ${message}`);
    else expect(lines[1]).to.match(message);
    expect(result.stderr).to.not.match(/^\s+at /m);
    expect(result.stdout).to.equal('');
  };
  const inconsistent = (server: HostilePulp, offset: number, problem: string) =>
    `inconsistent task list answer from ${server.apiRoot}${TASKS} at offset ${offset}: ${problem}; no statistics are shown (--allow-partial analyzes the consistent part)`;

  /** With --allow-partial --json: exit 0 and the figures. */
  const partial = async (server: HostilePulp) => {
    const result = await analysis(server, ['--allow-partial', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.not.match(/^\s+at /m);
    return JSON.parse(result.stdout);
  };

  it('an honest server behind a proxy (next links on an internal host): every task, no problem', async () => {
    const server = await serve(lying((answer) => answer));
    const result = await analysis(server, ['--json']);
    expect(result.code, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout);
    expect(report).to.deep.include({total: 60, analyzed: 60});
    expect(report.fetch).to.deep.include({expected: 60, received: 60, missing: 0, extra: 0, problems: 0, problemDetails: [], requests: 6});
    expect(report.fetch.invalidTimestamps).to.deep.equal({total: 0, pulp_created: 0, unblocked_at: 0, started_at: 0, finished_at: 0});
  });

  it('a next link that loops back to the first page: exit 5; with --allow-partial the pages before the loop', async () => {
    const server = await serve(lying((answer, url) => nextAt(answer, (offset) => (offset === 10 ? 0 : undefined), url)));
    expectRefused(await analysis(server), server, inconsistent(server, 10, 'next link goes back to offset 0: a loop'));
    expect(server.requests()).to.equal(2);
    const json = await analysis(server, ['--json']);
    expect(json.code).to.equal(5);
    const document = JSON.parse(json.stdout);
    expect(document.error).to.deep.equal({kind: 'inconsistent-task-list', message: inconsistent(server, 10, 'next link goes back to offset 0: a loop'), exitCode: 5});
    assertValidResult(document);
    // Each of the two slices loops after its second page: each keeps 20 of its 30 tasks.
    const report = await partial(server);
    expect(report.fetch).to.deep.include({problems: 2, expected: 60, received: 40, missing: 20});
    expect(report.fetch.problemDetails).to.deep.equal(Array.from({length: 2}, () => `${server.apiRoot}${TASKS} at offset 10: next link goes back to offset 0: a loop`));
    expect(report.total).to.equal(40);
  });

  it('a next link that repeats its own page: exit 5 after its first request', async () => {
    const server = await serve(lying((answer, url) => nextAt(answer, (offset) => offset, url)));
    expectRefused(await analysis(server), server, inconsistent(server, 0, 'next link repeats this page'));
    expect(server.requests()).to.equal(1);
  });

  it('a next link past the count on a slice\'s last page: exit 5', async () => {
    const server = await serve(lying((answer, url) => nextAt(answer, (offset) => (offset === 20 ? 30 : undefined), url)));
    expectRefused(await analysis(server), server, inconsistent(server, 20, 'next link (offset 30) runs past the count 30'));
  });

  it('a next link that skips a page: exit 5; with --allow-partial the rows before it, the rest missing', async () => {
    const server = await serve(lying((answer, url) => nextAt(answer, (offset) => (answer.next ? offset + 20 : undefined), url)));
    expectRefused(await analysis(server), server, inconsistent(server, 0, 'next link skips rows 10–19'));
    const report = await partial(server);
    expect(report.fetch).to.deep.include({problems: 2, received: 20, missing: 40});
  });

  it('a next link to another list: exit 5', async () => {
    const server = await serve(lying((answer) => ({...answer, next: answer.next?.replace(TASKS, '/pulp/api/v3/workers/') ?? null})));
    expectRefused(await analysis(server), server, inconsistent(server, 0, 'next link leaves the list (path "/pulp/api/v3/workers/")'));
  });

  it('a count of 10^15 (a count bomb): exit 5 after three requests; with --allow-partial, a bounded number of requests', async () => {
    const server = await serve(lying((answer) => ({...answer, count: 1e15})));
    // Each slice's full first page "has" 10^15 more, so both are cut at their last row; the first part, holding only
    // that row's instant, has no row after it.
    expectRefused(await analysis(server), server, inconsistent(server, 1, 'count 1000000000000000 but no rows at offset 1'));
    expect(server.requests()).to.equal(3);
    const before = server.requests();
    const report = await partial(server);
    const made = server.requests() - before;
    expect(made).to.be.at.most(2 * 65);
    expect(report.fetch.requests).to.equal(made);
    expect(report.fetch.problems).to.equal(made - 2);
    expect(report.total).to.equal(60);
  });

  it('a count without rows: exit 5', async () => {
    const server = await serve(() => ({count: 5, next: null, previous: null, results: []}));
    expectRefused(await analysis(server), server, inconsistent(server, 0, 'count 5 but no rows at offset 0'));
  });

  it('rows beyond the count: exit 5; with --allow-partial the rows up to the count', async () => {
    const server = await serve(lying((answer) => ({...answer, count: 25})));
    expectRefused(await analysis(server), server, inconsistent(server, 20, '10 rows at offset 20 of a count of 25'));
    const report = await partial(server);
    expect(report.fetch).to.deep.include({problems: 2, expected: 50, received: 50, missing: 0, extra: 0});
  });

  it('a server that ignores offset (duplicated pages): exit 5 naming the repeated rows', async () => {
    const server = await serve(
      lying((answer, url) => {
        const first = new URL(url);
        first.searchParams.delete('offset');
        return {...answerTaskList(ROWS, first), next: answer.next};
      }),
    );
    expectRefused(await analysis(server), server, inconsistent(server, 10, `rows go back in pulp_created order (${iso(ROWS[0].us)} after ${iso(ROWS[9].us)}): a repeated or shuffled page`));
  });

  it('a server that ignores the pulp_created filters (rows outside the slice): exit 5', async () => {
    const server = await serve((url) => {
      const unfiltered = new URL(url);
      for (const key of ['pulp_created__gte', 'pulp_created__lt', 'pulp_created__lte']) unfiltered.searchParams.delete(key);
      const answer = answerTaskList(ROWS, unfiltered);
      return {...answer, next: answer.next && nextAt(answer, (offset) => offset + 10, url).next};
    });
    const slice = `${iso(SINCE)} … ${iso(SINCE + 1800e6)}`;
    expectRefused(await analysis(server), server, inconsistent(server, 30, `row 1 was created at ${iso(ROWS[30].us)}, outside the requested ${slice}`));
  });

  it('timestamps that are not RFC 3339 are counted, excluded and reported; never read as other instants', async () => {
    const rows = ROWS.map((row, index) => {
      const task = {...row.task};
      if (index === 5) task.pulp_created = '2026-11-01T00:60:00Z';
      if (index === 6) task.pulp_created = 1_793_491_200;
      if (index === 7) task.started_at = '2026-11-01T24:00:00Z';
      if (index === 8) task.finished_at = 'garbage';
      if (index === 9) task.unblocked_at = '2026-04-31T00:09:00Z';
      if (index === 10) task.unblocked_at = null;
      return {us: row.us, task};
    });
    const server = await serve(lying((answer) => answer, rows));
    const json = await analysis(server, ['--json']);
    expect(json.code, json.stderr).to.equal(0);
    const report = JSON.parse(json.stdout);
    expect(report.fetch.invalidTimestamps).to.deep.equal({total: 5, pulp_created: 2, unblocked_at: 1, started_at: 1, finished_at: 1});
    expect(report.fetch).to.deep.include({received: 60, missing: 0, problems: 0});
    expect(report).to.deep.include({total: 58, analyzed: 56});
    expect(report.states).to.deep.equal({completed: 58});
    expect(report.waitTime).to.deep.include({count: 56, min: 1, max: 1});
    expect(report.blockedTime).to.deep.include({count: 54, min: 0.5, max: 0.5});
    const human = await analysis(server);
    expect(human.code, human.stderr).to.equal(0);
    // A warning is word-wrapped to the report's width (80 columns in a pipe): read it with its line breaks as spaces.
    const flat = human.stdout.replaceAll(/\s+/g, ' ');
    expect(flat.match(/WARNING:/g)).to.have.length(1);
    expect(flat).to.include(
      'WARNING: 5 timestamp(s) were not valid RFC 3339 (pulp_created 2, unblocked_at 1, started_at 1, finished_at 1) and were excluded: a task with an invalid pulp_created entirely, the others from the figures that need that field.',
    );
    const garbled = await serve(lying((answer) => ({...answer, results: answer.results.map((task) => ({...task, pulp_created: 'yesterday'}))})));
    const nothing = await analysis(garbled);
    expect(nothing.code, nothing.stderr).to.equal(0);
    expect(nothing.stdout.replaceAll(/\s+/g, ' ')).to.include('WARNING: 60 timestamp(s) were not valid RFC 3339 (pulp_created 60) and were excluded');
    expect(nothing.stdout.replaceAll(/\s+/g, ' ')).to.include('None of the 60 tasks received had a valid pulp_created: nothing to analyze.');
    const gated = await analysis(server, ['--json', '--fail-if', 'fetch.invalidTimestamps.total > 0']);
    expect(gated.code).to.equal(6);
    expect(JSON.parse(gated.stdout).thresholds[0]).to.deep.include({crossed: true, values: {'fetch.invalidTimestamps.total': 5}});
  });

  it('--allow-partial: the human report warns first of the inconsistent answers, and fetch.problems is gateable', async () => {
    const server = await serve(lying((answer, url) => nextAt(answer, (offset) => (offset === 10 ? 0 : undefined), url)));
    const human = await analysis(server, ['--allow-partial']);
    expect(human.code, human.stderr).to.equal(0);
    // Warnings are word-wrapped to the report's width (80 columns in a pipe): read them with line breaks as spaces.
    const flat = human.stdout.replaceAll(/\s+/g, ' ');
    const first = `WARNING: 2 inconsistent task list answer(s) accepted with --allow-partial (first: ${server.apiRoot}${TASKS} at offset 10: next link goes back to offset 0: a loop); the figures cover only their consistent part. Gate on it with --fail-if "fetch.problems > 0".`;
    expect(flat.indexOf('WARNING:')).to.be.above(0);
    expect(flat.indexOf(first)).to.equal(flat.indexOf('WARNING:'));
    const gated = await analysis(server, ['--allow-partial', '--json', '--fail-if', 'fetch.problems > 0']);
    expect(gated.code).to.equal(6);
    expect(gated.stderr.trimEnd().split('\n').at(-1)).to.equal('Error: 1 of 1 threshold crossed: fetch.problems > 0');
    expect(JSON.parse(gated.stdout).thresholds[0]).to.deep.include({crossed: true, values: {'fetch.problems': 2}});
  });

  it('429s then answers: retried, every task; a list that resets every connection: exit 5 in one line', async () => {
    const busy = await serve((url, index, response) => {
      if (index < 2) {
        response.writeHead(429, {'content-type': 'application/json'});
        response.end('{"detail": "Request was throttled."}');
        return undefined;
      }
      return answerTaskList(ROWS, url);
    });
    const result = await analysis(busy, ['--json']);
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout).fetch).to.deep.include({expected: 60, received: 60, problems: 0, requests: 6});
    expect(busy.requests()).to.equal(8);

    const resetting = await serve((_url, _index, response) => {
      response.socket?.destroy();
      return undefined;
    });
    expectRefused(await analysis(resetting), resetting, /^Error: fetching stopped after retries: .*; fetched 0 of at least 0 tasks, so no statistics are shown$/);
  });
});

describe('test-task-insertion against a test endpoint that reports impossible task counts', function () {
  this.timeout(60_000);
  before(() => nock.enableNetConnect());

  it('tasks_executed must be a non-negative safe integer: anything else is a bad-body failure counting no tasks', async () => {
    const bodies = ['{"tasks_executed": 1e300}', '{"tasks_executed": -3}', '{"tasks_executed": 2.5}', '{"tasks_executed": "12"}', '{"tasks_executed": 7}'];
    let calls = 0;
    const server = await startHostilePulp(() => ({count: 0, next: null, previous: null, results: []}), {
      '/pulp/test/tasks/': (_request, response) => {
        response.writeHead(200, {'content-type': 'application/json'});
        response.end(bodies[calls++ % bodies.length]);
      },
    });
    try {
      const result = await runCli(['test-task-insertion', '--api-root', server.apiRoot, '--max-workers', '5', '--timeout', '1', '--json']);
      expect(result.stderr).to.not.match(/^\s+at /m);
      expect(result.code, result.stderr).to.equal(0);
      const report = JSON.parse(result.stdout);
      expect(report.requests).to.deep.include({total: 5, ok: 1, failed: 4, failures: {'bad-body': 4}});
      expect(report.tasksCreated).to.equal(7);
    } finally {
      await server.close();
    }
  });
});
