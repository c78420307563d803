/**
 * Analysis benchmark, measured the way users run the tool: `npm pack` → `npm install -g` into a temporary prefix →
 * the installed `pulp-bench` binary. A simulator (separate process) is preloaded with 1,000,000 tasks over 24 h;
 * then, three rounds of:
 *   - `pulp-bench task-analysis --json` over all of them: wall time, peak RSS (VmHWM), the statistics phase on its
 *     own (the result's statisticsSeconds), and the rows the server served per task (its counters);
 *   - a minimal serial client on the same server: one request at a time, the same fields, limit=1000, following
 *     `next`, JSON.parse and nothing else — the floor of what fetching the window costs.
 * Goals on this machine: ≤ 6 s and ≤ 250 MB median, statistics ≤ 1 s, ≤ 1.01 rows served per task, and the tool's
 * wall time ≤ 1.3 × the minimal client's.
 *
 * Run: npm run bench:analysis [-- COUNT]   (PULP_BENCH_BIN=path uses that binary instead of installing one;
 *      PULP_BENCH_SIMULATOR_BIN=path runs the simulator from another build, e.g. to measure an older analysis)
 */
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const count = Number(process.argv[2] ?? 1_000_000);
const repo = fileURLToPath(new URL('..', import.meta.url));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const FIELDS = 'pulp_created,unblocked_at,started_at,finished_at,state,name';

/** The installed binary: pack this checkout and install the tarball globally into a temporary prefix. */
function installedBinary(): {bin: string; cleanup: () => void} {
  if (process.env.PULP_BENCH_BIN) return {bin: process.env.PULP_BENCH_BIN, cleanup: () => {}};
  const scratch = mkdtempSync(path.join(tmpdir(), 'pulp-bench-bench-'));
  const npm = (args: string[]) => execFileSync('npm', args, {cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});
  const tarball = npm(['pack', '--silent', '--pack-destination', scratch]).trim().split('\n').at(-1)!;
  npm(['install', '-g', '--prefix', path.join(scratch, 'prefix'), '--no-audit', '--no-fund', '--prefer-offline', path.join(scratch, tarball)]);
  console.log(`installed ${tarball} into ${scratch}/prefix`);
  return {bin: path.join(scratch, 'prefix', 'bin', 'pulp-bench'), cleanup: () => rmSync(scratch, {recursive: true, force: true})};
}

const agent = new http.Agent({keepAlive: true, maxSockets: 1});

function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, {agent, headers: {accept: 'application/json', authorization: `Basic ${Buffer.from('admin:password').toString('base64')}`}}, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
  });
}

/** The floor: one request at a time over the whole window, the same fields, JSON.parse and a row count. */
async function minimalSerialClient(origin: string, sinceIso: string): Promise<{seconds: number; rows: number}> {
  const began = performance.now();
  let url: string | null = `${origin}/api/pulp/admin/tasks/?${new URLSearchParams({fields: FIELDS, limit: '1000', ordering: 'pulp_created', pulp_created__gte: sinceIso})}`;
  let rows = 0;
  while (url !== null) {
    const page = (await getJson(url)) as {next: string | null; results: unknown[]};
    rows += page.results.length;
    url = page.next === null ? null : origin + new URL(page.next).pathname + new URL(page.next).search;
  }
  return {seconds: (performance.now() - began) / 1000, rows};
}

interface ToolRun {
  seconds: number;
  peakMb: number;
  total: number;
  statisticsSeconds: number;
  fetchSeconds: number;
}

/** Runs the installed task-analysis, sampling its peak RSS (VmHWM) from /proc until it exits. */
function analyze(bin: string, apiRoot: string): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(bin, ['task-analysis', '--api-root', apiRoot, '--password', 'password', '--all-domains', '--since', '25h', '--json'], {stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    const sample = setInterval(() => {
      try {
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
      } catch {
        // exited
      }
    }, 20);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => {
      clearInterval(sample);
      if (code !== 0) return reject(new Error(`task-analysis exited ${code}: ${stderr}`));
      const result = JSON.parse(stdout) as {total: number; statisticsSeconds?: number; fetch: {seconds: number}};
      resolve({seconds: (performance.now() - began) / 1000, peakMb: peakKb / 1024, total: result.total, statisticsSeconds: result.statisticsSeconds ?? Number.NaN, fetchSeconds: result.fetch.seconds});
    });
  });
}

const {bin, cleanup} = installedBinary();
const simulator = spawn(process.env.PULP_BENCH_SIMULATOR_BIN ?? bin, ['simulate', '--port', '0', '--json', '--workers', '0', '--history', String(count), '--history-hours', '24', '--page-cost-us', '0', '--api-workers', '64', '--worker-type', 'pulpcore'], {stdio: ['ignore', 'pipe', 'inherit']});
const {apiRoot} = await new Promise<{apiRoot: string}>((resolve) => simulator.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk).split('\n')[0]))));
const origin = new URL(apiRoot).origin;
const served = async () => (await getJson(`${origin}/pulp-bench-simulator/stats/`)) as {taskRows: number; taskListRequests: number};

const rounds: Array<ToolRun & {rowsPerTask: number; requests: number; floorSeconds: number}> = [];
try {
  for (let round = 1; round <= 3; round++) {
    const before = await served();
    const run = await analyze(bin, apiRoot);
    const after = await served();
    const floor = await minimalSerialClient(origin, new Date(Date.now() - 25 * 3600e3).toISOString());
    if (floor.rows !== count) throw new Error(`the minimal client fetched ${floor.rows} rows, not ${count}`);
    const rowsPerTask = (after.taskRows - before.taskRows) / run.total;
    rounds.push({...run, rowsPerTask, requests: after.taskListRequests - before.taskListRequests, floorSeconds: floor.seconds});
    console.log(
      `run ${round}: ${run.total.toLocaleString('en')} tasks in ${run.seconds.toFixed(2)} s (fetch ${run.fetchSeconds.toFixed(2)} s, statistics ${run.statisticsSeconds.toFixed(2)} s), ` +
        `peak RSS ${Math.round(run.peakMb)} MB, ${rowsPerTask.toFixed(4)} rows served per task in ${after.taskListRequests - before.taskListRequests} requests; ` +
        `minimal serial client ${floor.seconds.toFixed(2)} s → ratio ${(run.seconds / floor.seconds).toFixed(2)}`,
    );
  }
} finally {
  simulator.kill('SIGTERM');
  agent.destroy();
  cleanup();
}

const seconds = median(rounds.map((run) => run.seconds));
console.log('');
console.log(`task-analysis over ${count.toLocaleString('en')} tasks (installed binary), medians of ${rounds.length} runs:`);
console.log(`  wall           ${seconds.toFixed(2)} s (goal ≤ 6 s), ${Math.round(count / seconds).toLocaleString('en')} tasks/s`);
console.log(`  peak RSS       ${Math.round(median(rounds.map((run) => run.peakMb)))} MB (goal ≤ 250 MB)`);
console.log(`  statistics     ${median(rounds.map((run) => run.statisticsSeconds)).toFixed(2)} s for the four durations (goal ≤ 1 s)`);
console.log(`  rows served    ${median(rounds.map((run) => run.rowsPerTask)).toFixed(4)} per task (goal ≤ 1.01)`);
console.log(`  vs minimal     ${median(rounds.map((run) => run.seconds / run.floorSeconds)).toFixed(2)} × the minimal serial client's ${median(rounds.map((run) => run.floorSeconds)).toFixed(2)} s (goal ≤ 1.3)`);
if (rounds.some((run) => run.total !== count)) {
  console.error('MISMATCH: not every task was fetched');
  process.exitCode = 1;
}
