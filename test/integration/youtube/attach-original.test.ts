/**
 * The studio's "Attach original": any producer uploads the original file of a mirrored video over
 * the usual tus upload; it goes through the whole pipeline (real ffmpeg, the tiny fixture), and the
 * video then has a revision of its own, while it stayed published the whole time.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { tempDir } from '../../helpers/env.ts';
import { insertMirrored } from '../../helpers/mirrored.ts';
import { api, signIn, tinyMp4, upload, type Session } from '../api/helpers.ts';

let t: TestEfir;
let owner: Session;
let other: Session;
let dir: string;
beforeAll(async () => {
  t = await startTestEfir({ worker: true });
  owner = await signIn(t, 'producer');
  other = await signIn(t, 'producer');
  dir = tempDir('efir-attach-');
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('any producer sees mirrored videos in the studio and attaches an original; it is processed and stays published', async () => {
  const id = await insertMirrored(t.efir.db, { youtubeId: 'dQw4w9WgXcQ', title: 'Патент: продление', duration: 1 });
  // Another producer's own draft is not listed to this one; the channel's video is.
  const own = await api(t, owner, 'POST', '/api/studio/videos', { title: 'Mine' });
  const listed = (await api(t, other, 'GET', '/api/studio/videos')).body.items as { id: string; awaitingOriginal: boolean; youtubeId: string | null }[];
  expect(listed.map((v) => v.id)).toContain(id);
  expect(listed.map((v) => v.id)).not.toContain(own.body.id);
  expect(listed.find((v) => v.id === id)).toMatchObject({ awaitingOriginal: true, youtubeId: 'dQw4w9WgXcQ', origin: 'youtube' });

  const res = await upload(t, other, id, 'original.mp4', tinyMp4(dir));
  expect(res).toMatchObject({ ok: true });
  const during = await t.efir.videos.get(id);
  expect(during?.publishedAt).not.toBeNull();
  expect(during?.state).toBe('processing');

  const run = await t.efir.runs.latestForVideo(id);
  expect((await t.efir.pipeline.waitForRun(run!.id)).state).toBe('completed');
  const after = await t.efir.videos.get(id);
  expect(after).toMatchObject({ state: 'ready', origin: 'youtube', youtubeId: 'dQw4w9WgXcQ', ownerId: null });
  expect(after?.currentRev).toBe(run!.rev);
  expect(after?.publishedAt?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
  expect((await api(t, other, 'GET', `/api/studio/videos/${id}`)).body).toMatchObject({ awaitingOriginal: false, currentRev: run!.rev });

  // It has its original now: another one is refused.
  const again = await upload(t, owner, id, 'again.mp4', tinyMp4(dir));
  expect(again.status).toBe(409);
});

test('a moderator cannot attach an original', async () => {
  const id = await insertMirrored(t.efir.db, { youtubeId: 'aaaaaaaaaa1', title: 'Q&A', duration: 1 });
  const mod = await signIn(t, 'moderator');
  const res = await upload(t, mod, id, 'original.mp4', tinyMp4(dir));
  expect(res.status).toBe(403);
  expect((await t.efir.videos.get(id))?.state).toBe('ready');
});
