/**
 * A mirrored video as the YouTube sync leaves it (YT-SPEC.md "Words"), written straight to the
 * database, with its poster under DATA_DIR/posters/v-<id>/: for tests of what viewers see of the
 * mirror without running the sync.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TestEfir } from './harness.ts';
import { newId } from '../../server/ids.ts';

export interface MirroredInput {
  title: string;
  description?: string;
  i18n?: Record<string, { title?: string; description?: string }>;
  youtubeId?: string;
  liveBroadcastContent?: 'none' | 'upcoming' | 'live';
  scheduledStartTime?: string | null;
  /** null: not published (the sync never leaves one so; a test of the rule does). */
  publishedAt?: Date | null;
  hidden?: boolean;
  duration?: number;
  /** Write a poster file and set poster_path (default true). */
  poster?: boolean;
}

/** A tiny JPEG (SOI … EOI): enough for the poster route, which sends bytes, not pictures. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);

export async function insertMirroredVideo(t: TestEfir, input: MirroredInput): Promise<{ id: string; youtubeId: string; posterUrl: string | null }> {
  const id = newId();
  const youtubeId = input.youtubeId ?? newId(11);
  let posterPath: string | null = null;
  if (input.poster !== false) {
    const name = `${crypto.createHash('sha256').update(JPEG).update(id).digest('hex').slice(0, 16)}.jpg`;
    posterPath = `v-${id}/${name}`;
    fs.mkdirSync(path.join(t.efir.paths.posters, `v-${id}`), { recursive: true });
    fs.writeFileSync(path.join(t.efir.paths.posters, posterPath), JPEG);
  }
  const youtube = {
    hash: 'h',
    etag: 'e',
    privacyStatus: 'public',
    liveBroadcastContent: input.liveBroadcastContent ?? 'none',
    scheduledStartTime: input.scheduledStartTime ?? null,
    actualStartTime: null,
    actualEndTime: null,
    thumbnailUrl: `https://i.ytimg.com/vi/${youtubeId}/hqdefault.jpg`,
    channelId: 'UCtest'
  };
  await t.efir.db.query(
    `insert into videos (id, owner_id, title, description, origin, state, duration, published_at, i18n, youtube_id, youtube, hidden_at, poster_path)
     values ($1, null, $2, $3, 'youtube', 'ready', $4, $5, $6::jsonb, $7, $8::jsonb, $9, $10)`,
    [
      id,
      input.title,
      input.description ?? '',
      input.duration ?? 95,
      input.publishedAt === undefined ? new Date() : input.publishedAt,
      JSON.stringify(input.i18n ?? {}),
      youtubeId,
      JSON.stringify(youtube),
      input.hidden ? new Date() : null,
      posterPath
    ]
  );
  return { id, youtubeId, posterUrl: posterPath ? `/media/posters/${posterPath}` : null };
}
