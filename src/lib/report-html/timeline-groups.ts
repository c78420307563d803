/**
 * A long load test's timeline regrouped for display: at most MAX_POINTS points per chart (and rows per table), so a
 * 24-hour run's report stays a few MB and opens quickly. Groups of g consecutive seconds (g from a list of round
 * widths) add their counts; their latency figures are those of the group's worst second (the highest p50, p90, p99
 * and max of its seconds), so every value drawn is one of the document's and a spike is not averaged away. (Merging
 * the seconds' histograms would give the group's own percentiles, but decoding costs ~0.4 ms per histogram: 35 s
 * for a day.) With g = 1 the document's own entries are used as they are.
 */
import type {ReportTimelineEntry} from './types.js';

export const MAX_POINTS = 600;
const WIDTHS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

export interface DisplayTimeline {
  /** Seconds per point (1 = the document's own buckets). */
  groupSeconds: number;
  entries: ReportTimelineEntry[];
}

const sixDecimals = (value: number) => Math.round(value * 1e6) / 1e6;

export function displayTimeline(timeline: ReportTimelineEntry[]): DisplayTimeline {
  const groupSeconds = WIDTHS.find((width) => timeline.length / width <= MAX_POINTS) ?? Math.ceil(timeline.length / MAX_POINTS);
  if (groupSeconds === 1) return {groupSeconds, entries: timeline};
  const entries: ReportTimelineEntry[] = [];
  for (let start = 0; start < timeline.length; start += groupSeconds) {
    const group = timeline.slice(start, start + groupSeconds);
    const seconds = sixDecimals(group.reduce((sum, entry) => sum + entry.seconds, 0));
    const tasks = sixDecimals(group.reduce((sum, entry) => sum + entry.tasks, 0));
    const failures: Record<string, number> = {};
    for (const entry of group) for (const [cause, value] of Object.entries(entry.failures ?? {})) failures[cause] = (failures[cause] ?? 0) + value;
    let latency = null as ReportTimelineEntry['latency'];
    for (const entry of group) {
      if (!entry.latency) continue;
      const worst = (key: 'p50' | 'p90' | 'p99' | 'max') => {
        const values = [latency?.[key], entry.latency?.[key]].filter((value): value is number => typeof value === 'number');
        return values.length > 0 ? Math.max(...values) : null;
      };
      latency = {count: (latency?.count ?? 0) + entry.latency.count, p50: worst('p50'), p90: worst('p90'), p99: worst('p99'), max: worst('max')};
    }
    entries.push({
      t: group[0].t,
      seconds,
      requests: group.reduce((sum, entry) => sum + entry.requests, 0),
      failed: group.reduce((sum, entry) => sum + entry.failed, 0),
      tasks,
      tasksPerSecond: seconds > 0 ? tasks / seconds : 0,
      latency,
      failures,
    });
  }
  return {groupSeconds, entries};
}
