/**
 * Paging strategies against the simulator's API capacity: a full fetch of N tasks (default 2,000, bounded by pulp_created__lte so test calls' new tasks stay out) with page sizes
 * 100 and 1000, with free pages (--page-cost-us 0, behind a 1-worker API pool) and with the default page cost,
 * alone and while another client holds the only API worker with a test call of the same length as the fetch.
 * Prints figures; asserts nothing. Run: npx tsx bench/simulator-paging.ts [count]
 */
import {DEFAULT_PAGE_COST_US, startSimulator} from '../src/lib/simulator/index.js';

const count = Number(process.argv[2] ?? 2000);
const auth = `Basic ${Buffer.from('admin:password').toString('base64')}`;

async function fullFetch(origin: string, pageSize: number): Promise<{seconds: number; requests: number; fetched: number}> {
  const began = performance.now();
  const until = encodeURIComponent(new Date().toISOString());
  let url: string | null = `${origin}/api/pulp/admin/tasks/?limit=${pageSize}&ordering=pulp_created&pulp_created__lte=${until}&fields=pulp_created,started_at,finished_at,state`;
  let requests = 0;
  let fetched = 0;
  while (url) {
    const page = (await (await fetch(url, {headers: {authorization: auth}})).json()) as {next: string | null; results: unknown[]};
    requests++;
    fetched += page.results.length;
    url = page.next;
  }
  return {seconds: (performance.now() - began) / 1000, requests, fetched};
}

for (const pageCostUs of [0, DEFAULT_PAGE_COST_US]) {
  for (const pageSize of [100, 1000]) {
    for (const contended of [false, true]) {
      const holdSeconds = 0.5;
      const sim = await startSimulator({port: 0, workers: 0, apiWorkers: 1, pageCostUs, fixedSeconds: holdSeconds, history: {count, hours: 1, seed: 1}});
      // A held test call takes the only worker now and then, as concurrent load on a real API pod does.
      let holding = contended;
      const holder = (async () => {
        while (holding) await (await fetch(`${sim.origin}/api/pulp/test/tasks/`)).text();
      })();
      const result = await fullFetch(sim.origin, pageSize);
      holding = false;
      await holder;
      await sim.stop();
      console.log(
        `page cost ${String(pageCostUs).padStart(4)} µs/row · limit=${String(pageSize).padEnd(4)} · ${contended ? 'API shared with held 0.5 s test calls' : 'API to itself                      '} · ` +
          `${result.fetched} tasks in ${result.requests} requests, ${result.seconds.toFixed(2)} s = ${Math.round(result.fetched / result.seconds).toLocaleString('en')} tasks/s`,
      );
    }
  }
}
