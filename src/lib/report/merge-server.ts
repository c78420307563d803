/**
 * The `server` object (the server's own view of an insertion run: telemetry/insertion-telemetry.ts) of merged runs.
 * Runs made at the same time against one Pulp each polled the same task list, so their views are views of the same
 * queue, not parts to add: the merge keeps ONE — the view covering the widest wall-clock span (first to last sample) —
 * with its timeline shifted onto the merged run's clock, and says so in its `notes`. Runs that polled different task
 * lists have no single server view: the merge then says so in a `server` object that is off, with that reason.
 */
import type {InsertionResult} from '../insertion/report.js';
import type {ServerStats, ServerStatsOff} from '../telemetry/insertion-telemetry.js';
import {timestampMicros} from '../time.js';

export interface ServerSource {
  file: string;
  host: string;
  body: Pick<InsertionResult, 'startedAt' | 'server'>;
}

const micros = (seconds: number) => Math.round(seconds * 1e6) / 1e6;

/** The wall-clock span (µs) of a run's samples. */
function span(source: ServerSource & {body: {server: ServerStats}}): {startUs: number; endUs: number} {
  const originUs = timestampMicros(source.body.startedAt);
  const {timeline} = source.body.server;
  if (timeline.length === 0) return {startUs: originUs, endUs: originUs};
  return {startUs: originUs + timeline[0].t * 1e6, endUs: originUs + timeline.at(-1)!.t * 1e6};
}

/**
 * The merged run's `server` (undefined when no run had one) and a line saying what was done (undefined when nothing
 * needs saying). `startUs`: the merged run's t = 0.
 */
export function mergeServerStats(sources: ServerSource[], startUs: number): {server?: ServerStats | ServerStatsOff; note?: string} {
  const withServer = sources.filter((source) => source.body.server !== undefined);
  if (withServer.length === 0) return {};
  const enabled = withServer.filter((source): source is ServerSource & {body: {server: ServerStats}} => source.body.server!.enabled);
  if (enabled.length === 0) return {server: withServer[0].body.server};
  const endpoints = [...new Set(enabled.map((source) => source.body.server.endpoint))];
  if (endpoints.length > 1) {
    const reason = `the merged runs polled different task lists (${endpoints.join(', ')}): no one server view covers them`;
    return {server: {enabled: false, reason}, note: `server stats left out: ${reason}`};
  }
  const widths = enabled.map((source) => {
    const {startUs: first, endUs: last} = span(source);
    return last - first;
  });
  const kept = enabled[widths.indexOf(Math.max(...widths))];
  const shift = (timestampMicros(kept.body.startedAt) - startUs) / 1e6;
  const others = sources.length - 1;
  const note =
    `report merge: the server view of ${kept.file} (${kept.host}), the widest of the ${enabled.length} runs that polled ${endpoints[0]}` +
    `${enabled.length < sources.length ? ` (${sources.length - enabled.length} run(s) had none)` : ''}; the other ${others === 1 ? 'run' : `${others} runs`} saw the same queue. ` +
    'Its times count from the merged start; its drain time is from the end of that run.';
  const server: ServerStats = {
    ...kept.body.server,
    timeline: kept.body.server.timeline.map((entry) => ({...entry, t: micros(entry.t + shift)})),
    notes: [...kept.body.server.notes, note],
  };
  return {server, note};
}
