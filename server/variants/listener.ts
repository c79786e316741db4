/**
 * Follows variant batches through BullMQ's event streams: the worker's progress (VariantsProgress)
 * becomes video_variants.progress and state 'active'; a batch that failed for good (its make job or
 * its record job) marks its rows failed with the reason. Only job ids of batches (flow.ts) are
 * handled; the run progress listener (server/pipeline/progress.ts) ignores these, and this one
 * ignores the runs'.
 */
import { QueueEvents } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { QUEUE, type VariantsProgress } from '../../jobs/queues.ts';
import { parseVariantJobId } from './flow.ts';

/** At most this often per batch to the database: progress comes twice a second per job anyway. */
const WRITE_INTERVAL_MS = 500;

export interface VariantEventsDeps {
  connection: RedisOptions;
  prefix: string;
  log: Logger;
  progress(batchId: string, fraction: number): Promise<void>;
  /** A job of the batch failed: the handler checks whether for good. */
  failed(batchId: string): Promise<void>;
}

export class VariantEvents {
  private readonly streams: QueueEvents[] = [];
  private readonly lastWrite = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: VariantEventsDeps) {}

  async start(): Promise<void> {
    for (const name of [QUEUE.media, QUEUE.pipeline]) {
      const events = new QueueEvents(name, { connection: this.deps.connection, prefix: this.deps.prefix });
      if (name === QUEUE.media) {
        events.on('active', ({ jobId }) => this.handle(jobId, (batchId) => this.deps.progress(batchId, 0)));
        events.on('progress', ({ jobId, data }) =>
          this.handle(jobId, (batchId) => {
            const now = Date.now();
            if (now - (this.lastWrite.get(batchId) ?? 0) < WRITE_INTERVAL_MS) return;
            this.lastWrite.set(batchId, now);
            return this.deps.progress(batchId, Number((data as unknown as VariantsProgress)?.fraction) || 0);
          })
        );
      }
      events.on('failed', ({ jobId }) => this.handle(jobId, (batchId) => this.deps.failed(batchId)));
      events.on('completed', ({ jobId }) => {
        const parsed = parseVariantJobId(jobId);
        if (parsed?.job === 'record') this.lastWrite.delete(parsed.batchId);
      });
      events.on('error', (err) => this.deps.log.warn({ err }, 'variant queue events error'));
      this.streams.push(events);
    }
    await Promise.all(this.streams.map((e) => e.waitUntilReady()));
  }

  async close(): Promise<void> {
    await Promise.all(this.streams.map((e) => e.close()));
    await this.chain;
  }

  private handle(jobId: string, fn: (batchId: string) => Promise<void> | void): void {
    const parsed = parseVariantJobId(jobId);
    if (!parsed) return;
    // One at a time, in arrival order, so progress never goes backwards behind a late write.
    this.chain = this.chain
      .then(() => fn(parsed.batchId))
      .catch((err) => this.deps.log.warn({ err, jobId }, 'could not handle a variant event'));
  }
}
