/**
 * The API's capacity, as gunicorn's sync workers give it (pulpcore-api forces `SyncWorker`): each request holds
 * one worker from the moment a worker accepts it until the answer is written; with every worker busy, new
 * connections wait in the listen backlog (gunicorn `--backlog`, 2048 by default) with no server-side deadline —
 * only the client's own timeout ends the wait, and a request its client abandoned is still served when a worker
 * picks it up (a sync worker reads the buffered request and runs the view). Beyond the backlog, connections
 * are refused. A request busy longer than gunicorn's `--timeout` gets its worker killed by the arbiter: the
 * connection closes with no answer (a proxy in front turns that into a 502).
 */
export interface ApiPoolOptions {
  /** Concurrent requests (gunicorn `--workers` × API replicas). */
  workers: number;
  /** Requests that may wait for a worker; more are refused (gunicorn `--backlog`). */
  backlog: number;
  /** A request busy this long has its worker killed (gunicorn `--timeout`), ms. */
  timeoutMs: number;
}

export interface ApiPoolCounters {
  /** Requests that had to wait for a worker. */
  queued: number;
  /** Connections refused because the backlog was full. */
  refused: number;
  /** Requests whose worker was killed by the timeout. */
  killed: number;
  /** Most requests waiting at once. */
  peakWaiting: number;
}

export const GUNICORN_BACKLOG = 2048;

export class ApiWorkerPool {
  private busy = 0;
  private readonly waiting: Array<() => void> = [];
  readonly counters: ApiPoolCounters = {queued: 0, refused: 0, killed: 0, peakWaiting: 0};

  constructor(readonly options: ApiPoolOptions) {}

  get active(): number {
    return this.busy;
  }

  get queueLength(): number {
    return this.waiting.length;
  }

  /**
   * Waits for a free worker. Resolves to a release function, or to undefined when the backlog is full (the
   * caller drops the connection).
   */
  acquire(): Promise<(() => void) | undefined> {
    if (this.busy < this.options.workers) {
      this.busy++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.options.backlog) {
      this.counters.refused++;
      return Promise.resolve(undefined);
    }
    this.counters.queued++;
    return new Promise((resolve) => {
      this.waiting.push(() => resolve(this.releaser()));
      this.counters.peakWaiting = Math.max(this.counters.peakWaiting, this.waiting.length);
    });
  }

  /** Counts a request killed by the timeout. */
  noteKilled(): void {
    this.counters.killed++;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // the worker goes straight to the next request
      else this.busy--;
    };
  }
}
