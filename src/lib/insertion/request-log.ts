/**
 * Every request of a load test, kept in typed-array columns (34 bytes a request, ×2 at most while a column grows):
 * when it was meant to start, when it was sent, when it ended (ms on the performance clock), the tasks it reported,
 * and its outcome (0 = ok, else a failure cause's code). The `.csv` output's rows and the per-bucket latency of the
 * timeline are read from here.
 */
import {isoMicros} from '../time.js';
import {resized} from '../typed-arrays.js';

export interface LoggedRequest {
  intendedMs: number;
  startMs: number;
  endMs: number;
  ok: boolean;
  cause?: string;
  tasks: number;
}

export const REQUEST_CSV_HEADER = 'start,intendedStart,latencySeconds,ok,cause,tasks';

const INITIAL_ROWS = 256;
const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export class RequestLog {
  length = 0;
  intendedMs = new Float64Array(INITIAL_ROWS);
  startMs = new Float64Array(INITIAL_ROWS);
  endMs = new Float64Array(INITIAL_ROWS);
  /** Tasks reported (a safe integer, so Float64). */
  tasks = new Float64Array(INITIAL_ROWS);
  /** 0 = ok; else 1 + the index of the failure cause in `causes`. */
  outcome = new Uint16Array(INITIAL_ROWS);
  readonly causes: string[] = [];
  private readonly causeCodes = new Map<string, number>();

  add(request: LoggedRequest): void {
    if (this.length === this.endMs.length) this.grow(this.length * 2);
    const row = this.length++;
    this.intendedMs[row] = request.intendedMs;
    this.startMs[row] = request.startMs;
    this.endMs[row] = request.endMs;
    this.tasks[row] = request.tasks;
    this.outcome[row] = request.ok ? 0 : this.causeCode(request.cause ?? 'error');
  }

  /** Seconds from the intended start to the end (the latency the report gives; never negative). */
  latencySeconds(row: number): number {
    return Math.max(0, this.endMs[row] - this.intendedMs[row]) / 1000;
  }

  ok(row: number): boolean {
    return this.outcome[row] === 0;
  }

  /** The failure cause of a row, '' when it succeeded. */
  causeOf(row: number): string {
    const code = this.outcome[row];
    return code === 0 ? '' : this.causes[code - 1];
  }

  /** Bytes held by the columns now (their allocated size, not only the rows used). */
  get bytes(): number {
    return this.endMs.length * (4 * 8 + 2);
  }

  /**
   * Writes the CSV rows (header first): wall-clock start and intended start (ISO, µs), latency in seconds, ok,
   * cause, tasks. `timeOriginMs` turns performance-clock ms into epoch ms (performance.timeOrigin).
   */
  async writeCsv(write: (text: string) => Promise<void>, timeOriginMs = performance.timeOrigin): Promise<number> {
    const iso = (ms: number) => isoMicros(Math.round((timeOriginMs + ms) * 1000));
    await write(`${REQUEST_CSV_HEADER}\n`);
    let chunk = '';
    for (let row = 0; row < this.length; row++) {
      const ok = this.ok(row);
      chunk += `${iso(this.startMs[row])},${iso(this.intendedMs[row])},${Math.round(this.latencySeconds(row) * 1e6) / 1e6},${ok},${csvField(this.causeOf(row))},${this.tasks[row]}\n`;
      if (chunk.length > 65_536) {
        await write(chunk);
        chunk = '';
      }
    }
    if (chunk) await write(chunk);
    return this.length;
  }

  private causeCode(cause: string): number {
    let code = this.causeCodes.get(cause);
    if (code === undefined) {
      // Causes are a small set (failureCause, http-NNN); beyond 65,535 distinct ones, the rest share the last code.
      if (this.causes.length >= 65_535) return 65_535;
      this.causes.push(cause);
      code = this.causes.length;
      this.causeCodes.set(cause, code);
    }
    return code;
  }

  private grow(size: number): void {
    this.intendedMs = resized(this.intendedMs, size);
    this.startMs = resized(this.startMs, size);
    this.endMs = resized(this.endMs, size);
    this.tasks = resized(this.tasks, size);
    this.outcome = resized(this.outcome, size);
  }
}
