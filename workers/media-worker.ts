/**
 * The media worker: a BullMQ Worker on the `media` queue running the ffmpeg steps of processing
 * runs, and batches of subtitled variants (`variants`, workers/steps/variants.ts). It needs Redis
 * and the data directory only, never the database: results travel back as job return values,
 * progress as job progress.
 *
 * Stopping: close(graceMs) is what SIGTERM does: no new jobs, and the steps in hand may finish for
 * graceMs. Those still running then have their ffmpeg stopped and are left in hand, neither done nor
 * failed, exactly as if the worker had been killed. A worker that is killed (SIGKILL, OOM, power
 * loss) or stops that way no longer renews its job locks; after lockDuration the stalled-job check
 * of any live worker (every stalledInterval) moves the job back to waiting, and the next worker runs
 * the step again from a clean output folder.
 */
import { inputErrorText } from '../media/coded-message.ts';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import {
  QUEUE,
  childResults,
  dispatch,
  type Handlers,
  type JobOf,
  type MediaJobs,
  type MediaStep,
  type RunJobData,
  type RunResults,
  type StepProgress,
  type VariantsJobData,
  type VariantsProgress,
  type VariantsResult
} from '../jobs/queues.ts';
import { bullConnection } from '../jobs/redis.ts';
import { etaSeconds, type StepContext } from './steps/context.ts';
import { growStep } from './steps/grow.ts';
import { ladderStep } from './steps/ladder.ts';
import { probeStep } from './steps/probe.ts';
import { subtitlesStep } from './steps/subtitles.ts';
import { thumbnailsStep } from './steps/thumbnails.ts';
import type { FontsSetting } from './steps/fonts.ts';
import { variantsStep } from './steps/variants.ts';

export interface MediaWorkerOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  log: Logger;
  /** How long a job's lock lives without renewal: how soon a killed worker's job can be taken over. */
  lockDuration?: number;
  /** How often this worker looks for jobs whose worker died. */
  stalledInterval?: number;
  /** DISK_RESERVE_BYTES: steps do not start writing when less would be left free on the data disk. */
  diskReserveBytes: number;
  /** Where burned-in subtitles find their fonts (workers/steps/fonts.ts fontsSetting(config)). */
  fonts: FontsSetting;
}

/** One handler per media job name (jobs/queues.ts): a step without one fails to compile. */
function handlers(log: Logger, signal: AbortSignal, parked: Set<Promise<void>>, diskReserveBytes: number, fonts: FontsSetting): Handlers<MediaJobs> {
  return {
    probe: (job) => runStep(job, probeStep, log, signal, parked, diskReserveBytes),
    ladder: (job) => runStep(job, ladderStep, log, signal, parked, diskReserveBytes),
    subtitles: (job) => runStep(job, subtitlesStep, log, signal, parked, diskReserveBytes),
    thumbnails: (job) => runStep(job, thumbnailsStep, log, signal, parked, diskReserveBytes),
    grow: (job) => runStep(job, growStep, log, signal, parked, diskReserveBytes, 'ladder'),
    variants: (job) => runVariants(job, log, signal, parked, diskReserveBytes, fonts)
  };
}

/**
 * Lock and stalled-job check. ffmpeg runs in a child process, so the event loop stays free to renew
 * locks (every lockDuration / 2) even in a long transcode; 30 s of silence means the worker is gone.
 * A job is taken over within lockDuration + stalledInterval (45 s) of its worker dying, and a step
 * whose workers die twice (say, the OOM killer on a huge source) fails rather than loop forever.
 */
export const LOCK_DURATION_MS = 30_000;
export const STALLED_INTERVAL_MS = 15_000;
export const MAX_STALLED_COUNT = 2;

/** Progress reaches Redis (and every listening web process) at most twice a second per job. */
const PROGRESS_INTERVAL_MS = 500;

export interface MediaWorker {
  /**
   * Takes no new jobs and waits for the steps in hand, for graceMs at most (unbounded when not
   * given); then stops their ffmpeg and resolves with those jobs left in hand: the caller is
   * expected to exit, so that their locks lapse and another worker takes them over.
   */
  close(graceMs?: number): Promise<void>;
}

export async function startMediaWorker(opts: MediaWorkerOptions): Promise<MediaWorker> {
  const log = opts.log.child({ component: 'media-worker' });
  // Aborted when the grace is over: every step in hand stops its ffmpeg.
  const giveUp = new AbortController();
  // Steps whose ffmpeg was stopped by giveUp; each settles once its ffmpeg has exited.
  const parked = new Set<Promise<void>>();
  const worker = new Worker<RunJobData | VariantsJobData, RunResults | VariantsResult>(QUEUE.media, dispatch(QUEUE.media, handlers(log, giveUp.signal, parked, opts.diskReserveBytes, opts.fonts)), {
    connection: bullConnection(opts.redisUrl),
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    lockDuration: opts.lockDuration ?? LOCK_DURATION_MS,
    stalledInterval: opts.stalledInterval ?? STALLED_INTERVAL_MS,
    maxStalledCount: MAX_STALLED_COUNT
  });
  worker.on('failed', (job, err) => {
    // A parent failing because its child did (failParentOnFailure) is no news: the child was logged.
    const level = job?.deferredFailure ? 'debug' : 'warn';
    log[level]({ jobId: job?.id, step: job?.name, videoId: job?.data.videoId, attempt: job?.attemptsMade, err: err.message }, 'step failed');
  });
  worker.on('error', (err) => log.error({ err }, 'media worker error'));
  await worker.waitUntilReady();
  log.info({ queue: QUEUE.media, prefix: opts.prefix, concurrency: opts.concurrency }, 'media worker started');
  return {
    async close(graceMs?: number) {
      const closed = worker.close();
      if (graceMs === undefined) return closed;
      if (await settlesWithin(closed, graceMs)) return;
      log.warn({ graceMs }, 'steps still running after the grace: stopping their ffmpeg and leaving the jobs to another worker');
      giveUp.abort(new Error('worker stopping'));
      // runFfmpeg waits for ffmpeg's exit (SIGTERM, then SIGKILL after a few seconds).
      await Promise.all(parked);
    }
  };
}

async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const ok = await Promise.race([p.then(() => true, () => true), late]);
  clearTimeout(timer);
  return ok;
}

async function runStep(
  job: Job<RunJobData, RunResults, MediaStep>,
  run: (ctx: StepContext) => Promise<unknown>,
  log: Logger,
  signal: AbortSignal,
  parked: Set<Promise<void>>,
  diskReserveBytes: number,
  /** The result key the step's own result goes under (grow's is the grown ladder). */
  resultKey: keyof RunResults = job.name as keyof RunResults
): Promise<RunResults> {
  const step = job.name;
  const { videoId, runId } = job.data;
  const stepLog = log.child({ videoId, runId, step, attempt: job.attemptsMade + 1 });

  const results = await childResults(job);
  const own = await inHand(step, stepLog, signal, parked, () =>
    run({ data: job.data, results, log: stepLog, progress: throttledProgress(job, step, stepLog), signal, diskReserveBytes })
  );
  return { ...results, [resultKey]: own };
}

/** A batch of subtitled variants (not a step of a run: its parent records the files, see jobs/queues.ts). */
function runVariants(
  job: JobOf<MediaJobs, 'variants'>,
  log: Logger,
  signal: AbortSignal,
  parked: Set<Promise<void>>,
  diskReserveBytes: number,
  fonts: FontsSetting
): Promise<VariantsResult> {
  const { videoId, batchId } = job.data;
  const stepLog = log.child({ videoId, batchId, step: 'variants', attempt: job.attemptsMade + 1 });
  const progress = throttled((fraction) => {
    const p: VariantsProgress = { videoId, batchId, fraction };
    job.updateProgress(p as unknown as object).catch((err) => stepLog.debug({ err }, 'progress not sent'));
  });
  return inHand('variants', stepLog, signal, parked, () => variantsStep({ data: job.data, log: stepLog, progress, signal, diskReserveBytes, fonts }));
}

/**
 * Runs a job's work while the worker holds it: if the worker gives up on it (close() after the
 * grace), the job is left neither done nor failed; errors that no retry can fix fail it for good.
 */
async function inHand<T>(step: string, stepLog: Logger, signal: AbortSignal, parked: Set<Promise<void>>, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  stepLog.info('step started');
  // Settles when the step has ended after the worker gave up on it (see close()).
  let stepEnded = (): void => {};
  if (signal.aborted) return new Promise(() => {}); // taken in the instant of stopping: leave it
  const onGiveUp = () => parked.add(new Promise<void>((resolve) => (stepEnded = resolve)));
  signal.addEventListener('abort', onGiveUp, { once: true });
  try {
    const own = await work();
    stepLog.info({ ms: Date.now() - started }, 'step done');
    return own;
  } catch (err) {
    if (signal.aborted) {
      // Neither failed nor done: the process exits with the job in hand, and the stalled-job check
      // gives it to another worker, as after a kill (a failure would cost one of its attempts).
      stepLog.info('step stopped with the worker; another worker will run it again');
      return new Promise(() => {});
    }
    // The uploader's file (or a subtitle's character) is at fault, or the worker lacks its fonts:
    // retrying cannot help, so fail now with the message they can act on.
    if (isBadInput(err) || isFontProblem(err)) throw new UnrecoverableError(inputErrorText(err as Error));
    // A full disk does not empty itself in the seconds between retries: fail the run now with its
    // code (the studio translates disk_full) instead of retrying into the same wall.
    if (err instanceof Error && err.name === 'DiskSpaceError') {
      stepLog.error({ err: err.message }, 'not enough free disk space for the step');
      throw new UnrecoverableError(err.message);
    }
    // Anything else is ours (disk, ffmpeg, Redis) and retried; say which step, for the studio and logs.
    if (err instanceof Error && !err.message.startsWith(`${step}:`)) err.message = `${step}: ${err.message}`;
    throw err;
  } finally {
    signal.removeEventListener('abort', onGiveUp);
    stepEnded();
  }
}

/** MediaInputError and SubtitleError from media/ (by name too, in case two copies of a module are loaded). */
function isBadInput(err: unknown): boolean {
  return err instanceof Error && (err.name === 'MediaInputError' || err.name === 'SubtitleError');
}

/** A character Noto Sans lacks (FontProblemError), or no Noto Sans on this worker (FontsMissingError). */
function isFontProblem(err: unknown): boolean {
  return err instanceof Error && (err.name === 'FontProblemError' || err.name === 'FontsMissingError');
}

function throttledProgress(job: Job<RunJobData>, step: MediaStep, log: Logger): (fraction: number) => void {
  const started = Date.now();
  return throttled((fraction) => {
    const progress: StepProgress = { videoId: job.data.videoId, runId: job.data.runId, step, fraction };
    const eta = etaSeconds((Date.now() - started) / 1000, fraction);
    if (eta !== undefined) progress.etaSeconds = eta;
    // Progress is advisory: a failed write must never fail the transcode.
    job.updateProgress(progress as unknown as object).catch((err) => log.debug({ err }, 'progress not sent'));
  });
}

/** Passes on a rising fraction at most every PROGRESS_INTERVAL_MS, and always the final 1. */
function throttled(send: (fraction: number) => void): (fraction: number) => void {
  let last = 0;
  let highest = -1;
  return (fraction) => {
    const now = Date.now();
    // Never backwards: a step may run ffmpeg again (thumbnails' fallback), and a bar must not jump back.
    if (fraction <= highest) return;
    if (fraction < 1 && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    highest = fraction;
    send(fraction);
  };
}
