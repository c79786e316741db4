/**
 * A mirrored video as the sync leaves it (YT-SPEC "Words": origin 'youtube', no owner, state 'ready',
 * no source, no revision, published at YouTube's date), written straight to the database so the
 * attach and import tests do not need a whole sync against the fake Data API.
 */
import type { Queryable } from '../../server/db/index.ts';
import { newId } from '../../server/ids.ts';

export interface MirroredSeed {
  youtubeId: string;
  title: string;
  duration: number | null;
  publishedAt?: Date;
}

export async function insertMirrored(db: Queryable, v: MirroredSeed): Promise<string> {
  const id = newId();
  await db.query(
    `insert into videos (id, owner_id, title, description, origin, state, duration, published_at, youtube_id, youtube)
     values ($1, null, $2, '', 'youtube', 'ready', $3, $4, $5, $6::jsonb)`,
    [id, v.title, v.duration, v.publishedAt ?? new Date('2024-03-01T10:00:00Z'), v.youtubeId,
     JSON.stringify({ privacyStatus: 'public', liveBroadcastContent: 'none' })]
  );
  return id;
}
