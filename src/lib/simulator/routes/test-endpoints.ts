/** pulp-service's task-ingestion test endpoints: anonymous GETs that dispatch no-op tasks for a while. */
import {randomUUID} from 'node:crypto';

import {pause} from '../../pause.js';
import {correlationId, type FrontState, type Route, send, sendHtml} from './http.js';

const NO_OP_TASK = 'pulp_service.app.tasks.util.no_op_task';

export function testRoute(state: FrontState, name: string, randomLocks: boolean): Route {
  return {
    name,
    auth: false,
    methods: {
      GET: async (context) => {
        if (!state.options.testEndpointsEnabled) {
          sendHtml(context.response, 500, 'Server Error (500)');
          return;
        }
        const requested = Number(context.url.searchParams.get('timeout'));
        const seconds = state.options.honourTimeout && Number.isFinite(requested) && requested > 0 ? requested : state.options.fixedSeconds;
        const count = await dispatchNoOps(state, seconds, randomLocks, correlationId(context), context.signal);
        if (!context.response.destroyed) send(context.response, 200, {tasks_executed: count});
      },
    },
  };
}

/** Dispatches no-op tasks, paced, until `seconds` have elapsed (checked between dispatches), as pulp-service does. */
async function dispatchNoOps(state: FrontState, seconds: number, randomLocks: boolean, loggingCid: string, signal: AbortSignal): Promise<number> {
  const domain = state.domainIndex.get('default') ?? 0;
  const domainUuid = state.model.store.domains[domain].uuid;
  const locks = randomLocks ? [randomUUID(), randomUUID(), randomUUID()] : [];
  const started = Date.now();
  let ownNext = started;
  let count = 0;
  while (Date.now() - started < seconds * 1000 && !signal.aborted) {
    const slot = state.pacer.reserve(ownNext, Date.now());
    ownNext = slot + state.pacer.requestIntervalMs;
    const wait = slot - Date.now();
    if (wait > 0) await pause(wait, signal);
    if (Date.now() - started >= seconds * 1000 || signal.aborted) break;
    state.model.dispatch({
      name: NO_OP_TASK,
      exclusive: [randomLocks ? locks[Math.floor(Math.random() * 3)] : randomUUID()],
      shared: [`prn:core.domain:${domainUuid}`],
      loggingCid,
      createdBy: false,
      domain,
    });
    count++; // the real server keeps dispatching when the client gives up, and so does this
  }
  return count;
}
