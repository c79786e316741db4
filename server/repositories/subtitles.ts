/**
 * The `video_subtitles` table: one producer-supplied file per (video, language); a second file for
 * the same language replaces the first.
 */
import type { Queryable } from '../db/index.ts';

export interface SubtitleWarning {
  line: number;
  /** media/subtitles/errors.ts's codes, or cue_<code> for the editor's (older rows have none). */
  code?: string;
  params?: Record<string, string | number>;
  message: string;
}

export interface VideoSubtitle {
  videoId: string;
  lang: string;
  fileName: string;
  format: string;
  encoding: string;
  cueCount: number;
  warnings: SubtitleWarning[];
  /** The original bytes under sources/<videoId>/subtitles/. */
  storedPath: string;
  /** The track's current version (migration 008; the cue editor saves from it). */
  version: number;
  /** Cues a machine translated that no person has saved yet (> 0: viewers see "machine-translated"). */
  machineCues: number;
  updatedAt: Date;
}

interface SubtitleRow {
  video_id: string;
  lang: string;
  file_name: string;
  format: string;
  encoding: string;
  cue_count: number;
  warnings: SubtitleWarning[] | null;
  stored_path: string;
  version: number;
  machine_cues: number;
  updated_at: Date;
}

const toSubtitle = (r: SubtitleRow): VideoSubtitle => ({
  videoId: r.video_id,
  lang: r.lang,
  fileName: r.file_name,
  format: r.format,
  encoding: r.encoding,
  cueCount: r.cue_count,
  warnings: r.warnings ?? [],
  storedPath: r.stored_path,
  version: r.version,
  machineCues: r.machine_cues,
  updatedAt: r.updated_at
});

export class SubtitlesRepository {
  constructor(private readonly db: Queryable) {}

  async upsert(s: Omit<VideoSubtitle, 'updatedAt' | 'version' | 'machineCues'>): Promise<VideoSubtitle> {
    const [row] = await this.db.query<SubtitleRow>(
      `insert into video_subtitles (video_id, lang, file_name, format, encoding, cue_count, warnings, stored_path)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
       on conflict (video_id, lang) do update set
         file_name = excluded.file_name, format = excluded.format, encoding = excluded.encoding,
         cue_count = excluded.cue_count, warnings = excluded.warnings, stored_path = excluded.stored_path,
         updated_at = now()
       returning *`,
      [s.videoId, s.lang, s.fileName, s.format, s.encoding, s.cueCount, JSON.stringify(s.warnings), s.storedPath]
    );
    return toSubtitle(row);
  }

  async get(videoId: string, lang: string): Promise<VideoSubtitle | null> {
    const [row] = await this.db.query<SubtitleRow>('select * from video_subtitles where video_id = $1 and lang = $2', [videoId, lang]);
    return row ? toSubtitle(row) : null;
  }

  async list(videoId: string): Promise<VideoSubtitle[]> {
    const rows = await this.db.query<SubtitleRow>('select * from video_subtitles where video_id = $1 order by lang', [videoId]);
    return rows.map(toSubtitle);
  }

  /** Subtitles of one owner's videos (null: all), for the studio list in one query. */
  async listForOwner(ownerId: string | null): Promise<VideoSubtitle[]> {
    const rows = await this.db.query<SubtitleRow>(
      `select s.* from video_subtitles s join videos v on v.id = s.video_id
        where ($1::text is null or v.owner_id = $1::text) order by s.video_id, s.lang`,
      [ownerId]
    );
    return rows.map(toSubtitle);
  }

  /** Subtitles of these videos (a page of the studio's channel list). */
  async listForVideos(videoIds: string[]): Promise<VideoSubtitle[]> {
    if (!videoIds.length) return [];
    const rows = await this.db.query<SubtitleRow>('select * from video_subtitles where video_id = any($1::text[]) order by video_id, lang', [videoIds]);
    return rows.map(toSubtitle);
  }

  /** Removes one language; returns what was removed (its stored file is the caller's to delete). */
  async delete(videoId: string, lang: string): Promise<VideoSubtitle | null> {
    const [row] = await this.db.query<SubtitleRow>(
      'delete from video_subtitles where video_id = $1 and lang = $2 returning *',
      [videoId, lang]
    );
    return row ? toSubtitle(row) : null;
  }
}
