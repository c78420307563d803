/**
 * The live progress line, composed for a width: `phase ▕████░░░░▏ 43% · 87/121 finished · ETA 17 s · details…`.
 * The bar takes a sixth of the width (8 to 24 cells); what matters least goes first when the line is too wide: the
 * last details, then the ETA, then the bar shrinks; what is left is cut with `…`. Pure, so it can be tested at any
 * width.
 */
import {formatEta} from './format.js';
import {displayWidth, truncate} from './text.js';

export interface ProgressFrame {
  /** What is going on: `inserting`, `tracking`, `fetching`. */
  phase: string;
  /** How far towards the stop condition, 0–1; undefined when there is no known end (no bar then). */
  fraction?: number;
  /** The progress in the phase's own terms: `12.9 s of 30 s`, `87/121 finished`, `4,500 of ≥ 20,000 tasks`. */
  done: string;
  /** Seconds left; undefined when there is no basis for an estimate yet. */
  etaSeconds?: number;
  /** Further figures, most important first: the rolling rate, requests in flight, failures. */
  details: string[];
}

const BAR_MOST = 24;
const BAR_LEAST = 8;
const SEPARATOR = ' · ';

/** The bar for a fraction, `width` cells wide (cli-progress draws it; any function of (fraction, width) will do). */
export type BarDrawer = (fraction: number, width: number) => string;

export const plainBar: BarDrawer = (fraction, width) => {
  const complete = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'█'.repeat(complete)}${'░'.repeat(width - complete)}`;
};

function compose(frame: ProgressFrame, barCells: number, tail: string[], drawBar: BarDrawer): string {
  const head = frame.fraction === undefined || barCells === 0 ? frame.phase : `${frame.phase} ▕${drawBar(frame.fraction, barCells)}▏ ${Math.floor(frame.fraction * 100)}%`;
  return [head, ...tail].join(SEPARATOR);
}

/** Bar cells for a width: a sixth of it, 8 to 24, so the bar keeps its size from frame to frame. */
export const barCells = (width: number) => Math.max(BAR_LEAST, Math.min(BAR_MOST, Math.round(width / 6)));

/** The line for `frame`, at most `width - 1` columns (the last column is left free, so the terminal never wraps). */
export function progressLine(frame: ProgressFrame, width: number, drawBar: BarDrawer = plainBar): string {
  const room = Math.max(1, width - 1);
  const eta = frame.fraction === undefined && frame.etaSeconds === undefined ? [] : [`ETA ${formatEta(frame.etaSeconds)}`];
  const tails = [[frame.done, ...eta, ...frame.details]];
  // Shorter and shorter tails: details from the last, then the ETA; the done figure stays.
  for (let keep = frame.details.length - 1; keep >= 0; keep--) tails.push([frame.done, ...eta, ...frame.details.slice(0, keep)]);
  if (eta.length > 0) tails.push([frame.done]);
  // The bar at its size for this width first (steady from frame to frame), then at its least, then none.
  const sizes = frame.fraction === undefined ? [0] : [barCells(width), BAR_LEAST];
  for (const cells of sizes) {
    for (const tail of tails) {
      const line = compose(frame, cells, tail, drawBar);
      if (displayWidth(line) <= room) return line;
    }
  }
  return truncate(compose(frame, 0, [frame.done], drawBar), room);
}

/**
 * A rate over the last `windowMs` (default 10 s) of a growing count: what "per second" means in a live display,
 * where the average since the start would hide a slowdown.
 */
export class RollingRate {
  private readonly samples: Array<{ms: number; value: number}> = [];

  constructor(private readonly windowMs = 10_000) {}

  sample(ms: number, value: number): void {
    this.samples.push({ms, value});
    // Keep one sample at or before the window's start, so the rate covers the whole window.
    while (this.samples.length > 2 && this.samples[1].ms <= ms - this.windowMs) this.samples.shift();
  }

  /** Per second over the window; undefined while less than half a second has been sampled. */
  perSecond(): number | undefined {
    if (this.samples.length < 2) return undefined;
    const first = this.samples[0];
    const last = this.samples.at(-1)!;
    const seconds = (last.ms - first.ms) / 1000;
    return seconds >= 0.5 ? (last.value - first.value) / seconds : undefined;
  }
}

/** Seconds to go from `done` to `total` at `perSecond`; undefined without a positive rate. */
export function etaAtRate(done: number, total: number, perSecond: number | undefined): number | undefined {
  if (perSecond === undefined || perSecond <= 0) return undefined;
  return Math.max(0, total - done) / perSecond;
}
