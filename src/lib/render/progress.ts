/**
 * Live progress on stderr — only when stderr is a terminal and the command is not printing JSON — drawn by
 * cli-progress: it owns the terminal side (one line redrawn at most 10 times a second, the cursor hidden and line
 * wrapping off while it shows, the line cleared when it stops, diagnostics printed above it). What the line says
 * is progress-line.ts's; which figures feed it, progress-frames.ts's. cli-progress is imported only when a line will
 * really be shown.
 */
import type {MultiBar, Options, Params} from 'cli-progress';

import {setLiveLine} from './live-line.js';
import {type BarDrawer, type ProgressFrame, progressLine} from './progress-line.js';

export type FrameSource = () => ProgressFrame;

export interface LiveProgress {
  /** Shows `source`'s frames from now on, starting the line if it is not shown: one phase at a time. */
  show(source: FrameSource): void;
  /** Clears the line (show() may bring it back). */
  stop(): void;
}

const NONE: LiveProgress = {show: () => {}, stop: () => {}};

/** The most redraws per second. */
export const REDRAWS_PER_SECOND = 10;

export interface ProgressOptions {
  /** False with --json: the only output is then the document. */
  enabled: boolean;
  stream?: NodeJS.WriteStream;
  /** A stop signal clears the line at once. */
  signal?: AbortSignal;
}

/** A live line, or one that shows nothing when stderr is not a terminal, with --json, or after a stop signal. */
export async function startProgress(options: ProgressOptions): Promise<LiveProgress> {
  const stream = options.stream ?? process.stderr;
  if (!options.enabled || stream.isTTY !== true || options.signal?.aborted) return NONE;
  const {default: cliProgress} = await import('cli-progress');
  const progress = new TerminalLine(stream, (lineOptions) => new cliProgress.MultiBar(lineOptions), cliProgress.Format.BarFormat, options.signal);
  options.signal?.addEventListener('abort', () => progress.stop(), {once: true});
  return progress;
}

class TerminalLine implements LiveProgress {
  private bars: MultiBar | undefined;
  private source: FrameSource | undefined;
  /** Restores the terminal (cursor, wrapping) when the process exits with the line still shown. */
  private readonly onExit = () => this.stop();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly createBars: (options: Options) => MultiBar,
    private readonly formatBar: (fraction: number, options: Options) => string,
    private readonly signal: AbortSignal | undefined,
  ) {}

  show(source: FrameSource): void {
    if (this.signal?.aborted) return; // after a stop signal the line stays away
    this.source = source;
    if (!this.bars) {
      this.bars = this.createBars({
        stream: this.stream,
        fps: REDRAWS_PER_SECOND,
        format: (options: Options, params: Params) => this.line(options, params.maxWidth),
        barCompleteChar: '█',
        barIncompleteChar: '░',
        barsize: 40,
        hideCursor: true,
        linewrap: false,
        clearOnComplete: true,
        // Redraw on every tick even when the text did not change: a diagnostic printed above may have cleared it.
        forceRedraw: true,
      });
      this.bars.create(1, 0);
      setLiveLine((text) => this.note(text));
      process.once('exit', this.onExit);
    }
    this.bars.update(); // the phase's first frame at once, not a tick later
  }

  stop(): void {
    if (!this.bars) return;
    const bars = this.bars;
    this.bars = undefined;
    setLiveLine(undefined);
    process.off('exit', this.onExit);
    bars.stop();
  }

  /** Prints `text` (whole lines) above the live line. */
  private note(text: string): void {
    if (!this.bars) {
      this.stream.write(text);
      return;
    }
    this.bars.log(text);
    this.bars.update();
  }

  private line(options: Options, width: number): string {
    if (!this.source) return '';
    const drawBar: BarDrawer = (fraction, cells) => this.formatBar(fraction, {...options, barsize: cells});
    return progressLine(this.source(), width, drawBar);
  }
}
