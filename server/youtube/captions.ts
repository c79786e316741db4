/**
 * The channel's own caption tracks, brought in as Efir subtitle tracks (the `captions` job of the
 * youtube queue, run after each sync). Both calls need the channel's OAuth account:
 *
 *   captions.list      50 units a video: only for mirrored videos not yet listed or changed since
 *                      their last listing (the mirror's `youtube.hash` moved), newest first, never
 *                      every video every day. Tracks in Efir's six languages go into youtube_captions
 *                      as 'waiting'; a newer snippet.lastUpdated puts a fetched one back.
 *   captions.download  200 units a track (tfmt=vtt), only within the day's budget for everything but
 *                      the sync (YOUTUBE_DAILY_UNITS - YOUTUBE_SYNC_RESERVE_UNITS; the ledger's purpose
 *                      'captions'). What does not fit waits for the next quota day, so a backlog is
 *                      spread over as many days as it needs and the sync always keeps its units.
 *
 * One pass alternates: waiting tracks are downloaded first (they were paid for by a listing), then the
 * next video is listed, and so on until the budget or the work runs out. Each download goes through
 * the studio's own subtitle path (StudioService.storeSubtitle): parsed and checked like an upload,
 * stored under sources/<videoId>/subtitles/, and a subtitle-only run when the video has a revision.
 *
 * Which track: per video and language one — a standard track before a forced one; auto-generated
 * (ASR) tracks and drafts are not brought in. A language that already has a subtitle file a producer
 * uploaded in the studio is left alone (no download spent on it): Efir's own file wins.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { EfirError, isEfirError } from '../errors.ts';
import type { VideosRepository } from '../repositories/videos.ts';
import type { SubtitlesRepository } from '../repositories/subtitles.ts';
import type { StudioService } from '../services/studio.ts';
import type { YoutubeApi } from './api.ts';
import type { YoutubeLedger } from './ledger.ts';
import type { YoutubeConnection } from './connection.ts';
import { UNITS } from './quota.ts';
import { efirLang } from './mapping.ts';
import type { Lang } from '../../media/subtitles/languages.ts';

/** Files the mirror writes are named so: anything else for the language was a producer's upload. */
export const CAPTION_FILE_PREFIX = 'youtube-';
const LIST_UNITS = UNITS['captions.list'];
const DOWNLOAD_UNITS = UNITS['captions.download'];

/** What captions.list says of a track (snippet fields Efir reads). */
export interface CaptionTrack {
  id: string;
  language: string;
  trackKind: string;
  name: string;
  lastUpdated: string | null;
  isDraft: boolean;
  status: string | null;
}

const KIND_RANK: Record<string, number> = { standard: 0, forced: 1 };

/**
 * The tracks to bring in, one per Efir language (pure; test/unit/youtube/captions.test.ts): standard
 * before forced, the newest on a tie; ASR (auto-generated), drafts and tracks YouTube is not serving
 * are left out, as are languages Efir does not serve.
 */
export function chooseTracks(tracks: CaptionTrack[]): Map<Lang, CaptionTrack> {
  const best = new Map<Lang, CaptionTrack>();
  for (const t of tracks) {
    const lang = efirLang(t.language);
    const rank = KIND_RANK[t.trackKind.toLowerCase()];
    if (!lang || rank === undefined || t.isDraft || (t.status !== null && t.status !== 'serving')) continue;
    const held = best.get(lang);
    if (!held) {
      best.set(lang, t);
      continue;
    }
    const heldRank = KIND_RANK[held.trackKind.toLowerCase()]!;
    if (rank < heldRank || (rank === heldRank && (t.lastUpdated ?? '') > (held.lastUpdated ?? ''))) best.set(lang, t);
  }
  return best;
}

export interface CaptionsResult {
  /** Videos whose tracks were listed (captions.list calls that answered). */
  listed: number;
  /** Tracks that became (or became again) waiting. */
  found: number;
  fetched: number;
  failed: number;
  skipped: number;
  /** Units this pass booked in the ledger (purpose 'captions'). */
  units: number;
  /** Why the pass stopped before the work ran out: the error code (youtube_quota when the budget is spent). */
  stoppedBy?: string;
}

export interface CaptionCounts {
  waiting: number;
  fetched: number;
  failed: number;
  skipped: number;
  /** Mirrored videos whose tracks are not listed yet (new, or changed since). */
  unlisted: number;
}

export interface CaptionsDeps {
  db: Db;
  api: Pick<YoutubeApi, 'list' | 'request' | 'hasAccessTokens'>;
  ledger: Pick<YoutubeLedger, 'remaining' | 'lastId' | 'unitsSince' | 'now'>;
  connection: Pick<YoutubeConnection, 'markError'>;
  videos: Pick<VideosRepository, 'get'>;
  subtitles: Pick<SubtitlesRepository, 'list'>;
  studio: Pick<StudioService, 'storeSubtitle'>;
  log: Logger;
}

/** Mirrored videos that are library items (not upcoming or live broadcasts, not hidden). */
const MIRRORED = `origin = 'youtube' and youtube_id is not null and hidden_at is null
  and coalesce(youtube->>'liveBroadcastContent', 'none') = 'none'`;
/** Not listed since the mirror last saw it change: the listing remembers the hash it saw. */
const UNLISTED = `${MIRRORED} and (youtube->>'captionsListedHash') is distinct from coalesce(youtube->>'hash', '')`;

export class CaptionsService {
  constructor(private readonly deps: CaptionsDeps) {}

  /** The admin page's figures. */
  async counts(): Promise<CaptionCounts> {
    const [c] = await this.deps.db.query<Record<string, number>>(
      `select count(*) filter (where state = 'waiting')::int as waiting, count(*) filter (where state = 'fetched')::int as fetched,
              count(*) filter (where state = 'failed')::int as failed, count(*) filter (where state = 'skipped')::int as skipped
         from youtube_captions`
    );
    const [u] = await this.deps.db.query<{ n: number }>(`select count(*)::int as n from videos where ${UNLISTED}`);
    return { waiting: c!.waiting!, fetched: c!.fetched!, failed: c!.failed!, skipped: c!.skipped!, unlisted: u!.n };
  }

  /**
   * One pass (the `captions` job): downloads and listings while the day's budget for captions lasts.
   * Without a connected OAuth account it does nothing (the admin page says what is missing).
   */
  async run(): Promise<CaptionsResult> {
    const result: CaptionsResult = { listed: 0, found: 0, fetched: 0, failed: 0, skipped: 0, units: 0 };
    if (!this.deps.api.hasAccessTokens()) return { ...result, stoppedBy: 'youtube_not_connected' };
    const mark = await this.deps.ledger.lastId();
    try {
      for (;;) {
        const track = await this.nextWaiting();
        if (track) {
          if (!(await this.affordable(DOWNLOAD_UNITS))) throw budgetSpent();
          await this.download(track, result);
          continue;
        }
        const video = await this.nextUnlisted();
        if (!video) break;
        if (!(await this.affordable(LIST_UNITS))) throw budgetSpent();
        await this.list(video, result);
      }
    } catch (err) {
      if (!isEfirError(err)) throw err;
      result.stoppedBy = err.code;
      if (err.code === 'youtube_quota') this.deps.log.info({ code: err.code }, `youtube captions: ${err.message}; the rest waits for the next quota day`);
      // An OAuth client without a connected account yet: the admin page says so; not worth a warning every sync.
      else if (err.code === 'youtube_not_connected') this.deps.log.debug({ code: err.code }, `youtube captions: ${err.message}`);
      else this.deps.log.warn({ code: err.code }, `youtube captions stopped: ${err.message}`);
      // A refusal that stops every caption call is the connection's problem until someone acts on it
      // (youtube_auth is recorded by oauth.ts itself, as "reconnect").
      if (err.code === 'youtube_forbidden') await this.deps.connection.markError(err.code, err.message);
    } finally {
      result.units = await this.deps.ledger.unitsSince(mark, 'captions');
    }
    return result;
  }

  /** Lists one video's tracks and records those to bring in. */
  async list(video: { id: string; youtubeId: string; hash: string }, result: CaptionsResult): Promise<void> {
    let items: CaptionTrack[];
    try {
      const answer = await this.deps.api.list('captions.list', { part: ['snippet'], videoId: video.youtubeId }, { purpose: 'captions', auth: 'oauth' });
      if (answer.notModified) throw new EfirError('youtube_bad_answer', 'captions.list answered 304 to a request without If-None-Match');
      items = (answer.data.items ?? []).map((i) => ({
        id: String(i.id ?? ''),
        language: i.snippet?.language ?? '',
        trackKind: i.snippet?.trackKind ?? 'standard',
        name: i.snippet?.name ?? '',
        lastUpdated: i.snippet?.lastUpdated ?? null,
        isDraft: i.snippet?.isDraft === true,
        status: i.snippet?.status ?? null
      }));
    } catch (err) {
      // The video went from YouTube between the sync and now: nothing to list; the mirror hides it.
      if (isEfirError(err) && err.code === 'youtube_not_found') {
        await this.markListed(video);
        return;
      }
      throw err;
    }
    const chosen = chooseTracks(items.filter((t) => t.id));
    const chosenIds = [...chosen.values()].map((t) => t.id);
    await this.deps.db.transaction(async (tx) => {
      // Tracks gone from YouTube, or no longer the one chosen for their language, wait no more.
      await tx.query(`delete from youtube_captions where video_id = $1 and not (caption_id = any($2::text[]))`, [video.id, chosenIds]);
      for (const [lang, t] of chosen) {
        const updated = t.lastUpdated ? new Date(t.lastUpdated) : null;
        const [row] = await tx.query<{ state: string }>(
          `insert into youtube_captions (caption_id, video_id, lang, yt_language, track_kind, name, yt_updated_at, state)
           values ($1, $2, $3, $4, $5, $6, $7, 'waiting')
           on conflict (caption_id) do update set
             lang = excluded.lang, yt_language = excluded.yt_language, track_kind = excluded.track_kind, name = excluded.name,
             yt_updated_at = excluded.yt_updated_at,
             -- a track edited on YouTube since it was fetched (or refused) is brought in again
             state = case when excluded.yt_updated_at > youtube_captions.yt_updated_at
                            or (youtube_captions.yt_updated_at is null and excluded.yt_updated_at is not null)
                          then 'waiting' else youtube_captions.state end,
             error = case when excluded.yt_updated_at > youtube_captions.yt_updated_at then null else youtube_captions.error end
           returning state`,
          [t.id, video.id, lang, t.language, t.trackKind, t.name, updated]
        );
        if (row?.state === 'waiting') result.found++;
      }
      await this.markListed(video, tx);
    });
    result.listed++;
  }

  /** Downloads one waiting track and hands it to the studio's subtitle path. */
  private async download(track: WaitingTrack, result: CaptionsResult): Promise<void> {
    const video = await this.deps.videos.get(track.videoId);
    if (!video) return void (await this.setState(track.captionId, 'skipped', 'the video is gone from Efir'));
    const own = (await this.deps.subtitles.list(video.id)).find((s) => s.lang === track.lang && !s.fileName.startsWith(CAPTION_FILE_PREFIX));
    if (own) {
      result.skipped++;
      return void (await this.setState(track.captionId, 'skipped', `Efir has its own ${track.lang} subtitles (${own.fileName}, uploaded in the studio)`));
    }
    let bytes: Buffer;
    try {
      const res = await this.deps.api.request('captions.download', 'captions', {
        path: `youtube/v3/captions/${encodeURIComponent(track.captionId)}`,
        query: { tfmt: 'vtt' },
        auth: 'oauth'
      });
      bytes = res.body;
    } catch (err) {
      if (!isEfirError(err)) throw err;
      if (err.code === 'youtube_not_found') {
        // Deleted on YouTube since it was listed: the next listing of the video decides again.
        await this.deps.db.query('delete from youtube_captions where caption_id = $1', [track.captionId]);
        return;
      }
      if (err.code === 'youtube_bad_answer') {
        result.failed++;
        return void (await this.setState(track.captionId, 'failed', err.message));
      }
      throw err; // quota, auth, forbidden, unavailable: the pass stops, the track stays waiting
    }
    try {
      await this.deps.studio.storeSubtitle(video, track.lang, `${CAPTION_FILE_PREFIX}${track.lang}.vtt`, bytes);
    } catch (err) {
      if (!isEfirError(err)) throw err;
      // A file the subtitle parser refuses (bad_subtitles with its line) or too big: recorded, not retried
      // until YouTube's track changes (a newer lastUpdated).
      result.failed++;
      this.deps.log.warn({ captionId: track.captionId, videoId: video.id, code: err.code }, `youtube caption track refused: ${err.message}`);
      return void (await this.setState(track.captionId, 'failed', `${err.code}: ${err.message}`));
    }
    await this.deps.db.query(`update youtube_captions set state = 'fetched', error = null, fetched_at = $2 where caption_id = $1`, [
      track.captionId,
      this.deps.ledger.now()
    ]);
    result.fetched++;
  }

  private async affordable(units: number): Promise<boolean> {
    return (await this.deps.ledger.remaining('captions')) >= units;
  }

  /** The next track to download: of the newest video first. */
  private async nextWaiting(): Promise<WaitingTrack | null> {
    const [row] = await this.deps.db.query<{ caption_id: string; video_id: string; lang: Lang }>(
      `select c.caption_id, c.video_id, c.lang from youtube_captions c join videos v on v.id = c.video_id
        where c.state = 'waiting' order by v.published_at desc nulls last, c.video_id, c.lang limit 1`
    );
    return row ? { captionId: row.caption_id, videoId: row.video_id, lang: row.lang } : null;
  }

  private async nextUnlisted(): Promise<{ id: string; youtubeId: string; hash: string } | null> {
    const [row] = await this.deps.db.query<{ id: string; youtube_id: string; hash: string | null }>(
      `select id, youtube_id, youtube->>'hash' as hash from videos where ${UNLISTED} order by published_at desc nulls last, id limit 1`
    );
    return row ? { id: row.id, youtubeId: row.youtube_id, hash: row.hash ?? '' } : null;
  }

  /**
   * Remembers the mirror's hash the listing saw, inside the video's `youtube` object: when the sync
   * sees the video change it writes a new hash (or a new object), and the video is listed again.
   */
  private async markListed(video: { id: string; hash: string }, q: Pick<Db, 'query'> = this.deps.db): Promise<void> {
    await q.query(`update videos set youtube = coalesce(youtube, '{}'::jsonb) || jsonb_build_object('captionsListedHash', $2::text) where id = $1`, [
      video.id,
      video.hash
    ]);
  }

  private async setState(captionId: string, state: 'failed' | 'skipped', error: string): Promise<void> {
    await this.deps.db.query('update youtube_captions set state = $2, error = $3 where caption_id = $1', [captionId, state, error.slice(0, 500)]);
  }
}

interface WaitingTrack {
  captionId: string;
  videoId: string;
  lang: Lang;
}

function budgetSpent(): EfirError {
  return new EfirError('youtube_quota', "The day's YouTube budget for caption tracks is spent; the rest waits for the next quota day");
}

