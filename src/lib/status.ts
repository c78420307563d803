/** The shape of Pulp's `status/` answer, its validation, and the one-line summary commands print at start. */
import {BadServerResponseError} from './errors.js';
import {escapeServerText} from './server-text.js';

export interface ComponentVersion {
  component: string;
  version: string;
  package?: string;
  module?: string;
  domain_compatible?: boolean;
}

export interface AppStatus {
  name: string;
  last_heartbeat: string;
  versions?: Record<string, string>;
}

export interface PulpStatus {
  versions: ComponentVersion[];
  online_workers: AppStatus[];
  online_api_apps: AppStatus[];
  online_content_apps: AppStatus[];
  database_connection: {connected: boolean};
  redis_connection?: {connected: boolean};
  storage?: {total: number | null; used: number | null; free: number | null} | null;
  content_settings?: {content_origin: string | null; content_path_prefix: string};
  domain_enabled?: boolean;
}

export interface StatusSummary {
  coreVersion: string | null;
  plugins: Array<{component: string; version: string}>;
  workers: {count: number; names: string[]};
  apiApps: {count: number; names: string[]};
  contentApps: {count: number; names: string[]};
  databaseConnected: boolean;
  redisConnected: boolean | null;
  domainEnabled: boolean | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the fields pulp-bench reads; anything else may vary between Pulp versions. */
export function parseStatus(body: unknown, url: string): PulpStatus {
  const problem = (what: string) => new BadServerResponseError(`unusable status answer from ${url}: ${what}`);
  if (!isObject(body)) throw problem('not a JSON object');
  if (!Array.isArray(body.versions)) throw problem("'versions' is missing");
  for (const key of ['online_workers', 'online_api_apps', 'online_content_apps'] as const) {
    if (!Array.isArray(body[key])) throw problem(`'${key}' is missing`);
  }
  if (!isObject(body.database_connection)) throw problem("'database_connection' is missing");
  return body as unknown as PulpStatus;
}

const names = (apps: AppStatus[]) => apps.map((app) => app.name).sort();

export function summariseStatus(status: PulpStatus): StatusSummary {
  const core = status.versions.find((entry) => entry.component === 'core');
  return {
    coreVersion: core?.version ?? null,
    plugins: status.versions
      .filter((entry) => entry.component !== 'core')
      .map((entry) => ({component: entry.component, version: entry.version})),
    workers: {count: status.online_workers.length, names: names(status.online_workers)},
    apiApps: {count: status.online_api_apps.length, names: names(status.online_api_apps)},
    contentApps: {count: status.online_content_apps.length, names: names(status.online_content_apps)},
    databaseConnected: status.database_connection.connected === true,
    redisConnected: status.redis_connection ? status.redis_connection.connected === true : null,
    domainEnabled: status.domain_enabled ?? null,
  };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The parts of the one-line summary: `Pulp core 3.116.0`, `2 workers, 1 API app, 1 content app`, `database connected`, `domains on`. */
export function statusSegments(summary: StatusSummary): string[] {
  const parts = [
    `Pulp core ${summary.coreVersion === null ? 'unknown version' : escapeServerText(String(summary.coreVersion))}`,
    `${plural(summary.workers.count, 'worker')}, ${plural(summary.apiApps.count, 'API app')}, ${plural(summary.contentApps.count, 'content app')}`,
    `database ${summary.databaseConnected ? 'connected' : 'NOT connected'}`,
  ];
  if (summary.domainEnabled !== null) parts.push(`domains ${summary.domainEnabled ? 'on' : 'off'}`);
  return parts;
}

/** `Pulp core 3.116.0 · 2 workers, 1 API app, 1 content app · database connected · domains on` */
export function statusLine(summary: StatusSummary): string {
  return statusSegments(summary).join(' · ');
}
