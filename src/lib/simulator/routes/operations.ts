/**
 * The routes that dispatch maintenance tasks: tasks/purge/ (pulpcore/app/viewsets/task.py TaskViewSet.purge with
 * serializers/purge.py PurgeSerializer), orphans/cleanup/ (viewsets/orphans.py OrphansCleanupViewset.cleanup with
 * serializers/orphans.py OrphansCleanupSerializer) and the deprecated DELETE orphans/ (views/orphans.py OrphansView).
 */
import type {TaskState} from '../task-store.js';
import {FINAL_STATES} from '../task-store.js';
import {parseDatetime} from '../timestamps.js';
import {bodyFields, type BodyFields, integerField, isMissing, listError, pythonStr, unexpectedFields} from './bodies.js';
import {correlationId, type FrontState, type RequestContext, type Route, send} from './http.js';

const PURGE_TASK = 'pulpcore.app.tasks.purge.purge';
const ORPHAN_TASK = 'pulpcore.app.tasks.orphan.orphan_cleanup';
const DAY_US = 24 * 3600e6;
const NULL = 'This field may not be null.';
const DATETIME_FORMAT = 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';
/** constants.py ORPHAN_PROTECTION_TIME_UPPER_BOUND */
const PROTECTION_MAX = 4_294_967_295;

/** Runs a serializer: field errors first, then (only when the fields are valid) the unknown-field check. */
function validate<T>(context: RequestContext, defined: string[], fieldsOf: (fields: BodyFields, errors: Record<string, string[]>) => T): T | undefined {
  const fields = bodyFields(context.body);
  if ('errors' in fields) {
    send(context.response, 400, fields.errors);
    return undefined;
  }
  const errors: Record<string, string[]> = {};
  const value = fieldsOf(fields, errors);
  const failed = Object.keys(errors).length > 0 ? errors : unexpectedFields(fields, defined);
  if (Object.keys(failed).length > 0) {
    send(context.response, 400, failed);
    return undefined;
  }
  return value;
}

/** PurgeSerializer's default finished_before: 30 days before the process started, at midnight (a date string evaluated at import). */
function defaultBefore(startedUs: number): number {
  const day = Math.floor((startedUs - 30 * DAY_US) / DAY_US);
  return day * DAY_US;
}

export function purgeRoute(state: FrontState): Route {
  return {
    name: 'purge',
    auth: true,
    methods: {
      POST(context) {
        const valid = validate(context, ['finished_before', 'states'], (fields, errors) => {
          let before = defaultBefore(state.options.startedUs);
          const finishedBefore = fields.get('finished_before', false);
          if (!isMissing(finishedBefore)) {
            const parsed = typeof finishedBefore === 'string' ? parseDatetime(finishedBefore) : undefined;
            if (finishedBefore === null) errors.finished_before = [NULL];
            else if (parsed === undefined) errors.finished_before = [DATETIME_FORMAT];
            else before = parsed;
          }
          let states: TaskState[] = ['completed'];
          const given = fields.get('states', true);
          if (!isMissing(given)) {
            // MultipleChoiceField: a list (not a string), each item's str() one of TASK_FINAL_STATES; the first bad one is reported.
            const notList = listError(given);
            if (notList) errors.states = [notList];
            else {
              const items = Array.isArray(given) ? given : Object.keys(given as object);
              const bad = items.find((item) => !(FINAL_STATES as readonly string[]).includes(pythonStr(item)));
              if (bad === undefined) states = [...new Set(items.map(pythonStr))] as TaskState[];
              else errors.states = [`"${pythonStr(bad)}" is not a valid choice.`];
            }
          }
          return {before, states};
        });
        if (!valid) return;
        const domain = Number(context.params.domain);
        const domainUuid = state.model.store.domains[domain].uuid;
        const row = state.model.dispatch(
          {name: PURGE_TASK, exclusive: [], shared: [`prn:core.domain:${domainUuid}`], loggingCid: correlationId(context), createdBy: true, domain},
          () => state.model.purge(valid.before, valid.states, domain),
        );
        send(context.response, 202, {task: state.model.store.href(row)});
      },
    },
  };
}

function dispatchOrphanCleanup(state: FrontState, context: RequestContext): void {
  const domain = Number(context.params.domain);
  const domainUuid = state.model.store.domains[domain].uuid;
  const row = state.model.dispatch({
    name: ORPHAN_TASK,
    exclusive: [`pdrn:${domainUuid}:orphans`],
    shared: [`prn:core.domain:${domainUuid}`],
    loggingCid: correlationId(context),
    createdBy: true,
    domain,
  });
  send(context.response, 202, {task: state.model.store.href(row)});
}

export function orphanRoute(state: FrontState): Route {
  return {
    name: 'orphans',
    auth: true,
    methods: {
      POST(context) {
        const valid = validate(context, ['content_hrefs', 'orphan_protection_time'], (fields, errors) => {
          const hrefs = fields.get('content_hrefs', true);
          if (!isMissing(hrefs)) {
            const notList = listError(hrefs);
            const items = Array.isArray(hrefs) ? hrefs : [];
            if (notList) errors.content_hrefs = [notList];
            else if (items.length === 0) errors.content_hrefs = ['Must not be [].'];
            // get_resource(href, Content): the simulator has no content, so every href is unknown or not found.
            else errors.content_hrefs = [contentError(state, pythonStr(items[0]))];
          }
          const protection = fields.get('orphan_protection_time', false);
          if (!isMissing(protection) && protection !== null && protection !== '') {
            const checked = integerField(protection, 0, PROTECTION_MAX);
            if (typeof checked === 'string') errors.orphan_protection_time = [checked];
          }
          return true;
        });
        if (valid) dispatchOrphanCleanup(state, context);
      },
    },
  };
}

/** NamedModelViewSet.get_resource(href, Content) for an href the simulator cannot have. */
function contentError(state: FrontState, href: string): string {
  if (href.startsWith('prn:')) return `URI ${href} not found for content.`;
  const path = href.replace(/^https?:\/\/[^/]+/, '');
  const root = state.domains ? /^\/api\/pulp\/[-\w]+\/api\/v3\/content\/[^/]+\/[^/]+\/[^/.]+\/$/ : /^\/pulp\/api\/v3\/content\/[^/]+\/[^/]+\/[^/.]+\/$/;
  return root.test(path) ? `URI ${href} not found for content.` : `URI not valid: ${href}`;
}

/** The deprecated `DELETE orphans/`: still dispatches an orphan cleanup and answers 202. */
export function deprecatedOrphansRoute(state: FrontState): Route {
  return {name: 'orphans', auth: true, methods: {DELETE: (context) => dispatchOrphanCleanup(state, context)}};
}
