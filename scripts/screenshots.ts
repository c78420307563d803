/**
 * Regenerates the README's screenshots of the HTML report: docs/report-insertion.png and docs/report-analysis.png.
 *
 * The documents come from real runs of the built CLI (`npm run build` first) against its simulator: a 15-second
 * test-task-insertion and a task-analysis of the simulator's 2-hour history, both with --json (the same document
 * --output x.json writes). When the built CLI does not print result documents yet (no "schema" in its --json), the
 * synthetic documents of test/helpers/report-fixtures.ts are used instead, and the script says so.
 *
 * Run: npm run screenshots   (PULP_BENCH_FIXTURES=1 forces the synthetic documents; PULP_BENCH_CLI=path/bin/run.js
 *      runs another build of the CLI)
 */
import {execFile, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

import {renderHtmlReport, type ReportDocument} from '../src/lib/report-html/index.js';
import {launchBrowser, openReport} from '../test/helpers/browser.js';
import {analysisFixture, insertionFixture} from '../test/helpers/report-fixtures.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const run = process.env.PULP_BENCH_CLI ?? path.join(repo, 'bin', 'run.js');
const MAX_BYTES = 300 * 1024;
/** The top of the report (headline figures and the first charts), at a width that reads well in a README. */
const VIEW = {width: 1000, height: 1750};

/** Runs the CLI with --json; exit 6 (a --fail-if threshold crossed) still gives a document. */
async function cli(args: string[]): Promise<unknown> {
  try {
    const {stdout} = await promisify(execFile)(process.execPath, [run, ...args, '--json'], {cwd: repo, maxBuffer: 64 * 1024 * 1024, env: {...process.env, PULP_PASSWORD: 'password'}});
    return JSON.parse(stdout);
  } catch (error) {
    const failed = error as {code?: number; stdout?: string};
    if (failed.code === 6 && failed.stdout) return JSON.parse(failed.stdout);
    throw error;
  }
}

/** Real documents from the simulator, or undefined when the built CLI does not produce result documents yet. */
async function realDocuments(): Promise<{insertion: ReportDocument; analysis: ReportDocument} | undefined> {
  // 8 workers, 2 h of history, and a few faults on the test endpoint so the failures chart has something to show.
  const simulator = spawn(
    process.execPath,
    [run, 'simulate', '--port', '0', '--json', '--workers', '8', '--history', '20000', '--history-hours', '2', '--task-ms', 'lognormal:400:1', '--fail-rate', '0.03', '--reset-rate', '0.01', '--latency-ms', '40', '--fault-routes', 'test-random-lock'],
    {stdio: ['ignore', 'pipe', 'ignore']},
  );
  try {
    const {apiRoot} = await new Promise<{apiRoot: string}>((resolve, reject) => {
      simulator.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
      simulator.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk).split('\n')[0]) as {apiRoot: string}));
    });
    console.log(`simulator at ${apiRoot}; 20 s of task insertion, then the analysis of its 2 h history…`);
    const insertion = (await cli(['test-task-insertion', '--api-root', apiRoot, '--target', 'random-lock', '--timeout', '1', '--concurrency', '8', '--duration', '20s', '--fail-if', 'latency.p99 > 2 s', '--fail-if', 'requests.failed / requests.total > 0.05'])) as ReportDocument;
    const analysis = (await cli(['task-analysis', '--api-root', apiRoot, '--since', '2h', '--fail-if', 'waitTime.p95 > 60 s'])) as ReportDocument;
    if (insertion.schema !== 'pulp-bench/result@1' || analysis.schema !== 'pulp-bench/result@1') return undefined;
    return {insertion, analysis};
  } finally {
    simulator.kill('SIGTERM');
  }
}

let documents = process.env.PULP_BENCH_FIXTURES === '1' ? undefined : await realDocuments();
if (documents) console.log('documents: real runs against the simulator');
else {
  console.log('documents: SYNTHETIC (test/helpers/report-fixtures.ts) — the built CLI does not print result documents (pulp-bench/result@1) yet');
  documents = {insertion: await insertionFixture({seconds: 60}), analysis: await analysisFixture({tasks: 20_000, hostileName: false})};
}

const scratch = mkdtempSync(path.join(tmpdir(), 'pulp-bench-screenshots-'));
const browser = await launchBrowser();
let failed = false;
try {
  mkdirSync(path.join(repo, 'docs'), {recursive: true});
  for (const [kind, document] of Object.entries(documents)) {
    const file = path.join(scratch, `${kind}.html`);
    writeFileSync(file, await renderHtmlReport(document));
    const {page, problems} = await openReport(browser.browser, file, {...VIEW, dark: false});
    const target = path.join(repo, 'docs', `report-${kind}.png`);
    await page.screenshot({path: target, clip: {x: 0, y: 0, ...VIEW}});
    const bytes = statSync(target).size;
    console.log(`${path.relative(repo, target)}: ${Math.round(bytes / 1024)} KB`);
    if (problems.length > 0 || bytes > MAX_BYTES) {
      console.error(problems.length > 0 ? `the page reported: ${problems.join('; ')}` : `larger than ${MAX_BYTES / 1024} KB`);
      failed = true;
    }
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(scratch, {recursive: true, force: true});
}
if (failed) process.exitCode = 1;
