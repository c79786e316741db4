/**
 * Removes failed uploads after FAILED_DRAFT_DAYS: a draft whose file was refused or whose processing
 * failed, never published, stays in "My videos" (with its error and a Delete button) that long and
 * then goes with its files. Run from the pipeline's reconcile (at start and every 15 s); a Redis key
 * set with NX for SWEEP_EVERY_MS makes one instance sweep at a time and at most that often, whichever
 * instance's reconcile comes first.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { VideosRepository } from '../repositories/videos.ts';

/** How often any instance sweeps (the drafts are days old: an hour late is nothing). */
export const SWEEP_EVERY_MS = 3600_000;
/** Drafts removed per sweep at most (the rest wait for the next: a sweep stays short). */
const BATCH = 100;
const DAY_MS = 86_400_000;

export interface FailedDraftDeps {
  redis: Redis;
  prefix: string;
  videos: Pick<VideosRepository, 'listFailedDrafts'>;
  /** Deletes the row if it still qualifies, then its files (StudioService.removeFailedDraft). */
  remove(id: string, before: Date): Promise<boolean>;
  /** FAILED_DRAFT_DAYS (0: keep them). */
  days: () => number;
  log: Logger;
}

export class FailedDraftSweeper {
  constructor(private readonly deps: FailedDraftDeps) {}

  private get key(): string {
    return `${this.deps.prefix}:failed-drafts:sweep`;
  }

  /** Sweeps if no instance has within SWEEP_EVERY_MS. The ids removed (null: another instance's turn, or turned off). */
  async sweep(now = Date.now()): Promise<string[] | null> {
    const days = this.deps.days();
    if (days <= 0) return null;
    if ((await this.deps.redis.set(this.key, String(now), 'PX', SWEEP_EVERY_MS, 'NX')) !== 'OK') return null;
    const before = new Date(now - days * DAY_MS);
    const removed: string[] = [];
    for (const id of await this.deps.videos.listFailedDrafts(before, BATCH)) {
      try {
        if (await this.deps.remove(id, before)) removed.push(id);
      } catch (err) {
        this.deps.log.warn({ err, videoId: id }, 'could not remove a failed draft');
      }
    }
    if (removed.length) this.deps.log.info({ videoIds: removed, days }, 'removed failed drafts');
    return removed;
  }
}
