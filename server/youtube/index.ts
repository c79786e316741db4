/**
 * The YouTube side of Efir, wired once in server/context.ts as `efir.youtube`:
 *   connection  the channel connection row (settings, health, ETags)      connection.ts
 *   ledger      every Data API call with its units; the day's budget        ledger.ts
 *   api         the one Data API client                                     api.ts
 *   mirror      SQL of mirrored videos and playlists                        mirror-repository.ts
 *   sync        the channel's mirror (SyncService.run)                      sync.ts
 *   queue       BullMQ `youtube`: sync, captions (H2), publish (H4)          queue.ts
 *   oauth       the channel account's consent and access tokens (H2)        oauth.ts
 *   captions    the channel's own caption tracks → Efir subtitles (H2)      captions.ts
 *   admin       the /admin page's YouTube section (H2)                      admin.ts
 * H2 (captions, OAuth) and H4 (publishing) add their services here and register their queue
 * handlers in the constructor's marked place. The web process calls start(); scripts do not, so a
 * script never runs jobs (it may add them, or run a sync itself: scripts/youtube-sync.ts).
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config, DataPaths } from '../../config/index.ts';
import type { Db } from '../db/index.ts';
import { EfirError } from '../errors.ts';
import type { SubtitlesRepository } from '../repositories/subtitles.ts';
import type { VideosRepository } from '../repositories/videos.ts';
import type { StudioService } from '../services/studio.ts';
import { API_KEY_CONTEXT, YoutubeAdminService } from './admin.ts';
import { CaptionsService } from './captions.ts';
import { SealError, open } from './crypto.ts';
import { YoutubeOAuth } from './oauth.ts';
import { YoutubeApi } from './api.ts';
import { YoutubeConnection } from './connection.ts';
import { YoutubeLedger } from './ledger.ts';
import { MirrorRepository } from './mirror-repository.ts';
import { PublishService } from './publish.ts';
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
  /** For the channel's caption tracks, which become Efir subtitle tracks through the studio's path. */
  videos: VideosRepository;
  subtitles: SubtitlesRepository;
  studio: Pick<StudioService, 'storeSubtitle'>;
}

export class Youtube {
  readonly connection: YoutubeConnection;
  readonly ledger: YoutubeLedger;
  readonly api: YoutubeApi;
  readonly mirror: MirrorRepository;
  readonly sync: SyncService;
  readonly queue: YoutubeQueue;
  readonly oauth: YoutubeOAuth;
  readonly captions: CaptionsService;
  readonly admin: YoutubeAdminService;
  /** Producers' tutorials published to the channel (H4: publish.ts, the `publish` job). */
  readonly publish: PublishService;
  private started = false;
  private clock: () => Date;

  constructor(deps: YoutubeDeps) {
    const { db, config, paths, redis } = deps;
    const log = deps.log.child({ component: 'youtube' });
    this.clock = deps.now ?? (() => new Date());
    // every part reads the one clock, so a test moving it moves the quota day everywhere
    const now = () => this.clock();
    const tokenKey = config.youtube.tokenKey;
    this.connection = new YoutubeConnection({ db, config: config.youtube, now, openSecret: tokenKey ? openApiKey(tokenKey) : null });
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
    // H2: OAuth, the caption backlog (after each sync that finished, and as the `captions` job), the admin page.
    this.oauth = new YoutubeOAuth({ db, youtube: config.youtube, publicUrl: config.publicUrl, connection: this.connection, log, now });
    // Without an OAuth client, caption and publishing calls refuse with youtube_not_connected at once.
    if (this.oauth.configured) this.api.setAccessTokens(this.oauth.tokens);
    this.captions = new CaptionsService({ db, api: this.api, ledger: this.ledger, connection: this.connection, videos: deps.videos, subtitles: deps.subtitles, studio: deps.studio, log });
    this.queue.handle('captions', () => this.captions.run());
    this.sync.hooks.push(async () => ({ captionsFetched: (await this.captions.run()).fetched }));
    this.admin = new YoutubeAdminService({
      youtube: config.youtube,
      connection: this.connection,
      ledger: this.ledger,
      api: this.api,
      oauth: this.oauth,
      captions: this.captions,
      queueSync: async () => void (await this.queue.add('sync', { reason: 'admin' })),
      log
    });
    // H4: publishing, as the queue's `publish` job, resumed from its youtube_publications row by a
    // retry. No fixed job id: BullMQ keeps finished jobs a while and would ignore a new one under the
    // same id; two jobs of one video run one after the other (the queue's concurrency is 1) and the
    // second finds the work done.
    this.publish = new PublishService({
      db,
      api: this.api,
      videos: deps.videos,
      paths,
      config,
      log,
      oauthConnected: async () => (await this.oauth.state()).connected,
      enqueue: async (data) => void (await this.queue.add('publish', data, { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } }))
    });
    this.queue.handle('publish', (job) => this.publish.run(job.data, (p) => job.updateProgress(p)));
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

/**
 * Opens an API key saved on the admin page (sealed under YOUTUBE_TOKEN_KEY by admin.ts). One that no
 * longer opens (the key was changed) is a state the admin page explains, not a crash of the sync.
 */
export function openApiKey(tokenKey: Buffer): (sealed: string) => string {
  return (sealed) => {
    try {
      return open(tokenKey, sealed, API_KEY_CONTEXT);
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      throw new EfirError('youtube_key_invalid', 'The API key saved on /admin does not open with YOUTUBE_TOKEN_KEY (the key changed?): save the API key again');
    }
  };
}
