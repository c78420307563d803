/** The routes that dispatch maintenance tasks: tasks/purge/ and orphans/cleanup/. */
import type {TaskState} from '../task-store.js';
import {FINAL_STATES} from '../task-store.js';
import {parseDatetime} from '../timestamps.js';
import {correlationId, type FrontState, type Route, send} from './http.js';

const PURGE_TASK = 'pulpcore.app.tasks.purge.purge';
const ORPHAN_TASK = 'pulpcore.app.tasks.orphan.orphan_cleanup';
const THIRTY_DAYS_US = 30 * 24 * 3600e6;

export function purgeRoute(state: FrontState): Route {
  return {
    name: 'purge',
    auth: true,
    methods: {
      POST: (context) => {
        const body = (context.body ?? {}) as {finished_before?: unknown; states?: unknown};
        const errors: Record<string, unknown> = {};
        let before = state.options.startedUs - THIRTY_DAYS_US;
        if (body.finished_before !== undefined) {
          const parsed = typeof body.finished_before === 'string' ? parseDatetime(body.finished_before) : undefined;
          if (parsed === undefined) {
            errors.finished_before = ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'];
          } else before = parsed;
        }
        let states: TaskState[] = ['completed'];
        if (body.states !== undefined) {
          if (!Array.isArray(body.states)) errors.states = ['Expected a list of items but got type "str".'];
          else {
            const bad: Record<string, string[]> = {};
            body.states.forEach((value, index) => {
              if (!(FINAL_STATES as readonly unknown[]).includes(value)) bad[String(index)] = [`"${String(value)}" is not a valid choice.`];
            });
            if (Object.keys(bad).length > 0) errors.states = bad;
            else states = body.states as TaskState[];
          }
        }
        if (Object.keys(errors).length > 0) {
          send(context.response, 400, errors);
          return;
        }
        const domain = Number(context.params.domain);
        const domainUuid = state.model.store.domains[domain].uuid;
        const row = state.model.dispatch(
          {name: PURGE_TASK, exclusive: [], shared: [`prn:core.domain:${domainUuid}`], loggingCid: correlationId(context), createdBy: true, domain},
          () => state.model.purge(before, states, domain),
        );
        send(context.response, 202, {task: state.model.store.href(row)});
      },
    },
  };
}

export function orphanRoute(state: FrontState): Route {
  return {
    name: 'orphans',
    auth: true,
    methods: {
      POST: (context) => {
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
      },
    },
  };
}
