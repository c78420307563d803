/**
 * The simulator's non-task objects, as pulpcore serialises them: workers (AppStatus rows of type worker), the
 * default task schedules (pulpcore/app/util.py configure_cleanup / configure_analytics), and domains.
 */
import type {Reference} from '../references.js';
import {formatTimestamp} from '../timestamps.js';
import {UUID_PATTERN} from '../uuid.js';
import type {FrontState} from './http.js';

/** The pk of a domain's one simulated UpstreamPulp (derived from the domain's pk). */
export const upstreamId = (domainUuid: string) => `${domainUuid.slice(0, 14)}7${domainUuid.slice(15)}`;

/** A worker's fixed pk. */
export const workerId = (index: number) => `0195${String(index).padStart(4, '0')}-0000-7000-8000-${String(index).padStart(12, '0')}`;

/**
 * pulpcore's default schedules: ORPHAN_PROTECTION_TIME (24 × 60 min) makes "Clean up stale content periodically"
 * every day; ANALYTICS (True upstream) "Post Anonymous Analytics Periodically" every day; TASK/UPLOAD/TMPFILE
 * protection times are 0 by default, so those cleanups have no schedule. pulp-service's clowdapp.yaml sets
 * PULP_TASK_PROTECTION_TIME=20160, which adds "Clean up stale tasks periodically" (purge every 14 days).
 */
const PURGE_SCHEDULE = {id: '0195aaaa-0000-7000-8000-000000000003', name: 'Clean up stale tasks periodically', taskName: 'pulpcore.app.tasks.purge.purge', interval: '14 00:00:00', minutes: 20_160};
const DEFAULT_SCHEDULES = [
  {id: '0195aaaa-0000-7000-8000-000000000001', name: 'Clean up stale content periodically', taskName: 'pulpcore.app.tasks.orphan.orphan_cleanup', interval: '1 00:00:00', minutes: 24 * 60},
  {id: '0195aaaa-0000-7000-8000-000000000002', name: 'Post Anonymous Analytics Periodically', taskName: 'pulpcore.app.tasks.analytics.post_analytics', interval: '1 00:00:00', minutes: 24 * 60},
];

const schedules = (state: FrontState) => (state.domains ? [...DEFAULT_SCHEDULES, PURGE_SCHEDULE] : DEFAULT_SCHEDULES);

export function objectExists(state: FrontState, reference: Reference): boolean {
  const pk = reference.pk?.toLowerCase();
  if (pk === undefined || !UUID_PATTERN.test(pk)) return false;
  const {store} = state.model;
  switch (reference.model) {
    case 'core.task':
      return store.find(pk) >= 0;
    case 'core.domain':
      return store.domains.some((domain) => domain.uuid === pk);
    case 'core.appstatus':
      return Array.from({length: state.model.workerCount}, (_, index) => workerId(index)).includes(pk);
    case 'core.taskgroup':
      return state.relations.groupIndex(pk) >= 0;
    case 'core.upstreampulp':
      return store.domains.some((domain) => upstreamId(domain.uuid) === pk);
    case 'core.taskschedule':
      return schedules(state).some((schedule) => schedule.id === pk);
    default:
      return false;
  }
}

/** The schedules as TaskScheduleSerializer writes them, in a domain's URL space. */
export function scheduleObjects(state: FrontState, prefix: string): Array<Record<string, unknown>> {
  const created = formatTimestamp(state.options.startedUs);
  return schedules(state).map((schedule) => ({
    pulp_href: `${prefix}task-schedules/${schedule.id}/`,
    prn: `prn:core.taskschedule:${schedule.id}`,
    pulp_created: created,
    pulp_last_updated: created,
    name: schedule.name,
    task_name: schedule.taskName,
    dispatch_interval: schedule.interval,
    next_dispatch: formatTimestamp(state.options.startedUs + schedule.minutes * 60e6),
    last_task: null,
  }));
}
