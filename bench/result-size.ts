/**
 * Result-document size and the cost of the histograms, on a large analysis. A simulator (separate process) is
 * preloaded with COUNT tasks over 24 h (default 1,000,000); then, alternately for this checkout's CLI and a baseline
 * CLI (BASE_BIN, when given), `task-analysis --all-domains --since 25h --json --output r.json
 * --output r.html`, ROUNDS times each. Prints the document's size (goal < 5 MB), what makes it up, and the medians of
 * the statistics phase (the result's statisticsSeconds) for both, i.e. what the histograms, backlog events and
 * sparklines added (goal ≤ ~50 ms per million tasks).
 *
 * Run: npx tsx bench/result-size.ts [COUNT] [ROUNDS]      (BASE_BIN=path/to/bin/run.js to compare with another build)
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const count = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 3);
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const baseBin = process.env.BASE_BIN;
const scratch = mkdtempSync(path.join(tmpdir(), 'pulp-bench-result-size-'));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function run(command: string, args: string[]): Promise<{stdout: string; seconds: number}> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(process.execPath, [command, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, PULP_PASSWORD: 'password'}});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => (code === 0 ? resolve({stdout, seconds: (performance.now() - began) / 1000}) : reject(new Error(`${command} exited ${code}: ${stderr}`))));
  });
}

const simulator = spawn(process.execPath, [bin, 'simulate', '--port', '0', '--json', '--workers', '0', '--history', String(count), '--history-hours', '24', '--page-cost-us', '0', '--api-workers', '64', '--worker-type', 'pulpcore'], {stdio: ['ignore', 'pipe', 'inherit']});
const {apiRoot} = await new Promise<{apiRoot: string}>((resolve) => simulator.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk).split('\n')[0]))));
const analysisArgs = ['task-analysis', '--api-root', apiRoot, '--all-domains', '--since', '25h', '--json'];

const ours: number[] = [];
const base: number[] = [];
let document: Record<string, unknown> = {};
let fileBytes = 0;
let htmlBytes = 0;
try {
  for (let round = 1; round <= rounds; round++) {
    const json = path.join(scratch, 'r.json');
    const html = path.join(scratch, 'r.html');
    const mine = await run(bin, [...analysisArgs, '--output', json, '--output', html]);
    document = JSON.parse(mine.stdout) as Record<string, unknown>;
    if (document.total !== count) throw new Error(`analyzed ${String(document.total)} tasks, not ${count}`);
    fileBytes = statSync(json).size;
    htmlBytes = statSync(html).size;
    if (readFileSync(json, 'utf8') !== mine.stdout) throw new Error('--output r.json differs from the --json document');
    ours.push(document.statisticsSeconds as number);
    let line = `round ${round}: this checkout ${mine.seconds.toFixed(2)} s, statistics ${(document.statisticsSeconds as number).toFixed(3)} s`;
    if (baseBin) {
      const theirs = JSON.parse((await run(baseBin, analysisArgs)).stdout) as {statisticsSeconds: number};
      base.push(theirs.statisticsSeconds);
      line += `; baseline statistics ${theirs.statisticsSeconds.toFixed(3)} s`;
    }
    console.log(line);
  }
} finally {
  simulator.kill('SIGTERM');
  rmSync(scratch, {recursive: true, force: true});
}

const part = (key: string) => Buffer.byteLength(JSON.stringify(document[key] ?? null));
console.log('');
console.log(`analysis of ${count.toLocaleString('en')} tasks over 24 h:`);
console.log(`  result document  ${kb(fileBytes)} (goal < 5 MB); --output r.html ${kb(htmlBytes)}`);
console.log(`    histograms ${kb(part('histograms'))}, backlog ${kb(part('backlog'))} (${(document.backlog as unknown[]).length} points), byName ${kb(part('byName'))}, meta ${kb(part('meta'))}`);
console.log(`  statistics phase  ${median(ours).toFixed(3)} s (median of ${ours.length})`);
if (base.length > 0) {
  const added = median(ours) - median(base);
  console.log(`  baseline          ${median(base).toFixed(3)} s → ${added >= 0 ? '+' : ''}${(added * 1000).toFixed(0)} ms, ${((added * 1000 * 1e6) / count).toFixed(0)} ms per million (goal ≤ ~50)`);
}
if (fileBytes >= 5 * 1024 * 1024) process.exitCode = 1;
