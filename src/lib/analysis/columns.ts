/**
 * Fetched tasks reduced to numeric columns: four timestamps (µs, NaN for null), a state code and a name code.
 * Memory grows with the number of tasks × ~35 bytes, never with the size of a task object.
 *
 * Timestamps that are present but not valid RFC 3339 are counted per field and never read as another instant: a task
 * with an invalid (or missing) pulp_created is left out entirely; an invalid other timestamp is stored as NaN and its
 * row flagged, so that it drops out of every figure that needs that field (durations, throughput, the backlog).
 */
import {INVALID_TIMESTAMP, wireTimestampMicros} from '../time.js';
import {type NumericArray, resized} from '../typed-arrays.js';

/** The task fields the analysis asks for. */
export const ANALYSIS_FIELDS = ['pulp_created', 'unblocked_at', 'started_at', 'finished_at', 'state', 'name'] as const;

export interface FetchedTask {
  pulp_created?: string;
  unblocked_at?: string | null;
  started_at?: string | null;
  finished_at?: string | null;
  state?: string;
  name?: string;
}

/** Timestamps received that were not valid RFC 3339, by field (`pulp_created` also counts missing ones). */
export interface InvalidTimestamps {
  total: number;
  pulp_created: number;
  unblocked_at: number;
  started_at: number;
  finished_at: number;
}

export const noInvalidTimestamps = (): InvalidTimestamps => ({total: 0, pulp_created: 0, unblocked_at: 0, started_at: 0, finished_at: 0});

/** Flags of a row whose timestamp was invalid (not null: invalid). */
export const INVALID_UNBLOCKED = 1;
export const INVALID_STARTED = 2;
export const INVALID_FINISHED = 4;

class Codes {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  private lastValue: string | undefined;
  private lastCode = 0;
  code(value: string): number {
    // Consecutive tasks mostly share their state and name: compare with the last one before hashing.
    if (value === this.lastValue) return this.lastCode;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.index.set(value, code);
    }
    this.lastValue = value;
    this.lastCode = code;
    return code;
  }
}

export class TaskColumns {
  length = 0;
  created = new Float64Array(1024);
  unblocked = new Float64Array(1024);
  started = new Float64Array(1024);
  finished = new Float64Array(1024);
  state = new Uint16Array(1024);
  name = new Uint32Array(1024);
  /** INVALID_* flags per row; allocated when the first invalid timestamp arrives (a sound server costs nothing). */
  invalidFlags: Uint8Array | undefined;
  readonly invalid: InvalidTimestamps = noInvalidTimestamps();
  readonly states = new Codes();
  readonly names = new Codes();

  private grow(): void {
    const size = this.created.length * 2;
    const copy = <T extends NumericArray>(array: T): T => resized(array, size);
    this.created = copy(this.created);
    this.unblocked = copy(this.unblocked);
    this.started = copy(this.started);
    this.finished = copy(this.finished);
    this.state = copy(this.state);
    this.name = copy(this.name);
    if (this.invalidFlags) this.invalidFlags = copy(this.invalidFlags);
  }

  /**
   * Adds a task unless its pulp_created is missing or invalid (then it is only counted). `created` is the row's
   * pulp_created already parsed by wireTimestampMicros, when the caller has it. Returns whether the row was added.
   */
  add(task: FetchedTask, created = wireTimestampMicros(task.pulp_created)): boolean {
    if (!Number.isFinite(created)) {
      this.invalid.pulp_created++;
      this.invalid.total++;
      return false;
    }
    if (this.length === this.created.length) this.grow();
    const row = this.length++;
    this.created[row] = created;
    const unblocked = wireTimestampMicros(task.unblocked_at);
    const started = wireTimestampMicros(task.started_at);
    const finished = wireTimestampMicros(task.finished_at);
    if (unblocked === INVALID_TIMESTAMP || started === INVALID_TIMESTAMP || finished === INVALID_TIMESTAMP) {
      this.flagInvalid(row, unblocked, started, finished);
      this.unblocked[row] = unblocked === INVALID_TIMESTAMP ? Number.NaN : unblocked;
      this.started[row] = started === INVALID_TIMESTAMP ? Number.NaN : started;
      this.finished[row] = finished === INVALID_TIMESTAMP ? Number.NaN : finished;
    } else {
      this.unblocked[row] = unblocked;
      this.started[row] = started;
      this.finished[row] = finished;
    }
    this.state[row] = this.states.code(typeof task.state === 'string' ? task.state : 'unknown');
    this.name[row] = this.names.code(typeof task.name === 'string' ? task.name : '');
    return true;
  }

  private flagInvalid(row: number, unblocked: number, started: number, finished: number): void {
    this.invalidFlags ??= new Uint8Array(this.created.length);
    let flags = 0;
    if (unblocked === INVALID_TIMESTAMP) {
      flags |= INVALID_UNBLOCKED;
      this.invalid.unblocked_at++;
      this.invalid.total++;
    }
    if (started === INVALID_TIMESTAMP) {
      flags |= INVALID_STARTED;
      this.invalid.started_at++;
      this.invalid.total++;
    }
    if (finished === INVALID_TIMESTAMP) {
      flags |= INVALID_FINISHED;
      this.invalid.finished_at++;
      this.invalid.total++;
    }
    this.invalidFlags[row] = flags;
  }

  /** Whether a row had an invalid started_at or finished_at (its interval is unknown: not in the backlog). */
  hasInvalidInterval(row: number): boolean {
    return this.invalidFlags !== undefined && (this.invalidFlags[row] & (INVALID_STARTED | INVALID_FINISHED)) !== 0;
  }

  stateOf(row: number): string {
    return this.states.values[this.state[row]];
  }

  nameOf(row: number): string {
    return this.names.values[this.name[row]];
  }
}
