/**
 * A full garbage collection between the phases of a large computation, when the process allows it (bin/run.js starts
 * node with --expose-gc): the copies of one phase are gone before the next allocates, which keeps the peak RSS of a
 * million-task analysis near its live data. A no-op elsewhere (tests, plugins' own processes).
 */
export function collectGarbage(): void {
  (globalThis as {gc?: () => void}).gc?.();
}
