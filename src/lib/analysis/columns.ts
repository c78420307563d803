/**
 * Fetched tasks reduced to numeric columns: four timestamps (µs, NaN for null), a state code and a name code.
 * Memory grows with the number of tasks × ~35 bytes, never with the size of a task object.
 */
import {timestampMicros} from '../time.js';
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
  }

  add(task: FetchedTask): void {
    if (this.length === this.created.length) this.grow();
    const row = this.length++;
    this.created[row] = timestampMicros(task.pulp_created);
    this.unblocked[row] = timestampMicros(task.unblocked_at);
    this.started[row] = timestampMicros(task.started_at);
    this.finished[row] = timestampMicros(task.finished_at);
    this.state[row] = this.states.code(task.state ?? 'unknown');
    this.name[row] = this.names.code(task.name ?? '');
  }

  stateOf(row: number): string {
    return this.states.values[this.state[row]];
  }

  nameOf(row: number): string {
    return this.names.values[this.name[row]];
  }
}
