/**
 * What the live line says in each phase, read from the running engine: insertion (against its stop condition:
 * --duration, --run-until, or one request per worker), then tracking ("87/121 finished", against the track
 * timeout), and the analysis's fetch (tasks received against the tasks the server counted).
 */
import type {FetchProgress} from '../analysis/fetch-tasks.js';
import type {LoadRun} from '../insertion/engine.js';
import type {InsertionOptions} from '../insertion/run-insertion.js';
import {painter} from './colour.js';
import {formatEta, formatNumber} from './format.js';
import type {FrameSource, LiveProgress} from './progress.js';
import {etaAtRate, type ProgressFrame, RollingRate} from './progress-line.js';

/** How far tracking has come: tasks seen finished of those dispatched. */
export interface TrackingProgress {
  finished: number;
  tracked: number;
}

const stderrPaint = () => painter(process.stderr);
const failedDetail = (failed: number, paint = stderrPaint()) => (failed > 0 ? paint.failure(`${formatNumber(failed)} failed`) : '0 failed');

/** How far the server's queue has drained back to its level before the run (server stats, after the load). */
export interface DrainProgress {
  backlog: number;
  baseline: number;
  /** The backlog when the load ended. */
  atLoadEnd: number;
  timeoutSeconds: number;
}

/** The insertion's phases on the live line: insertion, then tracking once `onTracking` was called (or draining). */
export class InsertionPhases {
  private readonly taskRate = new RollingRate();
  private readonly requestRate = new RollingRate();
  private readonly finishRate = new RollingRate();
  private tracking: (TrackingProgress & {startedMs: number}) | undefined;
  private draining: (DrainProgress & {startedMs: number}) | undefined;
  private readonly paint = stderrPaint();

  /**
   * `callSeconds`: how long one call is known to last, when there is no other stop condition (the demo's simulator
   * honours ?timeout=; a real pulp-service takes ~25 s whatever it says, so test-task-insertion leaves it unset).
   */
  constructor(
    private readonly load: LoadRun,
    private readonly options: Pick<InsertionOptions, 'durationSeconds' | 'runUntil' | 'workers' | 'track'> & {callSeconds?: number},
    private readonly progress: LiveProgress,
  ) {}

  /** Shows the insertion on the live line (then tracking, once onTracking is called). */
  show(): void {
    this.progress.show(this.frame);
  }

  /** For InsertionOptions.track.onProgress: the first call switches the line to tracking at once. */
  readonly onTracking = (progress: TrackingProgress): void => {
    const first = this.tracking === undefined;
    this.tracking = {...progress, startedMs: this.tracking?.startedMs ?? performance.now()};
    if (first) this.progress.show(this.frame);
  };

  /** For the server stats' drain wait: shown when no tracking is (tracking says more of the run's own tasks). */
  readonly onDraining = (progress: DrainProgress | undefined): void => {
    const first = this.draining === undefined;
    this.draining = progress && {...progress, startedMs: this.draining?.startedMs ?? performance.now()};
    if (first && progress) this.progress.show(this.frame);
  };

  readonly frame: FrameSource = () => (this.tracking ? this.trackingFrame(this.tracking) : this.draining ? this.drainFrame(this.draining) : this.insertionFrame());

  private drainFrame(drain: DrainProgress & {startedMs: number}): ProgressFrame {
    const toDrain = drain.atLoadEnd - drain.baseline;
    const left = Math.max(0, drain.backlog - drain.baseline);
    const timeoutLeft = Math.max(0, drain.timeoutSeconds - (performance.now() - drain.startedMs) / 1000);
    return {
      phase: 'draining',
      fraction: toDrain > 0 ? Math.min(1, Math.max(0, 1 - left / toDrain)) : 1,
      done: `${formatNumber(left)} to go`,
      details: [`queue ${formatNumber(drain.backlog)} (before the run ${formatNumber(drain.baseline)})`, `timeout in ${formatEta(timeoutLeft)}`],
    };
  }

  private insertionFrame(): ProgressFrame {
    const {load, options} = this;
    const {recorder} = load;
    const now = performance.now();
    const elapsed = (now - recorder.startedMs) / 1000;
    this.taskRate.sample(now, recorder.tasks);
    this.requestRate.sample(now, recorder.total);
    // Test endpoints report a call's tasks only when it answers (after ~25 s): a rolling rate would swing between 0
    // and bursts, so their rate is the average since the start (from the first answer on); one task per answer (202
    // targets) rolls over 10 s.
    const perSecond = load.plan.target.answers === 'tasks-executed' ? (recorder.ok > 0 ? recorder.tasks / elapsed : undefined) : this.taskRate.perSecond();
    const details = [`${formatNumber(perSecond)} tasks/s`, failedDetail(recorder.failed, this.paint), `${formatNumber(load.inFlight)} in flight`];
    if (load.reason !== undefined) {
      return {phase: 'inserting', fraction: 1, done: `stopped: ${formatNumber(load.inFlight)} in flight`, details: details.slice(0, 2)};
    }
    const lasting = options.durationSeconds ?? (options.runUntil === undefined ? options.callSeconds : undefined);
    if (lasting !== undefined) {
      return {
        phase: 'inserting',
        fraction: Math.min(1, elapsed / lasting),
        done: `${formatEta(elapsed)}/${formatEta(lasting)}`,
        etaSeconds: Math.max(0, lasting - elapsed),
        details,
      };
    }
    if (options.runUntil !== undefined) {
      return {
        phase: 'inserting',
        fraction: Math.min(1, recorder.tasks / options.runUntil),
        done: `${formatNumber(recorder.tasks)} of ${formatNumber(options.runUntil)} tasks`,
        etaSeconds: etaAtRate(recorder.tasks, options.runUntil, perSecond),
        details,
      };
    }
    return {
      phase: 'inserting',
      fraction: recorder.total / options.workers,
      done: `${formatNumber(recorder.total)}/${formatNumber(options.workers)} answered after ${formatEta(elapsed)}`,
      etaSeconds: etaAtRate(recorder.total, options.workers, this.requestRate.perSecond()),
      details: [`${formatNumber(recorder.tasks)} tasks`, ...details],
    };
  }

  private trackingFrame(tracking: TrackingProgress & {startedMs: number}): ProgressFrame {
    const now = performance.now();
    this.finishRate.sample(now, tracking.finished);
    const timeoutLeft = Math.max(0, (this.options.track?.timeoutSeconds ?? 0) - (now - tracking.startedMs) / 1000);
    const eta = etaAtRate(tracking.finished, tracking.tracked, this.finishRate.perSecond());
    const rate = this.finishRate.perSecond();
    return {
      phase: 'tracking',
      fraction: tracking.tracked > 0 ? tracking.finished / tracking.tracked : 1,
      done: `${formatNumber(tracking.finished)}/${formatNumber(tracking.tracked)} finished`,
      etaSeconds: eta === undefined ? undefined : Math.min(eta, timeoutLeft),
      details: [`${formatNumber(rate)} finishing/s`, `timeout in ${formatEta(timeoutLeft)}`],
    };
  }
}

/** The analysis's fetch for the live line; `progress` is updated by the fetcher's onPage. */
export function fetchFrames(progress: FetchProgress): FrameSource {
  const taskRate = new RollingRate();
  return () => {
    taskRate.sample(performance.now(), progress.tasks);
    const perSecond = taskRate.perSecond();
    return {
      phase: 'fetching',
      fraction: progress.expected > 0 ? Math.min(1, progress.tasks / progress.expected) : undefined,
      done: `${formatNumber(progress.tasks)} of ≥ ${formatNumber(progress.expected)} tasks`,
      etaSeconds: progress.expected > 0 ? etaAtRate(progress.tasks, progress.expected, perSecond) : undefined,
      details: [`${formatNumber(perSecond)} tasks/s`, `${formatNumber(progress.pages)} pages`],
    };
  };
}
