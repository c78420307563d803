/**
 * Runs pulp-bench's load engine (PulpClient + LoadRun, the purge-style 202 target) against URL with WORKERS
 * loops for DURATION_S seconds (or one request per worker when DURATION_S=0) and prints one JSON line:
 * requests, ok, seconds, CPU µs per request, peak RSS.
 */
import {readFileSync} from 'node:fs';

import {PulpClient} from '../src/lib/client.js';
import {PulpUrls} from '../src/lib/pulp-urls.js';
import {LoadRun} from '../src/lib/insertion/engine.js';
import {LoadRecorder} from '../src/lib/insertion/recorder.js';

const url = process.argv[2];
const workers = Number(process.env.WORKERS ?? 50);
const durationS = Number(process.env.DURATION_S ?? 5);
const urls = new PulpUrls(new URL(url).origin);
const client = new PulpClient({urls, username: 'admin', password: 'password', verifySsl: true, debugRequests: false});
const recorder = new LoadRecorder();
const run = new LoadRun(
  client,
  {
    target: {kind: 'endpoint', url, method: 'POST', body: {}, answers: 'task-href', authenticated: true},
    workers,
    durationMs: durationS > 0 ? durationS * 1000 : undefined,
    requestTimeoutMs: 60_000,
    maxConsecutiveFailures: 1_000_000,
  },
  recorder,
);
const cpuBefore = process.cpuUsage();
await run.run();
const cpu = process.cpuUsage(cpuBefore);
client.close();
const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
console.log(
  JSON.stringify({
    requests: recorder.total,
    ok: recorder.ok,
    failures: Object.fromEntries(recorder.failures),
    seconds: recorder.elapsedSeconds,
    requestsPerSecond: recorder.total / recorder.elapsedSeconds,
    cpuMicrosPerRequest: (cpu.user + cpu.system) / recorder.total,
    peakRssMb: peakKb / 1024,
  }),
);
