/**
 * The simulator's task table, stored as columns (typed arrays plus small string tables) so that millions of
 * tasks fit in a few hundred megabytes. Rows are appended in `pulp_created` order and never move; ids are
 * UUIDv7 strings derived from the creation time and three stored random words.
 */
import {type NumericArray, resized} from '../typed-arrays.js';
import {formatTimestamp} from './timestamps.js';
import {uuid7, uuid7Millis} from './uuid.js';

export const STATES = ['waiting', 'skipped', 'running', 'completed', 'failed', 'canceled', 'canceling'] as const;
export type TaskState = (typeof STATES)[number];
export const STATE_CODE: Record<TaskState, number> = Object.fromEntries(STATES.map((state, index) => [state, index])) as Record<TaskState, number>;
export const FINAL_STATES: readonly TaskState[] = ['skipped', 'completed', 'failed', 'canceled'];
export const INCOMPLETE_STATES: readonly TaskState[] = ['waiting', 'running', 'canceling'];
/** State code of a purged (deleted) row. */
export const DELETED = 255;

/**
 * Stands, in a task's resources, for an exclusive lock on a fresh `uuid4()` of its own (pulp-service's test
 * endpoint dispatches each no-op task so). The UUID is derived from the task's stored random words, so a
 * million such tasks cost no strings.
 */
export const UNIQUE_LOCK = '\u0000unique-lock';

/** Who ran a task: nobody (yet), a task worker, or an API process (an immediate task run inline). */
export const EXECUTOR = {none: 0, worker: 1, api: 2} as const;

export interface Domain {
  name: string;
  uuid: string;
  /** `/pulp/api/v3/` or `/api/pulp/{name}/api/v3/` */
  prefix: string;
}

export interface NewTask {
  createdUs: number;
  name: string;
  loggingCid: string;
  /** Full reserved_resources_record: exclusive names, then `shared:`-prefixed shared names. */
  resources: string[];
  createdBy: boolean;
  domain: number;
  idWords: [number, number, number];
}

/** A table of distinct strings (or string lists) referenced by index, with their JSON text kept ready. */
class Interned<T> {
  readonly values: T[] = [];
  readonly json: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly byIdentity = new Map<T, number>();
  constructor(private readonly key: (value: T) => string) {}
  add(value: T): number {
    // the very list object stored first (a history's ready-made records) skips building the key
    if (typeof value === 'object' && value !== null) {
      const known = this.byIdentity.get(value);
      if (known !== undefined) return known;
    }
    const key = this.key(value);
    let position = this.index.get(key);
    if (position === undefined) {
      position = this.values.length;
      this.values.push(value);
      this.json.push(JSON.stringify(value));
      this.index.set(key, position);
      if (typeof value === 'object' && value !== null) this.byIdentity.set(value, position);
    }
    return position;
  }
}

const STATE_JSON = STATES.map((state) => `"${state}"`);

export class TaskStore {
  size = 0;
  /** Rows purged so far (they stay in place with state DELETED). */
  deletedCount = 0;
  private capacity: number;
  created: Float64Array;
  unblocked: Float64Array;
  started: Float64Array;
  finished: Float64Array;
  state: Uint8Array;
  nameRef: Uint16Array;
  cidRef: Uint32Array;
  resourceRef: Uint32Array;
  errorRef: Int32Array;
  createdBy: Uint8Array;
  domainRef: Uint8Array;
  executor: Uint8Array;
  idA: Uint32Array;
  idB: Uint32Array;
  idC: Uint32Array;
  readonly names = new Interned<string>((value) => value);
  readonly cids = new Interned<string>((value) => value);
  readonly resourceSets = new Interned<string[]>((value) => value.join('\u0000'));
  /** JSON text of `error` objects. */
  readonly errors = new Interned<string>((value) => value);
  readonly domains: Domain[];
  readonly userPath: string;

  constructor(domains: Domain[], options: {capacity?: number; userPath: string}) {
    this.domains = domains;
    this.userPath = options.userPath;
    this.capacity = Math.max(1024, options.capacity ?? 1024);
    this.created = new Float64Array(this.capacity);
    this.unblocked = new Float64Array(this.capacity);
    this.started = new Float64Array(this.capacity);
    this.finished = new Float64Array(this.capacity);
    this.state = new Uint8Array(this.capacity);
    this.nameRef = new Uint16Array(this.capacity);
    this.cidRef = new Uint32Array(this.capacity);
    this.resourceRef = new Uint32Array(this.capacity);
    this.errorRef = new Int32Array(this.capacity);
    this.createdBy = new Uint8Array(this.capacity);
    this.domainRef = new Uint8Array(this.capacity);
    this.executor = new Uint8Array(this.capacity);
    this.idA = new Uint32Array(this.capacity);
    this.idB = new Uint32Array(this.capacity);
    this.idC = new Uint32Array(this.capacity);
  }

  private grow(): void {
    this.capacity *= 2;
    const resize = <A extends NumericArray>(array: A): A => resized(array, this.capacity);
    this.created = resize(this.created);
    this.unblocked = resize(this.unblocked);
    this.started = resize(this.started);
    this.finished = resize(this.finished);
    this.state = resize(this.state);
    this.nameRef = resize(this.nameRef);
    this.cidRef = resize(this.cidRef);
    this.resourceRef = resize(this.resourceRef);
    this.errorRef = resize(this.errorRef);
    this.createdBy = resize(this.createdBy);
    this.domainRef = resize(this.domainRef);
    this.executor = resize(this.executor);
    this.idA = resize(this.idA);
    this.idB = resize(this.idB);
    this.idC = resize(this.idC);
  }

  /** Appends a waiting task; creation times never go backwards (rows stay sorted by pulp_created). */
  append(task: NewTask): number {
    if (this.size === this.capacity) this.grow();
    const row = this.size++;
    const previous = row > 0 ? this.created[row - 1] : Number.NEGATIVE_INFINITY;
    this.created[row] = Math.max(Math.round(task.createdUs), previous);
    this.unblocked[row] = Number.NaN;
    this.started[row] = Number.NaN;
    this.finished[row] = Number.NaN;
    this.state[row] = STATE_CODE.waiting;
    this.nameRef[row] = this.names.add(task.name);
    this.cidRef[row] = this.cids.add(task.loggingCid);
    this.resourceRef[row] = this.resourceSets.add(task.resources);
    this.errorRef[row] = -1;
    this.createdBy[row] = task.createdBy ? 1 : 0;
    this.domainRef[row] = task.domain;
    this.executor[row] = EXECUTOR.none;
    [this.idA[row], this.idB[row], this.idC[row]] = task.idWords;
    return row;
  }

  id(row: number): string {
    return uuid7(Math.floor(this.created[row] / 1000), this.idA[row], this.idB[row], this.idC[row]);
  }

  href(row: number): string {
    return `${this.domains[this.domainRef[row]].prefix}tasks/${this.id(row)}/`;
  }

  stateName(row: number): TaskState {
    return STATES[this.state[row]];
  }

  /** The task's reserved_resources_record (with its own UUID in place of UNIQUE_LOCK). */
  resources(row: number): string[] {
    const record = this.resourceSets.values[this.resourceRef[row]];
    const unique = record.indexOf(UNIQUE_LOCK);
    if (unique < 0) return record;
    const copy = [...record];
    copy[unique] = this.uniqueLock(row);
    return copy;
  }

  /** reserved_resources_record as JSON text. */
  resourcesJson(row: number): string {
    const ref = this.resourceRef[row];
    return this.resourceSets.values[ref].includes(UNIQUE_LOCK) ? JSON.stringify(this.resources(row)) : this.resourceSets.json[ref];
  }

  /** The uuid4 a UNIQUE_LOCK stands for in this row: a hash of the row's random words. */
  uniqueLock(row: number): string {
    const a = mix(this.idA[row] ^ 0x9e3779b9);
    const b = mix(this.idB[row] ^ a);
    const c = mix(this.idC[row] ^ b);
    const d = mix(a ^ c ^ 0x85ebca6b);
    const hex = (value: number) => (value >>> 0).toString(16).padStart(8, '0');
    const [ha, hb, hc, hd] = [hex(a), hex(b), hex((c & 0x3fffffff) | 0x80000000), hex(d)];
    return `${ha}-${hb.slice(0, 4)}-4${hb.slice(5, 8)}-${hc.slice(0, 4)}-${hc.slice(4, 8)}${hd}`;
  }

  name(row: number): string {
    return this.names.values[this.nameRef[row]];
  }

  loggingCid(row: number): string {
    return this.cids.values[this.cidRef[row]];
  }

  markDeleted(row: number): void {
    if (this.state[row] !== DELETED) {
      this.state[row] = DELETED;
      this.deletedCount++;
    }
  }

  setError(row: number, error: Record<string, unknown>): void {
    this.errorRef[row] = this.errors.add(JSON.stringify(error));
  }

  /** First row whose pulp_created is ≥ `us` (binary search). */
  lowerBound(us: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.created[middle] < us) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** First row whose pulp_created is > `us`. */
  upperBound(us: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.created[middle] <= us) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The row of a task id, or -1 (unknown, malformed or purged). */
  find(id: string): number {
    const ms = uuid7Millis(id.toLowerCase());
    if (ms === undefined) return -1;
    for (let row = this.lowerBound(ms * 1000); row < this.size && this.created[row] < (ms + 1) * 1000; row++) {
      if (this.state[row] !== DELETED && this.id(row) === id.toLowerCase()) return row;
    }
    return -1;
  }
}

/** murmur3's 32-bit finaliser. */
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const nullableTime = (us: number) => (Number.isNaN(us) ? 'null' : `"${formatTimestamp(us)}"`);

/** JSON fragments of each task field, in the order Pulp's TaskSerializer emits them. */
export const TASK_FIELDS: Record<string, (store: TaskStore, row: number) => string> = {
  pulp_href: (store, row) => `"${store.href(row)}"`,
  prn: (store, row) => `"prn:core.task:${store.id(row)}"`,
  pulp_created: (store, row) => `"${formatTimestamp(store.created[row])}"`,
  pulp_last_updated: (store, row) => `"${formatTimestamp(store.created[row])}"`,
  state: (store, row) => STATE_JSON[store.state[row]],
  name: (store, row) => store.names.json[store.nameRef[row]],
  logging_cid: (store, row) => store.cids.json[store.cidRef[row]],
  created_by: (store, row) => (store.createdBy[row] ? `"${store.domains[store.domainRef[row]].prefix}${store.userPath}"` : 'null'),
  unblocked_at: (store, row) => nullableTime(store.unblocked[row]),
  started_at: (store, row) => nullableTime(store.started[row]),
  finished_at: (store, row) => nullableTime(store.finished[row]),
  error: (store, row) => (store.errorRef[row] < 0 ? 'null' : store.errors.values[store.errorRef[row]]),
  worker: () => 'null',
  parent_task: () => 'null',
  child_tasks: () => '[]',
  task_group: () => 'null',
  progress_reports: () => '[]',
  created_resources: () => '[]',
  created_resource_prns: () => '[]',
  reserved_resources_record: (store, row) => store.resourcesJson(row),
  result: () => 'null',
  pulp_api_version: () => '"v3"',
};

export const ALL_FIELDS = Object.keys(TASK_FIELDS);
export const MINIMAL_FIELDS = ['pulp_href', 'prn', 'pulp_created', 'pulp_last_updated', 'pulp_api_version', 'name', 'state', 'unblocked_at', 'started_at', 'finished_at', 'worker'];

/** Serialises one task with the given fields (in serializer order). */
export function taskJson(store: TaskStore, row: number, fields: readonly string[]): string {
  let text = '{';
  for (let index = 0; index < fields.length; index++) {
    if (index > 0) text += ',';
    text += `"${fields[index]}":${TASK_FIELDS[fields[index]](store, row)}`;
  }
  return `${text}}`;
}
