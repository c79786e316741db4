/**
 * The `videos` table. SQL only ($1 parameters, nothing PGlite- or pg-specific), no access rules:
 * services decide who may see or change what.
 */
import type { Queryable } from '../db/index.ts';
import { newId } from '../ids.ts';

export type VideoState = 'uploading' | 'processing' | 'ready' | 'failed';
export type VideoOrigin = 'upload' | 'import' | 'youtube' | 'live';

export interface Video {
  id: string;
  ownerId: string | null;
  title: string;
  description: string;
  origin: VideoOrigin;
  state: VideoState;
  error: string | null;
  sourceName: string | null;
  sourcePath: string | null;
  sourceSize: number | null;
  probe: unknown;
  duration: number | null;
  width: number | null;
  height: number | null;
  currentRev: number | null;
  /** Published by the run that makes it ready (the pipeline's publish step reads the column). */
  autoPublish: boolean;
  /** The producer holds publication until every rung is made (issue 15); else watchable after the first. */
  holdFullLadder: boolean;
  /** Rungs of the published ladder (names, largest first) and those still being added to it; null before the first. */
  renditions: { made: string[]; pending: string[] } | null;
  publishedAt: Date | null;
  /** A replay's chapters: the questions answered on air (migration 003). */
  chapters: { start: number; title: string }[] | null;
  /** Translations {uz: {title, description}, …}; the Russian original is title/description (migration 007). */
  i18n: VideoI18n;
  /** The YouTube video id: mirrored videos, and uploads published to YouTube. */
  youtubeId: string | null;
  /** What the mirror last saw of it (YT-SPEC.md "Words"); null for Efir's own videos. */
  youtube: YoutubeState | null;
  /** Set by the mirror when the channel no longer shows it: hidden from viewers, never destroyed. */
  hiddenAt: Date | null;
  /** A poster fetched once from YouTube, relative to DATA_DIR/posters ('v-<id>/<hash>.jpg'). */
  posterPath: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type VideoI18n = Record<string, { title?: string; description?: string }>;

/** The mirror's side of a video (videos.youtube): the fields pages read. */
export interface YoutubeState {
  privacyStatus?: string;
  /** 'none' for a video, 'upcoming' or 'live' for a channel broadcast. */
  liveBroadcastContent?: 'none' | 'upcoming' | 'live';
  scheduledStartTime?: string | null;
  actualStartTime?: string | null;
  actualEndTime?: string | null;
  [key: string]: unknown;
}

/** The latest processing run of a video, as the studio shows it. */
export interface LatestRun {
  id: string;
  rev: number;
  kind: 'full' | 'subtitles';
  state: 'queued' | 'active' | 'completed' | 'failed';
  step: string | null;
  /** 0..1 across the whole run */
  progress: number;
  error: string | null;
  /** 0..1 within `step`, and the seconds it still needs: live events only (web/lib/studio/live.svelte.ts). */
  stepFraction?: number;
  etaSeconds?: number | null;
}

export interface StudioVideoRow extends Video {
  run: LatestRun | null;
}

export interface VideoSource {
  path: string;
  name: string;
  size: number;
  probe: unknown;
  duration: number | null;
  width: number | null;
  height: number | null;
}

interface VideoRow {
  id: string;
  owner_id: string | null;
  title: string;
  description: string;
  origin: VideoOrigin;
  state: VideoState;
  error: string | null;
  source_name: string | null;
  source_path: string | null;
  source_size: number | null;
  probe: unknown;
  duration: number | null;
  width: number | null;
  height: number | null;
  current_rev: number | null;
  auto_publish: boolean;
  hold_full_ladder: boolean;
  ladder: { rungs?: { name: string }[]; pending?: string[] } | null;
  published_at: Date | null;
  chapters: { start: number; title: string }[] | null;
  i18n: VideoI18n | null;
  youtube_id: string | null;
  youtube: YoutubeState | null;
  hidden_at: Date | null;
  poster_path: string | null;
  created_at: Date;
  updated_at: Date;
}

interface StudioRow extends VideoRow {
  run_id: string | null;
  run_rev: number | null;
  run_kind: LatestRun['kind'] | null;
  run_state: LatestRun['state'] | null;
  run_step: string | null;
  run_progress: number | null;
  run_error: string | null;
}

export const toVideo = (r: VideoRow): Video => ({
  id: r.id,
  ownerId: r.owner_id,
  title: r.title,
  description: r.description,
  origin: r.origin,
  state: r.state,
  error: r.error,
  sourceName: r.source_name,
  sourcePath: r.source_path,
  sourceSize: r.source_size,
  probe: r.probe,
  duration: r.duration,
  width: r.width,
  height: r.height,
  currentRev: r.current_rev,
  autoPublish: r.auto_publish,
  holdFullLadder: r.hold_full_ladder ?? false,
  renditions: r.ladder?.rungs ? { made: r.ladder.rungs.map((x) => x.name), pending: r.ladder.pending ?? [] } : null,
  publishedAt: r.published_at,
  chapters: r.chapters ?? null,
  i18n: r.i18n ?? {},
  youtubeId: r.youtube_id ?? null,
  youtube: r.youtube ?? null,
  hiddenAt: r.hidden_at ?? null,
  posterPath: r.poster_path ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at
});

// The latest run is the one with the highest revision number (revisions only grow).
/**
 * Every column of a video but the search index's (search_doc, search_words: migration 009, read by
 * search alone): `select *` would carry a video's whole normalised text and its tsvector with every
 * library page. Add a column here when a migration adds one.
 */
export const VIDEO_COLUMNS = 'id, owner_id, title, description, origin, state, error, source_name, source_path, source_size, probe, ladder, duration, width, height, current_rev, auto_publish, hold_full_ladder, published_at, created_at, updated_at, chapters, i18n, youtube_id, youtube, hidden_at, poster_path';
/** VIDEO_COLUMNS of the table aliased `v`. */
export const V_COLUMNS = VIDEO_COLUMNS.split(', ').map((c) => `v.${c}`).join(', ');

const STUDIO_SELECT = `select ${V_COLUMNS}, r.id as run_id, r.rev as run_rev, r.kind as run_kind, r.state as run_state,
       r.step as run_step, r.progress as run_progress, r.error as run_error
  from videos v
  left join lateral (
    select * from processing_runs pr where pr.video_id = v.id order by pr.rev desc limit 1
  ) r on true`;

const toStudioRow = (r: StudioRow): StudioVideoRow => ({
  ...toVideo(r),
  run: r.run_id
    ? {
        id: r.run_id,
        rev: r.run_rev!,
        kind: r.run_kind!,
        state: r.run_state!,
        step: r.run_step,
        progress: Number(r.run_progress ?? 0),
        error: r.run_error
      }
    : null
});

/**
 * What a viewer may see in the library: published and not hidden by the mirror, and playable: a
 * complete revision of Efir's own, or a mirrored video (which plays in YouTube's embed until Efir has
 * its file). The channel's upcoming and live broadcasts are no library items: the home page's
 * schedule shows them. THE one definition (YT-SPEC.md); `a` is a table alias with its dot ('v.').
 * LibraryService.isVisible says the same of one row in TypeScript.
 */
export const visibleSql = (a = '') =>
  `(${a}published_at is not null and ${a}hidden_at is null and ((${a}state = 'ready' and ${a}current_rev is not null)
    or (${a}origin = 'youtube' and coalesce(${a}youtube->>'liveBroadcastContent', 'none') = 'none')))`;
export const VISIBLE = visibleSql();

export class VideosRepository {
  constructor(private readonly db: Queryable) {}

  async createDraft(d: { ownerId: string | null; title: string; description: string; i18n?: VideoI18n; origin?: VideoOrigin; autoPublish?: boolean; holdFullLadder?: boolean }): Promise<Video> {
    const [row] = await this.db.query<VideoRow>(
      `insert into videos (id, owner_id, title, description, i18n, origin, state, auto_publish, hold_full_ladder)
       values ($1, $2, $3, $4, $5::jsonb, $6, 'uploading', $7, $8) returning ${VIDEO_COLUMNS}`,
      [newId(), d.ownerId, d.title, d.description, JSON.stringify(d.i18n ?? {}), d.origin ?? 'upload', d.autoPublish ?? false, d.holdFullLadder ?? false]
    );
    return toVideo(row);
  }

  async get(id: string): Promise<Video | null> {
    const [row] = await this.db.query<VideoRow>(`select ${VIDEO_COLUMNS} from videos where id = $1`, [id]);
    return row ? toVideo(row) : null;
  }

  /** Published, playable videos, newest first, one page of them plus how many there are in all. */
  async listLibrary(p: { offset: number; limit: number }): Promise<{ items: Video[]; total: number }> {
    const rows = await this.db.query<VideoRow>(
      `select ${VIDEO_COLUMNS} from videos where ${VISIBLE} order by published_at desc, id limit $1 offset $2`,
      [p.limit, p.offset]
    );
    const [{ n }] = await this.db.query<{ n: number }>(`select count(*) as n from videos where ${VISIBLE}`);
    return { items: rows.map(toVideo), total: n };
  }

  /**
   * The channel's upcoming and live broadcasts (mirrored rows the library leaves out), live first,
   * then by start time. An "upcoming" whose start is more than half a day past was abandoned on
   * YouTube (the API keeps calling it upcoming): not shown.
   */
  async listChannelSchedule(limit = 10): Promise<Video[]> {
    const rows = await this.db.query<VideoRow>(
      `select ${VIDEO_COLUMNS} from videos
        where origin = 'youtube' and published_at is not null and hidden_at is null
          and (youtube->>'liveBroadcastContent' = 'live'
               or (youtube->>'liveBroadcastContent' = 'upcoming'
                   and (youtube->>'scheduledStartTime' is null
                        or (youtube->>'scheduledStartTime')::timestamptz > now() - interval '12 hours')))
        order by (youtube->>'liveBroadcastContent' = 'live') desc, youtube->>'scheduledStartTime', id
        limit $1`,
      [limit]
    );
    return rows.map(toVideo);
  }

  /**
   * Videos a producer may put in a collection: the library's, plus the producer's own (null: every
   * video, for admins), newest first, optionally those whose title holds `q`.
   */
  async listForCollection(p: { ownerId: string | null; all: boolean; q: string; limit: number }): Promise<Video[]> {
    const rows = await this.db.query<VideoRow>(
      `select ${VIDEO_COLUMNS} from videos
        where (${VISIBLE} or $1::boolean or owner_id = $2::text)
          and ($3::text = '' or lower(title) like '%' || lower($3::text) || '%')
        order by coalesce(published_at, created_at) desc, id limit $4`,
      [p.all, p.ownerId, p.q.replace(/[%_\\]/g, ''), p.limit]
    );
    return rows.map(toVideo);
  }

  /**
   * One owner's videos (null: everybody's, for admins), newest first, each with its latest run. The
   * channel's mirrored videos are listed apart, a page at a time (listMirroredForStudio): a channel
   * has thousands.
   */
  async listForStudio(ownerId: string | null): Promise<StudioVideoRow[]> {
    const rows = await this.db.query<StudioRow>(
      `${STUDIO_SELECT} where ($1::text is null or v.owner_id = $1::text) and v.origin <> 'youtube' order by v.created_at desc, v.id`,
      [ownerId]
    );
    return rows.map(toStudioRow);
  }

  /** One page of the channel's mirrored videos for the studio (every producer's), newest on YouTube first. */
  async listMirroredForStudio(p: { offset: number; limit: number }): Promise<{ items: StudioVideoRow[]; total: number }> {
    const rows = await this.db.query<StudioRow>(
      `${STUDIO_SELECT} where v.origin = 'youtube' order by coalesce(v.published_at, v.created_at) desc, v.id limit $1 offset $2`,
      [p.limit, p.offset]
    );
    const [{ n }] = await this.db.query<{ n: number }>(`select count(*)::int as n from videos where origin = 'youtube'`);
    return { items: rows.map(toStudioRow), total: Number(n) };
  }

  /** One video with its latest run. */
  async getForStudio(id: string): Promise<StudioVideoRow | null> {
    const [row] = await this.db.query<StudioRow>(`${STUDIO_SELECT} where v.id = $1`, [id]);
    return row ? toStudioRow(row) : null;
  }

  /** Each text given replaces the stored one; i18n replaces all five translations at once. */
  async updateText(id: string, patch: { title?: string; description?: string; i18n?: VideoI18n }): Promise<Video | null> {
    const [row] = await this.db.query<VideoRow>(
      `update videos set title = coalesce($2, title), description = coalesce($3, description), i18n = coalesce($4::jsonb, i18n),
              updated_at = now()
        where id = $1 returning ${VIDEO_COLUMNS}`,
      [id, patch.title ?? null, patch.description ?? null, patch.i18n === undefined ? null : JSON.stringify(patch.i18n)]
    );
    return row ? toVideo(row) : null;
  }

  /**
   * Publishes (a date) or unpublishes (null). Unpublishing also clears auto_publish: otherwise the
   * next run's publish step (a subtitle change) would put the video back in the library.
   */
  async setPublishedAt(id: string, at: Date | null): Promise<Video | null> {
    const [row] = await this.db.query<VideoRow>(
      `update videos set published_at = $2, auto_publish = case when $2::timestamptz is null then false else auto_publish end,
              updated_at = now()
        where id = $1 returning ${VIDEO_COLUMNS}`,
      [id, at]
    );
    return row ? toVideo(row) : null;
  }

  /**
   * The producer's "publish": at once if the video is ready, else when its run makes it ready. One
   * statement, so a run finishing at the same moment cannot slip between the check and the flag
   * (its publish transaction either committed before, and the video is ready here, or reads the flag).
   */
  async requestPublish(id: string): Promise<Video | null> {
    const [row] = await this.db.query<VideoRow>(
      `update videos set auto_publish = true,
              published_at = case when state = 'ready' and current_rev is not null then coalesce(published_at, now()) else published_at end,
              updated_at = now()
        where id = $1 returning ${VIDEO_COLUMNS}`,
      [id]
    );
    return row ? toVideo(row) : null;
  }

  /**
   * "Publish when processed": the publish step of the run that makes the video ready sets
   * published_at in the same transaction as current_rev (server/repositories/runs.ts).
   */
  async setAutoPublish(id: string, on: boolean): Promise<Video | null> {
    const [row] = await this.db.query<VideoRow>(
      `update videos set auto_publish = $2, updated_at = now() where id = $1 returning ${VIDEO_COLUMNS}`,
      [id, on]
    );
    return row ? toVideo(row) : null;
  }

  async setState(id: string, state: VideoState, error: string | null = null): Promise<Video | null> {
    const [row] = await this.db.query<VideoRow>(
      `update videos set state = $2, error = $3, updated_at = now() where id = $1 returning ${VIDEO_COLUMNS}`,
      [id, state, error]
    );
    return row ? toVideo(row) : null;
  }

  async setSource(id: string, s: VideoSource): Promise<Video | null> {
    const [row] = await this.db.query<VideoRow>(
      `update videos set source_path = $2, source_name = $3, source_size = $4, probe = $5::jsonb,
              duration = $6, width = $7, height = $8, updated_at = now()
        where id = $1 returning ${VIDEO_COLUMNS}`,
      [id, s.path, s.name, s.size, s.probe === null ? null : JSON.stringify(s.probe), s.duration, s.width, s.height]
    );
    return row ? toVideo(row) : null;
  }

  /** The mirrored videos, for matching files to them (`npm run import -- --youtube`), hidden ones too. */
  async listMirrored(): Promise<Video[]> {
    const rows = await this.db.query<VideoRow>(`select ${VIDEO_COLUMNS} from videos where origin = 'youtube' and youtube_id is not null order by id`);
    return rows.map(toVideo);
  }

  /**
   * Drafts whose upload or processing failed before anything was published (an upload of the studio's,
   * never a mirrored video or a replay), failed before `before`: the ones the failed-draft sweep removes.
   */
  async listFailedDrafts(before: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `select id from videos where ${FAILED_DRAFT} and updated_at < $1 order by updated_at limit $2`,
      [before, limit]
    );
    return rows.map((r) => r.id);
  }

  /** Deletes the draft if it still is one that failed before `before` (a new upload into it since keeps it). */
  async deleteFailedDraft(id: string, before: Date): Promise<boolean> {
    const rows = await this.db.query(`delete from videos where id = $2 and ${FAILED_DRAFT} and updated_at < $1 returning id`, [before, id]);
    return rows.length > 0;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.query('delete from videos where id = $1 returning id', [id]);
    return rows.length > 0;
  }
}

/** A studio upload that failed and never had a revision or a publication (listFailedDrafts). */
const FAILED_DRAFT = "state = 'failed' and origin = 'upload' and current_rev is null and published_at is null";
