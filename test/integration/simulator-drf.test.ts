/**
 * The simulator answers as Django and DRF answer in pulpcore 3.116 and pulp-service (issue 13, points 1 and 5).
 * Each test names the upstream file and function it follows.
 */
import {expect} from 'chai';

import {type RunningSimulator, startSimulator, type SimulatorOptions} from '../../src/lib/simulator/index.js';
import {call, type Reply, waitFor} from '../helpers/http.js';

const NO_OP = 'pulp_service.app.tasks.util.no_op_task';

describe('simulator: Django/DRF answers and real-deployment defaults', function () {
  this.timeout(60_000);
  const running: RunningSimulator[] = [];
  const start = async (options: SimulatorOptions = {}) => {
    const sim = await startSimulator({port: 0, workers: 2, taskMs: '5', ...options});
    running.push(sim);
    return sim;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.stop()));
  });
  const send = (url: string, method: string, body: string, contentType?: string) =>
    fetch(url, {method, body, headers: {authorization: `Basic ${Buffer.from('admin:password').toString('base64')}`, ...(contentType ? {'content-type': contentType} : {})}}).then(async (response) => ({status: response.status, body: JSON.parse(await response.text()) as unknown}));

  // pulp_service/app/viewsets.py TaskIngestionDispatcherView.get: `timeout=25` is a view argument no URL fills.
  it('test endpoints dispatch for the fixed duration whatever ?timeout= says, unless honouring it is asked for', async () => {
    const fixed = await start({fixedSeconds: 0.3});
    const started = performance.now();
    expect((await call(`${fixed.origin}/api/pulp/test/tasks/?timeout=5`, {auth: null})).status).to.equal(200);
    expect(performance.now() - started).to.be.within(280, 1500);
    const honour = await start({honourTimeout: true, fixedSeconds: 30});
    const quick = performance.now();
    expect((await call(`${honour.origin}/api/pulp/test/tasks/?timeout=0.2`, {auth: null})).status).to.equal(200);
    expect(performance.now() - quick).to.be.below(1500);
  });

  // pulp-service deploy/clowdapp.yaml PULP_WORKER_TYPE=redis (pulpcore/tasking/redis_worker.py never sets
  // unblocked_at); the pulpcore layout runs pulpcore/tasking/worker.py, which does.
  it('the worker type follows the layout: redis for pulp-service (no unblocked_at), PostgreSQL for pulpcore', async () => {
    const service = await start();
    const core = await start({layout: 'pulpcore'});
    expect([service.workerType, core.workerType]).to.deep.equal(['redis', 'pulpcore']);
    const serviceTask = (await call(`${service.origin}/api/pulp/default/api/v3/orphans/cleanup/`, {method: 'POST', body: {}})).json().task as string;
    const coreTask = (await call(`${core.origin}/pulp/api/v3/orphans/cleanup/`, {method: 'POST', body: {}})).json().task as string;
    await waitFor(async () => (await call(`${service.origin}${serviceTask}`)).json().state === 'completed' && (await call(`${core.origin}${coreTask}`)).json().state === 'completed');
    expect((await call(`${service.origin}${serviceTask}`)).json().unblocked_at).to.equal(null);
    expect((await call(`${core.origin}${coreTask}`)).json().unblocked_at).to.be.a('string');
  });

  // rest_framework/views.py get_authenticate_header asks the first class: pulp_service/app/authentication.py
  // OrgGroupAssignmentMixin.authenticate_header → "Bearer"; pulpcore/app/authentication.py BasicAuthentication → Basic realm="api".
  it('401 challenges: Bearer in the pulp-service layout, Basic realm="api" in pulpcore', async () => {
    const service = await start();
    const core = await start({layout: 'pulpcore'});
    expect((await call(`${service.origin}/api/pulp/default/api/v3/tasks/`, {auth: null})).headers.get('www-authenticate')).to.equal('Bearer');
    expect((await call(`${core.origin}/pulp/api/v3/tasks/`, {auth: null})).headers.get('www-authenticate')).to.equal('Basic realm="api"');
  });

  describe('task list filters (pulpcore/filters.py, app/viewsets/task.py TaskFilter)', () => {
    let sim: RunningSimulator;
    let tasks: string;
    let all: Array<Record<string, string>>;
    const list = (query: string) => call(`${tasks}?limit=1000&${query}`);
    before(async () => {
      sim = await startSimulator({port: 0, workers: 0, workerType: 'pulpcore', history: {count: 300, hours: 1, seed: 9}});
      tasks = `${sim.origin}/api/pulp/default/api/v3/tasks/`;
      all = (await list('')).json().results;
    });
    after(() => sim.stop());

    // django_filters Filter.filter / FilterMethod.__call__: `if value in EMPTY_VALUES: return qs`
    it('empty filter values are ignored: state=, name=, name__in=, worker=, q=, pulp_created__gte=', async () => {
      for (const query of ['state=', 'name=', 'name__in=', 'worker=', 'q=', 'pulp_created__gte=', 'logging_cid=', 'pulp_href__in=', 'state=bogus&state=']) {
        expect((await list(query)).json().count, query).to.equal(all.length);
      }
      expect((await list('state=completed&state=failed')).json().count, 'the last of repeated values').to.equal(all.filter((task) => task.state === 'failed').length);
    });

    // pulpcore/filters.py BaseFilterSet.get_filters: StableOrderingFilter over the model's non-relation fields and pk
    it('ordering by an unknown or a relation field is a 400; model fields order', async () => {
      for (const term of ['bogus', 'worker', '-parent_task', 'task_group', 'pulp_domain', 'created_by']) {
        expect((await list(`ordering=${term}`)).json(), term).to.deep.equal({ordering: [`Select a valid choice. ${term} is not one of the available choices.`]});
      }
      const names = (await list('ordering=name,-pk')).json().results.map((task: {name: string}) => task.name);
      expect(names).to.deep.equal([...names].sort());
    });

    // pulpcore/filters.py ExpressionFilterField.clean: pyparsing keywords in upper case, values of [alnum.,_-*] or quoted
    it('q is as strict as pulpcore grammar', async () => {
      const completed = all.filter((task) => task.state === 'completed').length;
      for (const ok of ['state=completed', ' state = completed ', "state='completed'", 'NOT NOT state=completed', '(state=completed)']) {
        expect((await list(`q=${encodeURIComponent(ok)}`)).json().count, ok).to.equal(completed);
      }
      for (const bad of ['state=completed and name=x', 'state=completed AND', 'logging_cid=a:b', 'name=a/b', '1state=x', 'state=completed)', '()', 'state="x']) {
        expect((await list(`q=${encodeURIComponent(bad)}`)).json(), bad).to.deep.equal({q: ['Syntax error in expression.']});
      }
      expect((await list(`q=${encodeURIComponent('q=x')}`)).json()).to.deep.equal({q: ["You cannot use 'q' in complex filtering."]});
      expect((await list(`q=${encodeURIComponent('ordering=name')}`)).json()).to.deep.equal({q: ['An ordering filter cannot be used in complex filtering.']});
      expect((await list(`q=${encodeURIComponent('bogus=1')}`)).json()).to.deep.equal({q: ["Filter 'bogus' does not exist."]});
    });

    // pulpcore/filters.py HyperlinkRelatedFilter.filter / _resolve_uri / _check_valid_uuid / _check_subclass
    it('relation filters: a well-formed reference to a missing object → 200 and an empty list; malformed ones → 400 lists', async () => {
      const missing = '/api/pulp/default/api/v3/tasks/0192f3a0-0000-7000-8000-000000000000/';
      for (const query of [`parent_task=${missing}`, `child_tasks=${missing}`, 'task_group=/api/pulp/default/api/v3/task-groups/0192f3a0-0000-7000-8000-000000000000/', 'parent_task=prn:core.task:0192f3a0-0000-7000-8000-000000000000']) {
        const reply = await list(query);
        expect([reply.status, reply.json().count], query).to.deep.equal([200, 0]);
      }
      const errors: Array<[string, unknown]> = [
        ['parent_task=', ['No value supplied for parent_task filter.']],
        ['parent_task=/elsewhere/', ["URI couldn't be resolved: /elsewhere/"]],
        ['parent_task=/api/pulp/default/api/v3/tasks/x/', ['UUID invalid: x']],
        [`task_group=${missing}`, [`URI/PRN is not a valid href for task_group model: ${missing}`]],
        ['parent_task=prn:core.task', ["PRN must be of the form 'prn:app_label.model_label:pk': prn:core.task"]],
        ['parent_task=prn:nope.nope:0192f3a0-0000-7000-8000-000000000000', ['Model nope.nope does not exist']],
        [`created_resources=${missing}`, [`URI ${missing} not found for task.`]],
      ];
      for (const [query, body] of errors) expect((await list(query)).json(), query).to.deep.equal(body);
    });

    // pulpcore/app/viewsets/custom_filters.py ReservedResourcesFilter.filter: hrefs under API_ROOT → get_prn; OLD_RESOURCE_HREFS → pdrn
    it('resource filters turn hrefs into the names locks carry', async () => {
      const live = await start({workers: 1, taskMs: '5'});
      const status = (await call(`${live.origin}/api/pulp/default/api/v3/orphans/cleanup/`, {method: 'POST', body: {}})).json().task as string;
      const record = (await call(`${live.origin}${status}`)).json().reserved_resources_record as string[];
      const domainUuid = record.find((name) => name.startsWith('shared:prn:core.domain:'))!.split(':').at(-1)!;
      const liveTasks = `${live.origin}/api/pulp/default/api/v3/tasks/`;
      const count = async (query: string) => (await call(`${liveTasks}?${query}`)).json().count as number;
      expect(await count(`shared_resources=/api/pulp/default/api/v3/domains/${domainUuid}/`)).to.equal(1);
      expect(await count(`shared_resources=prn:core.domain:${domainUuid}`)).to.equal(1);
      expect(await count('exclusive_resources=/api/v3/orphans/cleanup/')).to.equal(1);
      expect(await count('reserved_resources=/api/pulp/default/api/v3/domains/0192f3a0-0000-7000-8000-000000000000/')).to.equal(0);
    });

    // pulpcore/filters.py HREFInFilter / PRNInFilter with pulpcore/app/util.py extract_pk
    it('pulp_href__in and prn__in match by UUID; garbage → 400', async () => {
      const [first, second] = all;
      const uuid = first.prn.split(':')[2];
      const byHref = (await list(`pulp_href__in=/anything/at/all/${uuid}/,${second.prn}`)).json();
      expect(byHref.results.map((task: {prn: string}) => task.prn).sort()).to.deep.equal([first.prn, second.prn].sort());
      expect((await list(`prn__in=${first.prn}`)).json().count).to.equal(1);
      expect((await list('pulp_href__in=garbage')).json()).to.deep.equal(['URI not valid: garbage']);
      expect((await list(`prn__in=${first.pulp_href}`)).json()).to.deep.equal([`Not a valid PRN: ${first.pulp_href}, must start with 'prn:'`]);
      expect((await list('prn__in=prn:x')).json()).to.deep.equal(["PRN not valid: ['prn', 'x']"]);
      expect((await list('pulp_id__in=nope')).json()).to.deep.equal({pulp_id__in: ['Enter a valid UUID.']});
    });

    // rest_framework/generics.py get_object runs filter_queryset; pulpcore/app/viewsets/base.py get_serializer_class (minimal)
    it('task detail: fields, exclude_fields, minimal; unknown parameters 400; filters that exclude it 404', async () => {
      const task = all.find((candidate) => candidate.state === 'completed')!;
      const detail = (query: string) => call(`${sim.origin}${task.pulp_href}?${query}`);
      expect(Object.keys((await detail('fields=name,state')).json())).to.deep.equal(['state', 'name'].sort((a, b) => Object.keys(task).indexOf(a) - Object.keys(task).indexOf(b)));
      expect((await detail('exclude_fields=error,name')).json()).to.not.have.any.keys('error', 'name');
      expect(Object.keys((await detail('minimal=True')).json())).to.include('worker').and.not.include('reserved_resources_record');
      expect(Object.keys((await detail('minimal=1')).json())).to.include('reserved_resources_record');
      expect((await detail('bogus=1')).json()).to.deep.equal({errors: ["Invalid Filter: 'bogus'"]});
      expect((await detail('state=failed')).status).to.equal(404);
      expect((await detail('state=completed')).status).to.equal(200);
      expect((await call(`${sim.origin}/api/pulp/default/api/v3/tasks/not-a-uuid/`)).json()).to.deep.equal({detail: 'Not found.'});
    });
  });

  // pulpcore/app/viewsets/task.py TaskViewSet.partial_update: serializer.is_valid before get_object; TaskCancelSerializer.validate_state
  it('PATCH validates the body before looking the task up', async () => {
    const sim = await start({layout: 'pulpcore'});
    const missing = `${sim.origin}/pulp/api/v3/tasks/0192f3a0-0000-7000-8000-000000000000/`;
    const cases: Array<[unknown, number, unknown]> = [
      [{}, 400, {state: ['This field is required.']}],
      [{state: null}, 400, {state: ['This field may not be null.']}],
      [{state: ''}, 400, {state: ['This field may not be blank.']}],
      [{state: 'completed'}, 400, {state: ["The only acceptable value for 'state' is 'canceled'."]}],
      [['canceled'], 400, {non_field_errors: ['Invalid data. Expected a dictionary, but got list.']}],
      [{state: 'canceled'}, 404, {detail: 'No Task matches the given query.'}],
    ];
    for (const [body, status, answer] of cases) {
      const reply: Reply = await call(missing, {method: 'PATCH', body});
      expect([reply.status, reply.json()], JSON.stringify(body)).to.deep.equal([status, answer]);
    }
  });

  // pulpcore/app/serializers/purge.py PurgeSerializer, serializers/orphans.py OrphansCleanupSerializer, serializers/base.py
  // validate_unknown_fields; rest_framework/request.py _parse (415), parsers JSONParser/FormParser
  it('purge and orphan-cleanup bodies are validated with DRF shapes; 415 for an unsupported media type', async () => {
    const sim = await start({layout: 'pulpcore'});
    const purge = `${sim.origin}/pulp/api/v3/tasks/purge/`;
    const orphans = `${sim.origin}/pulp/api/v3/orphans/cleanup/`;
    const cases: Array<[string, unknown, unknown]> = [
      [purge, {states: 'failed'}, {states: ['Expected a list of items but got type "str".']}],
      [purge, {states: ['failed', 'running', 'waiting']}, {states: ['"running" is not a valid choice.']}],
      [purge, {states: null}, {states: ['This field may not be null.']}],
      [purge, {finished_before: 5}, {finished_before: ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].']}],
      [purge, {states: ['failed'], bogus: 1}, {bogus: ['Unexpected field']}],
      [purge, null, {non_field_errors: ['No data provided']}],
      [orphans, {content_hrefs: []}, {content_hrefs: ['Must not be [].']}],
      [orphans, {content_hrefs: ['/pulp/api/v3/content/file/files/0192f3a0-0000-7000-8000-000000000000/']}, {content_hrefs: ['URI /pulp/api/v3/content/file/files/0192f3a0-0000-7000-8000-000000000000/ not found for content.']}],
      [orphans, {content_hrefs: ['junk']}, {content_hrefs: ['URI not valid: junk']}],
      [orphans, {orphan_protection_time: -1}, {orphan_protection_time: ['Ensure this value is greater than or equal to 0.']}],
      [orphans, {orphan_protection_time: 'soon'}, {orphan_protection_time: ['A valid integer is required.']}],
      [orphans, {orphan_protection_time: 5, extra: true}, {extra: ['Unexpected field']}],
    ];
    for (const [url, body, answer] of cases) {
      const reply = await send(url, 'POST', JSON.stringify(body), 'application/json');
      expect([reply.status, reply.body], JSON.stringify(body)).to.deep.equal([400, answer]);
    }
    expect(await send(purge, 'POST', 'states=failed', 'text/plain')).to.deep.equal({status: 415, body: {detail: 'Unsupported media type "text/plain" in request.'}});
    expect((await send(purge, 'POST', '{"states": ["failed"]}')).status, 'no content type').to.equal(415);
    expect((await send(purge, 'POST', 'states=failed&states=canceled', 'application/x-www-form-urlencoded')).status).to.equal(202);
    expect((await send(orphans, 'POST', JSON.stringify({orphan_protection_time: '10'}), 'application/json')).status).to.equal(202);
  });

  // pulpcore/app/views/orphans.py OrphansView.delete (deprecated, still dispatching)
  it('the deprecated DELETE orphans/ dispatches an orphan cleanup (202)', async () => {
    const sim = await start({layout: 'pulpcore'});
    const reply = await call(`${sim.origin}/pulp/api/v3/orphans/`, {method: 'DELETE'});
    expect(reply.status).to.equal(202);
    expect((await call(`${sim.origin}${reply.json().task}`)).json().name).to.equal('pulpcore.app.tasks.orphan.orphan_cleanup');
  });

  // pulpcore/app/viewsets/task.py WorkerFilter / WorkerViewSet, serializers/task.py WorkerSerializer.current_task
  it('workers: name/last_heartbeat/online/missing filters, a detail route, current_task', async () => {
    const sim = await start({layout: 'pulpcore', workers: 2, taskMs: '3000'});
    const workers = `${sim.origin}/pulp/api/v3/workers/`;
    await call(`${sim.origin}/pulp/api/v3/orphans/cleanup/`, {method: 'POST', body: {}});
    await waitFor(async () => (await call(workers)).json().results.some((worker: {current_task: string | null}) => worker.current_task !== null));
    const all = (await call(workers)).json().results as Array<{pulp_href: string; name: string; current_task: string | null}>;
    expect(all).to.have.length(2);
    const busy = all.find((worker) => worker.current_task)!;
    expect((await call(`${sim.origin}${busy.current_task}`)).json().state).to.equal('running');
    expect((await call(`${workers}?name__startswith=${encodeURIComponent(all[0].name.slice(0, 6))}`)).json().count).to.equal(1);
    expect((await call(`${workers}?missing=true`)).json().count).to.equal(0);
    expect((await call(`${workers}?online=false`)).json().count).to.equal(0);
    expect((await call(`${workers}?last_heartbeat__gte=2000-01-01T00:00:00Z`)).json().count).to.equal(2);
    expect((await call(`${workers}?ordering=bogus`)).status).to.equal(400);
    expect((await call(`${sim.origin}${busy.pulp_href}`)).json().name).to.equal(busy.name);
    expect((await call(`${workers}0192f3a0-0000-7000-8000-000000000000/`)).json()).to.deep.equal({detail: 'No AppStatus matches the given query.'});
  });

  // pulpcore/app/util.py configure_cleanup / configure_analytics (settings ORPHAN_PROTECTION_TIME, ANALYTICS);
  // pulp-service deploy/clowdapp.yaml PULP_TASK_PROTECTION_TIME=20160 adds the task purge schedule
  it('task-schedules lists the default schedules', async () => {
    const core = await start({layout: 'pulpcore'});
    const names = (await call(`${core.origin}/pulp/api/v3/task-schedules/`)).json().results.map((schedule: {name: string}) => schedule.name);
    expect(names.sort()).to.deep.equal(['Clean up stale content periodically', 'Post Anonymous Analytics Periodically']);
    const service = await start();
    const schedules = (await call(`${service.origin}/api/pulp/default/api/v3/task-schedules/?task_name=pulpcore.app.tasks.purge.purge`)).json().results;
    expect(schedules).to.have.length(1);
    expect(schedules[0]).to.deep.include({name: 'Clean up stale tasks periodically', dispatch_interval: '14 00:00:00', last_task: null});
    expect((await call(`${service.origin}${schedules[0].pulp_href}`)).json().task_name).to.equal('pulpcore.app.tasks.purge.purge');
  });

  // pulpcore/app/viewsets/replica.py UpstreamPulpViewSet.replicate (TaskGroupOperationResponse), app/tasks/replica.py
  // replicate_distributions (children dispatched inside the task: pulpcore/tasking/tasks.py dispatch sets parent_task),
  // serializers/task.py TaskGroupSerializer, filters.py HyperlinkRelatedFilter for parent_task/child_tasks/task_group
  it('task groups and parent/child tasks: replication makes a group whose parent spawns children', async () => {
    const sim = await start({layout: 'pulpcore', workers: 4, taskMs: '20'});
    const prefix = `${sim.origin}/pulp/api/v3/`;
    const upstream = (await call(`${prefix}upstream-pulps/`)).json().results[0];
    expect(upstream.name).to.equal('sim-upstream');
    const reply = await call(`${sim.origin}${upstream.pulp_href}replicate/`, {method: 'POST', body: {}});
    expect(reply.status).to.equal(202);
    const groupHref = reply.json().task_group as string;
    expect(groupHref).to.match(/^\/pulp\/api\/v3\/task-groups\/[0-9a-f-]{36}\/$/);
    await waitFor(async () => (await call(`${sim.origin}${groupHref}`)).json().completed === 5);
    const group = (await call(`${sim.origin}${groupHref}`)).json();
    expect(group).to.deep.include({description: 'Replication of sim-upstream', waiting: 0, running: 0, failed: 0, completed: 5});
    expect(group.tasks.map((task: {name: string}) => task.name)).to.include('pulpcore.app.tasks.replica.replicate_distributions');
    const parent = (await call(`${prefix}tasks/?name=pulpcore.app.tasks.replica.replicate_distributions`)).json().results[0];
    expect(parent.task_group).to.equal(groupHref);
    expect(parent.child_tasks).to.have.length(4);
    const children = (await call(`${prefix}tasks/?parent_task=${parent.pulp_href}`)).json().results as Array<{pulp_href: string; parent_task: string; name: string}>;
    expect(children.map((task) => task.pulp_href).sort()).to.deep.equal([...parent.child_tasks].sort());
    expect(children.every((task) => task.parent_task === parent.pulp_href)).to.equal(true);
    expect((await call(`${prefix}tasks/?child_tasks=${children[0].pulp_href}`)).json().results.map((task: {pulp_href: string}) => task.pulp_href)).to.deep.equal([parent.pulp_href]);
    expect((await call(`${prefix}tasks/?task_group=${groupHref}`)).json().count).to.equal(5);
    expect((await call(`${prefix}task-groups/`)).json().count).to.equal(1);
    expect((await call(`${prefix}upstream-pulps/0192f3a0-0000-7000-8000-000000000000/replicate/`, {method: 'POST', body: {}})).status).to.equal(404);
  });

  // pulpcore/app/viewsets/base.py NamedModelViewSet.get_queryset (domain scoping); pulp_service/app/viewsets.py TaskViewSet (admin list)
  it('several domains: domain-scoped hrefs and lists, the admin list across them', async () => {
    const sim = await start({domains: ['team-a'], fixedSeconds: 0.2});
    const root = `${sim.origin}/api/pulp/`;
    const inTeam = (await call(`${root}team-a/api/v3/orphans/cleanup/`, {method: 'POST', body: {}})).json().task as string;
    expect(inTeam).to.match(/^\/api\/pulp\/team-a\/api\/v3\/tasks\/[0-9a-f-]{36}\/$/);
    await call(`${root}test/tasks/`, {auth: null});
    expect((await call(`${root}team-a/api/v3/tasks/`)).json().count).to.equal(1);
    const defaultCount = (await call(`${root}default/api/v3/tasks/?name=${NO_OP}`)).json().count as number;
    expect(defaultCount).to.be.greaterThan(0);
    expect((await call(`${root}default/api/v3/tasks/?name=pulpcore.app.tasks.orphan.orphan_cleanup`)).json().count).to.equal(0);
    expect((await call(`${root}admin/tasks/`)).json().count).to.equal(defaultCount + 1);
    expect((await call(`${root}default${inTeam.slice('/api/pulp/team-a'.length)}`)).status, 'another domain’s task').to.equal(404);
    expect((await call(`${root}nowhere/api/v3/tasks/`)).status).to.equal(404);
  });
});
