import {expect} from 'chai';
import {mkdirSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import nock from 'nock';

import type {RunningSimulator} from '../../src/lib/simulator/index.js';
import {runCli} from '../helpers/cli.js';
import {waitFor} from '../helpers/http.js';
import {simulatorPool} from '../helpers/simulators.js';
import {startCli} from '../helpers/spawn.js';
import {validResult} from '../helpers/result-schema.js';

/** The last line of stderr, and that no line of it looks like a stack frame. */
function lastLine(stderr: string): string {
  expect(stderr, 'no stack trace').not.to.match(/^\s+at /m);
  return stderr.trim().split('\n').at(-1)!;
}

/** Resolves once the simulator has dispatched tasks for `calls` distinct test calls (they are being served). */
async function callsInFlight(sim: RunningSimulator, calls: number): Promise<void> {
  await waitFor(() => new Set(Array.from({length: sim.model.store.size}, (_, row) => sim.model.store.loggingCid(row))).size >= calls, 20_000);
}

describe('signals: SIGINT, SIGTERM and SIGHUP stop every command the same way', function () {
  this.timeout(120_000);
  const {start, stopAll} = simulatorPool({workers: 4, taskMs: '5'});
  before(() => nock.enableNetConnect());
  afterEach(stopAll);

  it('test-task-insertion: SIGTERM stops new requests, abandons those in flight after --grace, reports them, exits 143', async () => {
    // Test calls that last 20 s: in flight when the signal comes, longer than the grace.
    const sim = await start({honourTimeout: false, fixedSeconds: 20});
    const cli = startCli(['test-task-insertion', '--api-root', sim.apiRoot, '--max-workers', '3', '--duration', '60s', '--grace', '1s', '--json']);
    await callsInFlight(sim, 3);
    cli.signal('SIGTERM');
    const {code, secondsAfterSignal} = await cli.exited;
    expect(code).to.equal(143);
    expect(secondsAfterSignal).to.be.lessThan(10); // the grace (1 s), not the calls' 20 s
    const report = validResult(cli.stdout());
    expect(report).to.deep.include({interrupted: true, signal: 'SIGTERM', stoppedBy: 'interrupted', abandoned: 3});
    expect(report.requests).to.deep.include({total: 3, ok: 0, failed: 3, failures: {aborted: 3}});
    expect(lastLine(cli.stderr())).to.equal('Error: interrupted by SIGTERM: partial report of 3 requests; 3 abandoned in flight');
    expect(cli.stderr()).to.include('SIGTERM: no new requests; waiting up to 1.00 s for the 3 in flight');
  });

  it('test-task-insertion: requests that answer within the grace count in full (SIGHUP → 129)', async () => {
    const sim = await start({honourTimeout: false, fixedSeconds: 2});
    const cli = startCli(['test-task-insertion', '--api-root', sim.apiRoot, '--max-workers', '2', '--duration', '60s', '--json', '--grace', '30s']);
    await callsInFlight(sim, 2); // both calls are being served
    cli.signal('SIGHUP');
    const {code} = await cli.exited;
    expect(code).to.equal(129);
    const report = validResult(cli.stdout());
    expect(report).to.deep.include({interrupted: true, signal: 'SIGHUP', abandoned: 0});
    expect(report.requests).to.deep.include({total: 2, ok: 2, failed: 0});
    expect(report.tasksCreated).to.be.greaterThan(0);
  });

  it('a second signal exits at once, still with exactly one JSON document', async () => {
    const sim = await start({honourTimeout: false, fixedSeconds: 30});
    const cli = startCli(['test-task-insertion', '--api-root', sim.apiRoot, '--max-workers', '2', '--duration', '60s', '--grace', '60s', '--json']);
    await callsInFlight(sim, 2); // held for 30 s: the first signal leaves them in flight
    cli.signal('SIGINT');
    await waitFor(() => cli.stderr().includes('no new requests'), 10_000);
    cli.signal('SIGINT');
    const {code, secondsAfterSignal} = await cli.exited;
    expect(code).to.equal(130);
    expect(secondsAfterSignal).to.be.lessThan(5);
    const documents = cli.stdout().trim().split('\n');
    expect(documents).to.have.length(1);
    expect(validResult(documents[0])).to.deep.include({interrupted: true, signal: 'SIGINT'});
  });

  it('--track: a signal while tracking ends it at once with the insertion report and tracking marked interrupted', async () => {
    // No workers: the purge tasks never finish, so tracking would poll until its 5 min timeout.
    const sim = await start({layout: 'pulpcore', workers: 0});
    const cli = startCli(['test-task-insertion', '--api-root', sim.apiRoot, '--password', sim.password, '--target', 'purge', '--max-workers', '2', '--track', '--json']);
    await waitFor(() => cli.stderr().includes('tracking 2 tasks'), 20_000);
    cli.signal('SIGINT');
    const {code, secondsAfterSignal} = await cli.exited;
    expect(code).to.equal(130);
    expect(secondsAfterSignal).to.be.lessThan(5);
    const report = validResult(cli.stdout());
    expect(report).to.deep.include({interrupted: true, signal: 'SIGINT', stoppedBy: 'completed'});
    expect(report.requests.ok).to.equal(2);
    expect(report.track).to.deep.include({tracked: 2, finished: 0, interrupted: true, timedOut: false});
    expect(lastLine(cli.stderr())).to.equal('Error: interrupted by SIGINT while tracking: 0 of 2 tasks seen finished');
  });

  it('--track: a tracking failure still prints the insertion report, with tracking marked failed (exit 5)', async () => {
    const sim = await start({layout: 'pulpcore', faults: {failRate: 1, resetRate: 0, latencyMs: 0, routes: ['tasks']}});
    const result = await runCli(['test-task-insertion', '--api-root', sim.apiRoot, '--password', sim.password, '--target', 'purge', '--max-workers', '2', '--track', '--json']);
    expect(result.code).to.equal(5);
    const report = validResult(result.stdout);
    expect(report.requests).to.deep.include({total: 2, ok: 2});
    expect(report.tasksCreated).to.equal(2);
    expect(report.track).to.equal(undefined);
    expect(report.trackingError).to.match(/^tracking failed: server error 500 from .*tasks\/: an HTML page/);
    expect(lastLine(result.stderr)).to.match(/^Error: server error 500 from /);
  });

  it('task-analysis: a signal while fetching prints one document saying what was fetched (SIGHUP → 129)', async () => {
    const sim = await start({history: {count: 5000, hours: 2, seed: 1}, faults: {failRate: 0, resetRate: 0, latencyMs: 5000, routes: ['admin']}});
    const cli = startCli(['task-analysis', '--api-root', sim.apiRoot, '--password', sim.password, '--all-domains', '--since', '3h', '--json']);
    await waitFor(() => cli.stderr().includes('Pulp core'), 20_000);
    cli.signal('SIGHUP');
    const {code, secondsAfterSignal} = await cli.exited;
    expect(code).to.equal(129);
    expect(secondsAfterSignal).to.be.lessThan(3);
    const document = validResult(cli.stdout());
    expect(document).to.deep.include({interrupted: true, signal: 'SIGHUP', endpoint: `${sim.apiRoot}/pulp/admin/tasks/`});
    expect(document.fetch).to.deep.equal({pages: 0, received: 0, expected: 0});
    expect(lastLine(cli.stderr())).to.equal('Error: stopped by SIGHUP while fetching: 0 of at least 0 tasks fetched; no statistics shown');
  });

  it('status: a signal while waiting for the server → one JSON error document marked interrupted (SIGTERM → 143)', async () => {
    const sim = await start({faults: {failRate: 0, resetRate: 0, latencyMs: 10_000, routes: ['status']}});
    // --debug-requests traces the request when it starts: by then the signal handlers are in place
    const cli = startCli(['status', '--api-root', sim.apiRoot, '--json', '--debug-requests']);
    await waitFor(() => cli.stderr().includes('→ GET'), 20_000);
    cli.signal('SIGTERM');
    const {code, secondsAfterSignal} = await cli.exited;
    expect(code).to.equal(143);
    expect(secondsAfterSignal).to.be.lessThan(3);
    expect(validResult(cli.stdout())).to.deep.equal({
      error: {kind: 'interrupted', message: 'stopped by SIGTERM before the command finished', exitCode: 143},
      interrupted: true,
      signal: 'SIGTERM',
    });
  });

  for (const [name, exit] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`simulate: ${name} stops it at once, held test calls included (exit ${exit})`, async () => {
      const cli = startCli(['simulate', '--port', '0', '--json', '--test-fixed-25s']);
      await waitFor(() => cli.stdout().includes('\n'), 20_000);
      const {origin} = JSON.parse(cli.stdout().split('\n')[0]) as {origin: string};
      // a test call held for 25 s, as pulp-service holds it
      fetch(`${origin}/api/pulp/test/tasks/`).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      cli.signal(name);
      const {code, secondsAfterSignal} = await cli.exited;
      expect(code).to.equal(exit);
      expect(secondsAfterSignal).to.be.lessThan(3);
      expect(cli.stderr()).to.include(`simulator stopped (${name})`);
      expect(cli.stderr()).not.to.include('Error');
    });
  }

  it('demo: SIGINT during the insertion step stops it at once with a partial document (exit 130)', async () => {
    const cli = startCli(['demo', '--seconds', '30', '--workers', '2', '--history', '100', '--json']);
    await waitFor(() => cli.stderr().includes('Step 1'), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    cli.signal('SIGINT');
    const {code, secondsAfterSignal} = await cli.exited;
    expect(code).to.equal(130);
    expect(secondsAfterSignal).to.be.lessThan(5);
    const document = validResult(cli.stdout());
    expect(document).to.deep.include({interrupted: true, signal: 'SIGINT'});
    expect(document.insertion.interrupted).to.equal(true);
    expect(document.insertion.abandoned).to.be.within(0, 2); // the calls in flight at the signal, abandoned at once
    expect(document.analysis).to.equal(undefined);
  });

  it('demo --keep: the signal that stops the kept simulator is the exit code (SIGTERM → 143)', async () => {
    const cli = startCli(['demo', '--seconds', '1', '-c', '1', '--history', '100', '--keep', '--port', '0']);
    await waitFor(() => cli.stderr().includes('keeps running') || cli.stdout().includes('keeps running'), 60_000);
    cli.signal('SIGTERM');
    const {code, secondsAfterSignal} = await cli.exited;
    expect(code).to.equal(143);
    expect(secondsAfterSignal).to.be.lessThan(3);
  });

  it('task-analysis: a CSV that cannot be written still prints the report, leaves no temporary file, exits 2', async () => {
    // Pages take 1 s, so the target can turn into a folder after the up-front check: the rows then go to a temporary
    // file and the final rename fails.
    const sim = await start({history: {count: 300, hours: 1, seed: 2}, faults: {failRate: 0, resetRate: 0, latencyMs: 1000, routes: ['tasks']}});
    const directory = mkdtempSync(path.join(tmpdir(), 'pulp-bench-csv-'));
    const target = path.join(directory, 'waits.csv');
    const cli = startCli(['task-analysis', '--api-root', sim.apiRoot, '--since', '2h', '--csv', target, '--json'], {env: {PULP_PASSWORD: sim.password}});
    await waitFor(() => cli.stderr().includes('Pulp core'), 20_000);
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep'), 'a folder now');
    const {code} = await cli.exited;
    expect(code).to.equal(2);
    expect(validResult(cli.stdout()).total).to.equal(300);
    expect(lastLine(cli.stderr())).to.match(new RegExp(`^Error: cannot write ${target}: `));
    expect(readdirSync(directory).sort()).to.deep.equal(['waits.csv']); // no temporary file left
  });
});
