/**
 * What viewers see of the YouTube mirror (issue 11): mirrored videos in the library and on watch
 * pages like uploads (translations, posters served from DATA_DIR, never YouTube's), the embed until
 * Efir has the file with the subtitle files it has beside it, and the one visibility rule: hidden,
 * unpublished, upcoming and live rows never in the library; the channel's broadcasts in the schedule.
 * Mirrored rows are written as the sync leaves them (test/helpers/mirror-rows.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { insertMirroredVideo } from '../../helpers/mirror-rows.ts';
import { api, createDraft, fakePublishedRevision, signIn, viewer, type Session } from './helpers.ts';
import type { User } from '../../../server/repositories/users.ts';

const FIXTURES = path.join(import.meta.dirname, '../../unit/subtitles/fixtures');

let t: TestEfir;
let p: Session;
let v: Session;
let admin: User;
let upload: string;
let hiddenUpload: string;
const m: Record<string, { id: string; youtubeId: string; posterUrl: string | null }> = {};
const hour = 3600_000;

beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  p = await signIn(t, 'producer');
  v = await viewer(t);
  admin = await t.efir.auth.createUser({ email: `admin-${Date.now()}@example.test`, displayName: 'Admin', role: 'admin', password: 'correct horse battery' });
  upload = await createDraft(t, p, 'Своё видео');
  await fakePublishedRevision(t, upload);
  await t.efir.db.query(`update videos set published_at = now() - interval '2 hours' where id = $1`, [upload]);
  hiddenUpload = await createDraft(t, p, 'Скрытое своё');
  await fakePublishedRevision(t, hiddenUpload);
  // An uploaded tutorial published to YouTube that the channel hid: hidden here too, files kept.
  await t.efir.db.query(`update videos set hidden_at = now() where id = $1`, [hiddenUpload]);
  m.plain = await insertMirroredVideo(t, {
    title: 'Патент за 5 минут',
    description: 'Русское описание',
    i18n: { uz: { title: 'Patent 5 daqiqada', description: 'Oʻzbekcha tavsif' }, en: { title: 'The patent in 5 minutes' } },
    publishedAt: new Date(Date.now() - hour)
  });
  m.hidden = await insertMirroredVideo(t, { title: 'Скрытое на канале', hidden: true });
  m.unpublished = await insertMirroredVideo(t, { title: 'Без даты публикации', publishedAt: null });
  m.upcoming = await insertMirroredVideo(t, { title: 'Эфир завтра', liveBroadcastContent: 'upcoming', scheduledStartTime: new Date(Date.now() + 24 * hour).toISOString() });
  m.live = await insertMirroredVideo(t, { title: 'Эфир сейчас', liveBroadcastContent: 'live', poster: false });
  m.abandoned = await insertMirroredVideo(t, { title: 'Забытый анонс', liveBroadcastContent: 'upcoming', scheduledStartTime: new Date(Date.now() - 48 * hour).toISOString() });
});
afterAll(async () => t?.close());

test('the library shows uploads and mirrored videos alike, and nothing hidden, unpublished, upcoming or live', async () => {
  const res = await api(t, v, 'GET', '/api/videos');
  expect(res.status).toBe(200);
  expect(res.body.items.map((i: any) => i.id)).toEqual([m.plain!.id, upload]);
  expect(res.body.total).toBe(2);
  expect(res.body.items[0]).toEqual({
    id: m.plain!.id,
    origin: 'youtube',
    title: 'Патент за 5 минут',
    description: 'Русское описание',
    i18n: { uz: { title: 'Patent 5 daqiqada', description: 'Oʻzbekcha tavsif' }, en: { title: 'The patent in 5 minutes' } },
    duration: 95,
    publishedAt: expect.stringMatching(/^\d{4}-/),
    posterUrl: m.plain!.posterUrl
  });
  expect(res.body.items[1]).toMatchObject({ id: upload, origin: 'upload', i18n: {}, posterUrl: `/media/${upload}/1/poster.jpg` });
  // Never a YouTube address in what pages get.
  expect(JSON.stringify(res.body)).not.toMatch(/ytimg|youtube\.com/);
});

test("a mirrored video's poster is served from the data directory, immutable; a hidden one's is not", async () => {
  const poster = await fetch(`${t.baseUrl}${m.plain!.posterUrl}`);
  expect(poster.status).toBe(200);
  expect(poster.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(Buffer.from(await poster.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  expect((await fetch(`${t.baseUrl}${m.hidden!.posterUrl}`)).status).toBe(404);
  // Only the file the video names: another name in its folder is not its poster.
  const other = m.plain!.posterUrl!.replace(/[0-9a-f]{16}\.jpg$/, '0000000000000000.jpg');
  expect((await fetch(`${t.baseUrl}${other}`)).status).toBe(404);
});

test('watch data of a mirrored video without a file: the nocookie embed, no HLS', async () => {
  const res = await api(t, v, 'GET', `/api/videos/${m.plain!.id}`);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    id: m.plain!.id,
    origin: 'youtube',
    title: 'Патент за 5 минут',
    i18n: { uz: { title: 'Patent 5 daqiqada' } },
    masterUrl: null,
    embedUrl: `https://www.youtube-nocookie.com/embed/${m.plain!.youtubeId}`,
    live: null,
    posterUrl: m.plain!.posterUrl,
    spritesUrl: null,
    subtitles: [],
    preview: false
  });
});

test('its subtitle files (attached in the studio) are listed beside the embed and served as WebVTT', async () => {
  await t.efir.studio.attachSubtitle(admin, m.plain!.id, 'uz', 'uz.bom.srt', fs.readFileSync(path.join(FIXTURES, 'uz.bom.srt')));
  await t.efir.studio.attachSubtitle(admin, m.plain!.id, 'ru', 'ru.srt', fs.readFileSync(path.join(FIXTURES, 'ru.srt')));
  const res = await api(t, v, 'GET', `/api/videos/${m.plain!.id}`);
  expect(res.body.subtitles).toEqual([
    { lang: 'ru', name: 'Русский', url: `/api/videos/${m.plain!.id}/subtitles/ru` },
    { lang: 'uz', name: 'Oʻzbekcha', url: `/api/videos/${m.plain!.id}/subtitles/uz` }
  ]);
  const vtt = await fetch(`${t.baseUrl}${res.body.subtitles[1].url}`);
  expect(vtt.status).toBe(200);
  expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
  const body = await vtt.text();
  expect(body.startsWith('WEBVTT\n')).toBe(true);
  expect(body).toMatch(/\d\d:\d\d\.\d{3} --> /);
  expect((await fetch(`${t.baseUrl}/api/videos/${m.plain!.id}/subtitles/tg`)).status).toBe(404);
  expect((await fetch(`${t.baseUrl}/api/videos/${m.hidden!.id}/subtitles/uz`)).status).toBe(404);
});

test('hidden and unpublished videos have no watch page; upcoming and live channel broadcasts play in the embed', async () => {
  for (const id of [m.hidden!.id, m.unpublished!.id, hiddenUpload]) expect((await api(t, v, 'GET', `/api/videos/${id}`)).status, id).toBe(404);
  // A hidden upload's revision is not served either.
  expect((await fetch(`${t.baseUrl}/media/${hiddenUpload}/1/master.m3u8`)).status).toBe(404);
  const upcoming = await api(t, v, 'GET', `/api/videos/${m.upcoming!.id}`);
  expect(upcoming.body).toMatchObject({ live: 'upcoming', masterUrl: null, embedUrl: expect.stringContaining(m.upcoming!.youtubeId), scheduledAt: expect.any(String) });
  expect((await api(t, v, 'GET', `/api/videos/${m.live!.id}`)).body).toMatchObject({ live: 'live', posterUrl: null });
});

test("the home page's schedule: the channel's live and upcoming broadcasts, live first, no abandoned or hidden one", async () => {
  const schedule = await t.efir.library.channelSchedule();
  expect(schedule.map((b) => [b.id, b.state])).toEqual([
    [m.live!.id, 'live'],
    [m.upcoming!.id, 'upcoming']
  ]);
  expect(schedule[1]).toMatchObject({ title: 'Эфир завтра', scheduledAt: expect.any(String), posterUrl: m.upcoming!.posterUrl });
});

test('once its file is processed, a mirrored video plays from Efir’s HLS with the revision’s poster', async () => {
  const id = (await insertMirroredVideo(t, { title: 'С файлом' })).id;
  await fakePublishedRevision(t, id);
  const res = await api(t, v, 'GET', `/api/videos/${id}`);
  expect(res.body).toMatchObject({ origin: 'youtube', masterUrl: `/media/${id}/1/master.m3u8`, embedUrl: null, posterUrl: `/media/${id}/1/poster.jpg` });
  expect((await fetch(`${t.baseUrl}/media/${id}/1/master.m3u8`)).status).toBe(200);
  await t.efir.db.query('delete from videos where id = $1', [id]);
});
