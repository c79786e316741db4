/**
 * The channel's mirror: SyncService.run({full?}) brings Efir in step with the YouTube channel and
 * answers the figures `npm run youtube:sync` prints (SyncResult).
 *
 * Quota first (every call is 1 unit here; the day's budget is 10,000 by default):
 * - Uploads are enumerated through the channel's uploads playlist (playlistItems.list, 50 a page)
 *   and their details read with videos.list, 50 ids a call. Never search.list (100 units a page,
 *   and a cap of its own).
 * - Incremental sync (the default): the uploads playlist's first page is asked with If-None-Match;
 *   a 304 means nothing new, so a sync that finds nothing costs 2 units (that page and the playlists'
 *   first page, both 304), plus 1 when the channel has upcoming or live broadcasts (re-read each
 *   time: their state moves on without the playlist changing). Pages are read only while they bring
 *   videos Efir has not seen; details are re-read only for new videos and for those whose playlist
 *   item changed (its title, description, thumbnail, privacy: `itemHash`).
 * - A full pass every YOUTUBE_FULL_SYNC_HOURS (daily) re-reads every page and every video's details,
 *   catching edits the playlist items do not show (localizations, duration, live times). A video is
 *   written only when the hash of the fields Efir keeps changed (mapping.ts), not when an ETag did.
 * - The budget is the ledger's (server/youtube/ledger.ts): a refused call or YouTube's quotaExceeded
 *   stops the sync, pauses the connection until the next Pacific midnight, and the next sync after
 *   it starts over (a full pass that did not finish stays due). backendError and rate limits are
 *   retried by the API client, each try booked.
 *
 * Never destroys: videos that went private, were deleted or left the uploads playlist are hidden
 * (hidden_at), and shown again when the channel shows them; a playlist that went becomes a hidden
 * collection. Missing videos are only concluded from a complete pass over the uploads playlist.
 * Errors (wrong key, unknown channel, network, malformed answers) stop the sync with the error on the
 * connection (status/last_error, the admin page) and in the log; what was mirrored stays, and the
 * next sync starts afresh.
 *
 * One sync at a time across processes: a Redis lease (the queue also runs one job at a time; the
 * lease covers `npm run youtube:sync` beside a running Efir on PostgreSQL).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { youtube_v3 } from '@googleapis/youtube';
import type { DataPaths, YoutubeConfig } from '../../config/index.ts';
import { isEfirError } from '../errors.ts';
import { YoutubeApiError, type YoutubeApi } from './api.ts';
import type { ConnectionState, YoutubeConnection } from './connection.ts';
import type { YoutubeLedger } from './ledger.ts';
import { mapPlaylist, mapUploadItem, mapVideo, type UploadItem } from './mapping.ts';
import type { MirrorRepository, MirrorVideoRow } from './mirror-repository.ts';
import { nextQuotaReset } from './quota.ts';

export interface SyncResult {
  /** Items of the uploads playlist read (every privacy). */
  videosSeen: number;
  added: number;
  /** Mirrored videos whose kept fields changed. */
  changed: number;
  hidden: number;
  unhidden: number;
  /** Efir's own uploads found on the channel (published from Efir) and linked, not added. */
  linked: number;
  /** The channel's playlists mirrored as collections (visible ones). */
  playlists: number;
  /** Caption tracks brought in (H2's step, run after the videos). */
  captionsFetched: number;
  /** Posters fetched, and the time that took (ms; part of `ms`: images, not quota). */
  posters: number;
  postersMs: number;
  /** Quota units this sync spent, from the ledger. */
  units: number;
  full: boolean;
  /** Set when the sync did not finish: the quota (paused until pausedUntil), an error, another sync running, no settings. */
  stoppedBy?: 'quota' | 'error' | 'busy' | 'unconfigured';
  error?: { code: string; message: string };
  pausedUntil?: string;
  ms: number;
}

export interface SyncHookInfo {
  channelId: string;
  full: boolean;
  now: Date;
  /** Efir ids of the videos added and changed by this sync. */
  added: string[];
  changed: string[];
}

/** A step run after the videos and playlists (H2's caption backlog). Its errors are logged, never fatal. */
export type SyncHook = (info: SyncHookInfo) => Promise<{ captionsFetched?: number } | void>;

export interface SyncDeps {
  config: Pick<YoutubeConfig, 'fullSyncHours' | 'syncIntervalMinutes'>;
  paths: Pick<DataPaths, 'posters'>;
  log: Logger;
  api: YoutubeApi;
  ledger: YoutubeLedger;
  connection: YoutubeConnection;
  mirror: MirrorRepository;
  /** For the one-sync-at-a-time lease; null: no lease (a single process owns the database). */
  redis: Redis | null;
  prefix: string;
  now?: () => Date;
  /** Posters fetched per sync at most (the rest next time). */
  postersPerSync?: number;
}

const VIDEO_PARTS = ['snippet', 'contentDetails', 'status', 'localizations', 'liveStreamingDetails'];
const LEASE_MS = 10 * 60_000;
const POSTER_MAX_BYTES = 8 * 1024 * 1024;

interface Run {
  channelId: string;
  full: boolean;
  now: Date;
  state: ConnectionState;
  result: SyncResult;
  etags: Record<string, string | null>;
  addedIds: string[];
  changedIds: string[];
  /** YouTube ids whose details this run read. */
  detailed: Set<string>;
}

export class SyncService {
  readonly hooks: SyncHook[] = [];
  private readonly now: () => Date;

  constructor(private readonly deps: SyncDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async run(opts: { full?: boolean } = {}): Promise<SyncResult> {
    const started = performance.now();
    const lease = await this.lease();
    if (!lease) {
      return { ...emptyResult(!!opts.full), stoppedBy: 'busy', error: { code: 'busy', message: 'Another YouTube sync is running' }, ms: 0 };
    }
    try {
      return await this.runLeased(opts, started);
    } finally {
      await lease.release();
    }
  }

  private async runLeased(opts: { full?: boolean }, started: number): Promise<SyncResult> {
    const { connection, ledger, log } = this.deps;
    const now = this.now();
    const mark = await ledger.lastId();
    const settings = await connection.settings();
    let state = await connection.read();
    const result = emptyResult(false);
    if (!settings.channelId || !settings.apiKey) {
      const message = !settings.channelId ? 'No YouTube channel: set YOUTUBE_CHANNEL_ID or save one on /admin' : 'No YouTube API key: set YOUTUBE_API_KEY or save one on /admin';
      await connection.update({ status: 'unconfigured', lastError: { code: 'youtube_not_connected', message, at: now.toISOString() } });
      return { ...result, stoppedBy: 'unconfigured', error: { code: 'youtube_not_connected', message } };
    }
    if (state.pausedUntil && state.pausedUntil > now) {
      return { ...result, stoppedBy: 'quota', pausedUntil: state.pausedUntil.toISOString(), error: { code: 'youtube_quota', message: `YouTube calls are paused until ${state.pausedUntil.toISOString()}` } };
    }
    // Another channel than the one mirrored so far: its ETags and uploads playlist are not this one's.
    if (state.etags.channel !== settings.channelId) {
      await connection.clearEtags();
      await connection.setEtags({ channel: settings.channelId });
      await connection.update({ uploadsPlaylistId: null, channelTitle: null });
      state = await connection.read();
    }
    // A full pass is due by the clock, asked for, or left unfinished by the last sync (quota, error).
    const unfinishedFull = state.lastResult?.full === true && !!state.lastResult?.stoppedBy;
    const full =
      !!opts.full || unfinishedFull || !state.lastFullSyncAt || now.getTime() - state.lastFullSyncAt.getTime() >= this.deps.config.fullSyncHours * 3_600_000;
    result.full = full;
    const run: Run = { channelId: settings.channelId, full, now, state, result, etags: {}, addedIds: [], changedIds: [], detailed: new Set() };

    try {
      const uploadsPlaylistId = await this.channel(run);
      await this.uploads(run, uploadsPlaylistId);
      await this.playlists(run);
      await connection.setEtags(run.etags);
      if (state.status !== 'ok' || state.pausedUntil) await connection.update({ status: 'ok', lastError: null, pausedUntil: null });
    } catch (err) {
      if (!isEfirError(err)) {
        // a bug or the database: the connection shows it, the job fails and is logged with its stack
        await connection.markError('internal', (err as Error).message).catch(() => {});
        throw err;
      }
      result.error = { code: err.code, message: err.message };
      if (err.code === 'youtube_quota') {
        result.stoppedBy = 'quota';
        const fresh = await connection.read();
        const until = fresh.pausedUntil && fresh.pausedUntil > now ? fresh.pausedUntil : nextQuotaReset(this.now());
        if (!fresh.pausedUntil || fresh.pausedUntil < until) await connection.pause(until, err.code, err.message);
        result.pausedUntil = until.toISOString();
        log.warn({ until }, `YouTube sync stopped by the quota: ${err.message}`);
      } else {
        result.stoppedBy = 'error';
        await connection.markError(err.code, err.message);
        log.error({ code: err.code, reason: (err as YoutubeApiError).reason }, `YouTube sync failed: ${err.message}`);
      }
    }

    if (!result.stoppedBy) {
      for (const hook of this.hooks) {
        try {
          const out = await hook({ channelId: run.channelId, full, now, added: run.addedIds, changed: run.changedIds });
          result.captionsFetched += out?.captionsFetched ?? 0;
        } catch (err) {
          log.warn({ err }, 'a step after the YouTube sync failed');
        }
      }
    }
    result.playlists = await this.visiblePlaylists();
    const postersStarted = performance.now();
    result.posters = await this.posters().catch((err) => {
      log.warn({ err }, 'YouTube posters not fetched');
      return 0;
    });
    result.postersMs = Math.round(performance.now() - postersStarted);
    result.units = await ledger.unitsSince(mark);
    // the admin page's "next sync": the schedule's next run, or the end of a pause if that is later
    const interval = this.deps.config.syncIntervalMinutes;
    const scheduled = interval > 0 ? new Date(now.getTime() + interval * 60_000) : null;
    const pausedUntil = result.pausedUntil ? new Date(result.pausedUntil) : null;
    const nextSyncAt = scheduled && pausedUntil && pausedUntil > scheduled ? pausedUntil : scheduled;
    result.ms = Math.round(performance.now() - started);
    await connection.recordSync(result as unknown as Record<string, unknown>, { full: full && !result.stoppedBy, at: now, nextSyncAt });
    log.info(result, 'YouTube sync');
    return result;
  }

  /**
   * The uploads playlist's id: channels.list on the first sync of a channel (it also tells a channel
   * id that does not exist, and the title for the admin page), then kept: it never changes.
   */
  private async channel(run: Run): Promise<string> {
    if (run.state.uploadsPlaylistId) return run.state.uploadsPlaylistId;
    const answer = await this.deps.api.list('channels.list', { id: [run.channelId], part: ['snippet', 'contentDetails'] }, { purpose: 'sync' });
    if (answer.notModified) return run.state.uploadsPlaylistId!;
    const [channel] = itemsOf<youtube_v3.Schema$Channel>(answer.data, 'channels.list');
    if (!channel) {
      throw new YoutubeApiError('youtube_not_found', `The YouTube channel ${run.channelId} does not exist (channels.list found nothing): check the channel id`, 'channelNotFound', 200);
    }
    const uploads = channel.contentDetails?.relatedPlaylists?.uploads;
    if (typeof uploads !== 'string' || !uploads) throw new YoutubeApiError('youtube_bad_answer', `channels.list: the channel ${run.channelId} has no uploads playlist in its answer`, 'malformed', 200);
    await this.deps.connection.update({ uploadsPlaylistId: uploads, channelTitle: channel.snippet?.title ?? null });
    return uploads;
  }

  private async uploads(run: Run, playlistId: string): Promise<void> {
    const { api, mirror, log } = this.deps;
    const seen = new Set<string>();
    let pageToken: string | undefined;
    let complete = false;
    for (let page = 0; ; page++) {
      const etag = !run.full && page === 0 ? (run.state.etags.uploads ?? null) : null;
      const answer = await api.list('playlistItems.list', { playlistId, part: ['snippet', 'contentDetails', 'status'], maxResults: 50, pageToken }, { purpose: 'sync', etag });
      if (answer.notModified) break; // the newest uploads are as they were: nothing new
      if (page === 0) run.etags.uploads = answer.etag;
      const items: UploadItem[] = [];
      for (const raw of itemsOf<youtube_v3.Schema$PlaylistItem>(answer.data, 'playlistItems.list')) {
        const item = mapUploadItem(raw);
        if (item) items.push(item);
        else log.warn({ item: raw?.id }, 'an uploads playlist item names no video: skipped');
      }
      run.result.videosSeen += items.length;
      const known = await mirror.findByYoutubeIds(items.map((i) => i.videoId));
      const details: string[] = [];
      const hide: string[] = [];
      const itemHashes = new Map<string, string>();
      for (const item of items) {
        seen.add(item.videoId);
        itemHashes.set(item.videoId, item.itemHash);
        const row = known.get(item.videoId);
        if (item.privacyStatus !== 'public') {
          // private, unlisted, or deleted ('privacyStatusUnspecified'): not for the library
          if (row && !row.hiddenAt) hide.push(row.id);
          continue;
        }
        if (!row || run.full || row.hiddenAt || row.youtube?.itemHash !== item.itemHash || row.youtube?.liveBroadcastContent !== 'none') details.push(item.videoId);
      }
      await this.details(run, details, known, itemHashes);
      run.result.hidden += await mirror.hide(hide, run.now);
      pageToken = answer.data.nextPageToken ?? undefined;
      if (!pageToken) {
        complete = true;
        break;
      }
      // Incremental: the playlist lists newest first; a page without a new video means the rest is known.
      if (!run.full && items.every((i) => known.has(i.videoId))) break;
    }
    // Upcoming and live broadcasts further down the playlist: their state moves on by itself.
    const live = (await mirror.liveOrUpcoming(run.channelId)).filter((id) => !run.detailed.has(id));
    if (live.length) await this.details(run, live, await mirror.findByYoutubeIds(live), new Map());
    // Only a complete pass over the playlist shows what is missing from it. An uploads playlist that
    // comes back empty is not taken as "everything deleted": a channel is not emptied in one step,
    // and a glitch must not hide the library (the videos' own privacy still hides them one by one).
    if (complete && seen.size === 0) log.warn({ playlistId }, 'the uploads playlist came back empty: nothing hidden');
    else if (complete) run.result.hidden += await mirror.hideMissing(run.channelId, seen, run.now);
  }

  /** videos.list for `ids` (50 a call): adds new videos, writes changed ones, hides what YouTube no longer shows. */
  private async details(run: Run, ids: string[], known: Map<string, MirrorVideoRow>, itemHashes: Map<string, string>): Promise<void> {
    const { api, mirror, log } = this.deps;
    for (let i = 0; i < ids.length; i += 50) {
      const batch = ids.slice(i, i + 50);
      // no maxResults: videos.list refuses it beside `id` (the ids themselves say how many)
      const answer = await api.list('videos.list', { id: batch, part: VIDEO_PARTS }, { purpose: 'sync' });
      if (answer.notModified) continue;
      const byId = new Map(itemsOf<youtube_v3.Schema$Video>(answer.data, 'videos.list').map((v) => [v?.id, v]));
      const hide: string[] = [];
      const unhide: string[] = [];
      const fresh: { video: NonNullable<ReturnType<typeof mapVideo>>; hidden: boolean }[] = [];
      for (const youtubeId of batch) {
        run.detailed.add(youtubeId);
        const row = known.get(youtubeId);
        const raw = byId.get(youtubeId);
        const video = raw ? mapVideo(raw) : null;
        if (!video) {
          // listed by the playlist but unknown to videos.list: deleted or made private since
          log.info({ youtubeId }, 'a playlist item whose video YouTube no longer shows: hidden');
          if (row && !row.hiddenAt) hide.push(row.id);
          continue;
        }
        video.youtube.itemHash = itemHashes.get(youtubeId) ?? row?.youtube?.itemHash;
        const visible = video.youtube.privacyStatus === 'public';
        if (!row) {
          fresh.push({ video, hidden: !visible });
          continue;
        }
        if (row.youtube?.hash !== video.youtube.hash) {
          await mirror.updateVideo(row, video, run.now);
          if (row.origin !== 'youtube' && !row.youtube?.hash) run.result.linked++;
          else {
            run.result.changed++;
            run.changedIds.push(row.id);
          }
        } else if (row.youtube?.itemHash !== video.youtube.itemHash) {
          await mirror.patchState(row.id, { itemHash: video.youtube.itemHash });
        }
        if (visible && row.hiddenAt) unhide.push(row.id);
        if (!visible && !row.hiddenAt) hide.push(row.id);
      }
      const added = await mirror.insertVideos(fresh, run.now);
      run.result.added += added.size;
      run.addedIds.push(...added.values());
      run.result.hidden += await mirror.hide(hide, run.now);
      run.result.unhidden += await mirror.unhide(unhide, run.now);
    }
  }

  /** The channel's playlists → collections, their items re-read only when the playlist changed (or on a full pass). */
  private async playlists(run: Run): Promise<void> {
    const { api, mirror, log } = this.deps;
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; ; page++) {
      const etag = !run.full && page === 0 ? (run.state.etags.playlists ?? null) : null;
      const answer = await api.list(
        'playlists.list',
        { channelId: run.channelId, part: ['snippet', 'status', 'contentDetails', 'localizations'], maxResults: 50, pageToken },
        { purpose: 'sync', etag }
      );
      if (answer.notModified) return; // no playlist changed (a reorder alone waits for the full pass)
      if (page === 0) run.etags.playlists = answer.etag;
      const playlists = itemsOf<youtube_v3.Schema$Playlist>(answer.data, 'playlists.list')
        .map(mapPlaylist)
        .filter((p): p is NonNullable<typeof p> => !!p && p.youtube.privacyStatus !== 'private');
      const existing = await mirror.findCollections(playlists.map((p) => p.playlistId));
      for (const playlist of playlists) {
        seen.add(playlist.playlistId);
        const before = existing.get(playlist.playlistId);
        const changed = !before || before.hiddenAt !== null || before.youtube?.hash !== playlist.youtube.hash || before.youtube?.etag !== playlist.youtube.etag;
        if (!changed && !run.full) continue;
        const videoIds = await this.playlistVideos(playlist.playlistId);
        if (videoIds === null) continue; // gone between the two calls
        const collectionId = await mirror.upsertCollection(playlist, run.now);
        const rows = await mirror.findByYoutubeIds(videoIds);
        await mirror.setCollectionItems(collectionId, videoIds.flatMap((id) => (rows.has(id) ? [rows.get(id)!.id] : [])));
        if (before?.hiddenAt) log.info({ playlistId: playlist.playlistId }, 'a playlist is back: its collection is shown again');
      }
      pageToken = answer.data.nextPageToken ?? undefined;
      if (!pageToken) break;
    }
    await mirror.hideMissingCollections(seen, run.now);
  }

  /** A playlist's video ids in its order; null when YouTube no longer knows the playlist. */
  private async playlistVideos(playlistId: string): Promise<string[] | null> {
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      let answer;
      try {
        answer = await this.deps.api.list('playlistItems.list', { playlistId, part: ['contentDetails', 'status'], maxResults: 50, pageToken }, { purpose: 'sync' });
      } catch (err) {
        if (isEfirError(err) && err.code === 'youtube_not_found') return null;
        throw err;
      }
      if (answer.notModified) break;
      for (const raw of itemsOf<youtube_v3.Schema$PlaylistItem>(answer.data, 'playlistItems.list')) {
        const item = mapUploadItem(raw);
        if (item && item.privacyStatus === 'public') ids.push(item.videoId);
      }
      pageToken = answer.data.nextPageToken ?? undefined;
    } while (pageToken);
    return ids;
  }

  private async visiblePlaylists(): Promise<number> {
    const rows = await this.deps.mirror.countVisibleCollections();
    return rows;
  }

  /**
   * Posters, fetched once from the best thumbnail into DATA_DIR/posters/v-<id>/<sha256-16>.<ext>
   * (never hot-linked); again only when the channel sets another thumbnail. Not Data API calls: no quota.
   */
  private async posters(): Promise<number> {
    const wanted = await this.deps.mirror.postersWanted(this.deps.postersPerSync ?? 2000);
    let fetched = 0;
    let next = 0;
    const worker = async () => {
      while (next < wanted.length) {
        const w = wanted[next++]!;
        try {
          const res = await fetch(w.thumbnailUrl, { signal: AbortSignal.timeout(20_000) });
          const type = res.headers.get('content-type') ?? '';
          if (!res.ok || !/^image\/(jpeg|png|webp)/.test(type)) throw new Error(`HTTP ${res.status} ${type}`);
          const bytes = Buffer.from(await res.arrayBuffer());
          if (!bytes.length || bytes.length > POSTER_MAX_BYTES) throw new Error(`${bytes.length} bytes`);
          const ext = type.includes('png') ? 'png' : type.includes('webp') ? 'webp' : 'jpg';
          const dirName = `v-${w.id}`;
          const dir = path.join(this.deps.paths.posters, dirName);
          const file = `${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${ext}`;
          await fs.promises.mkdir(dir, { recursive: true });
          await fs.promises.writeFile(path.join(dir, `${file}.part`), bytes);
          await fs.promises.rename(path.join(dir, `${file}.part`), path.join(dir, file));
          await this.deps.mirror.setPoster(w.id, `${dirName}/${file}`, w.thumbnailUrl);
          for (const old of await fs.promises.readdir(dir)) if (old !== file) await fs.promises.rm(path.join(dir, old), { force: true });
          fetched++;
        } catch (err) {
          this.deps.log.warn({ videoId: w.id, url: w.thumbnailUrl, err: (err as Error).message }, 'poster not fetched (tried again next sync)');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, wanted.length) }, worker));
    return fetched;
  }

  private async lease(): Promise<{ release(): Promise<void> } | null> {
    const { redis, prefix } = this.deps;
    if (!redis) return { release: async () => {} };
    const key = `${prefix}:youtube:sync-lease`;
    const token = crypto.randomBytes(8).toString('hex');
    if ((await redis.set(key, token, 'PX', LEASE_MS, 'NX')) !== 'OK') return null;
    const renew = setInterval(() => {
      redis.pexpire(key, LEASE_MS).catch(() => {});
    }, LEASE_MS / 4);
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, key, token).catch(() => {});
      }
    };
  }
}

function emptyResult(full: boolean): SyncResult {
  return { videosSeen: 0, added: 0, changed: 0, hidden: 0, unhidden: 0, linked: 0, playlists: 0, captionsFetched: 0, posters: 0, postersMs: 0, units: 0, full, ms: 0 };
}

/** The `items` of a list answer, checked: a list without them is empty; anything else is a bad answer. */
function itemsOf<T>(data: { items?: unknown } | undefined, method: string): T[] {
  const items = data?.items;
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw new YoutubeApiError('youtube_bad_answer', `${method}: the answer's items are not a list`, 'malformed', 200);
  return items.filter((i) => i && typeof i === 'object') as T[];
}
