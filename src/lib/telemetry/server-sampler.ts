/**
 * ServerSampler: the server's side of the tasking system, one sample at a time, at a small and known cost.
 *
 * Counts come from the `count` of list requests (never a full list): `state=waiting`, `state=running`, tasks with
 * `finished_at` / `pulp_created` in the last minute, `state=failed` in the last minute, and the workers list
 * (`online=true`, `missing=true`). The waiting and running requests also bring the oldest waiting task
 * (`ordering=pulp_created`) and the longest running one (`ordering=started_at`), and — in the `full` detail — the
 * names of up to `namesLimit` of them (`fields=name,…`), so the top names cost no extra request; when there are more,
 * the sample says the names are of the oldest `namesLimit` only. Names change slowly and cost rows, so they are read
 * at most every `namesEverySeconds` (10 s); samples in between carry the last ones, with the time they were read.
 *
 * Nothing here reads `unblocked_at`, so it works the same with the PostgreSQL and the redis worker. A figure the
 * server will not give (a 403 on the workers list, a filter it does not know) is null, with a line in `notes`; such a
 * request is not made again. Every request goes through the one PulpClient, and the sampler counts them.
 */
import type {PulpClient} from '../client.js';
import {AuthError, BadServerResponseError, NotFoundError, RejectedRequestError} from '../errors.js';
import type {PulpUrls} from '../pulp-urls.js';
import {escapeServerText} from '../server-text.js';
import {isoMicros, nowUs, timestampMicros} from '../time.js';

/** Where the counts come from: a domain's (or the only) task list, or pulp-service's admin list of all domains. */
export interface TelemetryEndpoints {
  tasks: string;
  workers: string;
}

/** The task and workers lists for a layout, as task-analysis chooses them (all domains: the workers of "default"). */
export function telemetryEndpoints(urls: PulpUrls, where: {domain?: string; allDomains?: boolean}): TelemetryEndpoints {
  if (where.allDomains) return {tasks: urls.adminTasks(), workers: urls.apiV3('workers', 'default')};
  return {tasks: urls.tasks(where.domain), workers: urls.apiV3('workers', where.domain)};
}

export interface NamedCount {
  name: string;
  count: number;
}

export interface ServerSample {
  kind: 'sample';
  /** When the sample was started (client clock, ISO 8601 UTC). */
  at: string;
  endpoint: string;
  waiting: number | null;
  running: number | null;
  /** Tasks that reached a final state in the last 60 s, and those of them that failed. */
  finishedLastMinute: number | null;
  failedLastMinute: number | null;
  /** Tasks created in the last 60 s (full detail only). */
  createdLastMinute: number | null;
  /** Tasks per second over the last minute: created, and finished. */
  ingestRate: number | null;
  processingRate: number | null;
  workers: {
    online: number | null;
    missing: number | null;
    /** Online workers the server shows running a task (`current_task`); null when it does not show it. */
    busy: number | null;
    /** Names of the missing workers (at most 20). */
    missingNames: string[];
  };
  /** Age of the oldest waiting task; 0 when none is waiting. */
  oldestWaitingSeconds: number | null;
  oldestWaiting: {name: string; createdAt: string} | null;
  /** How long the longest running task has run; 0 when none runs. */
  longestRunningSeconds: number | null;
  longestRunning: {name: string; startedAt: string} | null;
  /** Most frequent names among waiting and running tasks (full detail), and whether only part of them was read. */
  topNames: {waiting: NamedCount[]; running: NamedCount[]; waitingCapped: boolean; runningCapped: boolean; limit: number; readAt: string} | null;
  /** Requests this sample made, and how long it took. */
  requests: number;
  seconds: number;
  /** Figures the server would not give, and why (each also said once on stderr by the commands). */
  notes: string[];
}

export interface SamplerOptions {
  /** `counts`: waiting, running and online workers only (3 requests; insertion telemetry). `full`: everything. */
  detail: 'counts' | 'full';
  /** Rows read per state for the top names (full detail; 0 = no names). */
  namesLimit?: number;
  /** Read the names at most this often (default 10 s; 0 = every sample). */
  namesEverySeconds?: number;
  /** How many names to keep per state. */
  topNames?: number;
  signal?: AbortSignal;
  /**
   * How long one list request may take, its retries included (default 30 s, the client's timeout for one attempt):
   * a server that stops answering fails the sample after this long — and says so truthfully — rather than after
   * four timeouts in a row.
   */
  requestDeadlineMs?: number;
}

interface TaskRow {
  name?: unknown;
  pulp_created?: unknown;
  started_at?: unknown;
}

interface WorkerRow {
  name?: unknown;
  current_task?: unknown;
}

const MINUTE_US = 60_000_000;
const DEFAULT_REQUEST_DEADLINE_MS = 30_000;
const MAX_WORKER_ROWS = 1000;

/** What is wrong with a list answer's `count` and `results`, in words, or undefined. */
function listProblem(count: unknown, results: unknown): string | undefined {
  const shown = (value: unknown) => escapeServerText(JSON.stringify(value)?.slice(0, 40) ?? String(value));
  if (count === undefined || results === undefined) return 'expected {count, results}';
  if (typeof count !== 'number') return `"count" is ${shown(count)}, not a number`;
  if (!Number.isSafeInteger(count) || count < 0) return `"count" is ${shown(count)}, not a whole number of tasks`;
  if (!Array.isArray(results)) return '"results" is not a list';
  return undefined;
}

/** Why an optional figure cannot be had from this server (a permission or a filter it lacks), or undefined. */
function refusal(error: unknown): string | undefined {
  if (error instanceof AuthError) return `permission denied (${error.message.match(/\((\d{3})/)?.[1] ?? 'refused'})`;
  if (error instanceof NotFoundError) return 'not found on this server (404)';
  if (error instanceof RejectedRequestError) return 'the server does not take this filter (400)';
  return undefined;
}

export class ServerSampler {
  /** Requests made by every sample so far. */
  requests = 0;
  /** Figures given up for good, with the reason (said once). */
  private readonly unavailable = new Map<string, string>();
  private readonly newNotes: string[] = [];
  /** The top names last read, and when (they are read at most every namesEverySeconds). */
  private lastNames: ServerSample['topNames'] | undefined;
  private lastNamesUs = 0;

  constructor(
    private readonly client: PulpClient,
    readonly endpoints: TelemetryEndpoints,
    private readonly options: SamplerOptions,
  ) {}

  /** Lines not said yet: figures that became unavailable since the last call. */
  takeNewNotes(): string[] {
    return this.newNotes.splice(0);
  }

  private async list<T>(url: string, query: Record<string, string | number>, counter: {requests: number}): Promise<{count: number; results: T[]}> {
    counter.requests++;
    this.requests++;
    const deadline = this.options.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS;
    const searchParams = Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)]));
    const page = await this.client.getJson(url, {searchParams, signal: this.options.signal, totalTimeoutMs: deadline});
    const {count, results} = (typeof page === 'object' && page !== null ? page : {}) as {count?: unknown; results?: unknown};
    const problem = listProblem(count, results);
    if (problem) throw new BadServerResponseError(`unusable list answer from ${url}: ${problem}`);
    return {count: count as number, results: results as T[]};
  }

  /** An optional figure: null, and a note once, when the server refuses it. */
  private async optional<R>(key: string, what: string, fetch: () => Promise<R>): Promise<R | null> {
    if (this.unavailable.has(key)) return null;
    try {
      return await fetch();
    } catch (error) {
      const reason = refusal(error);
      if (reason === undefined) throw error;
      const note = `${what}: ${reason}; shown as unknown`;
      this.unavailable.set(key, note);
      this.newNotes.push(note);
      return null;
    }
  }

  async sample(): Promise<ServerSample> {
    const started = performance.now();
    const startUs = nowUs();
    const counter = {requests: 0};
    const full = this.options.detail === 'full';
    const namesLimit = full ? (this.options.namesLimit ?? 1000) : 0;
    const namesDue = namesLimit > 0 && (this.lastNames === undefined || startUs - this.lastNamesUs >= (this.options.namesEverySeconds ?? 10) * 1e6);
    const rows = namesDue ? namesLimit : 1;
    const tasks = this.endpoints.tasks;
    const since = isoMicros(startUs - MINUTE_US);
    const fields = (...names: string[]) => ({fields: names.join(',')});
    const count = (query: Record<string, string | number>) => this.list<TaskRow>(tasks, {...query, limit: 1, ...fields('pulp_href')}, counter).then((page) => page.count);

    const [waiting, running, finished, failed, created, workers] = await Promise.all([
      this.list<TaskRow>(tasks, {state: 'waiting', ordering: 'pulp_created', limit: rows, ...fields('name', 'pulp_created')}, counter),
      this.list<TaskRow>(tasks, {state: 'running', ordering: 'started_at', limit: rows, ...fields('name', 'started_at')}, counter),
      full ? count({finished_at__gte: since}) : null,
      full ? count({state: 'failed', finished_at__gte: since}) : null,
      full ? count({pulp_created__gte: since}) : null,
      this.workers(counter, full),
    ]);

    const oldest = waiting.results[0];
    const longest = running.results[0];
    const ageOf = (value: unknown) => {
      const us = typeof value === 'string' ? timestampMicros(value) : Number.NaN;
      return Number.isFinite(us) ? Math.max(0, (startUs - us) / 1e6) : null;
    };
    const label = (row: TaskRow | undefined) => (typeof row?.name === 'string' ? row.name : '?');
    const sample: ServerSample = {
      kind: 'sample',
      at: isoMicros(startUs),
      endpoint: tasks,
      waiting: waiting.count,
      running: running.count,
      finishedLastMinute: finished,
      failedLastMinute: failed,
      createdLastMinute: created,
      ingestRate: created === null ? null : created / 60,
      processingRate: finished === null ? null : finished / 60,
      workers: {
        online: workers.online,
        missing: workers.missing,
        busy: busyWorkers(workers.shownBusy, running.count),
        missingNames: workers.missingNames,
      },
      oldestWaitingSeconds: waiting.count === 0 ? 0 : ageOf(oldest?.pulp_created),
      oldestWaiting: oldest ? {name: label(oldest), createdAt: String(oldest.pulp_created ?? '')} : null,
      longestRunningSeconds: running.count === 0 ? 0 : ageOf(longest?.started_at),
      longestRunning: longest ? {name: label(longest), startedAt: String(longest.started_at ?? '')} : null,
      topNames: namesDue
        ? {
            waiting: topNames(waiting.results, this.options.topNames ?? 5),
            running: topNames(running.results, this.options.topNames ?? 5),
            waitingCapped: waiting.count > waiting.results.length,
            runningCapped: running.count > running.results.length,
            limit: namesLimit,
            readAt: isoMicros(startUs),
          }
        : (this.lastNames ?? null),
      requests: counter.requests,
      seconds: (performance.now() - started) / 1000,
      notes: [...this.unavailable.values()],
    };
    if (namesDue) {
      this.lastNames = sample.topNames ?? undefined;
      this.lastNamesUs = startUs;
    }
    if (full && sample.workers.busy === null && workers.online !== null) {
      this.noteOnce('busy', "busy workers: the server does not show the workers' current tasks; shown as unknown");
      sample.notes = [...this.unavailable.values()];
    }
    return sample;
  }

  private noteOnce(key: string, note: string): void {
    if (this.unavailable.has(key)) return;
    this.unavailable.set(key, note);
    this.newNotes.push(note);
  }

  private async workers(counter: {requests: number}, full: boolean): Promise<{online: number | null; missing: number | null; shownBusy: number | null; missingNames: string[]}> {
    const url = this.endpoints.workers;
    const [online, missing] = await Promise.all([
      this.optional('workers', 'workers list', () => this.list<WorkerRow>(url, {online: 'true', limit: full ? MAX_WORKER_ROWS : 1, fields: 'name,current_task'}, counter)),
      full ? this.optional('missing', 'missing workers (missing=true)', () => this.list<WorkerRow>(url, {missing: 'true', limit: 20, fields: 'name'}, counter)) : null,
    ]);
    // Busy workers are known only when every online worker was read.
    const shownBusy =
      online && full && online.results.length === online.count
        ? online.results.filter((row) => typeof row === 'object' && row !== null && typeof row.current_task === 'string' && row.current_task !== '').length
        : null;
    return {
      online: online?.count ?? null,
      missing: missing?.count ?? null,
      shownBusy,
      missingNames: (missing?.results ?? []).map((row) => (typeof row?.name === 'string' ? row.name : '?')).slice(0, 20),
    };
  }
}

/**
 * Busy workers from the workers' `current_task`: a server that fills it for no worker while tasks run does not show
 * it (the simulator; the field may also be absent), so the figure is then unknown; with nothing running it is 0.
 */
function busyWorkers(shownBusy: number | null, running: number): number | null {
  if (shownBusy === null) return null;
  if (shownBusy > 0 || running === 0) return shownBusy;
  return null;
}

/** The `limit` most frequent names among rows, most frequent first (ties by name). */
export function topNames(rows: TaskRow[], limit: number): NamedCount[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const name = typeof row?.name === 'string' ? row.name : '?';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, count]) => ({name, count}))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, limit);
}
