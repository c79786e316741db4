/**
 * Processing runs, the web-process side: starts runs as BullMQ flows (flows.ts), runs their publish
 * step (publish.ts), follows their progress and failures (progress.ts, failure.ts), catches up with
 * what happened while it was down (reconcile.ts) and removes replaced revisions (revisions.ts).
 * The media steps run in worker processes (workers/), which never touch the database.
 */
import { withCode } from '../../media/coded-message.ts';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { FlowProducer, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config, DataPaths } from '../../config/index.ts';
import { QUEUE, dispatch, type PipelineJobs, type RunJobData, type RunResults, type VariantsJobData, type VariantsResult } from '../../jobs/queues.ts';
import type { Job } from 'bullmq';
import type { RunKind, RunsRepository, VideoForRun } from '../repositories/runs.ts';
import { bullConnection } from '../../jobs/redis.ts';
import { buildRunFlow } from './flows.ts';
import { checkRunFailure, failRun, type FailureDeps } from './failure.ts';
import { ProgressListener } from './progress.ts';
import { joinProcessor } from './join.ts';
import { publishProcessor } from './publish.ts';
import { RECONCILE_INTERVAL_MS, reconcileRuns } from './reconcile.ts';
import { RevisionJanitor } from './revisions.ts';
import type { RunEvent, RunOutcome } from './types.ts';

export type { RunEvent, RunOutcome } from './types.ts';

const DEFAULT_WAIT_MS = 10 * 60_000;
/** waitForRun also polls the database: an outcome decided by another process sends no event here. */
const WAIT_POLL_MS = 500;

/** What the pipeline uses: the runs' table, the data directory, Redis (for BullMQ) and the log. */
export interface PipelineDeps {
  config: Config;
  paths: DataPaths;
  log: Logger;
  runs: RunsRepository;
  redisUrl: string;
}

/**
 * Subtitled variants (server/variants/) ride on this process's pipeline worker and start with it:
 * their `variants-record` step is in its handler map, their event listener starts and stops with it.
 */
export interface VariantsHooks {
  record(job: Job<VariantsJobData, VariantsResult>): Promise<VariantsResult>;
  start(): Promise<void>;
  /** Catches up with batches BullMQ finished or lost while no one listened (server/variants/reconcile.ts). */
  reconcile(): Promise<void>;
  close(): Promise<void>;
}

export class PipelineService {
  private variants: VariantsHooks | null = null;
  private readonly events = new EventEmitter();
  private readonly revisions: RevisionJanitor;
  private producer: FlowProducer | null = null;
  private queues: Record<string, Queue> | null = null;
  private progress: ProgressListener | null = null;
  private publishWorker: Worker<RunJobData | VariantsJobData, RunResults | VariantsResult> | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly efir: PipelineDeps) {
    this.events.setMaxListeners(0); // one per open studio page
    this.revisions = new RevisionJanitor(efir.paths, efir.runs, efir.config.oldRevisionGraceMs, efir.log.child({ component: 'revisions' }));
  }

  private get connection() {
    return bullConnection(this.efir.redisUrl);
  }

  private get prefix() {
    return this.efir.config.queuePrefix;
  }

  private readonly chores: { name: string; run: () => Promise<unknown> }[] = [];

  /**
   * Periodic work that rides on the reconcile (at start and every RECONCILE_INTERVAL_MS in each web
   * process): each chore decides for itself how often it really runs and which instance runs it
   * (the failed-draft sweep: services/failed-drafts.ts). A failing chore is logged and tried again next time.
   */
  onReconcile(name: string, run: () => Promise<unknown>): void {
    this.chores.push({ name, run });
  }

  /** server/context.ts hands the variant service in once it exists (it is built after the pipeline). */
  useVariants(hooks: VariantsHooks): void {
    this.variants = hooks;
  }

  /** Starts following runs, the publish worker and the periodic reconcile. The web process and the import CLI call it. */
  async start(): Promise<void> {
    const log = this.efir.log.child({ component: 'pipeline' });
    this.progress = new ProgressListener({
      connection: this.connection,
      prefix: this.prefix,
      runs: this.efir.runs,
      log,
      emit: (e) => this.emit(e),
      onJobFailed: (runId) => checkRunFailure(this.failureDeps(), runId)
    });
    // Listening before anything can run, so no event of ours is missed.
    await this.progress.start();
    await this.variants?.start();
    await this.revisions.cleanupLeftovers();

    this.publishWorker = new Worker<RunJobData | VariantsJobData, RunResults | VariantsResult>(
      QUEUE.pipeline,
      dispatch<PipelineJobs>(QUEUE.pipeline, {
        publish: publishProcessor({
          paths: this.efir.paths,
          runs: this.efir.runs,
          revisions: this.revisions,
          log,
          startSubtitleRun: (videoId) => this.startSubtitleRun(videoId)
        }),
        join: joinProcessor({
          paths: this.efir.paths,
          runs: this.efir.runs,
          log,
          startSubtitleRun: (videoId) => this.startSubtitleRun(videoId)
        }),
        'variants-record': (job) => {
          if (!this.variants) throw new Error('variants-record: no variant service in this process');
          return this.variants.record(job);
        }
      }),
      { connection: this.connection, prefix: this.prefix, concurrency: 1 }
    );
    this.publishWorker.on('error', (err) => log.error({ err }, 'publish worker error'));
    this.publishWorker.on('failed', (job, err) =>
      log[job?.deferredFailure ? 'debug' : 'warn']({ jobId: job?.id, err: err.message }, 'pipeline job attempt failed')
    );
    await this.publishWorker.waitUntilReady();

    await this.reconcile();
    this.reconcileTimer = setInterval(() => void this.reconcile(), RECONCILE_INTERVAL_MS);
    this.reconcileTimer.unref();
  }

  /** Processes the video's source from scratch (new upload, or again). */
  async startFullRun(videoId: string): Promise<{ runId: string; rev: number }> {
    const video = await this.efir.runs.videoForRun(videoId);
    if (!video) throw new Error(`video ${videoId} does not exist`);
    if (!video.sourcePath) throw new Error(`video ${videoId} has no source file yet`);
    return this.startRun(video, 'full');
  }

  /**
   * Rebuilds only the subtitles of a processed video on top of its current revision. Returns null
   * when that is not possible now: the video was never processed (its first full run will include
   * the subtitles), or a full run is busy (its publish notices the change and starts this run then).
   */
  async startSubtitleRun(videoId: string): Promise<{ runId: string; rev: number } | null> {
    const video = await this.efir.runs.videoForRun(videoId);
    if (!video || video.currentRev === null || !video.ladder) return null;
    if (await this.efir.runs.hasOpenRun(videoId, 'full')) return null;
    return this.startRun(video, 'subtitles');
  }

  onEvent(listener: (e: RunEvent) => void): () => void {
    this.events.on('run', listener);
    return () => this.events.off('run', listener);
  }

  /** Resolves when the run has completed or failed; rejects after timeoutMs. */
  waitForRun(runId: string, timeoutMs = DEFAULT_WAIT_MS): Promise<RunOutcome> {
    return new Promise<RunOutcome>((resolve, reject) => {
      let settled = false;
      const done = (outcome: RunOutcome | Error) => {
        if (settled) return;
        settled = true;
        off();
        clearInterval(poll);
        clearTimeout(timer);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const off = this.onEvent((e) => {
        if (e.runId === runId && (e.state === 'completed' || e.state === 'failed')) done({ state: e.state, error: e.error });
      });
      const check = async () => {
        const run = await this.efir.runs.get(runId);
        if (!run) done(new Error(`run ${runId} does not exist`));
        else if (run.state === 'completed' || run.state === 'failed') done({ state: run.state, error: run.error });
      };
      const poll = setInterval(() => void check().catch(() => {}), WAIT_POLL_MS);
      const timer = setTimeout(() => done(new Error(`run ${runId} did not finish within ${timeoutMs} ms`)), timeoutMs);
      void check().catch((err) => done(err));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    await this.reconciling;
    // The publish in hand finishes first: it may be in the middle of its transaction.
    await this.publishWorker?.close();
    await this.progress?.close();
    await this.variants?.close();
    await this.producer?.close();
    await Promise.all(Object.values(this.queues ?? {}).map((q) => q.close()));
    this.revisions.close();
  }

  private async startRun(video: VideoForRun, kind: RunKind): Promise<{ runId: string; rev: number }> {
    const subtitles = await this.efir.runs.subtitleSources(video.id);
    const run = await this.efir.runs.create(video.id, kind);
    const data: RunJobData = {
      videoId: video.id,
      runId: run.id,
      rev: run.rev,
      kind,
      workDir: path.join(this.efir.paths.work, video.id, String(run.rev)),
      // Workers get absolute paths: they share the data directory but not our configuration.
      sourcePath: this.absolute(video.sourcePath ?? ''),
      sourceName: video.sourceName ?? path.basename(video.sourcePath ?? ''),
      duration: video.duration ?? 0,
      subtitles: subtitles.map((s) => ({ ...s, storedPath: this.absolute(s.storedPath) })),
      ladder: kind === 'subtitles' ? video.ladder : null,
      baseRev: kind === 'subtitles' ? video.currentRev : null,
      publishEarly: run.publishEarly,
      revisionDir: path.join(this.efir.paths.media, video.id, String(run.rev)),
      limits: this.efir.config.mediaLimits
    };
    // Announced before the flow is added: a worker may start its first step (an 'active' event)
    // before add() returns, and listeners must hear 'queued' first.
    this.emit({ videoId: video.id, runId: run.id, kind, state: 'queued', step: null, progress: 0, error: null });
    try {
      this.producer ??= new FlowProducer({ connection: this.connection, prefix: this.prefix });
      await this.producer.add(buildRunFlow(data));
    } catch (err) {
      await failRun(this.failureDeps(), run.id, withCode(`could not queue processing: ${(err as Error).message}`, 'internal', { problem: 'queue_failed' }));
      throw err;
    }
    this.efir.log.info({ videoId: video.id, runId: run.id, rev: run.rev, kind }, 'processing run queued');
    return { runId: run.id, rev: run.rev };
  }

  private absolute(p: string): string {
    return path.isAbsolute(p) ? p : path.join(this.efir.config.dataDir, p);
  }

  private emit(e: RunEvent): void {
    if (e.state === 'completed' || e.state === 'failed') this.progress?.forget(e.runId);
    for (const listener of this.events.listeners('run')) {
      try {
        (listener as (e: RunEvent) => void)(e);
      } catch (err) {
        this.efir.log.warn({ err }, 'run event listener threw');
      }
    }
  }

  private lookupQueues(): Record<string, Queue> {
    this.queues ??= {
      [QUEUE.media]: new Queue(QUEUE.media, { connection: this.connection, prefix: this.prefix }),
      [QUEUE.pipeline]: new Queue(QUEUE.pipeline, { connection: this.connection, prefix: this.prefix })
    };
    return this.queues;
  }

  private failureDeps(): FailureDeps {
    return {
      queues: this.lookupQueues(),
      runs: this.efir.runs,
      paths: this.efir.paths,
      log: this.efir.log.child({ component: 'pipeline' }),
      emit: (e) => this.emit(e)
    };
  }

  private reconcile(): Promise<void> {
    this.reconciling ??= reconcileRuns(this.failureDeps(), this.efir.log)
      .then(() => this.variants?.reconcile())
      .then(async () => {
        await Promise.all(this.chores.map((c) => c.run().catch((err) => this.efir.log.warn({ err, chore: c.name }, 'periodic chore failed'))));
      })
      .catch((err) => this.efir.log.warn({ err }, 'reconcile failed'))
      .finally(() => {
        this.reconciling = null;
      });
    return this.reconciling;
  }
}
