/**
 * The mirror's SQL on the 007 tables: mirrored videos (videos with origin 'youtube'), Efir's own
 * uploads that were published to YouTube (linked by youtube_id, never added twice), and the channel's
 * playlists as collections. Only the sync (server/youtube/sync.ts) writes through it.
 *
 * Hiding is the only "removal": hidden_at is set and cleared, rows are never deleted, so a video's Q&A,
 * subtitles and attached original survive a spell as private. Efir's own uploads (origin other than
 * 'youtube') are never hidden by the mirror: Efir, not YouTube, decides whether they are shown (an
 * upload from an unaudited API project even stays private on YouTube).
 */
import type { Db, Queryable } from '../db/index.ts';
import { newId } from '../ids.ts';
import type { MirroredPlaylist, MirroredVideo, VideoMirrorState } from './mapping.ts';

export interface MirrorVideoRow {
  id: string;
  youtubeId: string;
  origin: string;
  hiddenAt: Date | null;
  youtube: Partial<VideoMirrorState> | null;
  posterPath: string | null;
}

export interface MirrorCollectionRow {
  id: string;
  playlistId: string;
  hiddenAt: Date | null;
  youtube: { hash?: string; etag?: string | null; privacyStatus?: string } | null;
}

export class MirrorRepository {
  constructor(private readonly db: Db) {}

  /** Rows by YouTube id: mirrored videos and Efir's uploads published there (youtube_publications included). */
  async findByYoutubeIds(ids: string[], q: Queryable = this.db): Promise<Map<string, MirrorVideoRow>> {
    const out = new Map<string, MirrorVideoRow>();
    if (!ids.length) return out;
    const rows = await q.query<any>(
      `select id, youtube_id, origin, hidden_at, youtube, poster_path from videos where youtube_id = any($1::text[])
       union all
       select v.id, p.youtube_video_id, v.origin, v.hidden_at, v.youtube, v.poster_path
         from youtube_publications p join videos v on v.id = p.video_id
        where p.youtube_video_id = any($1::text[]) and v.youtube_id is null`,
      [ids]
    );
    for (const r of rows) out.set(r.youtube_id, { id: r.id, youtubeId: r.youtube_id, origin: r.origin, hiddenAt: r.hidden_at ? new Date(r.hidden_at) : null, youtube: r.youtube, posterPath: r.poster_path });
    return out;
  }

  /**
   * New mirrored videos (ready, no owner, no file: they play in YouTube's embed until an original is
   * attached), in one statement for a page of up to 50: one round trip, not 50. Returns the
   * Efir id of each one inserted; one that appeared meanwhile (another process) is left out.
   */
  async insertVideos(videos: { video: MirroredVideo; hidden: boolean }[], now: Date, q: Queryable = this.db): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!videos.length) return out;
    const rows = videos.map(({ video: v, hidden }) => ({
      id: newId(),
      title: v.title,
      description: v.description,
      duration: v.duration,
      published_at: v.publishedAt,
      i18n: v.i18n,
      youtube_id: v.youtubeId,
      youtube: v.youtube,
      hidden
    }));
    const inserted = await q.query<{ id: string; youtube_id: string }>(
      `insert into videos (id, owner_id, title, description, origin, state, duration, published_at, i18n, youtube_id, youtube, hidden_at, created_at, updated_at)
       select r.id, null, r.title, r.description, 'youtube', 'ready', r.duration, r.published_at, r.i18n, r.youtube_id, r.youtube,
              case when r.hidden then $2::timestamptz end, $2, $2
         from jsonb_to_recordset($1::jsonb) as r(id text, title text, description text, duration double precision, published_at timestamptz,
                                                 i18n jsonb, youtube_id text, youtube jsonb, hidden boolean)
       on conflict (youtube_id) where youtube_id is not null do nothing
       returning id, youtube_id`,
      [JSON.stringify(rows), now]
    );
    for (const r of inserted) out.set(r.youtube_id, r.id);
    return out;
  }

  /**
   * A mirrored video's kept fields after a change. For Efir's own upload only the mirror's record
   * (youtube, and youtube_id when it was known by the publication alone) changes: its title,
   * translations and date are Efir's.
   */
  async updateVideo(row: MirrorVideoRow, v: MirroredVideo, now: Date, q: Queryable = this.db): Promise<void> {
    if (row.origin !== 'youtube') {
      await q.query('update videos set youtube = $2, youtube_id = coalesce(youtube_id, $3), updated_at = $4 where id = $1', [row.id, JSON.stringify(v.youtube), v.youtubeId, now]);
      return;
    }
    await q.query(
      `update videos set title = $2, description = $3, duration = coalesce($4, duration), published_at = $5, i18n = $6, youtube = $7, updated_at = $8
        where id = $1`,
      [row.id, v.title, v.description, v.duration, v.publishedAt, JSON.stringify(v.i18n), JSON.stringify(v.youtube), now]
    );
  }

  /** Merges fields into a video's `youtube` record (the item hash seen in the uploads playlist). */
  async patchState(id: string, patch: Partial<VideoMirrorState>, q: Queryable = this.db): Promise<void> {
    await q.query(`update videos set youtube = coalesce(youtube, '{}'::jsonb) || $2::jsonb where id = $1`, [id, JSON.stringify(patch)]);
  }

  /** Hides mirrored videos (not Efir's uploads); returns how many were visible before. */
  async hide(ids: string[], now: Date, q: Queryable = this.db): Promise<number> {
    if (!ids.length) return 0;
    const rows = await q.query(`update videos set hidden_at = $2, updated_at = $2 where id = any($1::text[]) and origin = 'youtube' and hidden_at is null returning id`, [ids, now]);
    return rows.length;
  }

  async unhide(ids: string[], now: Date, q: Queryable = this.db): Promise<number> {
    if (!ids.length) return 0;
    const rows = await q.query(`update videos set hidden_at = null, updated_at = $2 where id = any($1::text[]) and origin = 'youtube' and hidden_at is not null returning id`, [ids, now]);
    return rows.length;
  }

  /** After a complete pass over the uploads playlist: the channel's mirrored videos it no longer lists are hidden. */
  async hideMissing(channelId: string, seenYoutubeIds: Set<string>, now: Date): Promise<number> {
    const rows = await this.db.query<{ id: string; youtube_id: string }>(
      `select id, youtube_id from videos where origin = 'youtube' and hidden_at is null and youtube ->> 'channelId' = $1`,
      [channelId]
    );
    return this.hide(rows.filter((r) => !seenYoutubeIds.has(r.youtube_id)).map((r) => r.id), now);
  }

  /** The channel's upcoming and live broadcasts: re-read each sync, their state moves on without the playlist changing. */
  async liveOrUpcoming(channelId: string): Promise<string[]> {
    const rows = await this.db.query<{ youtube_id: string }>(
      `select youtube_id from videos where youtube_id is not null and hidden_at is null and youtube ->> 'channelId' = $1
          and youtube ->> 'liveBroadcastContent' in ('upcoming', 'live')`,
      [channelId]
    );
    return rows.map((r) => r.youtube_id);
  }

  /** Visible mirrored videos with a thumbnail but no poster file, or a poster of an older thumbnail. */
  async postersWanted(limit: number): Promise<{ id: string; thumbnailUrl: string; posterPath: string | null }[]> {
    const rows = await this.db.query<any>(
      `select id, youtube ->> 'thumbnailUrl' as url, poster_path from videos
        where origin = 'youtube' and hidden_at is null and youtube ->> 'thumbnailUrl' is not null
          and (poster_path is null or coalesce(youtube ->> 'posterOf', '') <> youtube ->> 'thumbnailUrl')
        order by published_at desc nulls last limit $1`,
      [limit]
    );
    return rows.map((r) => ({ id: r.id, thumbnailUrl: r.url, posterPath: r.poster_path }));
  }

  async setPoster(id: string, posterPath: string, thumbnailUrl: string): Promise<void> {
    await this.db.query(`update videos set poster_path = $2, youtube = coalesce(youtube, '{}'::jsonb) || jsonb_build_object('posterOf', $3::text) where id = $1`, [id, posterPath, thumbnailUrl]);
  }

  // ---- playlists → collections

  async findCollections(playlistIds: string[]): Promise<Map<string, MirrorCollectionRow>> {
    const out = new Map<string, MirrorCollectionRow>();
    if (!playlistIds.length) return out;
    const rows = await this.db.query<any>('select id, youtube_playlist_id, hidden_at, youtube from collections where youtube_playlist_id = any($1::text[])', [playlistIds]);
    for (const r of rows) out.set(r.youtube_playlist_id, { id: r.id, playlistId: r.youtube_playlist_id, hiddenAt: r.hidden_at ? new Date(r.hidden_at) : null, youtube: r.youtube });
    return out;
  }

  /** Creates or updates the playlist's collection (shown again if it was hidden); returns its id. */
  async upsertCollection(p: MirroredPlaylist, now: Date): Promise<string> {
    const rows = await this.db.query<{ id: string }>(
      `insert into collections (id, owner_id, youtube_playlist_id, title, description, i18n, youtube, created_at, updated_at)
       values ($1, null, $2, $3, $4, $5, $6, $7, $7)
       on conflict (youtube_playlist_id) do update set title = excluded.title, description = excluded.description, i18n = excluded.i18n,
         youtube = excluded.youtube, hidden_at = null, updated_at = excluded.updated_at
       returning id`,
      [newId(), p.playlistId, p.title, p.description, JSON.stringify(p.i18n), JSON.stringify(p.youtube), now]
    );
    return rows[0]!.id;
  }

  /** The collection's items, in the playlist's order (video ids Efir has; the rest are skipped). */
  async setCollectionItems(collectionId: string, videoIds: string[]): Promise<void> {
    const unique = [...new Set(videoIds)];
    await this.db.transaction(async (tx) => {
      await tx.query('delete from collection_items where collection_id = $1', [collectionId]);
      if (unique.length) {
        await tx.query(
          `insert into collection_items (collection_id, video_id, position)
           select $1, v, (o - 1)::int from unnest($2::text[]) with ordinality as t(v, o)`,
          [collectionId, unique]
        );
      }
    });
  }

  async countVisibleCollections(): Promise<number> {
    const rows = await this.db.query<{ n: number }>('select count(*)::int as n from collections where youtube_playlist_id is not null and hidden_at is null');
    return Number(rows[0]!.n);
  }

  /** After a complete playlists listing: the channel's collections it no longer lists are hidden. */
  async hideMissingCollections(seen: Set<string>, now: Date): Promise<number> {
    const rows = await this.db.query<{ id: string; youtube_playlist_id: string }>('select id, youtube_playlist_id from collections where youtube_playlist_id is not null and hidden_at is null');
    const gone = rows.filter((r) => !seen.has(r.youtube_playlist_id)).map((r) => r.id);
    if (!gone.length) return 0;
    await this.db.query('update collections set hidden_at = $2, updated_at = $2 where id = any($1::text[])', [gone, now]);
    return gone.length;
  }
}
