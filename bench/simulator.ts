/**
 * Simulator benchmark: time and RSS to preload 1,000,000 tasks, and the rate of a full fetch of them with
 * limit=1000 and 4 fields (the analysis access pattern). Goals: ≤ 5 s and ≤ 400 MB preload; ≥ 200,000 tasks/s.
 * Run: npx tsx bench/simulator.ts [count]
 */
import http from 'node:http';

import {startSimulator} from '../src/lib/simulator/index.js';

const count = Number(process.argv[2] ?? 1_000_000);
const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

const baseRss = rssMb();
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const preloadCpu = process.cpuUsage();
const began = performance.now();
const sim = await startSimulator({port: 0, history: {count, hours: 24, seed: 1}, workers: 0});
const preloadSeconds = (performance.now() - began) / 1000;
const preloadRss = rssMb();
const preloadCpuSeconds = cpuSeconds(preloadCpu);

const agent = new http.Agent({keepAlive: true});
const auth = `Basic ${Buffer.from('admin:password').toString('base64')}`;
function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, {agent, headers: {authorization: auth, accept: 'application/json'}}, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve(text));
      })
      .on('error', reject);
  });
}

const fetchCpu = process.cpuUsage();
const fetchBegan = performance.now();
let fetched = 0;
let url: string | null = `${sim.origin}/api/pulp/admin/tasks/?limit=1000&ordering=pulp_created&fields=pulp_created,started_at,finished_at,state`;
while (url) {
  const page = JSON.parse(await get(url)) as {next: string | null; results: unknown[]};
  fetched += page.results.length;
  url = page.next;
}
const fetchSeconds = (performance.now() - fetchBegan) / 1000;
const fetchCpuSeconds = cpuSeconds(fetchCpu);
const peakRss = Math.max(preloadRss, rssMb());
await sim.stop();
agent.destroy();

console.log(`tasks preloaded:        ${count.toLocaleString('en')}`);
console.log(`preload time:           ${preloadSeconds.toFixed(2)} s   (goal ≤ 5 s; CPU ${preloadCpuSeconds.toFixed(2)} s — the history is the tasking model run in virtual time)`);
console.log(`RSS after preload:      ${preloadRss.toFixed(0)} MB (process baseline ${baseRss.toFixed(0)} MB; goal ≤ 400 MB)`);
console.log(`full fetch (limit=1000, 4 fields, sequential pages, in-process server): ${fetched.toLocaleString('en')} tasks in ${fetchSeconds.toFixed(2)} s = ${Math.round(fetched / fetchSeconds).toLocaleString('en')} tasks/s (goal ≥ 200,000; client and server share this process: CPU ${fetchCpuSeconds.toFixed(2)} s)`);
console.log(`load average at the end: ${(await import('node:os')).loadavg().map((load) => load.toFixed(2)).join(' ')} on ${(await import('node:os')).availableParallelism()} CPUs (wall times grow when the machine is busy)`);
console.log(`peak RSS:               ${peakRss.toFixed(0)} MB`);
if (fetched !== count) {
  console.error(`MISMATCH: fetched ${fetched}, expected ${count}`);
  process.exitCode = 1;
}
