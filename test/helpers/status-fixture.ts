/** A status answer shaped like pulpcore 3.116's, for nock-based tests. */
export function statusFixture(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    versions: [
      {component: 'core', version: '3.116.0', package: 'pulpcore', module: 'pulpcore.app', domain_compatible: true},
      {component: 'file', version: '3.116.0', package: 'pulpcore', module: 'pulp_file.app', domain_compatible: true},
      {component: 'service', version: '0.1.0', package: 'pulp-service', module: 'pulp_service.app', domain_compatible: true},
    ],
    online_workers: [
      {name: '41@pulp-worker-7c9d', last_heartbeat: '2026-01-05T09:00:01.532210Z', versions: {core: '3.116.0'}},
      {name: '12@pulp-worker-0a1b', last_heartbeat: '2026-01-05T09:00:02Z', versions: {core: '3.116.0'}},
    ],
    online_api_apps: [{name: '7@pulp-api-1', last_heartbeat: '2026-01-05T09:00:01.000001Z', versions: {core: '3.116.0'}}],
    online_content_apps: [],
    database_connection: {connected: true},
    redis_connection: {connected: false},
    storage: {total: null, used: 52428800, free: null},
    content_settings: {content_origin: 'https://pulp.example.com', content_path_prefix: '/pulp/content/'},
    domain_enabled: true,
    ...overrides,
  };
}
