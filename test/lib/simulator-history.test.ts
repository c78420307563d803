import {expect} from 'chai';

import {preloadHistory} from '../../src/lib/simulator/history.js';
import {DELETED, EXECUTOR, STATE_CODE, TaskStore, UNIQUE_LOCK} from '../../src/lib/simulator/task-store.js';

const DOMAIN = {name: 'default', uuid: '0190c2f4-1234-7abc-8def-0123456789ab', prefix: '/api/pulp/default/api/v3/'};
const NO_OP = 'pulp_service.app.tasks.util.no_op_task';

function history(count: number, hours: number, workerType?: 'pulpcore' | 'redis') {
  const store = new TaskStore([DOMAIN], {capacity: count + 1024, userPath: 'users/1/'});
  const endUs = Date.parse('2026-06-01T12:00:00Z') * 1000;
  const summary = preloadHistory(store, {count, hours, seed: 7, endUs, domain: 0, workerType});
  return {store, endUs, summary};
}

/** Most tasks running on workers at once: a sweep over start (+1) and finish (−1) events, finishes first on ties. */
function peakOnWorkers(store: TaskStore): number {
  const starts: number[] = [];
  const finishes: number[] = [];
  for (let row = 0; row < store.size; row++) {
    if (store.executor[row] !== EXECUTOR.worker) continue;
    starts.push(store.started[row]);
    finishes.push(store.finished[row]);
  }
  const a = Float64Array.from(starts).sort();
  const b = Float64Array.from(finishes).sort();
  let peak = 0;
  let running = 0;
  for (let i = 0, j = 0; i < a.length; ) {
    if (j < b.length && b[j] <= a[i]) {
      running--;
      j++;
    } else {
      running++;
      i++;
      if (running > peak) peak = running;
    }
  }
  return peak;
}

/** Per resource, the rows holding it (in row = creation order) and whether exclusively; unique locks left out. */
function holders(store: TaskStore): Map<string, Array<{row: number; exclusive: boolean}>> {
  const byResource = new Map<string, Array<{row: number; exclusive: boolean}>>();
  for (let row = 0; row < store.size; row++) {
    for (const name of store.resourceSets.values[store.resourceRef[row]]) {
      if (name === UNIQUE_LOCK) continue;
      const exclusive = !name.startsWith('shared:');
      const key = exclusive ? name : name.slice('shared:'.length);
      let list = byResource.get(key);
      if (!list) byResource.set(key, (list = []));
      list.push({row, exclusive});
    }
  }
  return byResource;
}

describe('simulator history: the tasking model run in virtual time', function () {
  this.timeout(120_000);

  // Acceptance of issue 13 §4 over 1,000,000 preloaded tasks, on the in-process store (no HTTP). The rules are
  // pulpcore's: worker.py `_unblock_tasks` (a waiting task is unblocked when no older incomplete task holds a
  // conflicting lock) and `fetch_task` (a worker holds one task at a time); pulp-service viewsets.py
  // `TaskIngestionDispatcherView.get` (each no-op task holds an exclusive lock on a fresh uuid4).
  it('1,000,000 tasks: never more running than workers, no conflicting overlap, blocked only behind a conflict', () => {
    const {store, endUs, summary} = history(1_000_000, 24);
    expect(store.size).to.equal(1_000_000);

    // every task is finished, within the window's end
    let lastFinished = 0;
    const states = new Map<number, number>();
    for (let row = 0; row < store.size; row++) {
      states.set(store.state[row], (states.get(store.state[row]) ?? 0) + 1);
      lastFinished = Math.max(lastFinished, store.finished[row]);
    }
    expect([...states.keys()].sort()).to.deep.equal([STATE_CODE.completed, STATE_CODE.failed, STATE_CODE.canceled].sort());
    expect(lastFinished).to.be.at.most(endUs);
    expect(store.created[0]).to.be.at.least(endUs - 24 * 3600e6);
    expect(states.get(STATE_CODE.failed)! / store.size, 'some failed').to.be.within(0.02, 0.1);
    expect(states.get(STATE_CODE.canceled)! / store.size, 'some canceled').to.be.within(0.005, 0.08);

    // 1. at no instant more tasks on workers than workers
    const peak = peakOnWorkers(store);
    expect(peak).to.be.at.most(summary.workers);
    expect(peak, 'bursts fill the fleet').to.equal(summary.workers);

    // 2. no two tasks holding a conflicting lock run at the same time; 3. blocked time only behind a conflict
    const byResource = holders(store);
    const need = new Float64Array(store.size).fill(Number.NEGATIVE_INFINITY);
    let checkedPairs = 0;
    const overlaps: number[] = [];
    for (const list of byResource.values()) {
      let exclusiveEnd = Number.NEGATIVE_INFINITY;
      let anyEnd = Number.NEGATIVE_INFINITY;
      const ran = list.filter(({row}) => !Number.isNaN(store.started[row])).sort((x, y) => store.started[x.row] - store.started[y.row]);
      for (const {row, exclusive} of ran) {
        if (store.started[row] < (exclusive ? anyEnd : exclusiveEnd)) overlaps.push(row);
        if (exclusive) exclusiveEnd = Math.max(exclusiveEnd, store.finished[row]);
        anyEnd = Math.max(anyEnd, store.finished[row]);
        checkedPairs++;
      }
      // what each task waited for: the last finish among OLDER tasks holding a conflicting lock
      let olderExclusiveEnd = Number.NEGATIVE_INFINITY;
      let olderAnyEnd = Number.NEGATIVE_INFINITY;
      for (const {row, exclusive} of list) {
        need[row] = Math.max(need[row], exclusive ? olderAnyEnd : olderExclusiveEnd);
        if (exclusive) olderExclusiveEnd = Math.max(olderExclusiveEnd, store.finished[row]);
        olderAnyEnd = Math.max(olderAnyEnd, store.finished[row]);
      }
    }
    expect(overlaps, 'rows that started while a conflicting task ran').to.deep.equal([]);
    expect(checkedPairs).to.be.greaterThan(500_000);
    let blocked = 0;
    const blockedWithoutConflict: number[] = [];
    const unblockedLate: number[] = [];
    const notBlockedDespiteConflict: number[] = [];
    for (let row = 0; row < store.size; row++) {
      const blockedUs = store.unblocked[row] - store.created[row];
      if (store.state[row] === STATE_CODE.canceled && Number.isNaN(store.started[row])) continue; // unblocked to be finalised
      if (blockedUs > 0) {
        blocked++;
        if (!(need[row] > store.created[row])) blockedWithoutConflict.push(row);
        else if (store.unblocked[row] !== need[row]) unblockedLate.push(row);
      } else if (need[row] > Math.max(store.created[row], store.unblocked[row])) notBlockedDespiteConflict.push(row);
    }
    expect(blockedWithoutConflict, 'blocked without an older conflicting task still incomplete').to.deep.equal([]);
    expect(unblockedLate, 'unblocked at another time than when the last conflicting task finished').to.deep.equal([]);
    expect(notBlockedDespiteConflict, 'not blocked although an older conflicting task was incomplete').to.deep.equal([]);
    expect(blocked / store.size, 'repository locks make some blocked time').to.be.within(0.02, 0.3);

    // 4. every test-endpoint task holds an exclusive lock of its own
    const locks = new Set<string>();
    let noOps = 0;
    for (let row = 0; row < store.size; row += 3) {
      if (store.name(row) !== NO_OP) continue;
      noOps++;
      const [lock, domain] = store.resources(row);
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(lock) && domain === `shared:prn:core.domain:${DOMAIN.uuid}`) locks.add(lock);
    }
    expect(noOps).to.be.greaterThan(100_000);
    expect(locks.size).to.equal(noOps);
  });

  it('keeps the statistical character: a name mix, long queue waits in bursts, a few negative waits, whole seconds', () => {
    const {store, summary} = history(20_000, 2);
    const names = new Map<string, number>();
    const waits: number[] = [];
    let negative = 0;
    let wholeSeconds = 0;
    for (let row = 0; row < store.size; row++) {
      names.set(store.name(row), (names.get(store.name(row)) ?? 0) + 1);
      if (store.created[row] % 1e6 === 0) wholeSeconds++;
      if (Number.isNaN(store.started[row])) continue;
      const wait = (store.started[row] - store.created[row]) / 1e6;
      waits.push(wait);
      if (wait < 0) negative++;
    }
    expect(names.size).to.equal(7);
    expect(names.get(NO_OP)! / store.size).to.be.within(0.3, 0.5);
    waits.sort((a, b) => a - b);
    expect(waits[Math.floor(waits.length * 0.99)], 'p99 wait, s').to.be.above(30);
    expect(waits.at(-1), 'longest wait, s').to.be.above(300);
    expect(negative).to.be.within(1, 200);
    expect(wholeSeconds).to.be.greaterThan(10);
    expect(summary.workers).to.be.within(10, 200);
    // immediate tasks (ageneral_update) mostly run inline in the API (tasks.py `dispatch`, immediate=True)
    let inline = 0;
    for (let row = 0; row < store.size; row++) if (store.executor[row] === EXECUTOR.api) inline++;
    expect(inline / (names.get('pulpcore.app.tasks.base.ageneral_update') ?? 1)).to.be.within(0.5, 1);
    expect(store.state.subarray(0, store.size).includes(DELETED)).to.equal(false);
  });

  it('redis worker history: no unblocked_at, same lock rules (redis_worker.py `fetch_task`)', () => {
    const {store, summary} = history(30_000, 2, 'redis');
    let withUnblocked = 0;
    for (let row = 0; row < store.size; row++) if (!Number.isNaN(store.unblocked[row])) withUnblocked++;
    expect(withUnblocked).to.equal(0);
    expect(peakOnWorkers(store)).to.be.at.most(summary.workers);
    for (const list of holders(store).values()) {
      let exclusiveEnd = Number.NEGATIVE_INFINITY;
      let anyEnd = Number.NEGATIVE_INFINITY;
      for (const {row, exclusive} of list.filter(({row}) => !Number.isNaN(store.started[row])).sort((x, y) => store.started[x.row] - store.started[y.row])) {
        if (store.started[row] < (exclusive ? anyEnd : exclusiveEnd)) expect.fail(`row ${row} overlaps a conflicting task`);
        if (exclusive) exclusiveEnd = Math.max(exclusiveEnd, store.finished[row]);
        anyEnd = Math.max(anyEnd, store.finished[row]);
      }
    }
  });

  // pulpcore/app/models/task.py `Task.set_failed` (error = exception_to_dict(exc, traceback string)) for a task
  // function that raised; `set_canceled(FAILED, reason)` (a reason only) for an abandoned one
  it('failed tasks carry a string traceback beside their description', () => {
    const {store} = history(20_000, 2);
    let failed = 0;
    for (let row = 0; row < store.size; row++) {
      if (store.state[row] !== STATE_CODE.failed) continue;
      failed++;
      const error = JSON.parse(store.errors.values[store.errorRef[row]]) as Record<string, unknown>;
      if ('reason' in error) expect(Object.keys(error)).to.deep.equal(['reason']);
      else {
        expect(error.description, JSON.stringify(error)).to.be.a('string');
        expect(error.traceback, JSON.stringify(error)).to.be.a('string').and.match(/File ".+", line \d+, in /);
      }
    }
    expect(failed).to.be.greaterThan(100);
  });

  it('is reproducible from its seed', () => {
    const first = history(3000, 1).store;
    const second = history(3000, 1).store;
    expect(Array.from(first.started.subarray(0, 3000))).to.deep.equal(Array.from(second.started.subarray(0, 3000)));
    expect(first.id(100)).to.equal(second.id(100));
  });
});
