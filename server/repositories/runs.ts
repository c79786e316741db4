/**
 * Processing runs (processing_runs), and the few reads and writes of videos / video_subtitles the
 * pipeline needs, so the pipeline depends on nothing but this SQL. Publishing a revision and failing
 * a run each change a run and its video together, in one transaction.
 */
import type { Db, Queryable } from '../db/index.ts';
import { newId } from '../ids.ts';
import type { LadderResult, Step } from '../../jobs/queues.ts';
import type { ProbeResult } from '../../media/index.ts';

export type RunKind = 'full' | 'subtitles';
export type RunState = 'queued' | 'active' | 'completed' | 'failed';

export interface Run {
  id: string;
  videoId: string;
  rev: number;
  kind: RunKind;
  state: RunState;
  step: Step | null;
  progress: number;
  error: string | null;
  /** A full run that publishes after the ladder's first pass and grows the revision afterwards. */
  publishEarly: boolean;
  createdAt: Date;
  finishedAt: Date | null;
}

interface RunRow {
  id: string;
  video_id: string;
  rev: number;
  kind: RunKind;
  state: RunState;
  step: Step | null;
  progress: number;
  error: string | null;
  publish_early: boolean;
  created_at: Date;
  finished_at: Date | null;
}

const toRun = (r: RunRow): Run => ({
  id: r.id,
  videoId: r.video_id,
  rev: r.rev,
  kind: r.kind,
  state: r.state,
  step: r.step,
  progress: Number(r.progress),
  error: r.error,
  publishEarly: r.publish_early,
  createdAt: r.created_at,
  finishedAt: r.finished_at
});

/** What starting a run needs to know about the video. */
export interface VideoForRun {
  id: string;
  sourcePath: string | null;
  sourceName: string | null;
  duration: number | null;
  currentRev: number | null;
  ladder: LadderResult | null;
}

export interface SubtitleSource {
  lang: string;
  storedPath: string;
  fileName: string;
  /** Some of its cues are machine-translated (the HLS NAME says so). */
  machine: boolean;
}

export interface PublishInput {
  runId: string;
  videoId: string;
  rev: number;
  /** Full runs replace the ladder and the probed facts; subtitle-only runs keep them. */
  ladder: LadderResult | null;
  probe: ProbeResult | null;
  /**
   * Completes the run too (false: a full run published early stays open while grow and join add
   * the rest of its ladder; join completes it).
   */
  complete?: boolean;
}

const OPEN = `state in ('queued', 'active')`;

export class RunsRepository {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Run | null> {
    const [row] = await this.db.query<RunRow>('select * from processing_runs where id = $1', [id]);
    return row ? toRun(row) : null;
  }

  /** The newest run of a video (what the studio shows as its processing state). */
  async latestForVideo(videoId: string): Promise<Run | null> {
    const [row] = await this.db.query<RunRow>(
      'select * from processing_runs where video_id = $1 order by rev desc limit 1',
      [videoId]
    );
    return row ? toRun(row) : null;
  }

  /** The newest run of each of these videos, for lists. */
  async latestForVideos(videoIds: string[]): Promise<Map<string, Run>> {
    if (videoIds.length === 0) return new Map();
    const rows = await this.db.query<RunRow>(
      `select distinct on (video_id) * from processing_runs where video_id = any($1::text[]) order by video_id, rev desc`,
      [videoIds]
    );
    return new Map(rows.map((r) => [r.video_id, toRun(r)]));
  }

  async listOpen(): Promise<Run[]> {
    return (await this.db.query<RunRow>(`select * from processing_runs where ${OPEN} order by created_at`)).map(toRun);
  }

  async hasOpenRun(videoId: string, kind?: RunKind): Promise<boolean> {
    const rows = await this.db.query(
      `select 1 from processing_runs where video_id = $1 and ${OPEN} and ($2::text is null or kind = $2) limit 1`,
      [videoId, kind ?? null]
    );
    return rows.length > 0;
  }

  async videoForRun(videoId: string): Promise<VideoForRun | null> {
    const [row] = await this.db.query<{
      id: string;
      source_path: string | null;
      source_name: string | null;
      duration: number | null;
      current_rev: number | null;
      ladder: LadderResult | null;
    }>('select id, source_path, source_name, duration, current_rev, ladder from videos where id = $1', [videoId]);
    if (!row) return null;
    return {
      id: row.id,
      sourcePath: row.source_path,
      sourceName: row.source_name,
      duration: row.duration === null ? null : Number(row.duration),
      currentRev: row.current_rev,
      ladder: row.ladder
    };
  }

  async subtitleSources(videoId: string): Promise<SubtitleSource[]> {
    const rows = await this.db.query<{ lang: string; stored_path: string; file_name: string; machine_cues: number }>(
      'select lang, stored_path, file_name, machine_cues from video_subtitles where video_id = $1 order by lang',
      [videoId]
    );
    return rows.map((r) => ({ lang: r.lang, storedPath: r.stored_path, fileName: r.file_name, machine: r.machine_cues > 0 }));
  }

  /**
   * A new run with the next revision number (one above every run and the current revision). The
   * video row is locked so two runs started at once cannot take the same number. A full run puts
   * the video into 'processing' and clears its last error.
   */
  async create(videoId: string, kind: RunKind): Promise<Run> {
    return this.db.transaction(async (tx) => {
      const [video] = await tx.query<{ current_rev: number | null; hold_full_ladder: boolean }>(
        'select current_rev, hold_full_ladder from videos where id = $1 for update',
        [videoId]
      );
      if (!video) throw new Error(`video ${videoId} does not exist`);
      const [{ max }] = await tx.query<{ max: number | null }>(
        'select max(rev) as max from processing_runs where video_id = $1',
        [videoId]
      );
      const rev = Math.max(max ?? 0, video.current_rev ?? 0) + 1;
      const [row] = await tx.query<RunRow>(
        `insert into processing_runs (id, video_id, rev, kind, state, publish_early) values ($1, $2, $3, $4, 'queued', $5) returning *`,
        [newId(16), videoId, rev, kind, kind === 'full' && !video.hold_full_ladder]
      );
      if (kind === 'full') {
        await tx.query(`update videos set state = 'processing', error = null, updated_at = now() where id = $1`, [videoId]);
      }
      return toRun(row);
    });
  }

  /** Progress of an open run; a no-op once the run has finished, so a late write cannot reopen it. */
  async setProgress(id: string, step: Step | null, progress: number): Promise<void> {
    await this.db.query(
      `update processing_runs set state = 'active', step = coalesce($2, step), progress = greatest(progress, $3) where id = $1 and ${OPEN}`,
      [id, step, progress]
    );
  }

  /**
   * Makes a revision current and completes its run, in one transaction: before it nothing of the
   * run is visible, after it all of it is. A revision older than the current one (two runs finishing
   * out of order) completes its run but does not replace what viewers see; `superseded` says so.
   */
  async publish(p: PublishInput): Promise<{ superseded: boolean }> {
    return this.db.transaction(async (tx) => {
      const updated = await tx.query(
        `update videos set
           current_rev = $2,
           state = 'ready',
           error = null,
           ladder = coalesce($3::jsonb, ladder),
           probe = coalesce($4::jsonb, probe),
           duration = coalesce($5, duration),
           width = coalesce($6, width),
           height = coalesce($7, height),
           published_at = case when auto_publish and published_at is null then now() else published_at end,
           updated_at = now()
         where id = $1 and (current_rev is null or current_rev < $2)
         returning id`,
        [
          p.videoId,
          p.rev,
          p.ladder ? JSON.stringify(p.ladder) : null,
          p.probe ? JSON.stringify(p.probe) : null,
          p.probe?.duration ?? null,
          p.probe?.video?.width ?? null,
          p.probe?.video?.height ?? null
        ]
      );
      if (p.complete !== false) await completeRun(tx, p.runId);
      else await tx.query(`update processing_runs set state = 'active', step = 'publish' where id = $1 and ${OPEN}`, [p.runId]);
      return { superseded: updated.length === 0 };
    });
  }

  /**
   * The rest of a ladder joined its revision (server/pipeline/join.ts): the video's stored ladder
   * lists every rung, if that revision is still the current one, and the run is complete.
   * Whether the ladder was stored.
   */
  async grown(p: { runId: string; videoId: string; rev: number; ladder: LadderResult }): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const updated = await tx.query(
        `update videos set ladder = $3::jsonb, updated_at = now() where id = $1 and current_rev = $2 returning id`,
        [p.videoId, p.rev, JSON.stringify(p.ladder)]
      );
      await completeRun(tx, p.runId);
      return updated.length > 0;
    });
  }

  /** Completes a run that has nothing more to do (its revision was replaced or deleted while it grew). */
  async complete(runId: string): Promise<void> {
    await completeRun(this.db, runId);
  }

  /**
   * Fails an open run (returns null if it had already finished). The video shows the error only when
   * it has nothing published and no other run is still trying: a failed re-run must not hide a video
   * that plays.
   */
  async fail(id: string, error: string): Promise<Run | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<RunRow>(
        `update processing_runs set state = 'failed', error = $2, finished_at = now() where id = $1 and ${OPEN} returning *`,
        [id, error]
      );
      if (!row) return null;
      await tx.query(
        `update videos set
           state = case when current_rev is null then 'failed' else 'ready' end,
           error = case when current_rev is null then $2 else error end,
           updated_at = now()
         where id = $1 and state = 'processing'
           and not exists (select 1 from processing_runs where video_id = $1 and ${OPEN})`,
        [row.video_id, error]
      );
      return toRun(row);
    });
  }

  /**
   * Whether the video's subtitles changed after the run started (a file replaced, added or
   * removed), compared with the languages the run was given.
   */
  async subtitlesChangedSince(runId: string, langsInRun: string[]): Promise<boolean> {
    const rows = await this.db.query<{ lang: string; newer: boolean }>(
      `select s.lang, s.updated_at > r.created_at as newer
         from processing_runs r join video_subtitles s on s.video_id = r.video_id
        where r.id = $1`,
      [runId]
    );
    if (rows.some((r) => r.newer)) return true;
    const now = rows.map((r) => r.lang).sort().join(',');
    return now !== [...langsInRun].sort().join(',');
  }

  /** Current revision of every video, for cleaning up revision directories no longer needed. */
  async currentRevisions(): Promise<Map<string, number | null>> {
    const rows = await this.db.query<{ id: string; current_rev: number | null }>('select id, current_rev from videos');
    return new Map(rows.map((r) => [r.id, r.current_rev]));
  }

  async currentRevision(videoId: string): Promise<number | null | undefined> {
    const [row] = await this.db.query<{ current_rev: number | null }>('select current_rev from videos where id = $1', [videoId]);
    return row ? row.current_rev : undefined;
  }
}

async function completeRun(tx: Queryable, id: string): Promise<void> {
  await tx.query(
    `update processing_runs set state = 'completed', step = case when kind = 'full' and publish_early then 'join' else 'publish' end, progress = 1, error = null, finished_at = now()
      where id = $1 and state <> 'completed'`,
    [id]
  );
}
