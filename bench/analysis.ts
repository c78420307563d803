/**
 * Analysis benchmark: a simulator (separate process) preloaded with 1,000,000 tasks over 24 h, then
 * `pulp-bench task-analysis` over all of them, three runs. Prints wall time, tasks/s and peak RSS of the
 * analysis process. Goal on this machine: ≤ 6 s and ≤ 250 MB (the original tool: ~53 s and ~3 GB).
 * Run: npm run build && npx tsx bench/analysis.ts [count]
 */
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const count = Number(process.argv[2] ?? 1_000_000);
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const simulator = spawn(process.execPath, [bin, 'simulate', '--port', '0', '--json', '--workers', '0', '--history', String(count), '--history-hours', '24'], {stdio: ['ignore', 'pipe', 'inherit']});
const {apiRoot} = await new Promise<{apiRoot: string}>((resolve) => simulator.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk).split('\n')[0]))));

/** Runs the analysis, sampling the child's peak RSS (VmHWM) from /proc until it exits. */
function analyze(): Promise<{seconds: number; peakMb: number; total: number}> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    // bin/run.js runs as users run it: through its #! line (which sets V8 flags).
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
      if (code !== 0) reject(new Error(`task-analysis exited ${code}: ${stderr}`));
      else resolve({seconds: (performance.now() - began) / 1000, peakMb: peakKb / 1024, total: JSON.parse(stdout).total});
    });
  });
}

const runs = [];
for (let round = 1; round <= 3; round++) {
  const result = await analyze();
  runs.push(result);
  console.log(`run ${round}: ${result.total.toLocaleString('en')} tasks in ${result.seconds.toFixed(2)} s = ${Math.round(result.total / result.seconds).toLocaleString('en')} tasks/s, peak RSS ${Math.round(result.peakMb)} MB`);
}
simulator.kill('SIGTERM');
const seconds = median(runs.map((run) => run.seconds));
console.log('');
console.log(`task-analysis over ${count.toLocaleString('en')} tasks: median ${seconds.toFixed(2)} s wall (goal ≤ 6 s), ${Math.round(count / seconds).toLocaleString('en')} tasks/s, peak RSS median ${Math.round(median(runs.map((run) => run.peakMb)))} MB (goal ≤ 250 MB)`);
if (runs.some((run) => run.total !== count)) {
  console.error('MISMATCH: not every task was fetched');
  process.exitCode = 1;
}
