import {expect} from 'chai';
import {readFileSync} from 'node:fs';
import nock from 'nock';

import {type RunningSimulator, startSimulator} from '../../src/lib/simulator/index.js';
import {runCli} from '../helpers/cli.js';
import {call} from '../helpers/http.js';
import {tempDir} from '../helpers/tmp.js';
import {assertValidResult, validResult} from '../helpers/result-schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- task documents from the wire
type Task = Record<string, any>;

/** Written for the test, independently of src/lib/stats.ts: numpy's default percentile. */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
}

const micros = (text: string) => {
  const match = /\.(\d{6})Z$/.exec(text);
  return Date.parse(text) * 1000 + (match ? Number(match[1].slice(3)) : 0);
};
const seconds = (from: string, to: string) => (micros(to) - micros(from)) / 1e6;

describe('task-analysis against a simulator with seeded history', function () {
  this.timeout(120_000);
  const HISTORY = 5000;
  let sim: RunningSimulator;
  let all: Task[];
  let home: ReturnType<typeof tempDir>;

  before(async () => {
    nock.enableNetConnect();
    home = tempDir();
    sim = await startSimulator({port: 0, workers: 0, workerType: 'pulpcore', history: {count: HISTORY, hours: 4, seed: 11}});
    all = (await call(`${sim.origin}/api/pulp/admin/tasks/?limit=100000&ordering=pulp_created`)).json().results;
  });
  after(async () => {
    await sim.stop();
    home.cleanup();
  });

  const analysis = (args: string[]) => runCli(['task-analysis', '--api-root', sim.apiRoot, '--json', ...args], {env: {HOME: home.dir, PULP_PASSWORD: sim.password}});

  it('every statistic agrees with an independent computation', async () => {
    const result = await analysis(['--since', '5h', '--page-size', '300', '--concurrency', '3']);
    expect(result.code, result.stderr).to.equal(0);
    const report = validResult(result.stdout);
    expect(report.total).to.equal(HISTORY);
    expect(report.fetch.mismatches).to.deep.equal([]);
    const states: Record<string, number> = {};
    for (const task of all) states[task.state] = (states[task.state] ?? 0) + 1;
    expect(report.states).to.deep.equal(states);

    const analyzed = all.filter((task) => task.state === 'completed' && task.started_at && task.finished_at);
    expect(report.analyzed).to.equal(analyzed.length);
    const durations = {
      waitTime: analyzed.map((task) => seconds(task.pulp_created, task.started_at)),
      blockedTime: analyzed.filter((task) => task.unblocked_at).map((task) => seconds(task.pulp_created, task.unblocked_at)),
      queueTime: analyzed.filter((task) => task.unblocked_at).map((task) => seconds(task.unblocked_at, task.started_at)),
      runTime: analyzed.map((task) => seconds(task.started_at, task.finished_at)),
    };
    for (const [key, values] of Object.entries(durations)) {
      const figures = report[key];
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const std = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
      expect(figures.count, key).to.equal(values.length);
      expect(figures.waited, key).to.equal(values.filter((value) => value > 0).length);
      expect(figures.mean, key).to.be.closeTo(mean, 1e-6);
      expect(figures.std, key).to.be.closeTo(std, 1e-6);
      expect(figures.min, key).to.be.closeTo(Math.min(...values), 1e-9);
      expect(figures.max, key).to.be.closeTo(Math.max(...values), 1e-9);
      for (const [name, q] of [['median', 50], ['p90', 90], ['p95', 95], ['p99', 99], ['p999', 99.9]] as const) {
        expect(figures[name], `${key}.${name}`).to.be.closeTo(percentile(values, q), 1e-6);
      }
    }
    expect(report.waitTime.min, 'clock skew gives a few negative waits').to.be.below(0);
    const first = Math.min(...analyzed.map((task) => micros(task.started_at)));
    const last = Math.max(...analyzed.map((task) => micros(task.finished_at)));
    expect(report.throughput.tasks).to.equal(analyzed.length);
    expect(report.throughput.tasksPerSecond).to.be.closeTo(analyzed.length / ((last - first) / 1e6), 1e-9);

    // distribution: bins add up, and each count is right
    expect(report.distribution.reduce((sum: number, row: {count: number}) => sum + row.count, 0)).to.equal(analyzed.length);
    for (const row of report.distribution) {
      const expected = durations.waitTime.filter((value) => (row.from === null || value >= row.from) && (row.to === null || value < row.to)).length;
      expect(row.count, row.label).to.equal(expected);
    }
    expect(report.distribution.map((row: {label: string}) => row.label)).to.deep.equal(['<0s', '0–1 s', '1–5 s', '5–30 s', '30 s–1 m', '1–5 m', '5–15 m', '15–60 m', '1–2 h', '2–4 h', '4–8 h', '>8 h']);

    // per name
    const names = [...new Set(all.map((task) => task.name as string))];
    expect(report.byName).to.have.length(names.length);
    for (const row of report.byName) {
      const mine = analyzed.filter((task) => task.name === row.name);
      expect(row.count, row.name).to.equal(all.filter((task) => task.name === row.name).length);
      expect(row.analyzed, row.name).to.equal(mine.length);
      expect(row.waitP50, row.name).to.be.closeTo(percentile(mine.map((task) => seconds(task.pulp_created, task.started_at)), 50), 1e-6);
      expect(row.waitP95, row.name).to.be.closeTo(percentile(mine.map((task) => seconds(task.pulp_created, task.started_at)), 95), 1e-6);
      expect(row.runP50, row.name).to.be.closeTo(percentile(mine.map((task) => seconds(task.started_at, task.finished_at)), 50), 1e-6);
    }

    // backlog: at each point, tasks created and not yet started (waiting) and started and not finished (running)
    expect(report.backlog.length).to.be.within(2, 61);
    for (const point of report.backlog.filter((_: unknown, index: number) => index % 7 === 3)) {
      const at = Date.parse(point.at) * 1000;
      const waiting = all.filter((task) => micros(task.pulp_created) <= at && at < (task.started_at ? Math.max(micros(task.started_at), micros(task.pulp_created)) : micros(task.finished_at))).length;
      const running = all.filter((task) => task.started_at && micros(task.started_at) <= at && at < micros(task.finished_at)).length;
      expect({waiting: point.waiting, running: point.running}, point.at).to.deep.equal({waiting, running});
    }
    expect(all.some((task) => /:\d{2}Z$/.test(task.pulp_created)), 'timestamps without a fraction are in the data').to.equal(true);
  });

  it('--bins hours reproduces the original table (plus <0s so counts add up)', async () => {
    const report = validResult((await analysis(['--since', '5h', '--bins', 'hours'])).stdout);
    expect(report.distribution.map((row: {label: string}) => row.label)).to.deep.equal(['<0s', '<1h', '1-2h', '2-3h', '3-4h', '4-6h', '6-8h', '>8h']);
    expect(report.distribution.reduce((sum: number, row: {count: number}) => sum + row.count, 0)).to.equal(report.analyzed);
  });

  it('filters: --since/--until (zoned, naive, relative), --task-name, --state', async () => {
    const from = all[1000].pulp_created as string;
    const to = all[3000].pulp_created as string;
    const inWindow = (task: Task) => micros(task.pulp_created) >= micros(from) && micros(task.pulp_created) <= micros(to);
    const zoned = await analysis(['--since', from, '--until', to]);
    expect(validResult(zoned.stdout).total).to.equal(all.filter(inWindow).length);
    const naive = await analysis(['--since', from.replace('Z', ''), '--until', to.replace('Z', '').replace('T', ' ')]);
    expect(validResult(naive.stdout).total).to.equal(all.filter(inWindow).length);
    const plusTwo = new Date(Date.parse(from) + 2 * 3600e3).toISOString().slice(0, 19) + from.slice(19, -1) + '+02:00';
    const offset = await analysis(['--since', plusTwo, '--until', to]);
    expect(validResult(offset.stdout).window.since).to.equal(from.length === 27 ? from : from.replace('Z', '.000000Z'));
    const relative = validResult((await analysis(['--since', '1h'])).stdout);
    const hourAgo = Date.now() * 1000 - 3600e6;
    expect(relative.total).to.be.closeTo(all.filter((task) => micros(task.pulp_created) >= hourAgo).length, 3);
    const name = 'pulp_rpm.app.tasks.synchronizing.synchronize';
    const named = validResult((await analysis(['--since', '5h', '--task-name', name])).stdout);
    expect(named.total).to.equal(all.filter((task) => task.name === name).length);
    expect(named.filters.taskName).to.equal(name);
    const states = validResult((await analysis(['--since', '5h', '--state', 'failed', '--state', 'canceled'])).stdout);
    expect(states.states).to.deep.equal({failed: all.filter((task) => task.state === 'failed').length, canceled: all.filter((task) => task.state === 'canceled').length});
    expect(states.analyzed).to.equal(0);
  });

  it('an empty window: a clear message, exit 0, zero counts in JSON', async () => {
    const json = await analysis(['--since', '2001-01-01', '--until', '2001-01-02']);
    expect(json.code, json.stderr).to.equal(0);
    const report = validResult(json.stdout);
    expect(report).to.deep.include({total: 0, analyzed: 0, states: {}});
    expect(report.waitTime.count).to.equal(0);
    expect(report.waitTime.p95).to.equal(null);
    const human = await runCli(['task-analysis', '--api-root', sim.apiRoot, '--password', sim.password, '--since', '2001-01-01', '--until', '2001-01-02'], {env: {HOME: home.dir}});
    expect(human.code).to.equal(0);
    expect(human.stdout).to.include('No tasks were created in this window.');
  });

  it('--csv writes one row per analyzed task with the four durations', async () => {
    const file = `${home.dir}/waits.csv`;
    const result = await analysis(['--since', '5h', '--csv', file]);
    expect(result.code, result.stderr).to.equal(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).to.equal('pulp_created,name,state,waitTime,blockedTime,queueTime,runTime');
    const report = validResult(result.stdout);
    expect(lines.length - 1).to.equal(report.analyzed);
    const row = lines[1].split(',');
    const task = all.find((each) => each.pulp_created === row[0] || micros(each.pulp_created) === micros(row[0]))!;
    expect(Number(row[3])).to.be.closeTo(seconds(task.pulp_created, task.started_at), 1e-6);
    expect(Number(row[6])).to.be.closeTo(seconds(task.started_at, task.finished_at), 1e-6);
  });

  it('--fail-if on analysis keys: verdicts in the JSON result and a ✓/✗ block in the report; mistakes are exit 2 before any request', async () => {
    const crossed = await analysis(['--since', '5h', '--fail-if', 'waitTime.p95>1s', '--fail-if', 'states.failed > 100000', '--fail-if', 'fetch.missing > 0 or fetch.extra > 0']);
    expect(crossed.code).to.equal(6);
    expect(crossed.stderr.trim().split('\n').at(-1)).to.equal('Error: 1 of 3 thresholds crossed: waitTime.p95>1s');
    const report = validResult(crossed.stdout);
    expect(report.thresholds).to.have.length(3);
    expect(report.thresholds[0]).to.deep.equal({expression: 'waitTime.p95>1s', crossed: true, values: {'waitTime.p95': report.waitTime.p95}, units: {'waitTime.p95': 's'}});
    expect(report.thresholds[1]).to.deep.include({crossed: false, values: {'states.failed': report.states.failed ?? 0}});
    expect(report.thresholds[2]).to.deep.include({crossed: false, values: {'fetch.missing': 0, 'fetch.extra': 0}});
    expect(report.fetch).to.deep.include({expected: HISTORY, received: HISTORY, missing: 0, extra: 0});

    const human = await runCli(['task-analysis', '--api-root', sim.apiRoot, '--password', sim.password, '--since', '5h', '--fail-if', 'waitTime.p95 > 1 s', '--fail-if', 'runTime.median < 1 ms'], {env: {HOME: home.dir}});
    expect(human.code).to.equal(6);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines.slice(-3, -2)).to.deep.equal(['Thresholds: 1 of 2 crossed']);
    expect(lines.at(-2)).to.match(/^✗ waitTime\.p95 > 1 s — was [\d.]+ (s|min \d+ s)$/);
    expect(lines.at(-1)).to.match(/^✓ runTime\.median < 1 ms — was [\d.]+ (ms|s)$/);

    for (const [expression, message] of [
      ['wait.p95>1s', "unknown key 'wait.p95'"],
      ['waitTime.p95 > 5', 'a duration is compared or combined with a plain number'],
      ['waitTime.p95 >', 'syntax error'],
      ['import({}, {})', "function 'import' is not allowed"],
    ]) {
      const refused = await runCli(['task-analysis', '--api-root', 'http://127.0.0.1:9/api', '--fail-if', expression], {env: {HOME: home.dir, PULP_PASSWORD: 'x'}});
      expect(refused.code, expression).to.equal(2); // port 9 would fail with 3: nothing was sent
      expect(refused.stderr.trim().split('\n'), expression).to.have.length(1);
      expect(refused.stderr, expression).to.include(message);
    }
  });

  it('bad dates and --since after --until are usage errors; the original alias works', async () => {
    for (const args of [['--since', 'yesterday'], ['--since', '2026-13-01'], ['--since', '1h', '--until', '2h'], ['--until', 'soon']]) {
      const result = await analysis(args);
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).to.have.length(1);
    }
    const alias = await runCli(['task_analysis', '--api-root', sim.apiRoot, '--password', sim.password, '--json', '--since', '5h'], {env: {HOME: home.dir}});
    expect(validResult(alias.stdout).total).to.equal(HISTORY);
  });
});

describe('task-analysis against a server whose workers never record unblocked_at (redis worker type)', function () {
  this.timeout(60_000);
  before(() => nock.enableNetConnect());

  it('reports the total wait, empty blocked/queue figures, and says why', async () => {
    const sim = await startSimulator({port: 0, workers: 0, workerType: 'redis', history: {count: 500, hours: 1, seed: 5}});
    try {
      const json = validResult((await runCli(['task-analysis', '--api-root', sim.apiRoot, '--password', sim.password, '--json', '--since', '2h'])).stdout);
      expect(json.waitTime.count).to.equal(json.analyzed);
      expect(json.analyzed).to.be.greaterThan(300);
      expect(json.blockedTime).to.deep.include({count: 0, median: null});
      expect(json.queueTime).to.deep.include({count: 0, median: null});
      const human = await runCli(['task-analysis', '--api-root', sim.apiRoot, '--password', sim.password, '--since', '2h']);
      // Prose is word-wrapped to the report's width (80 columns in a pipe).
      expect(human.stdout.replaceAll(/\s+/g, ' ')).to.include('unblocked_at is not recorded by this server (the redis worker type never sets it)');
    } finally {
      await sim.stop();
    }
  });
});

describe('task-analysis against failing servers', function () {
  this.timeout(120_000);
  before(() => nock.enableNetConnect());

  it('a task list that keeps failing → exit 5 naming how much was fetched, no statistics', async () => {
    const sim = await startSimulator({port: 0, workers: 0, history: {count: 200, hours: 1, seed: 2}, faults: {failRate: 1, resetRate: 0, latencyMs: 0, routes: ['tasks']}});
    try {
      const result = await runCli(['task-analysis', '--api-root', sim.apiRoot, '--password', sim.password, '--json', '--since', '2h']);
      expect(result.code).to.equal(5);
      const last = result.stderr.trim().split('\n').at(-1)!;
      expect(last).to.match(/^Error: fetching stopped after retries: server error 500 from .*; fetched 0 of at least 0 tasks, so no statistics are shown$/);
      const document = validResult(result.stdout);
      expect(document.error).to.deep.equal({kind: 'incomplete-fetch', message: last.slice('Error: '.length), exitCode: 5});
      expect(document).to.deep.include({schema: 'pulp-bench/result@1', kind: 'analysis'});
      assertValidResult(document);
    } finally {
      await sim.stop();
    }
  });
});
