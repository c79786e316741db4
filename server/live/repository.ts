/**
 * The SQL of the video side of broadcasts: their producer-edited fields, the stream key, what the
 * ingest is doing and the replay. The Q&A's own SQL is server/qa/repository.ts.
 */
import type { Db, Queryable } from '../db/index.ts';
import { newId } from '../ids.ts';
import { WITH_REPLAY } from '../qa/repository.ts';
import type { BroadcastRow } from '../qa/views.ts';

export type I18n = Record<string, { title?: string; description?: string }>;

export interface BroadcastFields {
  title: string;
  description: string;
  i18n: I18n;
  scheduledAt: Date | null;
  replayReview: boolean;
  dvrSeconds: number;
}

export class LiveRepository {
  constructor(readonly db: Db) {}

  async create(ownerId: string, f: BroadcastFields, streamKey: string): Promise<BroadcastRow> {
    const [row] = await this.db.query<BroadcastRow>(
      `insert into broadcasts (id, owner_id, title, description, i18n, scheduled_at, replay_review, dvr_seconds, stream_key, stream_key_rotated_at)
       values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, now()) returning *`,
      [newId(), ownerId, f.title, f.description, JSON.stringify(f.i18n), f.scheduledAt, f.replayReview, f.dvrSeconds, streamKey]
    );
    return row!;
  }

  async update(id: string, f: BroadcastFields): Promise<void> {
    await this.db.query(
      `update broadcasts set title = $2, description = $3, i18n = $4::jsonb, scheduled_at = $5, replay_review = $6,
         dvr_seconds = $7, updated_at = now() where id = $1`,
      [id, f.title, f.description, JSON.stringify(f.i18n), f.scheduledAt, f.replayReview, f.dvrSeconds]
    );
  }

  async get(id: string, q: Queryable = this.db): Promise<BroadcastRow | null> {
    const [row] = await q.query<BroadcastRow>(`${WITH_REPLAY} where b.id = $1`, [id]);
    return row ?? null;
  }

  async byStreamKey(key: string): Promise<BroadcastRow | null> {
    const [row] = await this.db.query<BroadcastRow>(`${WITH_REPLAY} where b.stream_key = $1`, [key]);
    return row ?? null;
  }

  /** A producer's broadcasts (an admin's: everyone's), newest schedule first. */
  async listFor(ownerId: string | null, limit = 200): Promise<BroadcastRow[]> {
    return this.db.query<BroadcastRow>(
      `${WITH_REPLAY} where ($1::text is null or b.owner_id = $1) order by coalesce(b.scheduled_at, b.created_at) desc limit $2`,
      [ownerId, limit]
    );
  }

  /** What the home page shows: every broadcast on air, and the next one scheduled. */
  async home(): Promise<{ live: BroadcastRow[]; next: BroadcastRow | null }> {
    const live = await this.db.query<BroadcastRow>(`${WITH_REPLAY} where b.state = 'live' order by b.started_at desc nulls last limit 10`);
    const [next] = await this.db.query<BroadcastRow>(
      `${WITH_REPLAY} where b.state = 'scheduled' and b.scheduled_at is not null and b.scheduled_at > now() - interval '6 hours'
        order by b.scheduled_at asc limit 1`
    );
    return { live, next: next ?? null };
  }

  async setStreamKey(id: string, key: string): Promise<BroadcastRow> {
    const [row] = await this.db.query<BroadcastRow>(
      'update broadcasts set stream_key = $2, stream_key_rotated_at = now(), updated_at = now() where id = $1 returning *',
      [id, key]
    );
    return row!;
  }

  async setPoster(id: string, posterPath: string): Promise<string | null> {
    const [old] = await this.db.query<{ poster_path: string | null }>('select poster_path from broadcasts where id = $1', [id]);
    await this.db.query('update broadcasts set poster_path = $2, updated_at = now() where id = $1', [id, posterPath]);
    return old?.poster_path ?? null;
  }

  // The ingest's updates, each inside a change that emits the `broadcast` event
  // (QaService.changeBroadcast): each returns the updated row, its lock taken.

  async markPublishing(tx: Queryable, id: string): Promise<BroadcastRow | undefined> {
    return one(tx, `update broadcasts set ingest_state = 'publishing', ingest_lost_at = null, ingest_error = null,
        ingest_keyframe_seconds = null, updated_at = now()
      where id = $1 returning *`, [id]);
  }

  /** The publisher left: "reconnecting" while the broadcast is live (the grace period runs from now). */
  async markPublisherGone(tx: Queryable, id: string): Promise<BroadcastRow | undefined> {
    return one(tx, `update broadcasts set ingest_state = case when state = 'live' then 'reconnecting' else 'idle' end,
         ingest_lost_at = case when state = 'live' then now() else null end, updated_at = now()
       where id = $1 returning *`, [id]);
  }

  async markIngestIdle(tx: Queryable, id: string): Promise<BroadcastRow | undefined> {
    return one(tx, `update broadcasts set ingest_state = 'idle', ingest_lost_at = null, updated_at = now() where id = $1 returning *`, [id]);
  }

  /** The live folder players are pointed at, once its first segments exist (only while live). */
  async setLiveRun(tx: Queryable, id: string, run: string): Promise<BroadcastRow | undefined> {
    return one(tx, `update broadcasts set live_run = $2, updated_at = now() where id = $1 and state = 'live' returning *`, [id, run]);
  }

  /**
   * The publisher's keyframes are `seconds` apart at worst (above the live segment target): the
   * studio says so. Only while live; undefined when the value is already the one stored (no event).
   */
  async setKeyframeInterval(tx: Queryable, id: string, seconds: number): Promise<BroadcastRow | undefined> {
    return one(tx, `update broadcasts set ingest_keyframe_seconds = $2, updated_at = now()
      where id = $1 and state = 'live' and ingest_keyframe_seconds is distinct from $2::real returning *`, [id, seconds]);
  }

  /** No column changes: the row again, so its view (the replay's state) can be announced. */
  async touch(tx: Queryable, id: string): Promise<BroadcastRow | undefined> {
    return one(tx, 'update broadcasts set updated_at = now() where id = $1 returning *', [id]);
  }

  async setIngestError(id: string, reason: string): Promise<void> {
    await this.db.query('update broadcasts set ingest_error = $2, updated_at = now() where id = $1', [id, reason.slice(0, 500)]);
  }

  /** Broadcasts whose publisher has been gone longer than the grace period. */
  async lostLongerThan(seconds: number): Promise<BroadcastRow[]> {
    return this.db.query<BroadcastRow>(
      `select * from broadcasts where state = 'live' and ingest_state = 'reconnecting'
         and ingest_lost_at < now() - make_interval(secs => $1::int)`,
      [seconds]
    );
  }

  // ------------------------------------------------------------ replay

  async byReplayVideo(videoId: string): Promise<{ id: string } | null> {
    const [row] = await this.db.query<{ id: string }>('select id from broadcasts where replay_video_id = $1', [videoId]);
    return row ?? null;
  }

  /** The replay's video: made from a broadcast, with the answered questions as chapters. */
  async markReplayVideo(videoId: string, chapters: { start: number; title: string }[]): Promise<void> {
    await this.db.query(`update videos set origin = 'live', chapters = $2::jsonb where id = $1`, [videoId, JSON.stringify(chapters)]);
  }

  async setReplayVideo(id: string, videoId: string): Promise<void> {
    await this.db.query('update broadcasts set replay_video_id = $2, updated_at = now() where id = $1', [id, videoId]);
  }

  /** Answered questions with their times, for the replay's chapters. */
  async answered(id: string): Promise<{ text: string; answered_at: Date }[]> {
    return this.db.query(
      `select text, answered_at from qa_questions where broadcast_id = $1 and state = 'answered' and answered_at is not null
        order by answered_at`,
      [id]
    );
  }
}

async function one(q: Queryable, sql: string, params: unknown[]): Promise<BroadcastRow | undefined> {
  return (await q.query<BroadcastRow>(sql, params))[0];
}
