/**
 * The `video_variants` table (migration 008): one row per (video, language), the subtitled MP4 for
 * messengers. SQL only; VariantService decides who may ask for what. The row is what keeps a
 * variant from being made twice: a batch claims rows in one statement (`on conflict`), and only the
 * rows it claimed are its to make, so many viewers asking at once queue one job.
 */
import type { Queryable } from '../db/index.ts';

export type VariantState = 'queued' | 'active' | 'ready' | 'failed';

export interface VariantRow {
  videoId: string;
  lang: string;
  subtitleVersion: number;
  sourceRev: number;
  state: VariantState;
  progress: number;
  batchId: string | null;
  height: number;
  videoKbps: number;
  estimatedBytes: number;
  overCap: boolean;
  /** Relative to DATA_DIR, when ready. */
  filePath: string | null;
  bytes: number | null;
  seconds: number | null;
  error: string | null;
  requestedAt: Date;
  finishedAt: Date | null;
}

interface Row {
  video_id: string;
  lang: string;
  subtitle_version: number;
  source_rev: number;
  state: VariantState;
  progress: number;
  batch_id: string | null;
  height: number;
  video_kbps: number;
  estimated_bytes: string | number;
  over_cap: boolean;
  file_path: string | null;
  bytes: string | number | null;
  seconds: number | null;
  error: string | null;
  requested_at: Date;
  finished_at: Date | null;
}

const toVariant = (r: Row): VariantRow => ({
  videoId: r.video_id,
  lang: r.lang,
  subtitleVersion: r.subtitle_version,
  sourceRev: r.source_rev,
  state: r.state,
  progress: Number(r.progress),
  batchId: r.batch_id,
  height: r.height,
  videoKbps: r.video_kbps,
  estimatedBytes: Number(r.estimated_bytes),
  overCap: r.over_cap,
  filePath: r.file_path,
  bytes: r.bytes === null ? null : Number(r.bytes),
  seconds: r.seconds === null ? null : Number(r.seconds),
  error: r.error,
  requestedAt: r.requested_at,
  finishedAt: r.finished_at
});

export interface VariantClaim {
  lang: string;
  subtitleVersion: number;
}

export interface BatchPlan {
  videoId: string;
  batchId: string;
  sourceRev: number;
  height: number;
  videoKbps: number;
  estimatedBytes: number;
  overCap: boolean;
}

export class VariantsRepository {
  constructor(private readonly db: Queryable) {}

  async list(videoId: string): Promise<VariantRow[]> {
    const rows = await this.db.query<Row>('select * from video_variants where video_id = $1 order by lang', [videoId]);
    return rows.map(toVariant);
  }

  async get(videoId: string, lang: string): Promise<VariantRow | null> {
    const [row] = await this.db.query<Row>('select * from video_variants where video_id = $1 and lang = $2', [videoId, lang]);
    return row ? toVariant(row) : null;
  }

  /** The version of each stored track (video_subtitles.version, migration 008). */
  async trackVersions(videoId: string): Promise<Map<string, number>> {
    const rows = await this.db.query<{ lang: string; version: number }>('select lang, version from video_subtitles where video_id = $1', [videoId]);
    return new Map(rows.map((r) => [r.lang, Number(r.version)]));
  }

  /**
   * The revision of the video's source a variant belongs to: its latest completed full run (a
   * subtitle-only run makes a new revision of the same source, which must not discard variants).
   */
  async sourceRev(videoId: string): Promise<number> {
    const [row] = await this.db.query<{ rev: number | null }>(
      `select max(rev) as rev from processing_runs where video_id = $1 and kind = 'full' and state = 'completed'`,
      [videoId]
    );
    return Number(row?.rev ?? 0);
  }

  /**
   * Claims the languages for one batch, in one statement: a language gets a new queued row when it
   * has none, or its row failed, or belongs to another track version or source revision. A row
   * queued, being made or ready for the same version and revision is left alone (someone asked
   * first). Returns the claimed rows with, for a replaced one, the file it had (the caller's to delete).
   */
  async claim(plan: BatchPlan, langs: VariantClaim[]): Promise<{ claimed: VariantRow[]; replacedFiles: string[] }> {
    if (!langs.length) return { claimed: [], replacedFiles: [] };
    const rows = await this.db.query<Row & { old_file: string | null }>(
      `with wanted as (
         select * from unnest($2::text[], $3::int[]) as w(lang, subtitle_version)
       ), old as (
         select v.lang, v.file_path from video_variants v join wanted w using (lang) where v.video_id = $1
       ), put as (
         insert into video_variants (video_id, lang, subtitle_version, source_rev, state, progress, batch_id, height, video_kbps, estimated_bytes, over_cap)
         select $1, w.lang, w.subtitle_version, $4, 'queued', 0, $5, $6, $7, $8, $9 from wanted w
         on conflict (video_id, lang) do update set
           subtitle_version = excluded.subtitle_version, source_rev = excluded.source_rev, state = 'queued', progress = 0,
           batch_id = excluded.batch_id, height = excluded.height, video_kbps = excluded.video_kbps,
           estimated_bytes = excluded.estimated_bytes, over_cap = excluded.over_cap, file_path = null, bytes = null,
           seconds = null, error = null, requested_at = now(), finished_at = null
         where video_variants.state = 'failed' or video_variants.subtitle_version <> excluded.subtitle_version
            or video_variants.source_rev <> excluded.source_rev
         returning *
       )
       select put.*, old.file_path as old_file from put left join old using (lang)`,
      [
        plan.videoId,
        langs.map((l) => l.lang),
        langs.map((l) => l.subtitleVersion),
        plan.sourceRev,
        plan.batchId,
        plan.height,
        plan.videoKbps,
        plan.estimatedBytes,
        plan.overCap
      ]
    );
    return {
      claimed: rows.map(toVariant),
      replacedFiles: rows.map((r) => r.old_file).filter((f): f is string => !!f)
    };
  }

  /** The worker reports progress: the batch's unfinished rows are being made. */
  async progress(batchId: string, fraction: number): Promise<void> {
    await this.db.query(
      `update video_variants set state = 'active', progress = greatest(progress, $2)
        where batch_id = $1 and state in ('queued', 'active')`,
      [batchId, Math.min(1, Math.max(0, fraction))]
    );
  }

  /** A made file: recorded only while the row still belongs to this batch (else the caller deletes the file). */
  async finish(batchId: string, f: { videoId: string; lang: string; filePath: string; bytes: number; seconds: number }): Promise<boolean> {
    const rows = await this.db.query<Row>(
      `update video_variants set state = 'ready', progress = 1, file_path = $4, bytes = $5, seconds = $6, error = null, finished_at = now()
        where video_id = $1 and lang = $2 and batch_id = $3 and state in ('queued', 'active') returning *`,
      [f.videoId, f.lang, batchId, f.filePath, f.bytes, f.seconds]
    );
    return rows.length > 0;
  }

  /** The batch failed: its unfinished rows say why (a later request makes them again). */
  async fail(batchId: string, error: string): Promise<VariantRow[]> {
    const rows = await this.db.query<Row>(
      `update video_variants set state = 'failed', error = $2, finished_at = now()
        where batch_id = $1 and state in ('queued', 'active') returning *`,
      [batchId, error.slice(0, 2000)]
    );
    return rows.map(toVariant);
  }

  /**
   * Batches the database still thinks queued or being made (reconcile.ts), with when their oldest
   * row was asked for; only this video's when given.
   */
  async openBatches(videoId?: string): Promise<{ batchId: string; videoId: string; requestedAt: Date }[]> {
    const rows = await this.db.query<{ batch_id: string; video_id: string; requested_at: Date }>(
      `select batch_id, video_id, min(requested_at) as requested_at from video_variants
        where state in ('queued', 'active') and batch_id is not null and ($1::text is null or video_id = $1)
        group by batch_id, video_id`,
      [videoId ?? null]
    );
    return rows.map((r) => ({ batchId: r.batch_id, videoId: r.video_id, requestedAt: new Date(r.requested_at) }));
  }

  /** Rows of a batch (the record step, the failure listener). */
  async ofBatch(batchId: string): Promise<VariantRow[]> {
    const rows = await this.db.query<Row>('select * from video_variants where batch_id = $1', [batchId]);
    return rows.map(toVariant);
  }

  /** Removes one language's variant; returns what was removed (its file is the caller's to delete). */
  async delete(videoId: string, lang: string): Promise<VariantRow | null> {
    const [row] = await this.db.query<Row>('delete from video_variants where video_id = $1 and lang = $2 returning *', [videoId, lang]);
    return row ? toVariant(row) : null;
  }
}
