/**
 * The HTML report written by the real CLI (`demo --output x.html`: the simulator, an insertion and an analysis;
 * `test-task-insertion --output x.html` with the server's queue telemetry), opened in headless Chromium: no console
 * error or request, every chart drawn.
 */
import {expect} from 'chai';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {assertValidResult} from '../helpers/result-schema.js';
import {simulatorPool} from '../helpers/simulators.js';
import {CHROMIUM_MISSING, chartChecks, findChromium, launchBrowser, openReport, type RunningBrowser} from '../helpers/browser.js';
import {killAll, startCli} from '../helpers/spawn.js';

const skip = process.env.PULP_BENCH_SKIP_BROWSER === '1';

describe('HTML report written by the CLI, in headless Chromium', function () {
  this.timeout(120_000);
  let running: RunningBrowser | undefined;

  before(async function () {
    if (skip) this.skip();
    if (!findChromium()) throw new Error(CHROMIUM_MISSING);
    running = await launchBrowser();
  });

  const simulators = simulatorPool({workers: 4, taskMs: '5'});

  after(async () => {
    await simulators.stopAll();
    killAll();
    await running?.close();
  });

  it('demo --output x.html: every chart drawn, no error, no request but the file', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'pulp-bench-html-cli-'));
    const file = path.join(folder, 'demo.html');
    const cli = startCli(['demo', '--seconds', '2', '--concurrency', '2', '--history', '2000', '--output', file]);
    const {code} = await cli.exited;
    expect(code, cli.stderr()).to.equal(0);
    const {page, problems} = await openReport(running!.browser, file);
    const checks = await chartChecks(page);
    expect(checks).to.have.length(8);
    for (const check of checks) expect(check.marks, `${check.id} drawn`).to.be.greaterThan(0);
    await page.screenshot({path: path.join(folder, 'demo.png'), fullPage: true});
    expect(problems).to.deep.equal([]);
  });

  it('test-task-insertion --output x.html --output x.json: the server queue chart of a real run, its figures the JSON\'s', async () => {
    const sim = await simulators.start();
    const folder = mkdtempSync(path.join(tmpdir(), 'pulp-bench-html-cli-'));
    const [html, json] = [path.join(folder, 'insertion.html'), path.join(folder, 'insertion.json')];
    const cli = startCli(['test-task-insertion', '--api-root', sim.apiRoot, '--target', 'random-lock', '--timeout', '1', '--concurrency', '2', '--duration', '2s', '--server-stats-interval', '500ms', '--drain-timeout', '30s', '--output', html, '--output', json], {env: {PULP_PASSWORD: 'password'}});
    const {code} = await cli.exited;
    expect(code, cli.stderr()).to.equal(0);
    const document = JSON.parse(readFileSync(json, 'utf8')) as {server: {enabled: boolean; drainSeconds: number | null; requests: number; timeline: unknown[]}};
    assertValidResult(document);
    expect(document.server.enabled).to.equal(true);
    const {page, problems} = await openReport(running!.browser, html);
    const checks = await chartChecks(page);
    expect(checks.map((check) => check.id)).to.include('insertion-server-queue');
    for (const check of checks) expect(check.marks, `${check.id} drawn`).to.be.greaterThan(0);
    expect(await page.$$eval('#insertion-server-queue svg .marker', (paths) => paths.length)).to.equal(document.server.drainSeconds === null ? 1 : 2);
    const card = await page.$$eval('.card', (cards) => cards.map((card) => [card.querySelector('.card-name')?.textContent, card.querySelector('.card-value')?.getAttribute('data-value')]));
    expect(card).to.deep.include(['telemetry requests', String(document.server.requests)]);
    expect(card).to.deep.include(['drain time', String(document.server.drainSeconds ?? '')]);
    expect(await page.$$eval('#insertion-server-queue tbody tr', (rows) => rows.length)).to.equal(document.server.timeline.length);
    await page.screenshot({path: path.join(folder, 'insertion.png'), fullPage: true});
    expect(problems).to.deep.equal([]);
  });
});
