import {expect} from 'chai';
import {mkdirSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import nock from 'nock';

import {readHistogram} from '../../src/lib/histogram.js';
import {runCli} from '../helpers/cli.js';
import {call, waitFor} from '../helpers/http.js';
import {validResult} from '../helpers/result-schema.js';
import {simulatorPool} from '../helpers/simulators.js';
import {startCli} from '../helpers/spawn.js';
import {tempDir} from '../helpers/tmp.js';

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

describe('result documents and --output against the simulator', function () {
  this.timeout(120_000);
  const {start, stopAll} = simulatorPool({workers: 8, taskMs: '5'});
  let files: ReturnType<typeof tempDir>;
  before(() => nock.enableNetConnect());
  beforeEach(() => (files = tempDir()));
  afterEach(async () => {
    await stopAll();
    files.cleanup();
  });
  const at = (name: string) => path.join(files.dir, name);

  it('insertion: --output a.json is the --json document, a.csv has one row per request; meta says what ran, without secrets', async () => {
    const sim = await start({faults: {failRate: 0.2, resetRate: 0, latencyMs: 5, routes: ['test-tasks'], spread: true}});
    const args = ['test-task-insertion', '--api-root', sim.apiRoot, '-c', '4', '--timeout', '1', '--duration', '2s', '--header', 'X-Team-Token: hdr-secret-42', '--json', '--output', at('a.json'), '--output', at('a.csv')];
    const result = await runCli(args, {env: {PULP_PASSWORD: 'env-secret-17'}});
    expect(result.code, result.stderr).to.equal(0);
    const document = validResult(result.stdout);
    expect(readFileSync(at('a.json'), 'utf8')).to.equal(result.stdout);
    for (const secret of ['hdr-secret-42', 'env-secret-17']) expect(result.stdout + readFileSync(at('a.csv'), 'utf8')).not.to.include(secret);
    expect(result.stderr).to.include(`wrote ${at('a.json')} (result document)`);

    expect(document).to.deep.include({schema: 'pulp-bench/result@1', kind: 'insertion'});
    const {meta} = document;
    expect(meta.command).to.equal('test-task-insertion');
    expect(meta.argv).to.include('X-Team-Token: <redacted>');
    expect(meta.argv).to.include(at('a.csv'));
    expect(meta.server.apiRoot).to.equal(sim.apiRoot);
    expect(meta.server.status).to.deep.include({coreVersion: '3.116.0', databaseConnected: true});
    expect(meta.tool).to.deep.equal({name: 'pulp-bench', version: '0.1.0', node: process.version});
    for (const when of [meta.startedAt, meta.endedAt, document.startedAt, document.endedAt]) expect(when).to.match(ISO_MICROS);
    expect(meta.startedAt <= document.startedAt && document.startedAt <= document.endedAt && document.endedAt <= meta.endedAt, 'run within the command').to.equal(true);

    const {requests} = document;
    expect(requests.failed, 'the faults made some requests fail').to.be.greaterThan(0);
    const rows = readFileSync(at('a.csv'), 'utf8').trimEnd().split('\n');
    expect(rows[0]).to.equal('start,intendedStart,latencySeconds,ok,cause,tasks');
    expect(rows).to.have.length(requests.total + 1);
    const cells = rows.slice(1).map((row) => row.split(','));
    expect(cells.filter((cell) => cell[3] === 'true')).to.have.length(requests.ok);
    expect(cells.filter((cell) => cell[4] === 'http-500')).to.have.length(requests.failures['http-500']);
    expect(cells.reduce((sum, cell) => sum + Number(cell[5]), 0)).to.equal(document.tasksCreated);
    const okLatencies = cells.filter((cell) => cell[3] === 'true').map((cell) => Number(cell[2]));
    expect(Math.max(...okLatencies)).to.be.closeTo(document.latency.max, 1e-6);

    // The histograms hold the same requests: overall, and per bucket of the timeline.
    expect(document.histograms.latency.count).to.equal(requests.ok);
    const histogram = await readHistogram(document.histograms.latency);
    expect(histogram.max!).to.be.closeTo(document.latency.max, document.latency.max * 1e-3);
    const buckets = document.timeline as Array<{requests: number; failed: number; latency: {count: number} | null; failures: Record<string, number>}>;
    expect(buckets.reduce((sum, bucket) => sum + (bucket.latency?.count ?? 0), 0)).to.equal(requests.ok);
    for (const bucket of buckets) {
      expect(bucket.latency?.count ?? 0).to.equal(bucket.requests - bucket.failed);
      expect(Object.values(bucket.failures).reduce((sum, count) => sum + count, 0)).to.equal(bucket.failed);
    }
  });

  it('analysis: --output - prints the document in place of the report, the same as the file; .csv rows are --csv rows', async () => {
    const sim = await start({workers: 0, history: {count: 2000, hours: 2, seed: 5}});
    const args = ['task-analysis', '--api-root', sim.apiRoot, '--since', '3h', '--output', '-', '--output', at('a.json'), '--output', at('a.csv'), '--csv', at('w.csv')];
    const result = await runCli(args, {env: {PULP_PASSWORD: sim.password}});
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout.trim().split('\n'), 'one document, no report').to.have.length(1);
    const document = validResult(result.stdout);
    expect(readFileSync(at('a.json'), 'utf8')).to.equal(result.stdout);
    expect(document).to.deep.include({schema: 'pulp-bench/result@1', kind: 'analysis', total: 2000});
    expect(document.meta.argv).not.to.include(sim.password);
    const csv = readFileSync(at('a.csv'), 'utf8');
    expect(csv).to.equal(readFileSync(at('w.csv'), 'utf8'));
    expect(csv.trimEnd().split('\n')).to.have.length(document.analyzed + 1);
    expect(document.histograms.waitTime.count).to.equal(document.waitTime.count);
    expect(document.histograms.queueTime.count).to.equal(document.queueTime.count);
    const created = (document.backlog as Array<{created: number}>).reduce((sum, point) => sum + point.created, 0);
    expect(created).to.equal(2000);
    for (const row of document.byName as Array<{count: number; sparkline: number[]}>) expect(row.sparkline.reduce((a, b) => a + b)).to.equal(row.count);
  });

  it('a file that cannot be written at the end: the report and the other files are still there, then exit 2 naming it', async () => {
    const sim = await start();
    mkdirSync(at('vanishing'));
    const cli = startCli(['test-task-insertion', '--api-root', sim.apiRoot, '-c', '2', '--timeout', '1', '--duration', '2s', '--json', '--output', at('vanishing/r.json'), '--output', at('kept.json')]);
    await waitFor(() => cli.stderr().includes('Pulp core'), 20_000);
    rmSync(at('vanishing'), {recursive: true});
    const {code} = await cli.exited;
    expect(code, cli.stderr()).to.equal(2);
    const document = validResult(cli.stdout());
    expect(document.requests.total).to.be.greaterThan(0);
    expect(readFileSync(at('kept.json'), 'utf8')).to.equal(cli.stdout());
    expect(cli.stderr()).to.include(`wrote ${at('kept.json')} (result document)`);
    expect(cli.stderr().trim().split('\n').at(-1)).to.match(new RegExp(`^Error: cannot write (--output )?${at('vanishing/r.json')}: ENOENT`));
  });

  it('every --output is checked before any request: unknown format, same file twice, --csv - with --output - (exit 2, one valid error document)', async () => {
    const sim = await start();
    const tasks = async () => (await call(`${sim.origin}/api/pulp/admin/tasks/?limit=1`)).json().count as number;
    const cases: Array<[string[], RegExp]> = [
      [['test-task-insertion', '--api-root', sim.apiRoot, '--output', at('r.txt')], /^Error: --output .*r\.txt: unknown format '\.txt'; use \.json/],
      [['test-task-insertion', '--api-root', sim.apiRoot, '--output', at('r.json'), '--output', at('r.json')], /is the same file as/],
      [['task-analysis', '--api-root', sim.apiRoot, '--csv', '-', '--output', '-'], /^Error: --csv - and --output - both write to stdout; give --csv a file$/],
      [['demo', '--output', at('d.csv')], /^Error: --output .*d\.csv: use the insertion or analysis command for CSV rows$/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli([...args, '--json'], {env: {PULP_PASSWORD: sim.password}});
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr.trim()).to.match(message);
      const document = validResult(result.stdout);
      expect(document.error.exitCode).to.equal(2);
      expect(document.kind).to.equal(args[0] === 'demo' ? 'demo' : args[0] === 'task-analysis' ? 'analysis' : 'insertion');
    }
    expect(await tasks()).to.equal(0);
  });
});
