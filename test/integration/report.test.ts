/**
 * `report show`, `report merge` and `report compare` on results of real runs against the simulator.
 *
 * Until `--output FILE.json` and the per-request CSV exist (doc helper), documents are built by
 * test/helpers/result-documents.ts: insertion runs are made in-process (the commands' own prepareInsertion /
 * completeInsertion) with every request the recorder saw captured, which gives the exact per-request latencies;
 * analyses come from `task-analysis --json --csv`.
 */
import {expect} from 'chai';
import {readFileSync, writeFileSync} from 'node:fs';
import nock from 'nock';

import {PulpClient} from '../../src/lib/client.js';
import {insertionSubject} from '../../src/lib/insertion/report.js';
import {completeInsertion, type InsertionOptions, prepareInsertion} from '../../src/lib/insertion/run-insertion.js';
import {resolveTarget} from '../../src/lib/insertion/targets.js';
import {renderAnalysis} from '../../src/lib/render/analysis.js';
import {renderInsertion} from '../../src/lib/render/insertion.js';
import {renderThresholds} from '../../src/lib/render/thresholds.js';
import {plainView} from '../../src/lib/render/view.js';
import type {AnalysisDocument, InsertionDocument} from '../../src/lib/report/document-types.js';
import type {RunningSimulator} from '../../src/lib/simulator/index.js';
import {evaluateThresholds, parseThresholds} from '../../src/lib/thresholds.js';
import {isoMicros, nowUs} from '../../src/lib/time.js';
import {runCli} from '../helpers/cli.js';
import {testConnection} from '../helpers/connection.js';
import {analysisDocument, captureRequests, insertionDocument, latencyOf} from '../helpers/report-documents.js';
import {simulatorPool} from '../helpers/simulators.js';
import {tempDir} from '../helpers/tmp.js';

/** Written for the test, independently of src/lib/stats.ts: numpy's default percentile (R type 7). */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
}

/** An insertion run made in-process with the commands' own code, every request captured. */
async function insertion(sim: RunningSimulator, options: {workers: number; durationSeconds?: number; failIf?: string[]; host?: string}) {
  const client = new PulpClient(testConnection(sim.apiRoot, {password: sim.password}), {userAgent: 'report-test'});
  const run: InsertionOptions = {target: resolveTarget(client.urls, {kind: 'test-tasks', timeoutSeconds: 1}), workers: options.workers, timeoutSeconds: 1, durationSeconds: options.durationSeconds};
  const load = prepareInsertion(client, run);
  const records = captureRequests(load.recorder);
  try {
    const {result, failure} = await completeInsertion(client, load, run);
    expect(failure).to.equal(undefined);
    const subject = insertionSubject(false);
    const outcomes = evaluateThresholds(parseThresholds(options.failIf ?? [], subject), result, subject);
    if (outcomes.length > 0) result.thresholds = outcomes;
    // What test-task-insertion prints: its report, then the thresholds (80 columns, no colour: not a terminal).
    const printed = `${[await renderInsertion(result, plainView(80)), renderThresholds(outcomes, plainView(80))].filter(Boolean).join('\n\n')}\n`;
    const document = await insertionDocument(result, load.recorder, records, {host: options.host});
    return {document, records, printed};
  } finally {
    client.close();
  }
}

describe('report commands on runs against the simulator', function () {
  this.timeout(120_000);
  const {start, stopAll} = simulatorPool({workers: 8, taskMs: '5'});
  const tmp = tempDir();
  before(() => nock.enableNetConnect());
  afterEach(stopAll);
  after(tmp.cleanup);

  const save = (name: string, document: unknown) => tmp.file(name, `${JSON.stringify(document)}\n`);

  it('report show prints an insertion run\'s report byte for byte; --json gives the document back', async () => {
    const sim = await start();
    const run = await insertion(sim, {workers: 3, failIf: ['latency.p99 > 30 s', 'requests.failed > 0']});
    const file = save('insertion.json', run.document);
    const shown = await runCli(['report', 'show', file]);
    expect(shown.code, shown.stderr).to.equal(0);
    expect(shown.stdout).to.equal(run.printed);
    expect(shown.stdout).to.include('Thresholds: all passed');
    const json = await runCli(['report', 'show', file, '--json']);
    expect(json.code, json.stderr).to.equal(0);
    expect(JSON.parse(json.stdout)).to.deep.equal(run.document);
  });

  it('report show prints an analysis\'s report byte for byte; report merge of it with itself doubles counts, keeps percentiles', async () => {
    const sim = await start({workers: 0, history: {count: 3000, hours: 1, seed: 5}});
    const csv = `${tmp.dir}/rows.csv`;
    const startedAt = isoMicros(nowUs());
    const analysis = await runCli(['task-analysis', '--api-root', sim.apiRoot, '--since', '2h', '--csv', csv, '--json', '--fail-if', 'waitTime.p95 > 10 h'], {env: {PULP_PASSWORD: sim.password}});
    expect(analysis.code, analysis.stderr).to.equal(0);
    const document = await analysisDocument(analysis.stdout, csv, {startedAt, endedAt: isoMicros(nowUs())});
    const file = save('analysis.json', document);
    // What task-analysis prints, from the figures its --json document holds.
    const result = JSON.parse(analysis.stdout);
    const printed = `${[await renderAnalysis(result, plainView(80)), renderThresholds(result.thresholds, plainView(80))].join('\n\n')}\n`;
    const shown = await runCli(['report', 'show', file]);
    expect(shown.code, shown.stderr).to.equal(0);
    expect(shown.stdout).to.equal(printed);

    const mergedFile = `${tmp.dir}/analysis-twice.json`;
    const merge = await runCli(['report', 'merge', file, file, '--output', mergedFile]);
    expect(merge.code, merge.stderr).to.equal(0);
    expect(merge.stderr).to.include(`wrote ${mergedFile}`);
    const merged = JSON.parse(readFileSync(mergedFile, 'utf8')) as AnalysisDocument;
    expect(merged.total).to.equal(2 * document.total);
    expect(merged.analyzed).to.equal(2 * document.analyzed);
    expect(merged.states).to.deep.equal(Object.fromEntries(Object.entries(document.states).map(([state, count]) => [state, 2 * count])));
    expect(merged.distribution.map((row) => row.count)).to.deep.equal(document.distribution.map((row) => 2 * row.count));
    expect(merged.backlog.map((point) => point.waiting)).to.deep.equal(document.backlog.map((point) => 2 * point.waiting));
    for (const key of ['waitTime', 'blockedTime', 'queueTime', 'runTime'] as const) {
      expect(merged[key].count, key).to.equal(2 * document[key].count);
      expect(merged.histograms[key].count, key).to.equal(2 * document.histograms[key].count);
      for (const statistic of ['mean', 'median', 'min', 'max', 'p90', 'p95', 'p99', 'p999'] as const) expect(merged[key][statistic], `${key}.${statistic}`).to.equal(document[key][statistic]);
    }
    expect(merged.meta.merged?.map((source) => source.file)).to.deep.equal([file, file]);
    // Compared with itself: every figure the same, the CI gate of the README passes.
    const same = await runCli(['report', 'compare', file, file, '--fail-if', 'delta.waitTime.p95 > 20%', '--json']);
    expect(same.code, same.stderr).to.equal(0);
    const comparison = JSON.parse(same.stdout);
    expect(comparison.figures.map((figure: {key: string}) => figure.key)).to.include.members(['waitTime.p95', 'runTime.max', 'throughput.tasksPerSecond', 'states.failed']);
    expect(comparison.figures.every((figure: {verdict: string | null}) => figure.verdict === 'same' || figure.verdict === null)).to.equal(true);
    expect(comparison.thresholds[0]).to.deep.include({crossed: false, values: {'delta.waitTime.p95': 0}});
    // A demo document holds both sections: report show prints both reports.
    const body = (head: object) => Object.fromEntries(Object.entries(head).filter(([key]) => !['schema', 'kind', 'meta'].includes(key)));
    const inserted = (await insertion(await start(), {workers: 1})).document;
    const demo = save('demo.json', {schema: inserted.schema, kind: 'demo', meta: {...inserted.meta, command: 'demo'}, simulator: {apiRoot: sim.apiRoot, username: 'admin'}, insertion: body(inserted), analysis: body(document)});
    const demoShown = await runCli(['report', 'show', demo]);
    expect(demoShown.code, demoShown.stderr).to.equal(0);
    expect(demoShown.stdout).to.match(/^Task insertion\n[^]*\nTask analysis\n/);
    const demoMerge = await runCli(['report', 'merge', demo, demo, '--output', `${tmp.dir}/never.json`]);
    expect(demoMerge.code).to.equal(2);
    expect(demoMerge.stderr).to.include('demo results cannot be merged');
    expect(merge.stdout).to.include('Task analysis');
    // A window that differs cannot be added bucket by bucket.
    const other = save('other-window.json', {...document, window: {...document.window, since: '2026-01-01T00:00:00.000000Z'}});
    const refused = await runCli(['report', 'merge', file, other, '--output', `${tmp.dir}/never.json`]);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(/analyze different windows/);
  });

  it('report merge of analyses of two servers for the same window: counts add, percentiles within 0.1 % + 1 µs of all tasks\'', async () => {
    const sims = await Promise.all([start({workers: 0, history: {count: 2000, hours: 1, seed: 8}}), start({workers: 0, history: {count: 1500, hours: 1, seed: 9}})]);
    const until = isoMicros(nowUs());
    const since = isoMicros(nowUs() - 2 * 3600e6);
    const startedAt = isoMicros(nowUs());
    const runs = await Promise.all(
      sims.map((sim, index) =>
        runCli(['task-analysis', '--api-root', sim.apiRoot, '--since', since, '--until', until, '--csv', `${tmp.dir}/rows-${index}.csv`, '--json'], {env: {PULP_PASSWORD: sim.password}}),
      ),
    );
    const endedAt = isoMicros(nowUs());
    const documents = await Promise.all(runs.map((run, index) => {
      expect(run.code, run.stderr).to.equal(0);
      return analysisDocument(run.stdout, `${tmp.dir}/rows-${index}.csv`, {startedAt, endedAt, host: `host-${index}`});
    }));
    const files = documents.map((document, index) => save(`server-${index}.json`, document));
    const merge = await runCli(['report', 'merge', ...files, '--output', '-']);
    expect(merge.code, merge.stderr).to.equal(0);
    const merged = JSON.parse(merge.stdout) as AnalysisDocument;
    const [a, b] = documents;
    expect(merged.total).to.equal(a.total + b.total);
    expect(merged.analyzed).to.equal(a.analyzed + b.analyzed);
    expect(merged.states.completed).to.equal(a.states.completed + b.states.completed);
    expect(merged.distribution.map((row) => row.count)).to.deep.equal(a.distribution.map((row, index) => row.count + b.distribution[index].count));
    expect(merged.backlog.map((point) => point.running)).to.deep.equal(a.backlog.map((point, index) => point.running + b.backlog[index].running));
    const names = new Set([...a.byName, ...b.byName].map((row) => row.name));
    expect(merged.byName.map((row) => row.name).sort()).to.deep.equal([...names].sort());
    expect(merged.byName.reduce((sum, row) => sum + row.count, 0)).to.equal(a.total + b.total);
    const rows = [0, 1].flatMap((index) => readFileSync(`${tmp.dir}/rows-${index}.csv`, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')));
    for (const [key, column] of [['waitTime', 3], ['runTime', 6]] as const) {
      const values = rows.map((row) => Number(row[column]));
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
    const missing = `${tmp.dir}/missing.json`;
    const shown = await runCli(['report', 'show', missing]);
    expect(shown.code).to.equal(2);
    expect(shown.stderr).to.equal(`Error: cannot read ${missing}: no such file\n`);
    const json = await runCli(['report', 'compare', missing, missing, '--json']);
    expect(json.code).to.equal(2);
    expect(JSON.parse(json.stdout)).to.deep.equal({error: {kind: 'usage', message: `cannot read ${missing}: no such file`, exitCode: 2}});
    const newer = save('newer.json', {schema: 'pulp-bench/result@2', kind: 'insertion'});
    const merge = await runCli(['report', 'merge', newer, newer, '--output', `${tmp.dir}/never.json`]);
    expect(merge.code).to.equal(2);
    expect(merge.stderr).to.include('written by a newer pulp-bench?');
    const help = await runCli(['report', '--help']);
    expect(help.stdout).to.include('Show, compare and merge saved results');
  });

  it('report merge of two concurrent insertion runs: counts are the sums, percentiles within 0.1 % + 1 µs of all requests\'', async () => {
    const sim = await start();
    const [a, b] = await Promise.all([insertion(sim, {workers: 3, durationSeconds: 2, host: 'host-a'}), insertion(sim, {workers: 2, durationSeconds: 2, host: 'host-b'})]);
    const fileA = save('a.json', a.document);
    const fileB = save('b.json', b.document);
    const mergedFile = `${tmp.dir}/ab.json`;
    const merge = await runCli(['report', 'merge', fileA, fileB, '--output', mergedFile, '--json']);
    expect(merge.code, merge.stderr).to.equal(0);
    const merged = JSON.parse(readFileSync(mergedFile, 'utf8')) as InsertionDocument;
    expect(JSON.parse(merge.stdout)).to.deep.equal(merged);
    expect(merged.requests.total).to.equal(a.document.requests.total + b.document.requests.total);
    expect(merged.requests.ok).to.equal(a.document.requests.ok + b.document.requests.ok);
    expect(merged.tasksCreated).to.equal(a.document.tasksCreated + b.document.tasksCreated);
    expect(merged.timeline.reduce((sum, entry) => sum + entry.requests, 0)).to.equal(merged.requests.total);
    expect(merged.meta.host).to.equal('host-a, host-b');
    const latencies = [...a.records, ...b.records].filter((entry) => entry.ok).map(latencyOf);
    for (const [key, q] of [['p50', 0.5], ['p90', 0.9], ['p99', 0.99]] as const) {
      const exact = percentile(latencies, q);
      expect(merged.latency[key], key).to.be.closeTo(exact, exact * 1e-3 + 1e-6);
    }
    expect(merged.latency.max).to.be.closeTo(Math.max(...latencies), 1e-6);

    const twice = await runCli(['report', 'merge', fileA, fileA, '--output', '-']);
    expect(twice.code, twice.stderr).to.equal(0);
    const self = JSON.parse(twice.stdout) as InsertionDocument;
    expect(self.requests.total).to.equal(2 * a.document.requests.total);
    expect(self.tasksCreated).to.equal(2 * a.document.tasksCreated);
    expect(self.latency).to.deep.equal(a.document.latency);
  });

  it('report compare marks a run against a slower simulator (--latency-ms) worse and exits 6 on a delta gate', async () => {
    const fast = await start();
    const slow = await start({faults: {failRate: 0, resetRate: 0, latencyMs: 400, routes: ['test-tasks']}});
    const [base, next] = await Promise.all([insertion(fast, {workers: 2}), insertion(slow, {workers: 2})]);
    const baseFile = save('base.json', base.document);
    const newFile = save('new.json', next.document);
    const compare = await runCli(['report', 'compare', baseFile, newFile, '--fail-if', 'delta.latency.p50 > 20%', '--fail-if', 'change.latency.max > 1 min']);
    expect(compare.code, compare.stderr).to.equal(6);
    expect(compare.stdout).to.match(/latency\.p50 +1\.\d+ s +1\.\d+ s +\+\d{3} ms +\+\d\d\.\d% +worse/);
    expect(compare.stdout).to.match(/✗ delta\.latency\.p50 > 20% — was \+\d\d\.\d%\n/);
    expect(compare.stdout).to.include('✓ change.latency.max > 1 min — was ');
    expect(compare.stderr).to.include('1 of 2 thresholds crossed: delta.latency.p50 > 20%');
    for (const line of compare.stdout.split('\n')) expect(line.length, line).to.be.at.most(80);
    const json = await runCli(['report', 'compare', baseFile, newFile, '--fail-if', 'delta.latency.p50 > 20%', '--json']);
    expect(json.code).to.equal(6);
    const document = JSON.parse(json.stdout);
    expect(document).to.deep.include({schema: 'pulp-bench/compare@1', kind: 'compare'});
    const p50 = document.figures.find((figure: {key: string}) => figure.key === 'latency.p50');
    expect(p50).to.deep.include({direction: 'lower', unit: 's', verdict: 'worse'});
    expect(p50.delta).to.be.greaterThan(0.2);
    expect(document.thresholds).to.have.length(1);
    expect(document.thresholds[0]).to.deep.include({expression: 'delta.latency.p50 > 20%', crossed: true});
    // Results of different kinds are refused.
    writeFileSync(`${tmp.dir}/kind.json`, JSON.stringify({...base.document, kind: 'analysis'}));
    const mixed = await runCli(['report', 'compare', baseFile, `${tmp.dir}/kind.json`]);
    expect(mixed.code).to.equal(2);
  });
});
