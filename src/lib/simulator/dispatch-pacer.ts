/**
 * The cost of dispatching tasks, as pulp-service measured it: one request dispatches at most `perRequest`
 * tasks/s, and all requests together at most `ceiling` tasks/s (the database is the shared bottleneck).
 */
export class DispatchPacer {
  private nextGlobalMs = 0;

  constructor(
    private readonly perRequest: number,
    private readonly ceiling: number,
  ) {}

  /** Reserves the next dispatch slot for a caller whose own next slot is `ownNextMs`; returns the slot time. */
  reserve(ownNextMs: number, nowMs: number): number {
    const slot = Math.max(nowMs, ownNextMs, this.nextGlobalMs);
    this.nextGlobalMs = slot + 1000 / this.ceiling;
    return slot;
  }

  get requestIntervalMs(): number {
    return 1000 / this.perRequest;
  }
}
