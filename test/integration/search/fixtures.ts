/**
 * Search fixtures written straight to the database (the tests are about search, not uploads): videos
 * in any state, subtitle tracks saved the way the cue editor saves them (the track's row bumped and
 * its version row written in one transaction; the triggers of migration 009 index them at commit),
 * and answered questions of a broadcast whose replay is a video.
 */
import type { Efir } from '../../../server/context.ts';
import { newId } from '../../../server/ids.ts';
import { SubtitleVersionsRepository } from '../../../server/repositories/subtitle-versions.ts';
import type { VideoI18n } from '../../../server/repositories/videos.ts';

export interface FixtureVideo {
  title: string;
  description?: string;
  i18n?: VideoI18n;
  ownerId?: string | null;
  /** published (default): in the library; draft: never published, still uploading; hidden: published, then hidden by the mirror */
  as?: 'published' | 'draft' | 'hidden' | 'unpublished';
}

export async function addVideo(efir: Efir, v: FixtureVideo): Promise<string> {
  const id = newId();
  const as = v.as ?? 'published';
  const ready = as !== 'draft';
  await efir.db.query(
    `insert into videos (id, owner_id, title, description, i18n, origin, state, current_rev, duration, published_at, hidden_at)
     values ($1, $2, $3, $4, $5::jsonb, 'upload', $6, $7, 600, $8, $9)`,
    [
      id,
      v.ownerId ?? null,
      v.title,
      v.description ?? '',
      JSON.stringify(v.i18n ?? {}),
      ready ? 'ready' : 'uploading',
      ready ? 1 : null,
      as === 'published' || as === 'hidden' ? new Date() : null,
      as === 'hidden' ? new Date() : null
    ]
  );
  return id;
}

export type FixtureCue = [start: number, text: string];

/** Saves a new version of the track (the first, or the next) with these cues. */
export async function saveTrack(efir: Efir, videoId: string, lang: string, cues: FixtureCue[]): Promise<number> {
  const versions = new SubtitleVersionsRepository(efir.db);
  return efir.db.transaction(async (tx) => {
    const version = await versions.bump(tx, videoId, lang, null, {
      fileName: `${lang}.vtt`,
      format: 'vtt',
      encoding: 'utf-8',
      cueCount: cues.length,
      machineCues: 0,
      warnings: [],
      storedPath: `subtitles/${videoId}/${lang}.vtt`
    });
    await versions.insert(tx, {
      videoId,
      lang,
      version: version!,
      kind: 'upload',
      authorId: null,
      cues: cues.map(([start, text]) => ({ start, end: start + 3, text })),
      warnings: []
    });
    return version!;
  });
}

/** A broadcast replayed as `videoId` with one answered question at `offset` seconds. */
export async function addAnsweredQuestion(efir: Efir, videoId: string, lang: string, text: string, offset: number, state = 'answered'): Promise<void> {
  const broadcast = newId();
  await efir.db.query(`insert into broadcasts (id, title, state, replay_video_id) values ($1, 'Efir', 'ended', $2)`, [broadcast, videoId]);
  await efir.db.query(
    `insert into qa_questions (id, broadcast_id, viewer_id, ip_hash, client_ref, lang, text, state, answered_at, answered_offset)
     values ($1, $2, 'viewer', 'hash', $3, $4, $5, $6, now(), $7)`,
    [newId(), broadcast, newId(), lang, text, state, offset]
  );
}
