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

import {renderCompareHtml, renderHtmlReport, type ReportDocument} from '../../src/lib/report-html/index.js';
import {CHROMIUM_MISSING, chartChecks, findChromium, launchBrowser, openReport, type RunningBrowser} from '../helpers/browser.js';
import {analysisFixture, compareFixture, demoFixture, insertionFixture} from '../helpers/report-fixtures.js';

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
    ['insertion', () => insertionFixture({seconds: 30}), 5],
    ['analysis', () => analysisFixture({tasks: 5000}), 4],
    ['demo', demoFixture, 9],
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

  it('insertion: the server queue chart shows both marks (end of the load, drained) inside the plot', async () => {
    const file = await write('server', await insertionFixture({seconds: 30}));
    const {page, problems} = await openReport(running!.browser, file);
    const marks = await page.$$eval('#insertion-server-queue svg .marker', (paths) => paths.map((item) => (item as SVGGraphicsElement).getBBox().height));
    expect(marks).to.have.length(2);
    for (const height of marks) expect(height).to.be.greaterThan(100);
    const labels = await page.$$eval('#insertion-server-queue svg .marker-label', (texts) => texts.map((item) => item.textContent));
    expect(labels[0]).to.equal('load ended');
    expect(labels[1]).to.match(/^drained \(/);
    expect(await page.$$eval('.cards .card-name', (names) => names.map((item) => item.textContent))).to.include.members(['drain time', 'ingest rate', 'processing rate', 'worker utilisation', 'telemetry requests']);
    expect(problems).to.deep.equal([]);
    await page.close();
  });

  it('compare: no error, every figure a row, worse in red and better in green, delta bars drawn, screenshot', async () => {
    const document = await compareFixture();
    const file = path.join(folder, 'compare.html');
    writeFileSync(file, renderCompareHtml(document));
    const {page, problems} = await openReport(running!.browser, file, {dark: false});
    expect(await page.$$eval('table.compare tbody tr', (rows) => rows.length)).to.equal(document.figures.length);
    const colours = await page.$$eval('table.compare td.bad, table.compare td.good', (cells) => cells.map((cell) => `${cell.className}:${getComputedStyle(cell).color}`));
    const worse = colours.filter((entry) => entry.startsWith('num bad')).map((entry) => entry.split(':')[1]);
    const better = colours.filter((entry) => entry.startsWith('num good')).map((entry) => entry.split(':')[1]);
    expect(worse.length).to.be.greaterThan(0);
    expect(new Set(worse).size).to.equal(1);
    if (better.length > 0) expect(better[0]).to.not.equal(worse[0]);
    const bars = await page.$$eval('svg.delta-bar rect', (rects) => rects.filter((rect) => (rect as SVGGraphicsElement).getBBox().width > 0).length);
    expect(bars).to.be.greaterThan(0);
    expect(await page.$$eval('table.thresholds td.bad, table.thresholds th.bad', (cells) => cells.length)).to.be.greaterThan(0);
    await page.screenshot({path: path.join(folder, 'compare.png'), fullPage: true});
    expect(problems).to.deep.equal([]);
    await page.close();
  });

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
