import {expect} from 'chai';
import nock from 'nock';

import {PulpClient} from '../../../src/lib/client.js';
import {AuthError} from '../../../src/lib/errors.js';
import {PulpUrls} from '../../../src/lib/pulp-urls.js';
import {ServerSampler, telemetryEndpoints, topNames} from '../../../src/lib/telemetry/server-sampler.js';
import {WatchPeriod} from '../../../src/lib/telemetry/watch-summary.js';
import {testConnection} from '../../helpers/connection.js';
import {failure} from '../../helpers/failure.js';

const ROOT = 'https://pulp.example.com';
const TASKS = '/pulp/api/v3/tasks/';
const WORKERS = '/pulp/api/v3/workers/';

const page = (count: number, results: unknown[] = []) => ({count, next: null, previous: null, results});
/** The `limit` of every task-list request matched (to see how many rows each asked for). */
let limitsSeen: string[] = [];
const query = (expected: Record<string, string>) => (actual: Record<string, unknown>) => {
  const matches = Object.entries(expected).every(([key, value]) => actual[key] === value);
  if (matches) limitsSeen.push(String(actual.limit));
  return matches;
};

/** The task-list answers of one full sample: 12 waiting (oldest 90 s old), 2 running, counts of the last minute. */
function taskAnswers(scope: nock.Scope, now: number): nock.Scope {
  const created = new Date(now - 90_000).toISOString();
  return scope
    .get(TASKS)
    .query(query({state: 'waiting', ordering: 'pulp_created'}))
    .reply(200, page(12, [{name: 'a.sync', pulp_created: created}, {name: 'b.publish', pulp_created: created}, {name: 'a.sync', pulp_created: created}]))
    .get(TASKS)
    .query(query({state: 'running', ordering: 'started_at'}))
    .reply(200, page(2, [{name: 'b.publish', started_at: new Date(now - 5000).toISOString()}, {name: 'b.publish', started_at: new Date(now - 1000).toISOString()}]))
    .get(TASKS)
    .query((actual) => typeof actual.finished_at__gte === 'string' && actual.state === undefined)
    .reply(200, page(120))
    .get(TASKS)
    .query((actual) => typeof actual.finished_at__gte === 'string' && actual.state === 'failed')
    .reply(200, page(6))
    .get(TASKS)
    .query((actual) => typeof actual.pulp_created__gte === 'string')
    .reply(200, page(150));
}

describe('ServerSampler', () => {
  let client: PulpClient;
  beforeEach(() => {
    nock.disableNetConnect();
    client = new PulpClient(testConnection(ROOT), {retry: {limit: 0, baseDelayMs: 1}});
  });
  afterEach(() => {
    client.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('chooses the task and workers lists by layout', () => {
    const urls = new PulpUrls('https://host/api');
    expect(telemetryEndpoints(urls, {})).to.deep.equal({tasks: 'https://host/api/pulp/api/v3/tasks/', workers: 'https://host/api/pulp/api/v3/workers/'});
    expect(telemetryEndpoints(urls, {domain: 'acme'})).to.deep.equal({tasks: 'https://host/api/pulp/acme/api/v3/tasks/', workers: 'https://host/api/pulp/acme/api/v3/workers/'});
    expect(telemetryEndpoints(urls, {allDomains: true})).to.deep.equal({tasks: 'https://host/api/pulp/admin/tasks/', workers: 'https://host/api/pulp/default/api/v3/workers/'});
  });

  it('a full sample: counts, rates, oldest and longest, top names, busy workers, missing workers; requests counted', async () => {
    const now = Date.now();
    const scope = taskAnswers(nock(ROOT), now)
      .get(WORKERS)
      .query(query({online: 'true'}))
      .reply(200, page(3, [{name: '1@w1', current_task: '/pulp/api/v3/tasks/1/'}, {name: '2@w2', current_task: '/pulp/api/v3/tasks/2/'}, {name: '3@w3', current_task: null}]))
      .get(WORKERS)
      .query(query({missing: 'true'}))
      .reply(200, page(1, [{name: '9@gone'}]));
    const sampler = new ServerSampler(client, telemetryEndpoints(new PulpUrls(ROOT), {}), {detail: 'full', namesLimit: 3});
    const sample = await sampler.sample();
    scope.done();
    expect(sample).to.deep.include({waiting: 12, running: 2, finishedLastMinute: 120, failedLastMinute: 6, createdLastMinute: 150, ingestRate: 2.5, processingRate: 2, requests: 7});
    expect(sample.workers).to.deep.equal({online: 3, missing: 1, busy: 2, missingNames: ['9@gone']});
    expect(sample.oldestWaitingSeconds).to.be.within(89, 95);
    expect(sample.longestRunningSeconds).to.be.within(4, 10);
    expect(sample.oldestWaiting?.name).to.equal('a.sync');
    expect(sample.topNames).to.deep.equal({
      waiting: [{name: 'a.sync', count: 2}, {name: 'b.publish', count: 1}],
      running: [{name: 'b.publish', count: 2}],
      waitingCapped: true,
      runningCapped: false,
      limit: 3,
      readAt: sample.at,
    });
    expect(sample.notes).to.deep.equal([]);
    expect(sampler.requests).to.equal(7);
  });

  it('reads the top names at most every namesEverySeconds: samples in between ask for one row and carry the last names', async () => {
    const now = Date.now();
    const workers = (scope: nock.Scope) => scope.get(WORKERS).query(true).times(2).reply(200, page(0));
    const scope = workers(workers(taskAnswers(nock(ROOT), now)));
    taskAnswers(scope, now);
    const sampler = new ServerSampler(client, telemetryEndpoints(new PulpUrls(ROOT), {}), {detail: 'full', namesLimit: 3, namesEverySeconds: 3600});
    const first = await sampler.sample();
    expect(first.topNames?.readAt).to.equal(first.at);
    limitsSeen = [];
    const second = await sampler.sample();
    scope.done();
    // waiting and running: one row each, like the count requests (whose limit=1 is checked in 'counts detail').
    expect(limitsSeen).to.deep.equal(['1', '1']);
    expect(second.topNames).to.deep.equal(first.topNames);
    expect(second.topNames?.readAt).not.to.equal(second.at);
  });

  it('a 403 on the workers list: workers unknown, said once, never asked again; the rest is kept', async () => {
    const now = Date.now();
    const scope = taskAnswers(taskAnswers(nock(ROOT), now), now)
      .get(WORKERS)
      .query(true)
      .times(2)
      .reply(403, {detail: 'You do not have permission to perform this action.'});
    const sampler = new ServerSampler(client, telemetryEndpoints(new PulpUrls(ROOT), {}), {detail: 'full', namesLimit: 3});
    const first = await sampler.sample();
    expect(first.waiting).to.equal(12);
    expect(first.workers).to.deep.equal({online: null, missing: null, busy: null, missingNames: []});
    expect(first.notes).to.have.length(2);
    expect(first.notes[0]).to.match(/^workers list: permission denied \(403\)/);
    expect(sampler.takeNewNotes()).to.have.length(2);
    const second = await sampler.sample();
    scope.done();
    expect(second.requests).to.equal(5);
    expect(second.notes).to.deep.equal(first.notes);
    expect(sampler.takeNewNotes()).to.deep.equal([]);
    expect(sampler.requests).to.equal(12);
  });

  it('counts detail: three requests (waiting, running, online workers), nothing else', async () => {
    const scope = nock(ROOT)
      .get(TASKS)
      .query(query({state: 'waiting', limit: '1'}))
      .reply(200, page(0))
      .get(TASKS)
      .query(query({state: 'running', limit: '1'}))
      .reply(200, page(0))
      .get(WORKERS)
      .query(query({online: 'true', limit: '1'}))
      .reply(200, page(4, [{name: 'x'}]));
    const sampler = new ServerSampler(client, telemetryEndpoints(new PulpUrls(ROOT), {}), {detail: 'counts'});
    const sample = await sampler.sample();
    scope.done();
    expect(sample).to.deep.include({waiting: 0, running: 0, oldestWaitingSeconds: 0, longestRunningSeconds: 0, finishedLastMinute: null, topNames: null, requests: 3});
    expect(sample.workers.online).to.equal(4);
  });

  it('a 403 on the task list is an error (there is nothing to show without it); an unusable answer too', async () => {
    nock(ROOT).get(TASKS).query(true).times(2).reply(403, {detail: 'no'}).get(WORKERS).query(true).reply(200, page(0));
    const sampler = new ServerSampler(client, telemetryEndpoints(new PulpUrls(ROOT), {}), {detail: 'counts'});
    expect(await failure(sampler.sample())).to.be.instanceOf(AuthError);
    nock.cleanAll();
    nock(ROOT).get(TASKS).query(true).times(2).reply(200, {count: -1, results: []}).get(WORKERS).query(true).reply(200, page(0));
    expect((await failure(sampler.sample())).message).to.match(/unusable list answer/);
  });

  it('topNames: most frequent first, ties by name', () => {
    expect(topNames([{name: 'b'}, {name: 'a'}, {name: 'b'}, {name: 'c'}, {}], 3)).to.deep.equal([{name: 'b', count: 2}, {name: '?', count: 1}, {name: 'a', count: 1}]);
  });

  it('WatchPeriod: max waiting and when, mean rates, failures, requests', () => {
    const period = new WatchPeriod();
    const base = {kind: 'sample' as const, endpoint: '', finishedLastMinute: 0, failedLastMinute: 0, createdLastMinute: 0, ingestRate: 1, oldestWaiting: null, longestRunning: null, longestRunningSeconds: 0, topNames: null, seconds: 0, notes: []};
    const workers = {online: 2, missing: 0, busy: null, missingNames: []};
    period.add({...base, at: 't1', waiting: 5, running: 1, processingRate: 1, workers, oldestWaitingSeconds: 3, requests: 7}, false);
    period.add({...base, at: 't2', waiting: 9, running: 2, processingRate: 3, workers: {...workers, online: 1}, oldestWaitingSeconds: 8, requests: 7}, true);
    period.addFailure('connection refused', 1);
    const summary = period.finish('SIGINT');
    expect(summary).to.deep.include({samples: 2, failedSamples: 1, lastFailure: 'connection refused', requests: 15, samplesCrossingThresholds: 1, oldestWaitingSecondsMax: 8, signal: 'SIGINT', from: 't1', to: 't2'});
    expect(summary.waiting).to.deep.equal({first: 5, last: 9, min: 5, max: 9, maxAt: 't2'});
    expect(summary.processingRate).to.deep.equal({mean: 2, max: 3});
    expect(summary.workersOnline).to.deep.equal({min: 1, max: 2});
  });
});
