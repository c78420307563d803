import {expect} from 'chai';
import nock from 'nock';

import {type RunningSimulator, startSimulator} from '../../src/lib/simulator/index.js';
import {call} from '../helpers/http.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/;
const TASK_FIELDS = [
  'pulp_href', 'prn', 'pulp_created', 'pulp_last_updated', 'state', 'name', 'logging_cid', 'created_by', 'unblocked_at', 'started_at',
  'finished_at', 'error', 'worker', 'parent_task', 'child_tasks', 'task_group', 'progress_reports', 'created_resources',
  'created_resource_prns', 'reserved_resources_record', 'result', 'pulp_api_version',
];
const HISTORY = 3000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- task documents from the wire, checked field by field
type Task = Record<string, any>;

describe('simulator contract (pulp-service layout, seeded history)', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let tasks: string;
  let all: Task[];

  before(async () => {
    nock.enableNetConnect();
    sim = await startSimulator({port: 0, honourTimeout: true, history: {count: HISTORY, hours: 6, seed: 42}, workers: 2, taskMs: '50'});
    tasks = `${sim.origin}/api/pulp/default/api/v3/tasks/`;
    const reply = await call(`${tasks}?limit=100000&ordering=pulp_created`);
    all = reply.json().results;
  });
  after(() => sim.stop());

  const ids = (list: Task[]) => list.map((task) => task.pulp_href);
  const fetchAll = async (query: string) => {
    const ordering = query.includes('ordering=') ? '' : 'ordering=pulp_created&';
    const reply = await call(`${tasks}?limit=100000&${ordering}${query}`);
    expect(reply.status, reply.text).to.equal(200);
    return reply.json() as {count: number; results: Task[]};
  };
  const time = (value: string | null) => (value === null ? Number.NaN : Date.parse(value) * 1000 + Number((/\.\d{3}(\d{3})Z$/.exec(value) ?? ['', '0'])[1]));

  it('status has every field with the right types, without credentials', async () => {
    const reply = await call(`${sim.origin}/api/pulp/api/v3/status/`, {auth: null});
    expect(reply.status).to.equal(200);
    const status = reply.json();
    expect(Object.keys(status)).to.deep.equal([
      'versions', 'online_workers', 'online_api_apps', 'online_content_apps', 'database_connection', 'redis_connection', 'storage', 'content_settings', 'domain_enabled',
    ]);
    expect(status.versions[0]).to.deep.equal({component: 'core', version: '3.116.0', package: 'pulpcore', module: 'pulpcore.app', domain_compatible: true});
    expect(status.online_workers).to.have.length(2);
    for (const worker of status.online_workers) {
      expect(worker.name).to.match(/^\d+@[\w-]+$/);
      expect(worker.last_heartbeat).to.match(TIMESTAMP);
    }
    expect(status.database_connection).to.deep.equal({connected: true});
    expect(status.redis_connection).to.deep.equal({connected: sim.workerType === 'redis'}); // the redis worker type needs Redis
    expect(status.storage).to.deep.equal({total: null, used: 0, free: null});
    expect(status.domain_enabled).to.equal(true);
    const domainStatus = await call(`${sim.origin}/api/pulp/default/api/v3/status/`, {auth: null});
    expect(domainStatus.status).to.equal(200);
  });

  it('a task has every serializer field, in order, with Pulp types and timestamp format', () => {
    expect(all).to.have.length(HISTORY);
    const task = all[0];
    expect(Object.keys(task)).to.deep.equal(TASK_FIELDS);
    const id = /\/api\/pulp\/default\/api\/v3\/tasks\/([0-9a-f-]{36})\/$/.exec(task.pulp_href)![1];
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(task.prn).to.equal(`prn:core.task:${id}`);
    expect(task.pulp_api_version).to.equal('v3');
    expect(task.worker).to.equal(null);
    expect(task.child_tasks).to.deep.equal([]);
    for (const each of all) {
      for (const field of ['pulp_created', 'pulp_last_updated']) expect(each[field]).to.match(TIMESTAMP);
      for (const field of ['unblocked_at', 'started_at', 'finished_at']) if (each[field] !== null) expect(each[field]).to.match(TIMESTAMP);
      expect(each.reserved_resources_record.at(-1)).to.match(/^shared:prn:core\.domain:[0-9a-f-]{36}$/);
    }
    const wholeSeconds = all.filter((each) => /:\d{2}Z$/.test(each.pulp_created));
    expect(wholeSeconds.length, 'timestamps with a zero fraction print without one').to.be.greaterThan(0);
    expect(all.filter((each) => each.state === 'failed').every((each) => typeof each.error.description === 'string')).to.equal(true);
  });

  it('UUIDv7 ids carry the millisecond of pulp_created', () => {
    for (const task of all) {
      const hex = task.prn.slice('prn:core.task:'.length).replace(/-/g, '').slice(0, 12);
      expect(parseInt(hex, 16), task.pulp_created).to.equal(Math.floor(time(task.pulp_created) / 1000));
    }
  });

  it('pagination: count, limit/offset, absolute next/previous with sorted keys', async () => {
    const base = `${tasks}`;
    const first = (await call(`${base}?state=completed&limit=10&ordering=pulp_created`)).json();
    const completed = all.filter((task) => task.state === 'completed');
    expect(first.count).to.equal(completed.length);
    expect(ids(first.results)).to.deep.equal(ids(completed.slice(0, 10)));
    expect(first.next).to.equal(`${base}?limit=10&offset=10&ordering=pulp_created&state=completed`);
    expect(first.previous).to.equal(null);
    const second = (await call(first.next)).json();
    expect(ids(second.results)).to.deep.equal(ids(completed.slice(10, 20)));
    expect(second.previous).to.equal(`${base}?limit=10&ordering=pulp_created&state=completed`);
    const third = (await call(`${base}?state=completed&limit=10&offset=25&ordering=pulp_created`)).json();
    expect(third.previous).to.equal(`${base}?limit=10&offset=15&ordering=pulp_created&state=completed`);
    const past = (await call(`${base}?limit=10&offset=${HISTORY + 5}`)).json();
    expect(past).to.deep.include({count: HISTORY, next: null, results: []});
    expect(past.previous).to.equal(`${base}?limit=10&offset=${HISTORY - 5}`);
    const defaults = (await call(`${base}?limit=0&offset=-3`)).json();
    expect(defaults.results).to.have.length(100);
    expect(defaults.next).to.equal(`${base}?limit=100&offset=100`);
    const last = (await call(`${base}?limit=1000&offset=2000`)).json();
    expect(last.next).to.equal(null);
    const encoded = (await call(`${base}?limit=1&pulp_created__gte=2020-01-01T00:00:00%2B00:00`)).json();
    expect(encoded.next).to.equal(`${base}?limit=1&offset=1&pulp_created__gte=2020-01-01T00%3A00%3A00%2B00%3A00`);
  });

  it('ordering: newest first by default, any column, unknown field rejected', async () => {
    const newest = (await call(`${tasks}?limit=5`)).json();
    expect(ids(newest.results)).to.deep.equal(ids(all.slice(-5).reverse()));
    const byName = (await fetchAll('ordering=name')).results.map((task) => task.name);
    expect(byName).to.deep.equal([...byName].sort());
    const byStarted = (await fetchAll('ordering=-started_at')).results.map((task) => time(task.started_at));
    const nulls = byStarted.filter(Number.isNaN).length;
    expect(byStarted.slice(0, nulls).every(Number.isNaN), 'NULLs first when descending').to.equal(true);
    const rest = byStarted.slice(nulls);
    expect(rest).to.deep.equal([...rest].sort((a, b) => b - a));
    const bad = await call(`${tasks}?ordering=nonsense`);
    expect(bad.status).to.equal(400);
    expect(bad.json()).to.deep.equal({ordering: ['Select a valid choice. nonsense is not one of the available choices.']});
  });

  it('fields, exclude_fields and minimal trim the objects', async () => {
    const some = (await call(`${tasks}?limit=2&fields=started_at&fields=pulp_created,bogus`)).json();
    expect(Object.keys(some.results[0])).to.deep.equal(['pulp_created', 'started_at']);
    const excluded = (await call(`${tasks}?limit=1&exclude_fields=error,result`)).json();
    expect(Object.keys(excluded.results[0])).to.deep.equal(TASK_FIELDS.filter((field) => field !== 'error' && field !== 'result'));
    const minimal = (await call(`${tasks}?limit=1&minimal=true`)).json();
    expect(Object.keys(minimal.results[0])).to.deep.equal(['pulp_href', 'prn', 'pulp_created', 'pulp_last_updated', 'pulp_api_version', 'name', 'state', 'unblocked_at', 'started_at', 'finished_at', 'worker']);
    const unknownOnly = (await call(`${tasks}?limit=1&fields=nothing`)).json();
    expect(unknownOnly.results).to.deep.equal([{}]);
  });

  it('every filter selects what Pulp would', async () => {
    const sample = all[Math.floor(HISTORY / 2)];
    const cid = sample.logging_cid;
    const resource = sample.reserved_resources_record[0];
    const exclusive = all.find((task) => !task.reserved_resources_record[0].startsWith('shared:'))!.reserved_resources_record[0];
    const domainLock = sample.reserved_resources_record.at(-1).slice('shared:'.length);
    const t1 = all[1000].pulp_created;
    const t2 = all[2000].pulp_created;
    const cases: Array<[string, (task: Task) => boolean]> = [
      ['state=failed', (task) => task.state === 'failed'],
      ['state__in=failed,canceled', (task) => ['failed', 'canceled'].includes(task.state)],
      ['state__ne=completed', (task) => task.state !== 'completed'],
      [`name=${sample.name}`, (task) => task.name === sample.name],
      ['name__contains=rpm', (task) => task.name.includes('rpm')],
      ['name__in=pulpcore.app.tasks.purge.purge,pulpcore.app.tasks.orphan.orphan_cleanup', (task) => task.name.endsWith('purge.purge') || task.name.endsWith('orphan_cleanup')],
      ['name__ne=pulp_service.app.tasks.util.no_op_task', (task) => task.name !== 'pulp_service.app.tasks.util.no_op_task'],
      [`logging_cid=${cid}`, (task) => task.logging_cid === cid],
      [`logging_cid__contains=${cid.slice(3, 9)}`, (task) => task.logging_cid.includes(cid.slice(3, 9))],
      [`pulp_created__gte=${t1}`, (task) => time(task.pulp_created) >= time(t1)],
      [`pulp_created__gt=${t1}`, (task) => time(task.pulp_created) > time(t1)],
      [`pulp_created__lte=${t2}`, (task) => time(task.pulp_created) <= time(t2)],
      [`pulp_created__lt=${t2}`, (task) => time(task.pulp_created) < time(t2)],
      [`pulp_created=${t1}`, (task) => task.pulp_created === t1],
      [`pulp_created__range=${t1},${t2}`, (task) => time(task.pulp_created) >= time(t1) && time(task.pulp_created) <= time(t2)],
      [`started_at__gte=${t1}`, (task) => time(task.started_at) >= time(t1)],
      [`finished_at__lt=${t2}`, (task) => time(task.finished_at) < time(t2)],
      [`unblocked_at__range=${t1},${t2}`, (task) => time(task.unblocked_at) >= time(t1) && time(task.unblocked_at) <= time(t2)],
      ['started_at__isnull=true', (task) => task.started_at === null],
      ['started_at__isnull=0', (task) => task.started_at !== null],
      ['started_at__isnull=maybe', () => true],
      [`reserved_resources=${resource}`, (task) => task.reserved_resources_record.includes(resource) || task.reserved_resources_record.includes(`shared:${resource}`)],
      [`exclusive_resources=${exclusive}`, (task) => task.reserved_resources_record.includes(exclusive)],
      [`shared_resources=${domainLock}`, (task) => task.reserved_resources_record.includes(`shared:${domainLock}`)],
      [`exclusive_resources=${domainLock}`, () => false],
      [`reserved_resources__in=${exclusive},${domainLock}`, (task) => task.reserved_resources_record.includes(exclusive)],
      ['worker=anything', () => false],
      [`pulp_id__in=${sample.prn.split(':')[2]}`, (task) => task.pulp_href === sample.pulp_href],
      [`pulp_href__in=${sample.pulp_href},${all[3].pulp_href}`, (task) => task.pulp_href === sample.pulp_href || task.pulp_href === all[3].pulp_href],
      [`prn__in=${sample.prn}`, (task) => task.prn === sample.prn],
      [`parent_task=${sample.pulp_href}`, () => false],
      ['q=state="failed" OR state="canceled"', (task) => ['failed', 'canceled'].includes(task.state)],
      ['q=NOT state=completed AND name__contains=rpm', (task) => task.state !== 'completed' && task.name.includes('rpm')],
      [`q=(state=failed OR name__contains=orphan) AND pulp_created__gte="${t1}"`, (task) => (task.state === 'failed' || task.name.includes('orphan')) && time(task.pulp_created) >= time(t1)],
      ['q=state__in=failed,canceled OR name=pulpcore.app.tasks.purge.purge', (task) => ['failed', 'canceled'].includes(task.state) || task.name === 'pulpcore.app.tasks.purge.purge'],
      [`state=completed&name__contains=sync&pulp_created__gte=${t1}`, (task) => task.state === 'completed' && task.name.includes('sync') && time(task.pulp_created) >= time(t1)],
    ];
    for (const [query, predicate] of cases) {
      const encoded = query.startsWith('q=') ? `q=${encodeURIComponent(query.slice(2))}` : query.replaceAll('+', '%2B');
      const reply = await fetchAll(encoded);
      const expected = all.filter(predicate);
      expect(reply.count, query).to.equal(expected.length);
      expect(ids(reply.results), query).to.deep.equal(ids(expected));
    }
  });

  it('naive, zoned, basic-form and date-only datetimes are read as Pulp reads them', async () => {
    const t = all[1500].pulp_created as string; // e.g. 2026-11-26T08:00:00.123456Z
    const naive = t.replace('Z', '');
    const zoned = new Date(Date.parse(t) + 2 * 3600e3).toISOString().slice(0, 19) + t.slice(19, -1) + '+02:00';
    const expected = all.filter((task) => time(task.pulp_created) >= time(t)).length;
    for (const form of [naive, zoned, zoned.replace('+02:00', '+0200')]) {
      const reply = await fetchAll(`pulp_created__gte=${encodeURIComponent(form)}`);
      expect(reply.count, form).to.equal(expected);
    }
    const day = t.slice(0, 10);
    const dayReply = await fetchAll(`pulp_created__gte=${day}`);
    expect(dayReply.count).to.equal(all.filter((task) => task.pulp_created.slice(0, 10) >= day).length);
    const basic = `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}T000000Z`;
    expect((await fetchAll(`pulp_created__gte=${basic}`)).count).to.equal(dayReply.count);
  });

  it('rejects what Pulp rejects, with Pulp error bodies', async () => {
    const expectations: Array<[string, number, unknown]> = [
      ['page=2', 400, {errors: ["Invalid Filter: 'page'"]}],
      ['timeout=30', 400, {errors: ["Invalid Filter: 'timeout'"]}],
      ['state=bogus', 400, {state: ['Select a valid choice. bogus is not one of the available choices.']}],
      ['pulp_created__gte=yesterday', 400, {pulp_created__gte: ['Enter a valid date/time.']}],
      ['pulp_created__gte=2026-01-05 09:00:00+02:00', 400, {pulp_created__gte: ['Enter a valid date/time.']}],
      ['started_at__range=2026-01-01', 400, {started_at__range: ['Range query expects two values.']}],
      [`q=${encodeURIComponent('state=a AND state=b AND state=c AND state=d AND state=e AND NOT state=f AND NOT state=g')}`, 400, {q: ['Filter expression exceeds allowed complexity.']}],
      [`q=${encodeURIComponent('state="failed" OR')}`, 400, {q: ['Syntax error in expression.']}],
      // pulpcore/filters.py ExpressionFilterField._FilterAction: the leaf's form errors as Django's as_json() text
      [`q=${encodeURIComponent('state=bogus OR state=failed')}`, 400, {q: ['{"state": [{"message": "Select a valid choice. bogus is not one of the available choices.", "code": "invalid_choice"}]}']}],
      [`q=${encodeURIComponent('limit=3')}`, 400, {q: ["Filter 'limit' does not exist."]}],
      // pulpcore/filters.py HyperlinkRelatedFilter: the detail route resolves any pk, then _check_valid_uuid
      ['parent_task=/api/pulp/default/api/v3/tasks/nope/', 400, ['UUID invalid: nope']],
      ['task_group=/api/pulp/default/api/v3/nowhere/', 400, ["URI couldn't be resolved: /api/pulp/default/api/v3/nowhere/"]],
    ];
    for (const [query, status, body] of expectations) {
      const reply = await call(`${tasks}?${query}`);
      expect(reply.status, query).to.equal(status);
      expect(reply.json(), query).to.deep.equal(body);
    }
    // `page_size` and `format` are reserved names: accepted, no effect.
    expect((await call(`${tasks}?page_size=5&limit=3`)).json().results).to.have.length(3);
  });

  it('authentication: 401 without or with wrong credentials; status and test endpoints are anonymous', async () => {
    const none = await call(tasks, {auth: null});
    expect(none.status).to.equal(401);
    expect(none.json()).to.deep.equal({detail: 'Authentication credentials were not provided.'});
    // pulp-service's first authentication class answers the challenge `Bearer` (pulp_service/app/authentication.py,
    // OrgGroupAssignmentMixin.authenticate_header); pulpcore's BasicAuthentication `Basic realm="api"` (simulator-drf).
    expect(none.headers.get('www-authenticate')).to.equal('Bearer');
    const wrong = await call(tasks, {auth: ['admin', 'nope']});
    expect(wrong.status).to.equal(401);
    expect(wrong.json()).to.deep.equal({detail: 'Invalid username/password.'});
    const admin = await call(`${sim.origin}/api/pulp/admin/tasks/?limit=1`, {auth: null});
    expect(admin.status).to.equal(401);
    const test = await call(`${sim.origin}/api/pulp/test/tasks/?timeout=0.05`, {auth: null});
    expect(test.status).to.equal(200);
    expect(test.json().tasks_executed).to.be.a('number');
  });

  it('routing: 404s, unknown domains, trailing-slash redirects, 405', async () => {
    const missing = await call(`${tasks}0192f3a0-0000-7000-8000-000000000000/`);
    expect(missing.status).to.equal(404);
    expect(missing.json()).to.deep.equal({detail: 'No Task matches the given query.'});
    expect((await call(`${tasks}not-a-uuid/`)).status).to.equal(404);
    const unrouted = await call(`${sim.origin}/api/pulp/api/v3/tasks/`);
    expect(unrouted.status).to.equal(404);
    expect(unrouted.headers.get('content-type')).to.include('text/html');
    const unknownDomain = await call(`${sim.origin}/api/pulp/nodomain/api/v3/tasks/`);
    expect(unknownDomain.status).to.equal(404);
    expect(unknownDomain.headers.get('content-type')).to.include('text/html');
    const redirect = await call(`${sim.origin}/api/pulp/admin/tasks?limit=1`);
    expect(redirect.status).to.equal(301);
    expect(redirect.headers.get('location')).to.equal('/api/pulp/admin/tasks/?limit=1');
    const put = await call(`${sim.origin}${all[0].pulp_href}`, {method: 'PUT', body: {}});
    expect(put.status).to.equal(405);
    expect(put.json()).to.deep.equal({detail: 'Method "PUT" not allowed.'});
  });

  it('related lists: workers (online filter), task groups, task schedules, profile artifacts', async () => {
    const prefix = `${sim.origin}/api/pulp/default/api/v3/`;
    const workers = (await call(`${prefix}workers/?online=true`)).json();
    expect(workers.count).to.equal(2);
    expect(Object.keys(workers.results[0])).to.deep.equal(['pulp_href', 'prn', 'pulp_created', 'pulp_last_updated', 'name', 'last_heartbeat', 'versions', 'current_task']);
    expect(workers.results[0].pulp_href).to.match(/^\/api\/pulp\/default\/api\/v3\/workers\/[0-9a-f-]{36}\/$/);
    expect((await call(`${prefix}workers/?online=false`)).json().count).to.equal(0);
    expect((await call(`${prefix}workers/?bogus=1`)).json()).to.deep.equal({errors: ["Invalid Filter: 'bogus'"]});
    expect((await call(`${prefix}task-groups/`)).json()).to.deep.equal({count: 0, next: null, previous: null, results: []});
    // pulpcore/app/util.py configure_cleanup: the default schedules (see simulator-drf.test.ts)
    expect((await call(`${prefix}task-schedules/`)).json().count).to.be.greaterThan(0);
    expect((await call(`${sim.origin}${all[5].pulp_href}profile_artifacts/`)).json()).to.deep.equal({urls: {}});
    expect((await call(`${prefix}workers/`, {auth: null})).status).to.equal(401);
  });

  it('the admin list shows the tasks of all domains with the same filters and pagination', async () => {
    const admin = (await call(`${sim.origin}/api/pulp/admin/tasks/?limit=3&ordering=pulp_created&state=failed`)).json();
    const failed = all.filter((task) => task.state === 'failed');
    expect(admin.count).to.equal(failed.length);
    expect(ids(admin.results)).to.deep.equal(ids(failed.slice(0, 3)));
    expect(admin.next).to.equal(`${sim.origin}/api/pulp/admin/tasks/?limit=3&offset=3&ordering=pulp_created&state=failed`);
  });

  it('detail, cancel (200/409/400) and delete (409/204)', async () => {
    const completed = all.find((task) => task.state === 'completed')!;
    const detail = await call(`${sim.origin}${completed.pulp_href}`);
    expect(detail.json()).to.deep.equal(completed);
    const conflict = await call(`${sim.origin}${completed.pulp_href}`, {method: 'PATCH', body: {state: 'canceled'}});
    expect(conflict.status).to.equal(409);
    expect(conflict.json().state).to.equal('completed');
    const wrongValue = await call(`${sim.origin}${completed.pulp_href}`, {method: 'PATCH', body: {state: 'running'}});
    expect(wrongValue.status).to.equal(400);
    expect(wrongValue.json()).to.deep.equal({state: ["The only acceptable value for 'state' is 'canceled'."]});
    const missing = await call(`${sim.origin}${completed.pulp_href}`, {method: 'PATCH', body: {}});
    expect(missing.json()).to.deep.equal({state: ['This field is required.']});
    const deleted = await call(`${sim.origin}${completed.pulp_href}`, {method: 'DELETE'});
    expect(deleted.status).to.equal(204);
    expect((await call(`${sim.origin}${completed.pulp_href}`)).status).to.equal(404);
  });
});

describe('simulator contract (pulpcore layout)', function () {
  this.timeout(30_000);
  let sim: RunningSimulator;
  before(async () => {
    nock.enableNetConnect();
    sim = await startSimulator({port: 0, honourTimeout: true, layout: 'pulpcore', workers: 1, taskMs: '20'});
  });
  after(() => sim.stop());

  it('serves /pulp/api/v3/, no domains, no pulp-service routes', async () => {
    const status = (await call(`${sim.origin}/pulp/api/v3/status/`, {auth: null})).json();
    expect(status.domain_enabled).to.equal(false);
    expect(status.storage.total).to.be.a('number');
    expect(sim.apiRoot).to.equal(sim.origin);
    for (const path of ['/pulp/default/api/v3/tasks/', '/api/pulp/test/tasks/', '/pulp/test/tasks/', '/pulp/admin/tasks/']) {
      expect((await call(`${sim.origin}${path}`)).status, path).to.equal(404);
    }
    expect((await call(`${sim.origin}/pulp/api/v3/tasks/`)).status).to.equal(200);
  });

  it('purge dispatches a real task (202 {task}) and validates its body', async () => {
    const reply = await call(`${sim.origin}/pulp/api/v3/tasks/purge/`, {method: 'POST', body: {finished_before: '2000-01-01T00:00:00Z'}});
    expect(reply.status).to.equal(202);
    const href = reply.json().task as string;
    expect(href).to.match(/^\/pulp\/api\/v3\/tasks\/[0-9a-f-]{36}\/$/);
    const task = (await call(`${sim.origin}${href}`)).json();
    expect(task.name).to.equal('pulpcore.app.tasks.purge.purge');
    expect(task.created_by).to.equal('/pulp/api/v3/users/1/');
    expect(task.reserved_resources_record).to.have.length(1);
    expect(task.reserved_resources_record[0]).to.match(/^shared:prn:core\.domain:/);
    const badDate = await call(`${sim.origin}/pulp/api/v3/tasks/purge/`, {method: 'POST', body: {finished_before: 'soon'}});
    expect(badDate.status).to.equal(400);
    expect(Object.keys(badDate.json())).to.deep.equal(['finished_before']);
    const badState = await call(`${sim.origin}/pulp/api/v3/tasks/purge/`, {method: 'POST', body: {states: ['completed', 'running']}});
    expect(badState.status).to.equal(400);
    // MultipleChoiceField.to_internal_value: a flat list with the first invalid item
    expect(badState.json()).to.deep.equal({states: ['"running" is not a valid choice.']});
    const anonymous = await call(`${sim.origin}/pulp/api/v3/tasks/purge/`, {method: 'POST', body: {}, auth: null});
    expect(anonymous.status).to.equal(401);
  });
});
