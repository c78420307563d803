/**
 * Engine overhead benchmark. In one process tree: a local no-op server (pinned to core 1), then, alternately,
 * pulp-bench's engine and autocannon (the reference load generator) against it, each pinned to core 0, at 50
 * concurrent for 5 s, three rounds. Prints medians, the ratio, the engine's CPU µs per request, and the peak RSS
 * of 1,000 concurrent held requests (goal ≤ 250 MB, none lost). Goal: engine ≥ 2,000 req/s at 50 concurrent.
 * Run: npx tsx bench/insertion-overhead.ts
 */
import {execFile, spawn} from 'node:child_process';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const tsx = ['--import', 'tsx'];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function startServer(env: Record<string, string> = {}): Promise<{port: number; stop: () => void}> {
  const child = spawn('taskset', ['-c', '1', process.execPath, ...tsx, here('noop-server.ts')], {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'inherit']});
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim()))));
  return {port, stop: () => child.kill('SIGTERM')};
}

async function engine(url: string, env: Record<string, string>): Promise<{requestsPerSecond: number; cpuMicrosPerRequest: number; requests: number; ok: number; peakRssMb: number; failures: Record<string, number>}> {
  const {stdout} = await run('taskset', ['-c', '0', process.execPath, ...tsx, here('engine-client.ts'), url], {env: {...process.env, ...env}, maxBuffer: 1 << 20});
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

async function autocannon(url: string): Promise<number> {
  const {stdout} = await run('taskset', ['-c', '0', process.execPath, autocannonBin, '-c', '50', '-d', '5', '-m', 'POST', '-H', 'content-type=application/json', '-b', '{}', '-j', url], {maxBuffer: 1 << 24});
  const result = JSON.parse(stdout) as {requests: {total: number}; duration: number};
  return result.requests.total / result.duration;
}

const server = await startServer();
const url = `http://127.0.0.1:${server.port}/pulp/api/v3/tasks/purge/`;
const engineRates: number[] = [];
const engineCpu: number[] = [];
const cannonRates: number[] = [];
for (let round = 1; round <= 3; round++) {
  const result = await engine(url, {WORKERS: '50', DURATION_S: '5'});
  engineRates.push(result.requestsPerSecond);
  engineCpu.push(result.cpuMicrosPerRequest);
  cannonRates.push(await autocannon(url));
  console.log(`round ${round}: engine ${Math.round(result.requestsPerSecond)} req/s (${Math.round(result.cpuMicrosPerRequest)} µs CPU/request, ${result.requests - result.ok} failed), autocannon ${Math.round(cannonRates.at(-1)!)} req/s`);
}
server.stop();

const held = await startServer({HOLD_MS: '2000'});
const heldResult = await engine(`http://127.0.0.1:${held.port}/pulp/api/v3/tasks/purge/`, {WORKERS: '1000', DURATION_S: '0'});
held.stop();

const engineMedian = median(engineRates);
const cannonMedian = median(cannonRates);
console.log('');
console.log(`engine (50 concurrent, 1 core):     ${Math.round(engineMedian)} req/s median   (goal ≥ 2,000)`);
console.log(`autocannon (same server and core):  ${Math.round(cannonMedian)} req/s median`);
console.log(`ratio engine / autocannon:          ${(engineMedian / cannonMedian).toFixed(3)}`);
console.log(`engine CPU per request:             ${Math.round(median(engineCpu))} µs median`);
console.log(`1,000 held requests (2 s each):     ${heldResult.ok} of ${heldResult.requests} ok, ${1000 - heldResult.ok} lost, peak RSS ${Math.round(heldResult.peakRssMb)} MB (goal ≤ 250 MB, 0 lost)`);
