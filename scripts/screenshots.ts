/**
 * Regenerates the README's screenshots of the HTML report: docs/report-insertion.png and docs/report-analysis.png,
 * from real runs of this checkout's CLI against its own simulator, each writing its result with --output x.json:
 * - a 20-second test-task-insertion against a simulator whose 4 workers process fewer tasks per second than the load
 *   creates, so the server queue fills during the load and drains after it (the "Server queue" chart and the drain
 *   time), with a few faults on the endpoint so the failures chart has something to show;
 * - a task-analysis of the simulator's 2-hour history (20,000 tasks) plus the tasks the load created.
 * The reports are rendered from those files by the same renderHtmlReport that `--output x.html` uses. ~60 s.
 *
 * Run: npm run screenshots   (builds this checkout first, ~5 s, and runs its bin/run.js;
 *      PULP_BENCH_CLI=path/bin/run.js runs another build of the CLI instead, without building)
 */
import {execFile, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

import {renderHtmlReport, type ReportDocument} from '../src/lib/report-html/index.js';
import {launchBrowser, openReport} from '../test/helpers/browser.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
/** The CLI: another build when PULP_BENCH_CLI says so, else this checkout's, built now (so it is this source's). */
const cliCommand = [process.env.PULP_BENCH_CLI ?? path.join(repo, 'bin', 'run.js')];
if (!process.env.PULP_BENCH_CLI) {
  console.log('npm run build…');
  await promisify(execFile)(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {cwd: repo});
}
const MAX_BYTES = 300 * 1024;
/** Each shot: the top of the report down to the end of this element, at a width that reads well in a README. */
const WIDTH = 1000;
const LAST = {insertion: 'table.server-figures', analysis: '#analysis-backlog'};
const scratch = mkdtempSync(path.join(tmpdir(), 'pulp-bench-screenshots-'));

/** Runs the CLI; exit 6 (a --fail-if threshold crossed) still wrote the document. */
async function cli(args: string[]): Promise<void> {
  const env = {...process.env, PULP_PASSWORD: 'password'};
  try {
    await promisify(execFile)(process.execPath, [...cliCommand, ...args], {cwd: repo, maxBuffer: 64 * 1024 * 1024, env});
  } catch (error) {
    const failed = error as {code?: number; stderr?: string};
    if (failed.code !== 6) throw new Error(`pulp-bench ${args[0]} failed (${failed.code}): ${failed.stderr?.slice(-2000)}`, {cause: error});
  }
}

async function realDocuments(): Promise<Record<'insertion' | 'analysis', ReportDocument>> {
  // 4 workers at ~70 tasks/s against a load of ~120 tasks/s (--dispatch-ceiling): the queue grows during the load
  // and drains after it. 20,000 finished tasks of history over 2 h for the analysis.
  const simulator = spawn(
    process.execPath,
    [...cliCommand, 'simulate', '--port', '0', '--json', '--workers', '4', '--task-ms', 'lognormal:45:0.6', '--dispatch-ceiling', '120', '--history', '20000', '--history-hours', '2', '--test-honor-timeout', '--api-workers', '64', '--page-cost-us', '0', '--worker-type', 'pulpcore', '--fail-rate', '0.03', '--reset-rate', '0.01', '--latency-ms', '40', '--fault-routes', 'test-random-lock'],
    {stdio: ['ignore', 'pipe', 'ignore']},
  );
  try {
    const {apiRoot} = await new Promise<{apiRoot: string}>((resolve, reject) => {
      simulator.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
      let text = '';
      simulator.stdout.on('data', (chunk) => {
        text += String(chunk);
        const line = text.split('\n').find((candidate) => candidate.startsWith('{'));
        if (line && text.includes('\n')) resolve(JSON.parse(line) as {apiRoot: string});
      });
    });
    const started = performance.now();
    console.log(`simulator at ${apiRoot}; 20 s of task insertion (then the queue drains), then the analysis of its 2 h history…`);
    const insertion = path.join(scratch, 'insertion.json');
    const analysis = path.join(scratch, 'analysis.json');
    await cli(['test-task-insertion', '--api-root', apiRoot, '--target', 'random-lock', '--timeout', '1', '--concurrency', '8', '--duration', '20s', '--server-stats-interval', '1s', '--drain-timeout', '60s', '--fail-if', 'latency.p99 > 2 s', '--fail-if', 'server.drainSeconds > 60 s', '--output', insertion]);
    console.log(`insertion: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await cli(['task-analysis', '--api-root', apiRoot, '--since', '2h', '--fail-if', 'waitTime.p95 > 60 s', '--output', analysis]);
    console.log(`insertion and analysis: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return {insertion: JSON.parse(readFileSync(insertion, 'utf8')) as ReportDocument, analysis: JSON.parse(readFileSync(analysis, 'utf8')) as ReportDocument};
  } finally {
    simulator.kill('SIGTERM');
  }
}

const documents = await realDocuments();
const browser = await launchBrowser();
let failed = false;
try {
  mkdirSync(path.join(repo, 'docs'), {recursive: true});
  for (const kind of ['insertion', 'analysis'] as const) {
    const file = path.join(scratch, `${kind}.html`);
    writeFileSync(file, await renderHtmlReport(documents[kind]));
    const {page, problems} = await openReport(browser.browser, file, {width: WIDTH, height: 900, dark: false});
    const bottom = await page.$eval(LAST[kind], (element) => element.getBoundingClientRect().bottom + window.scrollY);
    const target = path.join(repo, 'docs', `report-${kind}.png`);
    await page.screenshot({path: target, clip: {x: 0, y: 0, width: WIDTH, height: Math.ceil(bottom + 16)}, captureBeyondViewport: true});
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
