/**
 * The time the tasking model runs on: the wall clock (live simulator, timers) or a virtual clock (history,
 * tests) that jumps from event to event, so hours of tasking are simulated in well under a second.
 */
import {MAX_TIMER_MS} from '../limits.js';
import {nowUs} from './timestamps.js';

export interface Clock {
  /** Current time, µs since the epoch. */
  now(): number;
  /** Runs `fn` at `atUs` (at once, after the current event, when that is in the past); returns a handle. */
  at(atUs: number, fn: () => void): TimerHandle;
  cancel(handle: TimerHandle): void;
  /** Drops every pending event (the simulator stops). */
  stop(): void;
}

export type TimerHandle = object;

/** Wall-clock time with Node timers. */
export class RealClock implements Clock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  now(): number {
    return nowUs();
  }

  at(atUs: number, fn: () => void): TimerHandle {
    const handle: {timer?: NodeJS.Timeout} = {};
    const arm = () => {
      const delay = Math.min(MAX_TIMER_MS, Math.max(0, (atUs - nowUs()) / 1000));
      const timer: NodeJS.Timeout = setTimeout(() => {
        this.timers.delete(timer);
        if (this.stopped) return;
        // libuv measures timers from the loop's cached time, so one can fire up to a few ms early: never run an
        // event before its time (a 30 ms task would otherwise run 28 ms).
        if (nowUs() < atUs) arm();
        else fn();
      }, delay);
      this.timers.add(timer);
      handle.timer = timer;
    };
    arm();
    return handle;
  }

  cancel(handle: TimerHandle): void {
    const {timer} = handle as {timer?: NodeJS.Timeout};
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

interface VirtualEvent {
  t: number;
  seq: number;
  fn: (() => void) | undefined;
}

/** Discrete-event time: events run in (time, scheduling order); `run` fast-forwards through them. */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly heap: VirtualEvent[] = [];

  constructor(startUs: number) {
    this.current = startUs;
  }

  now(): number {
    return this.current;
  }

  at(atUs: number, fn: () => void): TimerHandle {
    const event: VirtualEvent = {t: Math.max(Math.round(atUs), this.current), seq: this.seq++, fn}; // whole µs, as Pulp stores
    const {heap} = this;
    let index = heap.length;
    heap.push(event);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(event, heap[parent])) break;
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = event;
    return event;
  }

  cancel(handle: TimerHandle): void {
    (handle as VirtualEvent).fn = undefined;
  }

  stop(): void {
    this.heap.length = 0;
  }

  /** Time of the next pending event, or undefined. */
  get next(): number | undefined {
    while (this.heap.length > 0 && this.heap[0].fn === undefined) this.pop();
    return this.heap[0]?.t;
  }

  /** Runs every event due at or before `untilUs` (all of them when omitted), then sets the time to `untilUs`. */
  run(untilUs = Number.POSITIVE_INFINITY): void {
    while (this.heap.length > 0 && this.heap[0].t <= untilUs) {
      const event = this.pop();
      if (event.fn === undefined) continue;
      this.current = event.t;
      const {fn} = event;
      event.fn = undefined;
      fn();
    }
    if (Number.isFinite(untilUs)) this.current = Math.max(this.current, untilUs);
  }

  private pop(): VirtualEvent {
    const {heap} = this;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      let index = 0;
      const size = heap.length;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= size) break;
        const right = left + 1;
        const child = right < size && before(heap[right], heap[left]) ? right : left;
        if (!before(heap[child], last)) break;
        heap[index] = heap[child];
        index = child;
      }
      heap[index] = last;
    }
    return top;
  }
}

const before = (a: VirtualEvent, b: VirtualEvent) => a.t < b.t || (a.t === b.t && a.seq < b.seq);
