/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML report in a real browser: headless Debian Chromium through puppeteer-core. Any console error, page
 * error or request other than the file itself fails; every chart must have drawn, with a title; dark mode must
 * change the page; a screenshot of each kind is saved under the test's temporary folder.
 * Without Chromium these tests fail with the way to install it, unless PULP_BENCH_SKIP_BROWSER=1 (then SKIPPED).
 */
import {expect} from 'chai';
import {mkdtempSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {renderHtmlReport, type ReportDocument} from '../../src/lib/report-html/index.js';
import {CHROMIUM_MISSING, chartChecks, findChromium, launchBrowser, openReport, type RunningBrowser} from '../helpers/browser.js';
import {analysisFixture, demoFixture, insertionFixture} from '../helpers/report-fixtures.js';

const skip = process.env.PULP_BENCH_SKIP_BROWSER === '1';
const available = findChromium() !== undefined;
if (skip) {
  console.warn(`\n${'!'.repeat(100)}\n!! SKIPPED: HTML report browser tests (PULP_BENCH_SKIP_BROWSER=1${available ? '' : ', Chromium not installed'})\n${'!'.repeat(100)}\n`);
}

describe('HTML report in headless Chromium', function () {
  this.timeout(60_000);
  const folder = mkdtempSync(path.join(tmpdir(), 'pulp-bench-report-html-'));
  let running: RunningBrowser | undefined;

  before(async function () {
    if (skip) this.skip();
    if (!available) throw new Error(CHROMIUM_MISSING);
    running = await launchBrowser();
  });

  after(async () => {
    await running?.close();
    if (!skip) console.log(`      screenshots in ${folder}`);
  });

  async function write(name: string, document: ReportDocument): Promise<string> {
    const file = path.join(folder, `${name}.html`);
    writeFileSync(file, await renderHtmlReport(document));
    return file;
  }

  const kinds: Array<[string, () => Promise<ReportDocument>, number]> = [
    ['insertion', () => insertionFixture({seconds: 30}), 4],
    ['analysis', () => analysisFixture({tasks: 5000}), 4],
    ['demo', demoFixture, 8],
  ];

  for (const [kind, make, charts] of kinds) {
    it(`${kind}: no error, no request but the file, every chart drawn with a title, dark mode, screenshot`, async () => {
      const file = await write(kind, await make());
      const {page, problems} = await openReport(running!.browser, file, {dark: false});
      const checks = await chartChecks(page);
      expect(checks).to.have.length(charts);
      for (const check of checks) {
        expect(check.title, `${check.id} title`).to.not.equal('');
        expect(check.width, `${check.id} width`).to.be.greaterThan(100);
        expect(check.height, `${check.id} height`).to.be.greaterThan(100);
        expect(check.marks, `${check.id} drawn marks`).to.be.greaterThan(0);
      }
      // Sparklines in the per-name table.
      if (kind !== 'insertion') expect(await page.$$eval('svg.spark path', (paths) => paths.filter((item) => (item as SVGGraphicsElement).getBBox().height > 0).length)).to.be.greaterThan(0);
      const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const screenshot = path.join(folder, `${kind}.png`);
      await page.screenshot({path: screenshot, fullPage: true});
      await page.emulateMediaFeatures([{name: 'prefers-color-scheme', value: 'dark'}]);
      const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const darkLine = await page.$eval('path.line, path.bars', (item) => getComputedStyle(item).stroke + getComputedStyle(item).fill);
      expect(dark).to.not.equal(light);
      await page.screenshot({path: path.join(folder, `${kind}-dark.png`), fullPage: true});
      await page.emulateMediaFeatures([{name: 'prefers-color-scheme', value: 'light'}]);
      expect(await page.$eval('path.line, path.bars', (item) => getComputedStyle(item).stroke + getComputedStyle(item).fill)).to.not.equal(darkLine);
      expect(statSync(screenshot).size).to.be.greaterThan(10_000);
      expect(await page.evaluate(() => (window as unknown as {__pwned?: number}).__pwned)).to.equal(undefined);
      expect(problems).to.deep.equal([]);
      await page.close();
    });
  }

  it('with scripts off the charts are there; printing shows the number tables', async () => {
    const file = await write('print', await analysisFixture({tasks: 2000}));
    const page = await running!.browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.goto(`file://${file}`, {waitUntil: 'load'});
    const checks = await chartChecks(page);
    expect(checks.map((check) => check.marks > 0)).to.deep.equal([true, true, true, true]);
    // On screen the tables are folded away.
    expect(await page.$$eval('details.numbers table', (tables) => tables.map((table) => table.checkVisibility()))).to.deep.equal([false, false, false, false]);
    await page.emulateMediaType('print');
    const printed = await page.$$eval('details.numbers:not(.long) table', (tables) => tables.map((table) => table.checkVisibility() && table.getBoundingClientRect().height > 0));
    expect(printed).to.deep.equal([true, true, true, true]);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).to.equal('rgb(255, 255, 255)');
    await page.close();
  });

  it('a request to anything but the file is caught (the check itself can fail)', async () => {
    const file = path.join(folder, 'leaky.html');
    writeFileSync(file, '<!doctype html><title>x</title><img src="https://example.invalid/x.png"><script>console.error("boom")</script>');
    const {page, problems} = await openReport(running!.browser, file);
    expect(problems.join('\n')).to.include('request refused: https://example.invalid/x.png').and.include('console error: boom');
    await page.close();
  });
});
