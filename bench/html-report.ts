/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * HTML report benchmark: the report of a 1,000,000-task analysis (24 h window) and of a 1-hour load test, opened in
 * headless Chromium. The documents are synthetic but carry what such runs produce (test/helpers/report-fixtures.ts:
 * figures, four duration histograms of 1M values, 48 backlog points, per-name sparklines; 3,600 timeline seconds
 * with per-second latency histograms) — the report reads aggregates only, so its cost does not depend on how the
 * values were obtained.
 * Printed, medians of ROUNDS runs: the document's JSON size, the render time in Node, the HTML size, and the time
 * from navigation until every chart has drawn (all SVG data paths laid out with a non-empty box, after a frame).
 * Goal: < 2 s until drawn for the 1M-task analysis.
 *
 * Run: npm run bench:html-report [-- TASKS]
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

import {renderHtmlReport, type ReportDocument} from '../src/lib/report-html/index.js';
import {launchBrowser} from '../test/helpers/browser.js';
import {analysisFixture, insertionFixture} from '../test/helpers/report-fixtures.js';

const tasks = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

const scratch = mkdtempSync(path.join(tmpdir(), 'pulp-bench-html-bench-'));
let began = performance.now();
const cases: Array<[string, ReportDocument]> = [[`analysis of ${tasks.toLocaleString('en')} tasks over 24 h`, await analysisFixture({tasks, hours: 24, hostileName: false})]];
console.log(`built the analysis document in ${((performance.now() - began) / 1000).toFixed(1)} s`);
began = performance.now();
cases.push(['load test of 1 h (3,600 timeline seconds)', await insertionFixture({seconds: 3600, workers: 8})]);
console.log(`built the insertion document in ${((performance.now() - began) / 1000).toFixed(1)} s`);

const browser = await launchBrowser();
let failed = false;
try {
  for (const [name, result] of cases) {
    const renders: number[] = [];
    const opens: number[] = [];
    let html = '';
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      html = await renderHtmlReport(result);
      renders.push(performance.now() - start);
    }
    const file = path.join(scratch, 'report.html');
    writeFileSync(file, html);
    for (let round = 0; round < ROUNDS; round++) {
      const page = await browser.browser.newPage();
      await page.setViewport({width: 1200, height: 900});
      const start = performance.now();
      await page.goto(pathToFileURL(file).href, {waitUntil: 'load'});
      const drawn = await page.evaluate(
        () =>
          new Promise<{charts: number; drawn: number}>((resolve) => {
            requestAnimationFrame(() => {
              const figures = [...document.querySelectorAll('figure.chart')];
              const drawnCount = figures.filter((figure) => [...figure.querySelectorAll('svg.chart-svg path.line, svg.chart-svg path.bars')].some((item) => {
                const box = (item as SVGGraphicsElement).getBBox();
                return box.width > 0 || box.height > 0;
              })).length;
              resolve({charts: figures.length, drawn: drawnCount});
            });
          }),
      );
      opens.push(performance.now() - start);
      if (drawn.drawn !== drawn.charts || drawn.charts === 0) {
        console.error(`${name}: only ${drawn.drawn} of ${drawn.charts} charts drew`);
        failed = true;
      }
      await page.close();
    }
    const open = median(opens);
    console.log('');
    console.log(`${name}, medians of ${ROUNDS} runs:`);
    console.log(`  document JSON   ${kb(Buffer.byteLength(JSON.stringify(result)))}`);
    console.log(`  render (Node)   ${median(renders).toFixed(0)} ms`);
    console.log(`  HTML            ${kb(Buffer.byteLength(html))}`);
    console.log(`  open → drawn    ${open.toFixed(0)} ms in headless Chromium (goal < 2000 ms)`);
    if (open >= 2000) failed = true;
  }
} finally {
  await browser.close();
  rmSync(scratch, {recursive: true, force: true});
}
if (failed) process.exitCode = 1;
