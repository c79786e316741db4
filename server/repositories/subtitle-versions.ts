/**
 * Versions of a subtitle track (migration 008): `video_subtitles.version` is the track's current
 * version, `subtitle_versions` every saved state with its cues. A save names the version it was made
 * from and bumps the row only `where version = <that>`: of two saves from one version the second
 * finds no row and is refused, on every instance alike (PostgreSQL's row lock orders them).
 */
import type { Queryable } from '../db/index.ts';
import type { EditorCue } from '../../media/subtitles/cue-checks.ts';
import type { SubtitleWarning } from './subtitles.ts';

export type VersionKind = 'upload' | 'edit' | 'draft' | 'restore';

export interface SubtitleVersionInfo {
  version: number;
  kind: VersionKind;
  authorId: string | null;
  /** The author's display name (null: the YouTube channel's track, or a deleted account). */
  authorName: string | null;
  cueCount: number;
  machineCues: number;
  restoredFrom: number | null;
  createdAt: Date;
}

export interface SubtitleVersion extends SubtitleVersionInfo {
  cues: EditorCue[];
  warnings: SubtitleWarning[];
}

/** What the track's row gets with a new version. */
export interface TrackFields {
  fileName: string;
  format: string;
  encoding: string;
  cueCount: number;
  machineCues: number;
  warnings: SubtitleWarning[];
  storedPath: string;
}

interface VersionRow {
  version: number;
  kind: VersionKind;
  author_id: string | null;
  author_name: string | null;
  cue_count: number;
  machine_cues: number;
  restored_from: number | null;
  created_at: Date;
  cues?: EditorCue[];
  warnings?: SubtitleWarning[];
}

const INFO_COLUMNS = `v.version, v.kind, v.author_id, u.display_name as author_name, v.cue_count, v.machine_cues, v.restored_from, v.created_at`;

const toInfo = (r: VersionRow): SubtitleVersionInfo => ({
  version: r.version,
  kind: r.kind,
  authorId: r.author_id,
  authorName: r.author_name,
  cueCount: r.cue_count,
  machineCues: r.machine_cues,
  restoredFrom: r.restored_from,
  createdAt: r.created_at
});

export class SubtitleVersionsRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Makes the next version of the track's row: from `base` only (0: the track must not exist yet),
   * or, with base null, whatever the row holds (an uploaded file replaces any version). Returns the
   * new version number, or null when the row is no longer at `base`.
   */
  async bump(q: Queryable, videoId: string, lang: string, base: number | null, f: TrackFields): Promise<number | null> {
    const values = [videoId, lang, f.fileName, f.format, f.encoding, f.cueCount, JSON.stringify(f.warnings), f.storedPath, f.machineCues];
    if (base === null || base === 0) {
      // A track deleted and attached again continues its numbering (its old versions stay listed).
      // on conflict do nothing waits for a concurrent insert of the same track and then does nothing.
      const [row] = await q.query<{ version: number }>(
        `insert into video_subtitles (video_id, lang, file_name, format, encoding, cue_count, warnings, stored_path, machine_cues, version)
         values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9,
                 (select coalesce(max(version), 0) + 1 from subtitle_versions where video_id = $1 and lang = $2))
         on conflict (video_id, lang) do ${base === 0 ? 'nothing' : `update set
           file_name = excluded.file_name, format = excluded.format, encoding = excluded.encoding,
           cue_count = excluded.cue_count, warnings = excluded.warnings, stored_path = excluded.stored_path,
           machine_cues = excluded.machine_cues, version = video_subtitles.version + 1, updated_at = now()`}
         returning version`,
        values
      );
      return row?.version ?? null;
    }
    const [row] = await q.query<{ version: number }>(
      `update video_subtitles set file_name = $3, format = $4, encoding = $5, cue_count = $6, warnings = $7::jsonb,
              stored_path = $8, machine_cues = $9, version = version + 1, updated_at = now()
        where video_id = $1 and lang = $2 and version = $10
        returning version`,
      [...values, base]
    );
    return row?.version ?? null;
  }

  async insert(
    q: Queryable,
    v: { videoId: string; lang: string; version: number; kind: VersionKind; authorId: string | null; cues: EditorCue[]; warnings: SubtitleWarning[]; restoredFrom?: number | null }
  ): Promise<void> {
    const machine = v.cues.filter((c) => c.machine).length;
    await q.query(
      `insert into subtitle_versions (video_id, lang, version, kind, author_id, cues, cue_count, machine_cues, warnings, restored_from)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::jsonb, $10)`,
      [v.videoId, v.lang, v.version, v.kind, v.authorId, JSON.stringify(v.cues), v.cues.length, machine, JSON.stringify(v.warnings), v.restoredFrom ?? null]
    );
  }

  /** The track's current version (0: no track) and when it changed, read inside `q` (a transaction). */
  async current(q: Queryable, videoId: string, lang: string): Promise<{ version: number; updatedAt: Date | null }> {
    const [row] = await q.query<{ version: number; updated_at: Date }>(
      'select version, updated_at from video_subtitles where video_id = $1 and lang = $2',
      [videoId, lang]
    );
    return row ? { version: row.version, updatedAt: row.updated_at } : { version: 0, updatedAt: null };
  }

  async get(videoId: string, lang: string, version: number, q: Queryable = this.db): Promise<SubtitleVersion | null> {
    const [row] = await q.query<VersionRow>(
      `select ${INFO_COLUMNS}, v.cues, v.warnings from subtitle_versions v left join users u on u.id = v.author_id
        where v.video_id = $1 and v.lang = $2 and v.version = $3`,
      [videoId, lang, version]
    );
    return row ? { ...toInfo(row), cues: row.cues ?? [], warnings: row.warnings ?? [] } : null;
  }

  /** Newest first, without the cues. */
  async list(videoId: string, lang: string): Promise<SubtitleVersionInfo[]> {
    const rows = await this.db.query<VersionRow>(
      `select ${INFO_COLUMNS} from subtitle_versions v left join users u on u.id = v.author_id
        where v.video_id = $1 and v.lang = $2 order by v.version desc`,
      [videoId, lang]
    );
    return rows.map(toInfo);
  }
}
