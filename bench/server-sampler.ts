/**
 * What one sample of `watch` (full detail) and of the insertion's server stats (counts detail) costs: requests, task
 * rows the server serialised, and time, against the simulator holding a large history and a deep queue.
 * Run: npx tsx bench/server-sampler.ts [historyTasks] [waitingTasks]
 */
import {PulpClient} from '../src/lib/client.js';
import {PulpUrls} from '../src/lib/pulp-urls.js';
import {startSimulator} from '../src/lib/simulator/index.js';
import {ServerSampler, telemetryEndpoints} from '../src/lib/telemetry/server-sampler.js';

const historyTasks = Number(process.argv[2] ?? 200_000);
const waitingTasks = Number(process.argv[3] ?? 20_000);
const sim = await startSimulator({port: 0, workers: 4, taskMs: '600000', history: {count: historyTasks, hours: 24, seed: 1}});
for (let index = 0; index < waitingTasks; index++) sim.model.dispatch({name: `bench.task_${index % 7}`, exclusive: [], shared: [], loggingCid: 'bench', createdBy: false, domain: 0});
const client = new PulpClient({urls: new PulpUrls(sim.apiRoot), username: sim.username, password: sim.password, verifySsl: true, debugRequests: false});
const endpoints = telemetryEndpoints(client.urls, {domain: 'default'});
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(label: string, sampler: ServerSampler, samples: number): Promise<void> {
  const seconds: number[] = [];
  const rowsBefore = sim.served.taskRows;
  const requestsBefore = sampler.requests;
  for (let index = 0; index < samples; index++) seconds.push((await sampler.sample()).seconds);
  const rows = (sim.served.taskRows - rowsBefore) / samples;
  const requests = (sampler.requests - requestsBefore) / samples;
  console.log(`${label}: ${requests} requests/sample, ${rows.toFixed(0)} task rows/sample, median ${(median(seconds) * 1000).toFixed(1)} ms/sample`);
}

console.log(`simulator: ${historyTasks} finished tasks over 24 h, ${waitingTasks} waiting`);
await measure('watch, names every sample (names-limit 1000)', new ServerSampler(client, endpoints, {detail: 'full', namesLimit: 1000, namesEverySeconds: 0}), 10);
await measure('watch, default (names at most every 10 s: back to back here, so read once in 10)', new ServerSampler(client, endpoints, {detail: 'full', namesLimit: 1000}), 10);
await measure('watch --names-limit 0', new ServerSampler(client, endpoints, {detail: 'full', namesLimit: 0}), 10);
await measure('insertion server stats (counts)', new ServerSampler(client, endpoints, {detail: 'counts'}), 10);
client.close();
await sim.stop();
