/**
 * The YouTube side of Efir as one facade, `efir.youtube` (server/context.ts): the connection row, the
 * ledger and budget, the one Data API caller, and what is built on them. Each part takes what it
 * uses; this file only wires them.
 *
 * H2's part here (the admin page, OAuth, the caption backlog): `oauth`, `captions`, `admin`. H1 owns
 * this file (sync, queue); this is the least it needs until then.
 */
import type { Logger } from 'pino';
import { dataPaths, type Config } from '../../config/index.ts';
import type { Db } from '../db/index.ts';
import { EfirError } from '../errors.ts';
import type { SubtitlesRepository } from '../repositories/subtitles.ts';
import type { VideosRepository } from '../repositories/videos.ts';
import type { StudioService } from '../services/studio.ts';
import { API_KEY_CONTEXT, YoutubeAdminService } from './admin.ts';
import { YoutubeApi } from './api.ts';
import { CaptionsService } from './captions.ts';
import { YoutubeConnection } from './connection.ts';
import { open } from './crypto.ts';
import { YoutubeLedger } from './ledger.ts';
import { YoutubeOAuth } from './oauth.ts';
import { PublishService } from './publish.ts';

export interface YoutubeDeps {
  db: Db;
  config: Config;
  log: Logger;
  videos: VideosRepository;
  subtitles: SubtitlesRepository;
  studio: Pick<StudioService, 'storeSubtitle'>;
  /** The clock (tests move it across quota days). */
  now?: () => Date;
  /** The Data API client's waits between retries (tests pass zeros). */
  retryDelaysMs?: number[];
}

export interface Youtube {
  connection: YoutubeConnection;
  ledger: YoutubeLedger;
  api: YoutubeApi;
  /** The channel account's OAuth consent and access tokens (api.ts's auth 'oauth'). */
  oauth: YoutubeOAuth;
  /** The channel's own caption tracks → Efir subtitle tracks (the `captions` job). */
  captions: CaptionsService;
  /** The /admin page's YouTube section. */
  admin: YoutubeAdminService;
  /** Publishing producers' tutorials to the channel (H4; the `publish` job; publish.enqueue set where the queue is started). */
  publish: PublishService;
  /** Queues a sync now (the youtube queue's `sync` job); set where the queue is started. */
  queueSync: () => Promise<void>;
}

export function createYoutube(deps: YoutubeDeps): Youtube {
  const { db, config, log, now } = deps;
  const yt = config.youtube;
  const tokenKey = yt.tokenKey;
  const ledger = new YoutubeLedger({ db, config: yt, now });
  const connection = new YoutubeConnection({
    db,
    config: yt,
    // An API key saved on the admin page is sealed under YOUTUBE_TOKEN_KEY (admin.ts).
    openSecret: tokenKey ? (sealed) => open(tokenKey, sealed, API_KEY_CONTEXT) : null,
    now
  });
  const api = new YoutubeApi({ config: yt, ledger, connection, log, now, ...(deps.retryDelaysMs ? { retryDelaysMs: deps.retryDelaysMs } : {}) });
  const oauth = new YoutubeOAuth({ db, youtube: yt, publicUrl: config.publicUrl, connection, log, now });
  // Without an OAuth client, caption and publishing calls refuse with youtube_not_connected at once.
  if (oauth.configured) api.setAccessTokens(oauth.tokens);
  const captions = new CaptionsService({ db, api, ledger, connection, videos: deps.videos, subtitles: deps.subtitles, studio: deps.studio, log });
  const youtube: Youtube = {
    connection,
    ledger,
    api,
    oauth,
    captions,
    admin: null as unknown as YoutubeAdminService,
    publish: new PublishService({
      db,
      api,
      videos: deps.videos,
      paths: dataPaths(config.dataDir),
      config,
      log,
      oauthConnected: async () => (await oauth.state()).connected
    }),
    queueSync: async () => {
      throw new EfirError('youtube_unavailable', 'The YouTube sync queue is not running in this process');
    }
  };
  youtube.admin = new YoutubeAdminService({ youtube: yt, connection, ledger, api, oauth, captions, queueSync: () => youtube.queueSync(), log });
  return youtube;
}
