/**
 * The web process's BullMQ queue `youtube`: the channel's sync, caption downloads (H2) and publishing
 * (H4). Web-only (not in jobs/queues.ts, and no worker in workers/): every job needs the database.
 *
 * One job at a time across all web instances (the queue's global concurrency is 1, and each
 * instance's worker takes one at a time), so a sync never runs beside a publish that is about to
 * set videos.youtube_id, and the day's units are spent in one order.
 *
 * Jobs:
 *   sync      repeatable every YOUTUBE_SYNC_MINUTES (0: only on demand: the admin page, the CLI)
 *   captions  H2's handler (server/youtube/captions.ts) registers with handle('captions', …)
 *   publish   H4's handler (server/youtube/publish.ts) registers with handle('publish', …)
 * A job whose handler is not registered fails at once (UnrecoverableError), never retried.
 *
 * H2/H4: narrow CaptionsJobData / PublishJobData (and their results) here to your own types.
 */
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { JobSpec } from '../../jobs/queues.ts';
import { bullConnection } from '../../jobs/redis.ts';
import type { CaptionsResult } from './captions.ts';
import type { SyncResult } from './sync.ts';
import type { PublishJobData, PublishResult } from './publish.ts';

export const YOUTUBE_QUEUE = 'youtube';

export interface SyncJobData {
  full?: boolean;
  /** who asked: the schedule, the admin page, `npm run youtube:sync` */
  reason: 'schedule' | 'admin' | 'cli';
}
/** H2: the caption backlog's job (server/youtube/captions.ts); the sync also runs it after each sync. */
export interface CaptionsJobData {
  reason?: 'admin' | 'schedule';
}
/** H4: publishing one video (server/youtube/publish.ts). */
export type { PublishJobData } from './publish.ts';

export type YoutubeJobs = {
  sync: JobSpec<SyncJobData, SyncResult>;
  captions: JobSpec<CaptionsJobData, CaptionsResult>;
  publish: JobSpec<PublishJobData, PublishResult>;
};
export type YoutubeJobName = keyof YoutubeJobs;
export type YoutubeHandler<N extends YoutubeJobName> = (job: Job<YoutubeJobs[N]['data'], YoutubeJobs[N]['result'], N>) => Promise<YoutubeJobs[N]['result']>;

export interface YoutubeQueueDeps {
  redisUrl: string;
  prefix: string;
  log: Logger;
  /** 0: no repeatable sync. */
  syncIntervalMinutes: number;
}

const SCHEDULER_ID = 'youtube-sync';

export class YoutubeQueue {
  private readonly handlers: { [N in YoutubeJobName]?: YoutubeHandler<N> } = {};
  private queue: Queue | null = null;
  private worker: Worker | null = null;
  private events: QueueEvents | null = null;
  private closed = false;

  constructor(private readonly deps: YoutubeQueueDeps) {}

  private get connection() {
    return bullConnection(this.deps.redisUrl);
  }

  /** Registers the handler of one job name (before start()). */
  handle<N extends YoutubeJobName>(name: N, handler: YoutubeHandler<N>): void {
    (this.handlers as Record<string, unknown>)[name] = handler;
  }

  /** The queue, for adding jobs (opened on first use: scripts add without running a worker). */
  private open(): Queue {
    this.queue ??= new Queue(YOUTUBE_QUEUE, { connection: this.connection, prefix: this.deps.prefix });
    return this.queue;
  }

  /** The worker and the repeatable sync. The web process calls it; scripts do not. */
  async start(): Promise<void> {
    const log = this.deps.log.child({ component: 'youtube-queue' });
    const queue = this.open();
    await queue.setGlobalConcurrency(1);
    this.worker = new Worker(
      YOUTUBE_QUEUE,
      async (job: Job) => {
        const handler = (this.handlers as Record<string, ((job: Job) => Promise<unknown>) | undefined>)[job.name];
        if (!handler) throw new UnrecoverableError(`no handler for youtube job ${JSON.stringify(job.name)}`);
        return handler(job);
      },
      { connection: this.connection, prefix: this.deps.prefix, concurrency: 1 }
    );
    this.worker.on('error', (err) => log.error({ err }, 'youtube worker error'));
    this.worker.on('failed', (job, err) => log.error({ err, job: job?.name, id: job?.id }, `youtube job failed: ${err.message}`));
    await this.worker.waitUntilReady();
    if (this.deps.syncIntervalMinutes > 0) {
      await queue.upsertJobScheduler(
        SCHEDULER_ID,
        { every: this.deps.syncIntervalMinutes * 60_000 },
        { name: 'sync', data: { reason: 'schedule' } satisfies SyncJobData, opts: { removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } } }
      );
    } else {
      await queue.removeJobScheduler(SCHEDULER_ID);
    }
  }

  async add<N extends YoutubeJobName>(name: N, data: YoutubeJobs[N]['data'], opts: JobsOptions = {}): Promise<Job<YoutubeJobs[N]['data'], YoutubeJobs[N]['result'], N>> {
    return (await this.open().add(name, data, { removeOnComplete: { age: 3600, count: 200 }, removeOnFail: { age: 7 * 86400 }, ...opts })) as never;
  }

  /** Queues a sync now and waits for its result (the admin page's button, the control socket). */
  async syncNow(data: SyncJobData, timeoutMs = 30 * 60_000): Promise<SyncResult> {
    this.events ??= new QueueEvents(YOUTUBE_QUEUE, { connection: this.connection, prefix: this.deps.prefix });
    await this.events.waitUntilReady();
    const job = await this.add('sync', data);
    return (await job.waitUntilFinished(this.events, timeoutMs)) as SyncResult;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker?.close();
    await this.events?.close();
    await this.queue?.close();
  }
}
