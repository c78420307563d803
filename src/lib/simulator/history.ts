/**
 * Seeded history preload, produced by the live tasking model itself (tasking.ts) run on a virtual clock: tasks
 * arrive over the window, a fleet of workers claims and runs them under Pulp's lock rules, and the store keeps
 * what the model recorded. So the history obeys the live rules (never more tasks running on workers than workers,
 * no overlap of conflicting locks, blocked time only behind a real conflict), and keeps the shapes analysis cares
 * about: a mix of task names with lognormal run times, some failed and canceled tasks, backlog bursts that make
 * long queue waits, repository locks that make blocked time, an API clock that sometimes runs ahead (a few
 * negative waits) and some timestamps on whole seconds (which Pulp prints without a fraction).
 */
import {VirtualClock} from './clock.js';
import {SeededRandom} from './random.js';
import {STATE_CODE, type TaskStore} from './task-store.js';
import {DEFAULT_TASK_OVERHEAD_MS, type DispatchRequest, TaskingModel, UNIQUE_LOCK, type WorkerType} from './tasking.js';

export interface HistoryOptions {
  count: number;
  hours: number;
  seed: number;
  /** End of the history window, µs: the last task finishes then. */
  endUs: number;
  domain: number;
  /** The worker type that ran the history (redis: no unblocked_at). Default pulpcore. */
  workerType?: WorkerType;
  /** Workers that ran the history (default: enough for the load, bursts aside). */
  workers?: number;
  /** Per-task worker cost, ms (default 40). */
  taskOverheadMs?: number;
}

export interface HistorySummary {
  workers: number;
  repositories: number;
  /** Tasks dispatched in backlog bursts. */
  burstTasks: number;
  /** How far the simulated run was shifted back so that its last task finishes at `endUs`, µs. */
  shiftUs: number;
}

type Kind = 'no_op' | 'update' | 'rpm_sync' | 'rpm_publish' | 'file_sync' | 'purge' | 'orphan';

const KINDS: ReadonlyArray<{kind: Kind; name: string; weight: number; runMedianS: number; runSigma: number}> = [
  {kind: 'no_op', name: 'pulp_service.app.tasks.util.no_op_task', weight: 40, runMedianS: 0.3, runSigma: 0.2},
  {kind: 'update', name: 'pulpcore.app.tasks.base.ageneral_update', weight: 15, runMedianS: 0.2, runSigma: 0.5},
  {kind: 'rpm_sync', name: 'pulp_rpm.app.tasks.synchronizing.synchronize', weight: 15, runMedianS: 45, runSigma: 1},
  {kind: 'rpm_publish', name: 'pulp_rpm.app.tasks.publishing.publish', weight: 10, runMedianS: 12, runSigma: 0.8},
  {kind: 'file_sync', name: 'pulp_file.app.tasks.synchronizing.synchronize', weight: 10, runMedianS: 8, runSigma: 0.9},
  {kind: 'purge', name: 'pulpcore.app.tasks.purge.purge', weight: 5, runMedianS: 2, runSigma: 0.6},
  {kind: 'orphan', name: 'pulpcore.app.tasks.orphan.orphan_cleanup', weight: 5, runMedianS: 20, runSigma: 0.7},
];

const FAILURE_RATE = 0.05;
const CANCEL_RATE = 0.08;
/** Worker utilisation outside bursts, and in a burst the arrival rate × BURST_FACTOR for ~BURST_SHARE of the time. */
const BASE_UTILISATION = 0.55;
const BURST_FACTOR = 2.5;
const BURST_SHARE = 0.03;
/** Utilisation of one repository's lock, and of the orphan-cleanup lock at most. */
const REPOSITORY_UTILISATION = 0.25;
const ORPHAN_UTILISATION = 0.3;

const meanS = (entry: {runMedianS: number; runSigma: number}) => entry.runMedianS * Math.exp((entry.runSigma * entry.runSigma) / 2);

function uuid4(random: SeededRandom): string {
  const hex = (value: number) => value.toString(16).padStart(8, '0');
  const [a, b, c, d] = [random.uint32(), random.uint32(), (random.uint32() & 0x3fffffff) | 0x80000000, random.uint32()].map(hex);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

export function preloadHistory(store: TaskStore, options: HistoryOptions): HistorySummary {
  const {count} = options;
  const random = new SeededRandom(options.seed);
  const windowUs = options.hours * 3600e6;
  const startUs = options.endUs - windowUs;
  const rate = count / (windowUs / 1e6);
  const domainUuid = store.domains[options.domain].uuid;
  const overheadS = (options.taskOverheadMs ?? DEFAULT_TASK_OVERHEAD_MS) / 1000;

  // The orphan-cleanup lock is one per domain: its share shrinks so that it is not permanently congested.
  const weights = KINDS.map((entry) => entry.weight);
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const orphanIndex = KINDS.findIndex((entry) => entry.kind === 'orphan');
  const orphanShare = Math.min(weights[orphanIndex] / totalWeight, ORPHAN_UTILISATION / Math.max(rate * meanS(KINDS[orphanIndex]), 1e-9));
  weights[orphanIndex] = (orphanShare * (totalWeight - weights[orphanIndex])) / (1 - orphanShare);
  weights[0] += KINDS[orphanIndex].weight - weights[orphanIndex];
  const totalWeights = weights.reduce((sum, weight) => sum + weight, 0);
  const shares = weights.map((weight) => weight / weights.reduce((sum, value) => sum + value, 0));
  const workPerTask = KINDS.reduce((sum, entry, index) => sum + shares[index] * (meanS(entry) + overheadS), 0);
  const baseRate = rate / (1 + (BURST_FACTOR - 1) * BURST_SHARE);
  const workers = options.workers ?? Math.max(2, Math.ceil((baseRate * workPerTask) / BASE_UTILISATION));
  const repoKinds = KINDS.map((entry, index) => ({entry, index})).filter(({entry}) => ['update', 'rpm_sync', 'rpm_publish', 'file_sync'].includes(entry.kind));
  const repoWork = repoKinds.reduce((sum, {entry, index}) => sum + shares[index] * meanS(entry), 0);
  const repositories = Math.max(4, Math.ceil((rate * repoWork) / REPOSITORY_UTILISATION));
  const rpmRepos = Array.from({length: repositories}, () => `prn:rpm.rpmrepository:${uuid4(random)}`);
  const fileRepos = Array.from({length: Math.max(2, Math.ceil(repositories / 3))}, () => `prn:file.filerepository:${uuid4(random)}`);

  const clock = new VirtualClock(startUs);
  const runByName = new Map(KINDS.map((entry) => [entry.name, entry]));
  const model = new TaskingModel(store, {
    workers,
    clock,
    random: () => random.next(),
    workerType: options.workerType,
    taskOverheadMs: options.taskOverheadMs,
    failureRate: FAILURE_RATE,
    runMs: (name) => {
      const entry = runByName.get(name)!;
      return random.lognormal(entry.runMedianS, entry.runSigma) * 1000;
    },
  });

  let index = 0;
  const firstRow = store.size;
  const closingUs = Math.min(60e6, windowUs / 100);

  // Arrivals: Poisson, with bursts of BURST_FACTOR × the rate (alternating quiet and burst spells).
  const burstMeanUs = Math.min(10 * 60e6, windowUs / 50);
  const quietMeanUs = (burstMeanUs * (1 - BURST_SHARE)) / BURST_SHARE;
  const exponential = (mean: number) => -Math.log(1 - random.next()) * mean;
  let burstStart = startUs + exponential(quietMeanUs);
  let burstEnd = burstStart + exponential(burstMeanUs);
  let drawnInBurst = false;
  const arrivalsEndUs = options.endUs - closingUs - 15e6;
  const drawArrival = (fromUs: number): number => {
    let t = fromUs;
    // the mean gap that fits the remaining tasks into the remaining window (bursts included)
    const remaining = Math.max(1, count - index);
    const gapMeanUs = (Math.max(arrivalsEndUs - fromUs, windowUs / count) / remaining) * (1 + (BURST_FACTOR - 1) * BURST_SHARE);
    for (;;) {
      while (t >= burstEnd) {
        burstStart = burstEnd + exponential(quietMeanUs);
        burstEnd = burstStart + exponential(burstMeanUs);
      }
      const inBurst = t >= burstStart;
      const boundary = inBurst ? burstEnd : burstStart;
      const next = t + exponential(inBurst ? gapMeanUs / BURST_FACTOR : gapMeanUs);
      if (next < boundary) {
        drawnInBurst = inBurst;
        return Math.min(next, Math.max(fromUs, arrivalsEndUs)); // never past the window (a slow draw for the last few)
      }
      t = boundary; // memoryless: draw again from the boundary at the new rate
    }
  };
  let burstTasks = 0;

  // reserved_resources_record as tasks.py `get_resources` builds it: exclusive names, then shared ones, the domain last
  const domain = `shared:prn:core.domain:${domainUuid}`;
  const noOpRecord = [UNIQUE_LOCK, domain];
  const orphanRecord = [`pdrn:${domainUuid}:orphans`, domain];
  const domainRecord = [domain];
  const exclusiveRecords = rpmRepos.map((repo) => [repo, domain]);
  const sharedRecords = rpmRepos.map((repo) => [`shared:${repo}`, domain]);
  const fileRecords = fileRepos.map((repo) => [repo, domain]);

  const cidWords = new Uint32Array(4);
  let cid = '';
  let previousCreated = startUs;
  const arrive = () => {
    const now = clock.now();
    if (index % 25 === 0) {
      for (let word = 0; word < 4; word++) cidWords[word] = random.uint32();
      cid = Array.from(cidWords, (word) => word.toString(16).padStart(8, '0')).join('');
    }
    let point = random.next() * totalWeights;
    let kindIndex = 0;
    while (kindIndex < KINDS.length - 1 && (point -= weights[kindIndex]) >= 0) kindIndex++;
    const kind = KINDS[kindIndex];
    const repo = Math.floor(random.next() * rpmRepos.length);
    let record: string[];
    if (kind.kind === 'no_op') record = noOpRecord;
    else if (kind.kind === 'orphan') record = orphanRecord;
    else if (kind.kind === 'purge') record = domainRecord;
    else if (kind.kind === 'rpm_publish') record = sharedRecords[repo];
    else if (kind.kind === 'file_sync') record = fileRecords[Math.floor(random.next() * fileRecords.length)];
    else record = exclusiveRecords[repo];
    const request: DispatchRequest = {
      name: kind.name,
      exclusive: [],
      shared: [],
      record,
      loggingCid: cid,
      createdBy: kind.kind !== 'no_op',
      domain: options.domain,
      idWords: [random.uint32(), random.uint32(), random.uint32()],
    };
    if (drawnInBurst) burstTasks++;

    index++;
    const following = index < count ? drawArrival(now) : Number.POSITIVE_INFINITY;
    // An API node whose clock runs ahead (a few negative waits), never past the next task's creation.
    if (random.next() < 0.002) request.createdUs = Math.min(now + (0.01 + random.next() * 2) * 1e6, now + 0.9 * (following - now));
    previousCreated = request.createdUs ?? now;

    const row = kind.kind === 'update' ? model.dispatchImmediate(request).row : model.dispatch(request);
    if (random.next() < CANCEL_RATE) {
      const delayUs = random.lognormal(5, 1.5) * 1e6;
      clock.at(now + delayUs, () => model.cancel(row));
    }
    if (index === count) {
      // The history ends with nothing running: tasks still incomplete a little after the last arrival are canceled.
      clock.at(now + closingUs, () => {
        for (let row = firstRow; row < store.size; row++) {
          const state = store.state[row];
          if (state === STATE_CODE.waiting || state === STATE_CODE.running) model.cancel(row);
        }
      });
    } else {
      // some tasks created on a whole second (Pulp prints those without a fraction)
      let at = following;
      if (random.next() < 0.005 && Math.floor(at / 1e6) * 1e6 >= previousCreated) at = Math.floor(at / 1e6) * 1e6;
      clock.at(at, arrive);
    }
  };
  if (count > 0) clock.at(drawArrival(startUs + closingUs + 15e6), arrive);
  clock.run();

  // Shift the run so that its last task finishes at endUs (the history ends now, with nothing left running).
  let lastUs = Number.NEGATIVE_INFINITY;
  for (let row = firstRow; row < store.size; row++) if (store.finished[row] > lastUs) lastUs = store.finished[row];
  // by whole seconds, so the tasks created on a whole second stay so
  const shiftUs = Number.isFinite(lastUs) ? Math.ceil((lastUs - options.endUs) / 1e6) * 1e6 : 0;
  if (shiftUs !== 0) {
    for (const column of [store.created, store.unblocked, store.started, store.finished]) {
      for (let row = firstRow; row < store.size; row++) column[row] -= shiftUs;
    }
  }
  return {workers, repositories, burstTasks, shiftUs};
}
