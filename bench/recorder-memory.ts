/**
 * What keeping every request costs a load test (the RequestLog behind `--output x.csv` and the per-second latency of
 * the timeline): memory per request, and the time and size of the summary with its per-bucket figures and histograms.
 * Synthetic requests, SECONDS × PER_SECOND of them (default one hour at 50/s), recorded the way the engine records.
 *
 * Run: node --expose-gc --import tsx bench/recorder-memory.ts [SECONDS] [PER_SECOND]
 */
import {LoadRecorder} from '../src/lib/insertion/recorder.js';
import {documentJson} from '../src/lib/render/json.js';

const seconds = Number(process.argv[2] ?? 3600);
const perSecond = Number(process.argv[3] ?? 50);
const total = seconds * perSecond;
const gc = (globalThis as {gc?: () => void}).gc ?? (() => console.warn('run with --expose-gc for exact memory figures'));

gc();
const before = process.memoryUsage();
const recorder = new LoadRecorder(0);
for (let index = 0; index < total; index++) {
  const start = (index / perSecond) * 1000;
  const ok = index % 50 !== 7;
  recorder.record({intendedMs: start, endMs: start + 200 + (index % 97) * 3, ok, cause: ok ? undefined : 'http-503', tasks: ok ? 1 : 0});
}
gc();
const after = process.memoryUsage();
const perRequest = (bytes: number) => (bytes / total).toFixed(1);
console.log(`${total.toLocaleString('en')} requests over ${seconds} s:`);
console.log(`  memory         +${perRequest(after.arrayBuffers - before.arrayBuffers)} B/request in array buffers, +${perRequest(after.heapUsed - before.heapUsed)} B/request on the heap`);
console.log(`  request log    ${perRequest(recorder.requests.bytes)} B/request allocated (34 B/request used; columns double as they grow)`);
const began = performance.now();
const summary = await recorder.summary();
console.log(`  summary()      ${(performance.now() - began).toFixed(0)} ms for ${summary.timeline.length.toLocaleString('en')} buckets (per-bucket percentiles by stats.ts, one histogram each)`);
console.log(`  timeline JSON  ${(documentJson(summary.timeline).length / 1024 / 1024).toFixed(2)} MB; histograms.latency ${(documentJson(summary.histograms).length / 1024).toFixed(1)} KB`);
