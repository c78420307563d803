/** The anonymous routes: `status/` and the OpenAPI schema (only its security schemes filled in). */
import {apiSchema} from '../oauth2-server.js';
import {formatTimestamp, nowUs} from '../timestamps.js';
import {type FrontState, type Route, send} from './http.js';

export function statusBody(state: FrontState): Record<string, unknown> {
  const heartbeat = formatTimestamp(nowUs());
  const versions: Record<string, string> = {core: '3.116.0', file: '3.116.0'};
  if (state.domains) versions.service = '0.1.0';
  const app = (name: string) => ({name, last_heartbeat: heartbeat, versions});
  return {
    versions: Object.entries(versions).map(([component, version]) => ({
      component,
      version,
      package: component === 'service' ? 'pulp-service' : 'pulpcore',
      module: component === 'core' ? 'pulpcore.app' : `pulp_${component}.app`,
      domain_compatible: true,
    })),
    // views/status.py: AppStatus.objects.online() of type worker, each with its own last heartbeat
    online_workers: state.model
      .workers()
      .filter((worker) => worker.online)
      .map((worker) => ({name: worker.name, last_heartbeat: formatTimestamp(worker.lastHeartbeatUs), versions})),
    online_api_apps: [app(`${process.pid}@pulp-api-sim`)],
    online_content_apps: [app(`${process.pid + 1}@pulp-content-sim`)],
    database_connection: {connected: true},
    // The redis worker type needs Redis (pulp-service deploys one); the PostgreSQL worker runs without it.
    redis_connection: {connected: state.model.workerType === 'redis'},
    storage: state.domains ? {total: null, used: 0, free: null} : {total: 107_374_182_400, used: 1_073_741_824, free: 106_300_440_576},
    content_settings: {content_origin: null, content_path_prefix: state.domains ? '/api/pulp-content/' : '/pulp/content/'},
    domain_enabled: state.domains,
  };
}

export function statusRoute(state: FrontState): Route {
  return {name: 'status', auth: false, methods: {GET: ({response}) => send(response, 200, statusBody(state))}};
}

export function docsRoute(state: FrontState): Route {
  return {
    name: 'docs',
    auth: false,
    methods: {
      GET: ({request, response}) => send(response, 200, apiSchema(`http://${request.headers.host ?? 'localhost'}`, state.options.oauth2)),
    },
  };
}
