/**
 * Seeded history preload: N finished tasks spread over the last H hours, with the shapes analysis cares about —
 * a state mix, blocked time mostly zero with a tail, a lognormal queue wait with a heavy tail up to hours,
 * lognormal run times per task name, a few negative waits from clock skew, and some timestamps on whole
 * seconds (which Pulp prints without a fraction).
 */
import {SeededRandom} from './random.js';
import {STATE_CODE, type TaskStore} from './task-store.js';

export interface HistoryOptions {
  count: number;
  hours: number;
  seed: number;
  /** End of the history window, µs (default: now). */
  endUs: number;
  domain: number;
  /** The redis worker type never records unblocked_at. */
  recordUnblocked?: boolean;
}

const NAMES = [
  {name: 'pulp_service.app.tasks.util.no_op_task', weight: 40, runMedianS: 0.3, runSigma: 0.2},
  {name: 'pulpcore.app.tasks.base.general_update', weight: 15, runMedianS: 0.2, runSigma: 0.5},
  {name: 'pulp_rpm.app.tasks.synchronizing.synchronize', weight: 15, runMedianS: 45, runSigma: 1},
  {name: 'pulp_rpm.app.tasks.publishing.publish', weight: 10, runMedianS: 12, runSigma: 0.8},
  {name: 'pulp_file.app.tasks.synchronizing.synchronize', weight: 10, runMedianS: 8, runSigma: 0.9},
  {name: 'pulpcore.app.tasks.purge.purge', weight: 5, runMedianS: 2, runSigma: 0.6},
  {name: 'pulpcore.app.tasks.orphan.orphan_cleanup', weight: 5, runMedianS: 20, runSigma: 0.7},
] as const;

const STATE_WEIGHTS = [
  {state: STATE_CODE.completed, weight: 92},
  {state: STATE_CODE.failed, weight: 5},
  {state: STATE_CODE.canceled, weight: 3},
];

const MAX_QUEUE_S = 10 * 3600;

export function preloadHistory(store: TaskStore, options: HistoryOptions): void {
  const random = new SeededRandom(options.seed);
  const {count} = options;
  if (count <= 0) return;
  const windowUs = options.hours * 3600e6;
  const startUs = options.endUs - windowUs;
  const nameWeights = NAMES.map((entry) => entry.weight);
  const stateWeights = STATE_WEIGHTS.map((entry) => entry.weight);
  const domainUuid = store.domains[options.domain].uuid;
  const cidWords = new Uint32Array(4);
  let cid = '';
  let createdUs = startUs;
  const meanGapUs = windowUs / count;

  for (let index = 0; index < count; index++) {
    // Poisson arrivals: exponential gaps with the mean that fills the window.
    createdUs += -Math.log(1 - random.next()) * meanGapUs;
    let created = Math.min(Math.round(createdUs), options.endUs);
    if (random.next() < 0.005) created = Math.floor(created / 1e6) * 1e6; // whole second: no fraction
    if (index % 25 === 0) {
      for (let word = 0; word < 4; word++) cidWords[word] = random.uint32();
      cid = Array.from(cidWords, (word) => word.toString(16).padStart(8, '0')).join('');
    }

    const kind = NAMES[random.weighted(nameWeights)];
    const exclusive = kind.name.includes('orphan') ? [`pdrn:${domainUuid}:orphans`] : kind.name.includes('no_op') ? [] : [`prn:core.repository:${domainUuid.slice(0, 8)}-${index % 40}`];
    const row = store.append({
      createdUs: created,
      name: kind.name,
      loggingCid: cid,
      resources: [...exclusive, `shared:prn:core.domain:${domainUuid}`],
      createdBy: !kind.name.startsWith('pulp_service'),
      domain: options.domain,
      idWords: [random.uint32(), random.uint32(), random.uint32()],
    });
    created = store.created[row];

    const blockedS = random.next() < 0.85 ? random.next() * 0.005 : random.lognormal(20, 1.5);
    const queueS = Math.min(MAX_QUEUE_S, random.lognormal(1.5, 2));
    const runS = random.lognormal(kind.runMedianS, kind.runSigma);
    let unblocked = created + Math.round(blockedS * 1e6);
    let started = unblocked + Math.round(queueS * 1e6);
    if (random.next() < 0.001) started = created - Math.round((0.01 + random.next() * 2) * 1e6); // clock skew
    let state = STATE_WEIGHTS[random.weighted(stateWeights)].state;
    if (state === STATE_CODE.canceled && random.next() < 0.5) {
      // canceled while waiting: never started
      if (options.recordUnblocked !== false) store.unblocked[row] = unblocked;
      store.finished[row] = unblocked + Math.round(random.next() * 5e6);
      store.state[row] = state;
      store.setError(row, {reason: 'Resources temporarily unavailable.'});
      continue;
    }
    let finished = started + Math.round(runS * 1e6);
    if (finished > options.endUs) {
      // keep the whole history in the past: squeeze the tail of tasks near the window's end
      finished = Math.max(options.endUs, created);
      started = Math.min(started, finished);
      unblocked = Math.min(unblocked, Math.max(started, created));
      state = STATE_CODE.completed;
    }
    if (options.recordUnblocked !== false) store.unblocked[row] = unblocked;
    store.started[row] = started;
    store.finished[row] = finished;
    store.state[row] = state;
    if (state === STATE_CODE.failed) store.setError(row, {description: 'Simulated failure in history.', traceback: null});
  }
}
