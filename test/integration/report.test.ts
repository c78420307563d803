/**
 * `report show`, `report merge` and `report compare` on the files real runs against the simulator wrote with
 * `--output`: the result document (.json) and the per-request or per-task rows (.csv) the exact figures are checked
 * against. Every document a merge produces is checked against the published schema.
 */
import {expect} from 'chai';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import nock from 'nock';

import type {AnalysisDocument, DemoDocument, InsertionDocument} from '../../src/lib/result/document.js';
import type {RunningSimulator} from '../../src/lib/simulator/index.js';
import type {ServerStats} from '../../src/lib/telemetry/insertion-telemetry.js';
import {isoMicros, nowUs, timestampMicros} from '../../src/lib/time.js';
import {type CliResult, runCli} from '../helpers/cli.js';
import {assertValidResult} from '../helpers/result-schema.js';
import {simulatorPool} from '../helpers/simulators.js';
import {tempDir} from '../helpers/tmp.js';

/** Written for the test, independently of src/lib/stats.ts: numpy's default percentile (R type 7). */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
}

/** The rows of a CSV file the commands wrote (no quoted commas in these columns), without the header. */
const csvRows = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(','));

/** A saved document, checked against the schema. */
function readDocument<T>(file: string): T {
  const document = JSON.parse(readFileSync(file, 'utf8')) as T;
  assertValidResult(document);
  return document;
}

const SERVER_STATS = ['--server-stats-interval', '300ms'];

describe('report commands on runs against the simulator', function () {
  this.timeout(120_000);
  const {start, stopAll} = simulatorPool({workers: 8, taskMs: '5'});
  const tmp = tempDir();
  before(() => nock.enableNetConnect());
  afterEach(stopAll);
  after(tmp.cleanup);

  const at = (name: string) => path.join(tmp.dir, name);
  const cli = (sim: RunningSimulator, args: string[]): Promise<CliResult> => runCli([...args, '--api-root', sim.apiRoot], {env: {PULP_PASSWORD: sim.password}, timeoutMs: 60_000});
  const ok = (result: CliResult) => expect(result.code, result.stderr).to.equal(0);
  /** test-task-insertion with its result saved as `name`.json and its rows as `name`.csv. */
  const insertion = (sim: RunningSimulator, name: string, args: string[]) => cli(sim, ['test-task-insertion', ...SERVER_STATS, ...args, '--output', at(`${name}.json`), '--output', at(`${name}.csv`)]);

  it('insertion: report show of --output r.json prints the run\'s report byte for byte; .html from the saved result; .csv refused', async () => {
    const sim = await start();
    const run = await insertion(sim, 'r', ['-c', '3', '--timeout', '1', '--duration', '2s', '--fail-if', 'latency.p99 > 30 s', '--fail-if', 'requests.failed > 0']);
    ok(run);
    const document = readDocument<InsertionDocument>(at('r.json'));
    expect((document.server as ServerStats).enabled, 'the Server section is part of the report').to.equal(true);
    expect(run.stdout).to.include('Server (its own task counts)');
    expect(run.stdout).to.include('Thresholds: all passed');
    for (let time = 0; time < 2; time++) {
      const shown = await runCli(['report', 'show', at('r.json')]);
      ok(shown);
      expect(shown.stdout).to.equal(run.stdout);
    }
    const json = await runCli(['report', 'show', at('r.json'), '--json']);
    ok(json);
    expect(json.stdout).to.equal(readFileSync(at('r.json'), 'utf8'));

    const html = await runCli(['report', 'show', at('r.json'), '--output', at('shown.html')]);
    ok(html);
    expect(html.stdout).to.equal(run.stdout);
    expect(html.stderr).to.include(`wrote ${at('shown.html')} (HTML report)`);
    const page = readFileSync(at('shown.html'), 'utf8');
    expect(page).to.match(/^<!DOCTYPE html>/i);
    expect(page).to.include('<svg');
    const csv = await runCli(['report', 'show', at('r.json'), '--output', at('rows.csv')]);
    expect(csv.code).to.equal(2);
    expect(csv.stderr).to.match(/--output .*rows\.csv: a saved result holds figures and histograms, not the per-request or per-task rows/);
    expect(csv.stdout).to.equal('');
  });

  it('analysis: round trip byte for byte; merge with itself doubles counts, keeps percentiles; compare with itself: all the same', async () => {
    const sim = await start({workers: 0, history: {count: 3000, hours: 1, seed: 5}});
    const run = await cli(sim, ['task-analysis', '--since', '2h', '--fail-if', 'waitTime.p95 > 10 h', '--output', at('analysis.json')]);
    ok(run);
    const file = at('analysis.json');
    const document = readDocument<AnalysisDocument>(file);
    const shown = await runCli(['report', 'show', file]);
    ok(shown);
    expect(shown.stdout).to.equal(run.stdout);
    expect(shown.stdout).to.include('✓ waitTime.p95 > 10 h');

    const mergedFile = at('analysis-twice.json');
    const merge = await runCli(['report', 'merge', file, file, '--output', mergedFile, '--output', at('analysis-twice.html')]);
    ok(merge);
    expect(merge.stderr).to.include(`wrote ${mergedFile} (result document)`);
    expect(merge.stderr).to.include(`wrote ${at('analysis-twice.html')} (HTML report)`);
    const merged = readDocument<AnalysisDocument>(mergedFile);
    // What merge printed is what report show prints of the file it wrote.
    expect((await runCli(['report', 'show', mergedFile])).stdout).to.equal(merge.stdout);
    expect(merged.total).to.equal(2 * document.total);
    expect(merged.analyzed).to.equal(2 * document.analyzed);
    expect(merged.states).to.deep.equal(Object.fromEntries(Object.entries(document.states).map(([state, count]) => [state, 2 * count])));
    expect(merged.distribution.map((row) => row.count)).to.deep.equal(document.distribution.map((row) => 2 * row.count));
    expect(merged.backlog.map((point) => point.waiting)).to.deep.equal(document.backlog.map((point) => 2 * point.waiting));
    expect(merged.backlog.map((point) => point.created)).to.deep.equal(document.backlog.map((point) => 2 * point.created));
    expect(merged.byName.map((row) => row.sparkline)).to.deep.equal(document.byName.map((row) => row.sparkline.map((count) => 2 * count)));
    for (const key of ['waitTime', 'blockedTime', 'queueTime', 'runTime'] as const) {
      expect(merged[key].count, key).to.equal(2 * document[key].count);
      expect(merged.histograms[key].count, key).to.equal(2 * document.histograms[key].count);
      for (const statistic of ['mean', 'median', 'min', 'max', 'p90', 'p95', 'p99', 'p999'] as const) expect(merged[key][statistic], `${key}.${statistic}`).to.equal(document[key][statistic]);
    }
    expect(merged.meta.merged?.map((source) => source.file)).to.deep.equal([file, file]);
    // Compared with itself: every figure the same, the CI gate of the README passes.
    const same = await runCli(['report', 'compare', file, file, '--fail-if', 'delta.waitTime.p95 > 20%', '--json']);
    ok(same);
    const comparison = JSON.parse(same.stdout);
    expect(comparison.figures.map((figure: {key: string}) => figure.key)).to.include.members(['waitTime.p95', 'runTime.max', 'throughput.tasksPerSecond', 'states.failed']);
    expect(comparison.figures.every((figure: {verdict: string | null}) => figure.verdict === 'same' || figure.verdict === null)).to.equal(true);
    expect(comparison.thresholds[0]).to.deep.include({crossed: false, values: {'delta.waitTime.p95': 0}});
    // A window that differs cannot be added bucket by bucket.
    const other = at('other-window.json');
    writeFileSync(other, JSON.stringify({...document, window: {...document.window, since: '2026-01-01T00:00:00.000000Z'}}));
    const refused = await runCli(['report', 'merge', file, other, '--output', at('never.json')]);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(/analyze different windows/);
  });

  it('demo: report show of --output d.json prints the demo\'s two reports; demo results are not merged', async () => {
    const run = await runCli(['demo', '--seconds', '1', '--concurrency', '2', '--history', '500', '--output', at('demo.json')], {timeoutMs: 60_000});
    ok(run);
    const document = readDocument<DemoDocument>(at('demo.json'));
    expect(document.kind).to.equal('demo');
    const shown = await runCli(['report', 'show', at('demo.json')]);
    ok(shown);
    const split = shown.stdout.indexOf('\nTask analysis\n');
    expect(split, shown.stdout).to.be.greaterThan(0);
    const [insertionPart, analysisPart] = [shown.stdout.slice(0, split), shown.stdout.slice(split + 1)];
    expect(insertionPart).to.match(/^Task insertion\n/);
    // The demo prints its steps between the two reports: each report is in its output as report show prints it.
    expect(run.stdout).to.include(`${insertionPart}\n`);
    expect(run.stdout).to.include(analysisPart);
    const merge = await runCli(['report', 'merge', at('demo.json'), at('demo.json'), '--output', at('never.json')]);
    expect(merge.code).to.equal(2);
    expect(merge.stderr).to.include('demo results cannot be merged');
  });

  it('report merge of analyses of two servers for the same window: counts add, percentiles within 0.1 % + 1 µs of all tasks\'', async () => {
    const sims = await Promise.all([start({workers: 0, history: {count: 2000, hours: 1, seed: 8}}), start({workers: 0, history: {count: 1500, hours: 1, seed: 9}})]);
    const until = isoMicros(nowUs());
    const since = isoMicros(nowUs() - 2 * 3600e6);
    const runs = await Promise.all(sims.map((sim, index) => cli(sim, ['task-analysis', '--since', since, '--until', until, '--output', at(`server-${index}.json`), '--output', at(`rows-${index}.csv`)])));
    runs.forEach(ok);
    const files = [0, 1].map((index) => at(`server-${index}.json`));
    const [a, b] = files.map((file) => readDocument<AnalysisDocument>(file));
    const merge = await runCli(['report', 'merge', ...files, '--output', '-']);
    ok(merge);
    const merged = JSON.parse(merge.stdout) as AnalysisDocument;
    assertValidResult(merged);
    expect(merged.total).to.equal(a.total + b.total);
    expect(merged.analyzed).to.equal(a.analyzed + b.analyzed);
    expect(merged.states.completed).to.equal(a.states.completed + b.states.completed);
    expect(merged.distribution.map((row) => row.count)).to.deep.equal(a.distribution.map((row, index) => row.count + b.distribution[index].count));
    expect(merged.backlog.map((point) => point.running)).to.deep.equal(a.backlog.map((point, index) => point.running + b.backlog[index].running));
    const names = new Set([...a.byName, ...b.byName].map((row) => row.name));
    expect(merged.byName.map((row) => row.name).sort()).to.deep.equal([...names].sort());
    expect(merged.byName.reduce((sum, row) => sum + row.count, 0)).to.equal(a.total + b.total);
    const rows = [0, 1].flatMap((index) => csvRows(at(`rows-${index}.csv`)));
    for (const [key, column] of [['waitTime', 3], ['runTime', 6]] as const) {
      const values = rows.map((row) => row[column]).filter((cell) => cell !== '').map(Number);
      expect(merged[key].count, key).to.equal(values.length);
      for (const [statistic, q] of [['median', 0.5], ['p90', 0.9], ['p95', 0.95], ['p99', 0.99], ['p999', 0.999]] as const) {
        const exact = percentile(values, q);
        expect(merged[key][statistic], `${key}.${statistic}`).to.be.closeTo(exact, Math.abs(exact) * 1e-3 + 1e-6);
      }
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const std = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
      expect(merged[key].mean, `${key}.mean`).to.be.closeTo(mean, 1e-5);
      expect(merged[key].std, `${key}.std`).to.be.closeTo(std, 1e-5);
      expect(merged[key].max, `${key}.max`).to.be.closeTo(Math.max(...values), 1e-6);
    }
  });

  it('a file that is not a result: one line on stderr, an error document with --json, exit 2', async () => {
    const missing = at('missing.json');
    const shown = await runCli(['report', 'show', missing]);
    expect(shown.code).to.equal(2);
    expect(shown.stderr).to.equal(`Error: cannot read ${missing}: no such file\n`);
    const json = await runCli(['report', 'compare', missing, missing, '--json']);
    expect(json.code).to.equal(2);
    expect(JSON.parse(json.stdout)).to.deep.equal({error: {kind: 'usage', message: `cannot read ${missing}: no such file`, exitCode: 2}});
    const newer = at('newer.json');
    writeFileSync(newer, JSON.stringify({schema: 'pulp-bench/result@2', kind: 'insertion'}));
    const merge = await runCli(['report', 'merge', newer, newer, '--output', at('never.json')]);
    expect(merge.code).to.equal(2);
    expect(merge.stderr).to.include('written by a newer pulp-bench?');
    const help = await runCli(['report', '--help']);
    expect(help.stdout).to.include('Show, compare and merge saved results');
  });

  it('report merge of two concurrent insertion runs: counts are the sums, percentiles within 0.1 % + 1 µs of the CSV rows\'; one server view', async () => {
    const sim = await start();
    const runs = await Promise.all([
      insertion(sim, 'a', ['--target', 'purge', '-c', '3', '--rate', '150', '--duration', '3s']),
      insertion(sim, 'b', ['--target', 'purge', '-c', '2', '--rate', '100', '--duration', '3s']),
    ]);
    runs.forEach(ok);
    const [fileA, fileB] = [at('a.json'), at('b.json')];
    const [a, b] = [readDocument<InsertionDocument>(fileA), readDocument<InsertionDocument>(fileB)];
    const merge = await runCli(['report', 'merge', fileA, fileB, '--output', at('ab.json'), '--output', at('ab.html'), '--json']);
    ok(merge);
    const merged = readDocument<InsertionDocument>(at('ab.json'));
    expect(JSON.parse(merge.stdout)).to.deep.equal(merged);
    expect(readFileSync(at('ab.html'), 'utf8')).to.match(/^<!DOCTYPE html>/i);
    expect(merged.requests.total).to.equal(a.requests.total + b.requests.total);
    expect(merged.requests.ok).to.equal(a.requests.ok + b.requests.ok);
    expect(merged.requests.failed).to.equal(a.requests.failed + b.requests.failed);
    expect(merged.tasksCreated).to.equal(a.tasksCreated + b.tasksCreated);
    expect(merged.histograms.latency.count).to.equal(a.requests.ok + b.requests.ok);
    expect(merged.timeline.reduce((sum, entry) => sum + entry.requests, 0)).to.equal(merged.requests.total);
    expect(merged.startedAt).to.equal([a.startedAt, b.startedAt].sort()[0]);
    expect(merged.meta.host).to.equal(a.meta.host);
    expect(merged.meta.merged?.map((source) => source.file)).to.deep.equal([fileA, fileB]);
    const rows = [...csvRows(at('a.csv')), ...csvRows(at('b.csv'))];
    expect(rows).to.have.length(merged.requests.total);
    const latencies = rows.filter((row) => row[3] === 'true').map((row) => Number(row[2]));
    expect(latencies.length).to.be.greaterThan(300);
    for (const [key, q] of [['p50', 0.5], ['p90', 0.9], ['p99', 0.99]] as const) {
      const exact = percentile(latencies, q);
      expect(merged.latency[key], key).to.be.closeTo(exact, exact * 1e-3 + 1e-6);
    }
    expect(merged.latency.max).to.be.closeTo(Math.max(...latencies), 1e-6);
    expect(merged.latency.min).to.be.closeTo(Math.min(...latencies), 1e-6);
    // Both runs polled the same server: one view is kept, the widest, and the merge says so.
    const views = [a.server, b.server] as ServerStats[];
    const width = (view: ServerStats) => view.timeline.at(-1)!.t - view.timeline[0].t;
    const widest = width(views[0]) >= width(views[1]) ? 0 : 1;
    const server = merged.server as ServerStats;
    expect(server.drainSeconds).to.equal(views[widest].drainSeconds);
    expect(server.timeline).to.have.length(views[widest].timeline.length);
    const shift = (timestampMicros([a, b][widest].startedAt) - timestampMicros(merged.startedAt)) / 1e6;
    expect(server.timeline[0].t).to.be.closeTo(views[widest].timeline[0].t + shift, 1e-6);
    expect(server.notes.at(-1)).to.include(`report merge: the server view of ${[fileA, fileB][widest]}`);
    expect(merge.stderr).to.include(`report merge: the server view of ${[fileA, fileB][widest]}`);

    // A run merged with itself: every count doubles, every percentile stays.
    const twice = await runCli(['report', 'merge', fileA, fileA, '--output', '-']);
    ok(twice);
    const self = JSON.parse(twice.stdout) as InsertionDocument;
    assertValidResult(self);
    expect(self.requests.total).to.equal(2 * a.requests.total);
    expect(self.requests.ok).to.equal(2 * a.requests.ok);
    expect(self.tasksCreated).to.equal(2 * a.tasksCreated);
    expect(self.histograms.latency.count).to.equal(2 * a.histograms.latency.count);
    expect(self.latency).to.deep.equal(a.latency);
    expect(self.timeline.map((entry) => entry.requests)).to.deep.equal(a.timeline.map((entry) => 2 * entry.requests));
    expect(self.timeline.map((entry) => entry.latency?.p90)).to.deep.equal(a.timeline.map((entry) => entry.latency?.p90));
    expect((self.server as ServerStats).timeline).to.deep.equal((a.server as ServerStats).timeline);

    // Runs that were not under way at the same time are refused: b moved an hour later.
    const later = (iso: string) => isoMicros(timestampMicros(iso) + 3600e6);
    writeFileSync(at('later.json'), JSON.stringify({...b, startedAt: later(b.startedAt), endedAt: later(b.endedAt), meta: {...b.meta, startedAt: later(b.meta.startedAt), endedAt: later(b.meta.endedAt)}}));
    const apart = await runCli(['report', 'merge', fileA, at('later.json'), '--output', at('never.json')]);
    expect(apart.code).to.equal(2);
    expect(apart.stderr).to.match(/do not overlap in time: report merge combines runs made at the same time\n$/);
    // Results of different kinds are refused (an analysis of the tasks these runs created).
    ok(await cli(sim, ['task-analysis', '--since', '10m', '--output', at('purges.json')]));
    const mixed = await runCli(['report', 'merge', fileA, at('purges.json'), '--output', at('never.json')]);
    expect(mixed.code).to.equal(2);
    expect(mixed.stderr).to.include('is an insertion result and');
  });

  it('report compare marks a run against a slower simulator (--latency-ms) worse and exits 6 on a delta gate', async () => {
    const fast = await start();
    const slow = await start({faults: {failRate: 0, resetRate: 0, latencyMs: 400, routes: ['test-tasks']}});
    const runs = await Promise.all([insertion(fast, 'base', ['-c', '2', '--timeout', '1', '--duration', '2s']), insertion(slow, 'new', ['-c', '2', '--timeout', '1', '--duration', '2s'])]);
    runs.forEach(ok);
    const [baseFile, newFile] = [at('base.json'), at('new.json')];
    const compare = await runCli(['report', 'compare', baseFile, newFile, '--fail-if', 'delta.latency.p50 > 20%', '--fail-if', 'change.latency.max > 1 min']);
    expect(compare.code, compare.stderr).to.equal(6);
    expect(compare.stdout).to.match(/latency\.p50 +1\.\d+ s +1\.\d+ s +\+\d{3} ms +\+\d\d\.\d% +worse/);
    expect(compare.stdout).to.match(/✗ delta\.latency\.p50 > 20% — was \+\d\d\.\d%\n/);
    expect(compare.stdout).to.include('✓ change.latency.max > 1 min — was ');
    expect(compare.stderr).to.include('1 of 2 thresholds crossed: delta.latency.p50 > 20%');
    for (const line of compare.stdout.split('\n')) expect(line.length, line).to.be.at.most(80);
    const json = await runCli(['report', 'compare', baseFile, newFile, '--fail-if', 'delta.latency.p50 > 20%', '--json', '--output', at('compare.json'), '--output', at('compare.html')]);
    expect(json.code).to.equal(6);
    const document = JSON.parse(json.stdout);
    // The files are written before the gate's exit: the compare document as --json prints it, and its HTML report.
    expect(readFileSync(at('compare.json'), 'utf8')).to.equal(json.stdout);
    expect(json.stderr).to.include(`wrote ${at('compare.html')} (HTML report)`);
    expect(readFileSync(at('compare.html'), 'utf8')).to.match(/^<!DOCTYPE html>[^]*latency\.p50/i);
    expect(document).to.deep.include({schema: 'pulp-bench/compare@1', kind: 'compare'});
    const p50 = document.figures.find((figure: {key: string}) => figure.key === 'latency.p50');
    expect(p50).to.deep.include({direction: 'lower', unit: 's', verdict: 'worse'});
    expect(p50.delta).to.be.greaterThan(0.2);
    // Both runs polled their server: its figures are compared too.
    const keys = document.figures.map((figure: {key: string}) => figure.key);
    expect(keys).to.include.members(['server.drainSeconds', 'server.maxWaiting', 'server.processingRate', 'server.ingestRate']);
    expect(document.figures.find((figure: {key: string}) => figure.key === 'server.processingRate')).to.deep.include({direction: 'higher'});
    expect(document.thresholds).to.have.length(1);
    expect(document.thresholds[0]).to.deep.include({expression: 'delta.latency.p50 > 20%', crossed: true});
    // Results of different kinds are refused.
    writeFileSync(at('kind.json'), JSON.stringify({...JSON.parse(readFileSync(baseFile, 'utf8')), kind: 'analysis'}));
    const mixed = await runCli(['report', 'compare', baseFile, at('kind.json')]);
    expect(mixed.code).to.equal(2);
  });
});
