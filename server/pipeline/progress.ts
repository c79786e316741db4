/**
 * Follows every run through BullMQ's event streams (QueueEvents on both queues): step starts,
 * progress, completion and failure become RunEvents for in-process listeners (studio server-sent
 * events) and rows in processing_runs. Progress writes are throttled to two a second per run;
 * completion is written by publish itself and failure by failRun, always.
 */
import { QueueEvents } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { RunsRepository } from '../repositories/runs.ts';
import { QUEUE, type Step, type StepProgress } from '../../jobs/queues.ts';
import { overallProgress, parseJobId, type RunKind } from './flows.ts';
import type { EmitRunEvent } from './types.ts';

const WRITE_INTERVAL_MS = 500;

interface RunInfo {
  videoId: string;
  kind: RunKind;
  publishEarly: boolean;
}

export interface ProgressDeps {
  connection: RedisOptions;
  prefix: string;
  runs: RunsRepository;
  log: Logger;
  emit: EmitRunEvent;
  /** A job of the run failed (maybe only the last attempt of a step, maybe a parent failing along). */
  onJobFailed(runId: string): Promise<void>;
}

interface PendingWrite {
  last: number;
  timer?: NodeJS.Timeout;
  pending?: { step: Step; progress: number };
}

export class ProgressListener {
  private readonly streams: QueueEvents[] = [];
  private readonly runInfo = new Map<string, RunInfo>();
  private readonly writes = new Map<string, PendingWrite>();
  // Events are handled one at a time, in arrival order, so a run's progress never goes backwards.
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ProgressDeps) {}

  async start(): Promise<void> {
    for (const name of [QUEUE.media, QUEUE.pipeline]) {
      const events = new QueueEvents(name, { connection: this.deps.connection, prefix: this.deps.prefix });
      events.on('active', ({ jobId }) => this.handle(jobId, (run, step) => this.stepAt(run, step, 0)));
      events.on('progress', ({ jobId, data }) => {
        const p = data as unknown as StepProgress;
        this.handle(jobId, (run, step) => this.stepAt(run, step, Number(p?.fraction) || 0, Number.isFinite(p?.etaSeconds) ? p.etaSeconds! : null));
      });
      events.on('completed', ({ jobId }) => this.handle(jobId, (run, step) => this.stepCompleted(run, step)));
      events.on('failed', ({ jobId }) => this.handle(jobId, (run) => this.deps.onJobFailed(run.runId)));
      events.on('error', (err) => this.deps.log.warn({ err }, 'queue events error'));
      this.streams.push(events);
    }
    await Promise.all(this.streams.map((e) => e.waitUntilReady()));
  }

  async close(): Promise<void> {
    await Promise.all(this.streams.map((e) => e.close()));
    for (const w of this.writes.values()) clearTimeout(w.timer);
    this.writes.clear();
    await this.queue;
  }

  private handle(jobId: string, fn: (run: { runId: string } & RunInfo, step: Step) => Promise<void> | void): void {
    const parsed = parseJobId(jobId);
    if (!parsed) return;
    this.queue = this.queue
      .then(async () => {
        const info = await this.info(parsed.runId);
        if (info) await fn({ runId: parsed.runId, ...info }, parsed.step);
      })
      .catch((err) => this.deps.log.warn({ err, jobId }, 'could not handle a processing event'));
  }

  private async info(runId: string): Promise<RunInfo | null> {
    const cached = this.runInfo.get(runId);
    if (cached) return cached;
    const run = await this.deps.runs.get(runId);
    // Finished runs are not cached: their late events are rare and the map must not grow forever.
    if (!run || run.state === 'completed' || run.state === 'failed') return null;
    const info = { videoId: run.videoId, kind: run.kind, publishEarly: run.publishEarly };
    this.runInfo.set(runId, info);
    return info;
  }

  private stepAt(run: { runId: string } & RunInfo, step: Step, fraction: number, etaSeconds: number | null = null): void {
    const progress = overallProgress(run.kind, step, fraction, run.publishEarly);
    const { publishEarly: _, ...event } = run;
    this.deps.emit({ ...event, state: 'active', step, progress, error: null, stepFraction: Math.min(1, Math.max(0, fraction)), etaSeconds });
    this.write(run.runId, step, progress);
  }

  private async stepCompleted(run: { runId: string } & RunInfo, step: Step): Promise<void> {
    if (step !== 'publish' && step !== 'join') return this.stepAt(run, step, 1);
    // publish or join wrote the completed run in its transaction, if it was the run's last step (a
    // full run published early goes on growing after publish; a run queued before grow existed ends there).
    const stored = await this.deps.runs.get(run.runId);
    if (stored?.state !== 'completed') return this.stepAt(run, step, 1);
    this.forget(run.runId);
    const { publishEarly: _, ...event } = run;
    this.deps.emit({ ...event, state: 'completed', step, progress: 1, error: null });
  }

  /** The run finished (either way): no more throttled writes for it. */
  forget(runId: string): void {
    clearTimeout(this.writes.get(runId)?.timer);
    this.writes.delete(runId);
    this.runInfo.delete(runId);
  }

  private write(runId: string, step: Step, progress: number): void {
    let w = this.writes.get(runId);
    if (!w) this.writes.set(runId, (w = { last: 0 }));
    w.pending = { step, progress };
    if (w.timer) return;
    const wait = w.last + WRITE_INTERVAL_MS - Date.now();
    if (wait <= 0) this.flush(runId, w);
    else w.timer = setTimeout(() => this.flush(runId, w!), wait);
  }

  private flush(runId: string, w: PendingWrite): void {
    w.timer = undefined;
    w.last = Date.now();
    const p = w.pending;
    w.pending = undefined;
    if (!p) return;
    // setProgress ignores finished runs, so a write that lands after completion cannot reopen one.
    this.deps.runs.setProgress(runId, p.step, p.progress).catch((err) => this.deps.log.warn({ err, runId }, 'could not save run progress'));
  }
}
