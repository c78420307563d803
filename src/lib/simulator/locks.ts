/**
 * Pulp's resource locks, kept incrementally. pulpcore's unblocking pass (worker.py, `_unblock_tasks`) walks the
 * incomplete tasks in `pulp_created` order and unblocks a waiting task when no OLDER incomplete task holds a
 * conflicting resource (exclusive vs anything; shared vs exclusive). That is the same as asking, per resource,
 * whether the oldest incomplete holder is older than the task — which this class answers from per-resource queues
 * of holders in row (= creation) order, without walking the backlog. The redis worker (redis_worker.py,
 * `fetch_task`) skips tasks conflicting with older waiting tasks and cannot take locks a running task holds: the
 * same rule.
 */

/** A queue of rows in increasing order; rows that stopped holding are skipped lazily. */
class Holders {
  rows: number[] = [];
  head = 0;

  /** The oldest row still holding, or Infinity. */
  oldest(holding: (row: number) => boolean): number {
    const {rows} = this;
    while (this.head < rows.length && !holding(rows[this.head])) this.head++;
    if (this.head > 1024 && this.head * 2 > rows.length) {
      this.rows = rows.slice(this.head);
      this.head = 0;
    }
    return this.head < this.rows.length ? this.rows[this.head] : Number.POSITIVE_INFINITY;
  }

  get empty(): boolean {
    return this.head >= this.rows.length;
  }
}

interface Resource {
  name: string;
  exclusive: Holders;
  shared: Holders;
  /** Parsed sets naming it (dropped with it). */
  refs: number[];
}

/** A parsed reserved_resources_record: resource ids, and whether each is held exclusively. */
export interface LockSet {
  ids: number[];
  exclusive: boolean[];
}

const SHARED = 'shared:';

export class ResourceLocks {
  private readonly byName = new Map<string, number>();
  private readonly resources: Array<Resource | undefined> = [];
  /** Parsed lock sets by the store's resource-set index. */
  private readonly parsed: Array<LockSet | undefined> = [];

  /** `holding(row)`: whether the row is an incomplete task (waiting, running or canceling). */
  constructor(private readonly holding: (row: number) => boolean) {}

  /** Parses a reserved_resources_record (cached by `ref`); names in `ignore` (unique locks) are left out. */
  lockSet(ref: number, record: readonly string[], ignore?: string): LockSet {
    const cached = this.parsed[ref];
    if (cached) return cached;
    const exclusiveNames = record.filter((name) => !name.startsWith(SHARED) && name !== ignore);
    const sharedNames = record.filter((name) => name.startsWith(SHARED)).map((name) => name.slice(SHARED.length)).filter((name) => !exclusiveNames.includes(name));
    const set: LockSet = {ids: [], exclusive: []};
    for (const name of exclusiveNames) {
      set.ids.push(this.id(name, ref));
      set.exclusive.push(true);
    }
    for (const name of sharedNames) {
      set.ids.push(this.id(name, ref));
      set.exclusive.push(false);
    }
    this.parsed[ref] = set;
    return set;
  }

  private id(name: string, ref: number): number {
    let id = this.byName.get(name);
    if (id === undefined) {
      id = this.resources.length;
      this.byName.set(name, id);
      this.resources.push({name, exclusive: new Holders(), shared: new Holders(), refs: []});
    }
    this.resources[id]!.refs.push(ref);
    return id;
  }

  /** Forgets a resource nobody holds (a fresh uuid4 lock per task would otherwise pile up). */
  private drop(id: number): void {
    const resource = this.resources[id]!;
    this.byName.delete(resource.name);
    for (const ref of resource.refs) this.parsed[ref] = undefined;
    this.resources[id] = undefined;
  }

  /** Records a new (newest) task as a holder of its locks. */
  add(row: number, set: LockSet): void {
    for (let index = 0; index < set.ids.length; index++) {
      const resource = this.resources[set.ids[index]]!;
      const holders = set.exclusive[index] ? resource.exclusive : resource.shared;
      holders.rows.push(row);
      // a queue nobody reads (the domain's shared holders) is trimmed now and then
      if ((holders.rows.length & 4095) === 0) holders.oldest(this.holding);
    }
  }

  /** Whether an older incomplete task holds a lock conflicting with `row`'s. */
  blocked(row: number, set: LockSet): boolean {
    const {holding} = this;
    for (let index = 0; index < set.ids.length; index++) {
      const resource = this.resources[set.ids[index]]!;
      if (resource.exclusive.oldest(holding) < row) return true;
      if (set.exclusive[index] && resource.shared.oldest(holding) < row) return true;
    }
    return false;
  }

  /**
   * After `row` stopped holding `set`: the tasks that may have been waiting for it (the oldest exclusive holder of
   * each resource, and shared holders older than the next exclusive one). Callers re-check them with `blocked`.
   */
  candidatesAfterRelease(row: number, set: LockSet, visit: (candidate: number) => void): void {
    const {holding} = this;
    for (let index = 0; index < set.ids.length; index++) {
      const resource = this.resources[set.ids[index]];
      if (!resource) continue;
      const nextExclusive = resource.exclusive.oldest(holding);
      if (Number.isFinite(nextExclusive)) visit(nextExclusive);
      if (set.exclusive[index]) {
        // shared holders newer than the released exclusive one and older than the next exclusive one
        const shared = resource.shared;
        shared.oldest(holding);
        for (let position = shared.head; position < shared.rows.length; position++) {
          const candidate = shared.rows[position];
          if (candidate > nextExclusive) break;
          if (candidate > row && holding(candidate)) visit(candidate);
        }
      }
      // a lock only one record names (a task's own uuid4) is dropped once free; shared ones stay parsed
      if (resource.refs.length === 1 && !Number.isFinite(nextExclusive) && resource.shared.oldest(holding) === Number.POSITIVE_INFINITY) this.drop(set.ids[index]);
    }
  }

  /** Whether no incomplete task holds anything (for tests). */
  get idle(): boolean {
    return this.resources.every((resource) => !resource || (resource.exclusive.oldest(this.holding) === Infinity && resource.shared.oldest(this.holding) === Infinity));
  }

  /** Resources currently tracked (for tests). */
  get tracked(): number {
    return this.byName.size;
  }
}
