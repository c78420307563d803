/**
 * Follows dispatched tasks to completion through the task list, 100 hrefs per request
 * (`pulp_href__in`, only the timestamp fields), and splits each task's end-to-end time into phases:
 * blocked on locks (unblocked − created), queued for a worker (started − unblocked), run (finished − started).
 */
import type {PulpClient} from '../client.js';
import {BadServerResponseError} from '../errors.js';
import {summarize, type Summary} from '../stats.js';
import {pause} from '../pause.js';
import {secondsBetween} from '../time.js';

const FINAL = new Set(['completed', 'failed', 'canceled', 'skipped']);
const BATCH = 100;
const FIELDS = 'pulp_href,state,pulp_created,unblocked_at,started_at,finished_at';

interface TrackedTask {
  pulp_href: string;
  state: string;
  pulp_created: string;
  unblocked_at: string | null;
  started_at: string | null;
  finished_at: string | null;
}

export interface TrackingReport {
  tracked: number;
  finished: number;
  unfinished: number;
  states: Record<string, number>;
  endToEnd: Summary;
  blocked: Summary;
  queue: Summary;
  run: Summary;
  timedOut: boolean;
  /** Tracking was stopped by a signal before every task finished. */
  interrupted: boolean;
}

export async function trackTasks(
  client: PulpClient,
  listUrl: string,
  hrefs: string[],
  options: {timeoutMs: number; pollMs?: number; signal?: AbortSignal; onProgress?: (progress: {finished: number; tracked: number}) => void},
): Promise<TrackingReport> {
  const pending = new Set(hrefs);
  const done = new Map<string, TrackedTask>();
  const latest = new Map<string, TrackedTask>();
  const deadline = performance.now() + options.timeoutMs;
  const stopped = () => options.signal?.aborted === true;
  const report = () => options.onProgress?.({finished: done.size, tracked: hrefs.length});
  report();
  polling: while (pending.size > 0 && performance.now() < deadline && !stopped()) {
    // Every pending task is polled each round (BATCH hrefs per request), not only the first ones.
    const batch = [...pending];
    for (let index = 0; index < batch.length; index += BATCH) {
      const chunk = batch.slice(index, index + BATCH);
      let page: {results?: TrackedTask[]};
      try {
        page = (await client.getJson(listUrl, {searchParams: {pulp_href__in: chunk.join(','), fields: FIELDS, limit: chunk.length}, signal: options.signal})) as {results?: TrackedTask[]};
      } catch (error) {
        if (stopped()) break polling; // a stop signal: report what was seen so far
        throw error;
      }
      if (!Array.isArray(page?.results)) throw new BadServerResponseError(`unusable task list answer from ${listUrl}: no 'results'`);
      for (const task of page.results) {
        latest.set(task.pulp_href, task);
        if (FINAL.has(task.state)) {
          done.set(task.pulp_href, task);
          pending.delete(task.pulp_href);
        }
      }
      report();
    }
    if (pending.size > 0 && !stopped()) await pause(options.pollMs ?? 500, options.signal);
  }

  const finished = [...done.values()];
  const phases = (pick: (task: TrackedTask) => number) => summarize(finished.map(pick).filter((value) => !Number.isNaN(value)));
  const states: Record<string, number> = {};
  for (const href of hrefs) {
    const state = latest.get(href)?.state ?? 'unknown';
    states[state] = (states[state] ?? 0) + 1;
  }
  return {
    tracked: hrefs.length,
    finished: finished.length,
    unfinished: hrefs.length - finished.length,
    states,
    endToEnd: await phases((task) => secondsBetween(task.pulp_created, task.finished_at)),
    blocked: await phases((task) => secondsBetween(task.pulp_created, task.unblocked_at)),
    queue: await phases((task) => secondsBetween(task.unblocked_at, task.started_at)),
    run: await phases((task) => secondsBetween(task.started_at, task.finished_at)),
    timedOut: pending.size > 0 && !stopped(),
    interrupted: pending.size > 0 && stopped(),
  };
}
