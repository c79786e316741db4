/**
 * The YouTube side of Efir, wired once in server/context.ts as `efir.youtube`:
 *   connection  the channel connection row (settings, health, ETags)      connection.ts
 *   ledger      every Data API call with its units; the day's budget        ledger.ts
 *   api         the one Data API client                                     api.ts
 *   mirror      SQL of mirrored videos and playlists                        mirror-repository.ts
 *   sync        the channel's mirror (SyncService.run)                      sync.ts
 *   queue       BullMQ `youtube`: sync, captions (H2), publish (H4)          queue.ts
 * H2 (captions, OAuth) and H4 (publishing) add their services here and register their queue
 * handlers in the constructor's marked place. The web process calls start(); scripts do not, so a
 * script never runs jobs (it may add them, or run a sync itself: scripts/youtube-sync.ts).
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config, DataPaths } from '../../config/index.ts';
import type { Db } from '../db/index.ts';
import { YoutubeApi } from './api.ts';
import { YoutubeConnection } from './connection.ts';
import { YoutubeLedger } from './ledger.ts';
import { MirrorRepository } from './mirror-repository.ts';
import { YoutubeQueue } from './queue.ts';
import { SyncService } from './sync.ts';

export interface YoutubeDeps {
  db: Db;
  config: Config;
  paths: DataPaths;
  log: Logger;
  redis: Redis;
  redisUrl: string;
  /** The clock (tests move it across quota days). */
  now?: () => Date;
}

export class Youtube {
  readonly connection: YoutubeConnection;
  readonly ledger: YoutubeLedger;
  readonly api: YoutubeApi;
  readonly mirror: MirrorRepository;
  readonly sync: SyncService;
  readonly queue: YoutubeQueue;
  private started = false;
  private clock: () => Date;

  constructor(deps: YoutubeDeps) {
    const { db, config, paths, redis } = deps;
    const log = deps.log.child({ component: 'youtube' });
    this.clock = deps.now ?? (() => new Date());
    // every part reads the one clock, so a test moving it moves the quota day everywhere
    const now = () => this.clock();
    this.connection = new YoutubeConnection({ db, config: config.youtube, now });
    this.ledger = new YoutubeLedger({ db, config: config.youtube, now });
    this.api = new YoutubeApi({ config: config.youtube, ledger: this.ledger, connection: this.connection, log, now });
    this.mirror = new MirrorRepository(db);
    this.sync = new SyncService({
      config: config.youtube,
      paths,
      log,
      api: this.api,
      ledger: this.ledger,
      connection: this.connection,
      mirror: this.mirror,
      redis,
      prefix: config.queuePrefix,
      now
    });
    this.queue = new YoutubeQueue({ redisUrl: deps.redisUrl, prefix: config.queuePrefix, log, syncIntervalMinutes: config.youtube.syncIntervalMinutes });
    this.queue.handle('sync', (job) => this.sync.run({ full: job.data.full }));
    // H2: this.queue.handle('captions', …) and this.sync.hooks.push(…); H4: this.queue.handle('publish', …)
  }

  /** Replaces the clock (tests: quota days, the full pass's interval). */
  useClock(now: () => Date): void {
    this.clock = now;
  }

  /** The queue's worker and the repeatable sync (the web process). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.queue.start();
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
