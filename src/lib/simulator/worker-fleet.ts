/**
 * The task workers' processes: heartbeats, idle/busy, death, and the cleanup of missing workers.
 *
 * Following pulpcore's worker.py (`PulpcoreWorker.__init__`, `beat`, `app_worker_cleanup`) and models/status.py
 * (`AppStatusManager.missing`): a worker heartbeats every WORKER_TTL / 3; one whose last heartbeat is older than
 * WORKER_TTL is missing; every live worker runs the cleanup of missing workers on its heartbeats, first after a
 * random 10 %–100 % of WORKER_CLEANUP_INTERVAL beats and then every WORKER_CLEANUP_INTERVAL beats. Heartbeats
 * cost no timers: a live worker's last one is computed from its start.
 */
import type {Clock, TimerHandle} from './clock.js';

export interface SimWorker {
  index: number;
  name: string;
  createdUs: number;
  alive: boolean;
  /** Last heartbeat of a dead worker. */
  lastBeatUs: number;
  /** The task it holds (app_lock), or -1. */
  row: number;
  /** Its pending event (claim, run, post-task work). */
  timer?: TimerHandle;
  /** When the running task's process ends, and whether it ends by the immediate-task timeout. */
  runEndsUs?: number;
  timedOut: boolean;
  /** Its post-task work ends then (it may already be idle). */
  busyUntilUs: number;
  /** What its pending event does (tasking.ts), and the one closure that runs it. */
  phase: number;
  step?: () => void;
  firstCleanupBeat: number;
  /** Its record was deleted by a cleanup. */
  deleted: boolean;
  idle: boolean;
}

export interface WorkerInfo {
  index: number;
  /** `{pid}@{hostname}` */
  name: string;
  createdUs: number;
  lastHeartbeatUs: number;
  online: boolean;
  missing: boolean;
  /** The row of the task it holds, or -1. */
  currentTask: number;
}

export interface FleetOptions {
  workers: number;
  ttlUs: number;
  cleanupBeats: number;
  random: () => number;
  /** A worker became free (a new one started). */
  onIdle: () => void;
  /** A missing worker's record was deleted: its task is abandoned. */
  onMissing: (worker: SimWorker) => void;
}

export class WorkerFleet {
  private readonly all: SimWorker[] = [];
  private readonly idle: SimWorker[] = [];
  readonly heartbeatUs: number;
  private cleanup?: {atUs: number; handle: TimerHandle};

  constructor(
    private readonly clock: Clock,
    private readonly options: FleetOptions,
  ) {
    this.heartbeatUs = options.ttlUs / 3;
    for (let index = 0; index < options.workers; index++) this.create();
  }

  private create(): SimWorker {
    const index = this.all.length;
    const {cleanupBeats, random} = this.options;
    const low = Math.floor(cleanupBeats / 10);
    const worker: SimWorker = {
      index,
      name: `${1000 + index}@pulp-worker-sim-${index}`,
      createdUs: this.clock.now(),
      alive: true,
      lastBeatUs: Number.NaN,
      row: -1,
      firstCleanupBeat: Math.max(1, low + Math.floor(random() * (cleanupBeats - low + 1))),
      deleted: false,
      idle: true,
      timedOut: false,
      busyUntilUs: 0,
      phase: 0,
    };
    this.all.push(worker);
    this.idle.push(worker);
    return worker;
  }

  /** Starts a new worker process. */
  add(): SimWorker {
    const worker = this.create();
    this.scheduleCleanup();
    this.options.onIdle();
    return worker;
  }

  get(index: number): SimWorker | undefined {
    return this.all[index];
  }

  get idleCount(): number {
    return this.idle.length;
  }

  get aliveCount(): number {
    let count = 0;
    for (const worker of this.all) if (worker.alive) count++;
    return count;
  }

  /** An idle worker, one whose post-task work is over first (it wins the race to fetch). */
  takeIdle(): SimWorker | undefined {
    const {idle} = this;
    if (idle.length === 0) return undefined;
    const now = this.clock.now();
    let position = idle.length - 1;
    while (position >= 0 && idle[position].busyUntilUs > now) position--;
    const [worker] = idle.splice(position < 0 ? idle.length - 1 : position, 1);
    worker.idle = false;
    return worker;
  }

  setIdle(worker: SimWorker): void {
    if (!worker.alive || worker.idle) return;
    worker.idle = true;
    this.idle.push(worker);
  }

  private lastBeat(worker: SimWorker, nowUs: number): number {
    if (!worker.alive) return worker.lastBeatUs;
    return worker.createdUs + Math.floor((nowUs - worker.createdUs) / this.heartbeatUs) * this.heartbeatUs;
  }

  /** Kills a worker process: the given one, else one running a task, else any live one. */
  kill(index?: number): SimWorker | undefined {
    const alive = this.all.filter((worker) => worker.alive);
    const worker = index === undefined ? (alive.find((candidate) => candidate.row >= 0) ?? alive[0]) : this.all[index];
    if (!worker?.alive) return undefined;
    const now = this.clock.now();
    worker.lastBeatUs = this.lastBeat(worker, now);
    worker.alive = false;
    if (worker.timer) this.clock.cancel(worker.timer);
    worker.timer = undefined;
    if (worker.idle) this.idle.splice(this.idle.indexOf(worker), 1);
    worker.idle = false;
    this.scheduleCleanup();
    return worker;
  }

  /** The next heartbeat of a live worker at which it runs the cleanup, after `afterUs`. */
  private cleanupTime(worker: SimWorker, afterUs: number): number {
    const {cleanupBeats} = this.options;
    const beats = (afterUs - worker.createdUs) / this.heartbeatUs;
    let beat = worker.firstCleanupBeat;
    if (beat <= beats) beat += Math.ceil((beats - beat) / cleanupBeats) * cleanupBeats;
    let at = worker.createdUs + beat * this.heartbeatUs;
    if (at <= afterUs) at += cleanupBeats * this.heartbeatUs;
    return at;
  }

  private scheduleCleanup(): void {
    const pending = this.all.filter((worker) => !worker.alive && !worker.deleted);
    if (pending.length === 0) return;
    const missingAt = Math.min(...pending.map((worker) => worker.lastBeatUs + this.options.ttlUs));
    const cleaners = this.all.filter((worker) => worker.alive);
    if (cleaners.length === 0) return;
    const at = Math.min(...cleaners.map((worker) => this.cleanupTime(worker, Math.max(missingAt, this.clock.now()))));
    if (this.cleanup && this.cleanup.atUs <= at) return;
    if (this.cleanup) this.clock.cancel(this.cleanup.handle);
    this.cleanup = {atUs: at, handle: this.clock.at(at, () => this.runCleanup())};
  }

  private runCleanup(): void {
    this.cleanup = undefined;
    const now = this.clock.now();
    for (const worker of this.all) {
      if (!worker.alive && !worker.deleted && worker.lastBeatUs < now - this.options.ttlUs) {
        worker.deleted = true;
        this.options.onMissing(worker);
      }
    }
    this.scheduleCleanup();
  }

  info(): WorkerInfo[] {
    const now = this.clock.now();
    return this.all
      .filter((worker) => !worker.deleted)
      .map((worker) => {
        const lastHeartbeatUs = this.lastBeat(worker, now);
        const online = lastHeartbeatUs >= now - this.options.ttlUs;
        return {index: worker.index, name: worker.name, createdUs: worker.createdUs, lastHeartbeatUs, online, missing: !online, currentTask: worker.row};
      });
  }
}
