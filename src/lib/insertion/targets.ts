/**
 * What a load test calls, and how an answer counts: pulp-service's test endpoints answer
 * `200 {"tasks_executed": N}` after ~25 s; task-dispatching endpoints answer `202 {"task": href}` (one task).
 */
import type {Method} from 'got';

import type {RawResponse} from '../client.js';
import {UsageError} from '../errors.js';
import type {PulpUrls} from '../pulp-urls.js';

export type TargetKind = 'test-tasks' | 'random-lock' | 'purge' | 'endpoint';
export const TARGET_KINDS: readonly TargetKind[] = ['test-tasks', 'random-lock', 'purge', 'endpoint'];

export interface LoadTarget {
  kind: TargetKind;
  url: string;
  method: Method;
  body?: unknown;
  searchParams?: Record<string, string>;
  /** How a successful answer reports tasks. */
  answers: 'tasks-executed' | 'task-href';
  /** Whether the endpoint needs credentials (the test endpoints are anonymous). */
  authenticated: boolean;
}

export interface TargetOptions {
  kind: TargetKind;
  /** Seconds sent as ?timeout= to the test endpoints. */
  timeoutSeconds: number;
  domain?: string;
  endpoint?: string;
  method?: string;
  body?: string;
}

/** A `finished_before` so far in the past that purge deletes nothing: one cheap real task per request. */
export const PURGE_NOTHING = {finished_before: '2000-01-01T00:00:00Z'};

export function resolveTarget(urls: PulpUrls, options: TargetOptions): LoadTarget {
  if (options.kind !== 'endpoint' && (options.endpoint !== undefined || options.body !== undefined)) {
    throw new UsageError('--endpoint and --body go with --target endpoint (or give --endpoint alone)');
  }
  switch (options.kind) {
    case 'test-tasks':
    case 'random-lock': {
      return {
        kind: options.kind,
        url: options.kind === 'test-tasks' ? urls.testTasks() : urls.randomLockTasks(),
        method: 'GET',
        searchParams: {timeout: String(options.timeoutSeconds)},
        answers: 'tasks-executed',
        authenticated: false,
      };
    }
    case 'purge': {
      return {kind: 'purge', url: urls.apiV3('tasks/purge', options.domain), method: 'POST', body: PURGE_NOTHING, answers: 'task-href', authenticated: true};
    }
    case 'endpoint': {
      if (!options.endpoint) throw new UsageError('--target endpoint needs --endpoint PATH (e.g. /pulp/api/v3/orphans/cleanup/)');
      let url: string;
      if (/^https?:\/\//i.test(options.endpoint)) {
        if (new URL(options.endpoint).origin !== urls.origin) throw new UsageError(`--endpoint ${options.endpoint} is not on the --api-root's host ${urls.origin}`);
        url = options.endpoint;
      } else url = urls.below(options.endpoint);
      const method = (options.method ?? 'POST').toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) throw new UsageError(`--method ${options.method} is not GET, POST, PUT, PATCH or DELETE`);
      let body: unknown;
      if (options.body !== undefined) {
        try {
          body = JSON.parse(options.body);
        } catch (error) {
          throw new UsageError(`--body is not JSON: ${(error as Error).message}`);
        }
      } else if (method !== 'GET' && method !== 'DELETE') body = {};
      return {kind: 'endpoint', url, method: method as Method, body, answers: 'task-href', authenticated: true};
    }
  }
}

export interface Interpretation {
  ok: boolean;
  /** `http-404`, `bad-body`, … for failures. */
  cause?: string;
  tasks: number;
  taskHref?: string;
  /** An HTML error page (a disabled pulp-service test endpoint answers one). */
  html?: boolean;
}

/** Decides whether an answer counts and how many tasks it reports. */
export function interpretAnswer(target: LoadTarget, response: RawResponse): Interpretation {
  const html = /html/i.test(String(response.headers['content-type'] ?? '')) || /^\s*</.test(response.body);
  const expected = target.answers === 'tasks-executed' ? 200 : 202;
  if (response.status !== expected && !(target.answers === 'task-href' && response.status >= 200 && response.status < 300)) {
    return {ok: false, cause: `http-${response.status}`, tasks: 0, html};
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return {ok: false, cause: 'bad-body', tasks: 0, html};
  }
  if (target.answers === 'tasks-executed') {
    const count = (body as {tasks_executed?: unknown})?.tasks_executed;
    // A count of tasks: a non-negative safe integer (not 1e300, -1, 2.5 or "12"), else the answer counts for nothing.
    if (!Number.isSafeInteger(count) || (count as number) < 0) return {ok: false, cause: 'bad-body', tasks: 0};
    return {ok: true, tasks: count as number};
  }
  const href = (body as {task?: unknown})?.task;
  if (typeof href !== 'string') return {ok: false, cause: 'bad-body', tasks: 0};
  return {ok: true, tasks: 1, taskHref: href};
}
