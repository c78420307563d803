/**
 * The HTML report written by the real CLI (`demo --output x.html`: the simulator, an insertion and an analysis),
 * opened in headless Chromium: no console error or request, every chart drawn.
 */
import {expect} from 'chai';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

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

  after(async () => {
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
});
