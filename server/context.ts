/**
 * The services of one Efir process, built once and shared: Fastify decorates itself with them
 * (`app.efir`), SvelteKit pages reach them through `locals`, scripts use them directly.
 * Repositories talk to PostgreSQL/PGlite; services hold the logic.
 */
import fs from 'node:fs';
import pino, { type Logger } from 'pino';
import type { Redis } from 'ioredis';
import { dataPaths, type Config, type DataPaths } from '../config/index.ts';
import { openDb, type Db } from './db/index.ts';
import { migrate } from './db/migrate.ts';
import { closeRedis, createRedis } from './redis.ts';
import { loadSecret } from './secret.ts';
import { UsersRepository } from './repositories/users.ts';
import { SessionsRepository } from './repositories/sessions.ts';
import { AuthService } from './services/auth.ts';
import { LoginLimiter } from './services/login-limiter.ts';
import { VideosRepository } from './repositories/videos.ts';
import { SubtitlesRepository } from './repositories/subtitles.ts';
import { SubtitleVersionsRepository } from './repositories/subtitle-versions.ts';
import { SubtitleEditorService } from './services/subtitle-editor.ts';
import { SubtitleDraftService } from './services/subtitle-draft.ts';
import { GoogleTranslator } from './translate/client.ts';
import { RunsRepository } from './repositories/runs.ts';
import { LibraryService } from './services/library.ts';
import { StudioService } from './services/studio.ts';
import { PipelineService } from './pipeline/index.ts';
import { FailedDraftSweeper } from './services/failed-drafts.ts';
import { Qa } from './qa/index.ts';
import { LiveService } from './live/service.ts';
import { LiveIngestService } from './live/ingest-service.ts';
import { LivePartsWatcher } from './live/ll-waiters.ts';
import { useFfmpegSettings } from '../media/ffmpeg.ts';
import { AccountsService } from './services/accounts.ts';
import { Youtube } from './youtube/index.ts';
import { CollectionsRepository } from './repositories/collections.ts';
import { CollectionsService } from './services/collections.ts';
import { VariantsRepository } from './variants/repository.ts';
import { VariantService } from './variants/service.ts';
import { VariantLimiter } from './variants/limiter.ts';
import { SearchRepository } from './repositories/search.ts';
import { SearchService } from './services/search.ts';
import { SearchBackfill } from './search/backfill.ts';

export interface Efir {
  config: Config;
  paths: DataPaths;
  log: Logger;
  secret: string;
  db: Db;
  /** General-purpose Redis connection (commands, publishing). */
  redis: Redis;
  redisUrl: string;
  users: UsersRepository;
  sessions: SessionsRepository;
  auth: AuthService;
  videos: VideosRepository;
  subtitles: SubtitlesRepository;
  runs: RunsRepository;
  /** Processing runs: starts flows, runs the publish step, reports progress (server/pipeline/). */
  pipeline: PipelineService;
  /** What viewers read: the library and the watch page. */
  library: LibraryService;
  /** What producers do: drafts, uploads, subtitles, publishing. */
  studio: StudioService;
  /** The studio's cue editor: a track's cues, saved as versions (server/services/subtitle-editor.ts). */
  subtitleEditor: SubtitleEditorService;
  /** Machine-translation drafts through Cloud Translation (server/services/subtitle-draft.ts, server/translate/). */
  subtitleDrafts: SubtitleDraftService;
  /** Live Q&A: service, Redis fan-out, rooms and sockets (server/qa/). */
  qa: Qa;
  /** Broadcasts' video side: scheduling, stream keys, ingest, live HLS, replays (server/live/). */
  live: LiveService;
  /** The RTMP ingest and the live state machine; started by the web process (start()), not by scripts. */
  liveIngest: LiveIngestService;
  /** Requests waiting for a live rung's next part (LL-HLS blocking reloads), one subscriber per process. */
  liveParts: LivePartsWatcher;
  /** Accounts as admins manage them (/admin, /api/admin/users). */
  accounts: AccountsService;
  /** The YouTube channel's mirror, its quota ledger and the `youtube` queue (server/youtube/); start() in the web process. */
  youtube: Youtube;
  /** The channel's playlists and producers' series (/collections, /studio/collections). */
  collections: CollectionsService;
  /** Subtitled MP4s for messengers: requests, batches, their files (server/variants/). */
  variants: VariantService;
  /** Search inside every video: titles, descriptions, cues, answered questions (server/services/search.ts). */
  search: SearchService;
  /** Removes failed uploads after FAILED_DRAFT_DAYS (with the pipeline's reconcile; services/failed-drafts.ts). */
  failedDrafts: FailedDraftSweeper;
  /** Stops what was started and closes connections, last opened first. */
  close(): Promise<void>;
}

export interface CreateEfirOptions {
  log?: Logger;
  /** The URL of Redis; scripts/start.ts passes the managed child's URL here. */
  redisUrl: string;
  migrate?: boolean;
}

export async function createEfir(config: Config, opts: CreateEfirOptions): Promise<Efir> {
  const log = opts.log ?? pino({ level: config.logLevel });
  // This process probes uploads (and scripts run ffmpeg): the binaries config names.
  useFfmpegSettings({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });
  const paths = dataPaths(config.dataDir);
  for (const dir of [paths.uploads, paths.sources, paths.work, paths.media, paths.variants]) fs.mkdirSync(dir, { recursive: true });
  const secret = loadSecret(config.sessionSecret, paths.secret);
  const db = await openDb({ databaseUrl: config.databaseUrl, pgliteDir: paths.db });
  const closers: (() => Promise<unknown>)[] = [() => db.close()];
  try {
    if (opts.migrate !== false) {
      const applied = await migrate(db);
      if (applied.length) log.info({ applied }, 'database migrated');
    }
    const redis = createRedis(opts.redisUrl, 'efir-main');
    closers.push(() => closeRedis(redis));
    const users = new UsersRepository(db);
    const sessions = new SessionsRepository(db);
    const auth = new AuthService(users, sessions, {
      limiter: new LoginLimiter(redis, config.queuePrefix, {
        windowSeconds: config.loginWindowSeconds,
        failuresPerAccount: config.loginFailuresPerAccount,
        failuresPerIp: config.loginFailuresPerIp
      }),
      hashConcurrency: config.passwordHashConcurrency
    });
    const efir = {
      config,
      paths,
      log,
      secret,
      db,
      redis,
      redisUrl: opts.redisUrl,
      users,
      sessions,
      auth,
      accounts: new AccountsService(users, sessions, auth),
      videos: new VideosRepository(db),
      subtitles: new SubtitlesRepository(db),
      runs: new RunsRepository(db),
      async close() {
        for (const close of closers.reverse()) await close().catch((err) => log.warn({ err }, 'error while closing'));
      }
    } as Efir;
    // Services that need the others are built once the container exists.
    efir.pipeline = new PipelineService({ config, paths, log, runs: efir.runs, redisUrl: opts.redisUrl });
    closers.push(() => efir.pipeline.close());
    efir.library = new LibraryService({ videos: efir.videos, subtitles: efir.subtitles, paths, dataDir: config.dataDir });
    efir.search = new SearchService(new SearchRepository(db));
    // Tracks stored before versions existed: indexed from their files (server/search/backfill.ts).
    const searchBackfill = new SearchBackfill({ db, dataDir: config.dataDir, log });
    efir.pipeline.onReconcile('search-backfill', () => searchBackfill.run());
    efir.collections = new CollectionsService({ collections: new CollectionsRepository(db), videos: efir.videos });
    efir.variants = new VariantService({
      config,
      paths,
      log,
      redisUrl: opts.redisUrl,
      videos: efir.videos,
      subtitles: efir.subtitles,
      library: efir.library,
      variants: new VariantsRepository(db),
      limiter: new VariantLimiter(redis, config.queuePrefix, () => config.variants.requestsPerHour)
    });
    // Its record step and listener start and stop with the pipeline (PipelineService.start/close).
    efir.pipeline.useVariants(efir.variants);
    const versions = new SubtitleVersionsRepository(db);
    efir.studio = new StudioService({ db, config, paths, videos: efir.videos, subtitles: efir.subtitles, versions, pipeline: efir.pipeline, variants: efir.variants });
    efir.failedDrafts = new FailedDraftSweeper({
      redis,
      prefix: config.queuePrefix,
      videos: efir.videos,
      remove: (id, before) => efir.studio.removeFailedDraft(id, before),
      days: () => config.failedDraftDays,
      log
    });
    efir.pipeline.onReconcile('failed-drafts', () => efir.failedDrafts.sweep());
    efir.subtitleEditor = new SubtitleEditorService({
      db,
      config,
      paths,
      subtitles: efir.subtitles,
      versions,
      studio: efir.studio,
      library: efir.library
    });
    efir.subtitleDrafts = new SubtitleDraftService({ editor: efir.subtitleEditor, studio: efir.studio, translator: new GoogleTranslator(config.translate) });
    efir.qa = new Qa({ db, redis, redisUrl: opts.redisUrl, prefix: config.queuePrefix, secret, log, limits: config.qaLimits, banIpHours: config.qaBanIpHours });
    closers.push(() => efir.qa.close());
    efir.live = new LiveService({ db, config, paths });
    efir.liveIngest = new LiveIngestService(efir);
    // Blocking LL-HLS playlist reloads wait on the live worker's part notifications (live-media.ts).
    efir.liveParts = new LivePartsWatcher(opts.redisUrl, config.queuePrefix, log.child({ component: 'live-parts' }), config.liveBlockingWaitersMax);
    closers.push(() => efir.liveParts.close());
    closers.push(() => efir.liveIngest.close());
    efir.youtube = new Youtube({ db, config, paths, log, redis, redisUrl: opts.redisUrl, videos: efir.videos, subtitles: efir.subtitles, studio: efir.studio });
    closers.push(() => efir.youtube.close());
    return efir;
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => {});
    throw err;
  }
}
