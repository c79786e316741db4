/**
 * What viewers read: GET /api/videos (published only, newest first, paged, with posters) and
 * GET /api/videos/:id (watch data: master playlist, poster, sprite VTT, subtitle tracks).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { api, createDraft, fakePublishedRevision, signIn, viewer, type Session } from './helpers.ts';

let t: TestEfir;
let p: Session;
let v: Session;
const published: string[] = [];
let draft: string;
beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  p = await signIn(t, 'producer');
  v = await viewer(t);
  for (let i = 0; i < 5; i++) {
    const id = await createDraft(t, p, `Lesson ${i}`);
    await fakePublishedRevision(t, id, 1);
    // Distinct publication times, oldest first.
    await t.efir.db.query(`update videos set published_at = now() - ($2 || ' minutes')::interval where id = $1`, [id, String(10 - i)]);
    published.push(id);
  }
  draft = await createDraft(t, p, 'Not yet');
  await fakePublishedRevision(t, draft, 1, { published: false });
  await createDraft(t, p, 'No file yet');
});
afterAll(async () => t?.close());

test('the library lists published videos only, newest first, with poster URLs', async () => {
  const res = await api(t, v, 'GET', '/api/videos');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-cache');
  expect(res.body).toMatchObject({ page: 1, limit: 24, total: 5 });
  expect(res.body.items.map((i: any) => i.id)).toEqual([...published].reverse());
  expect(res.body.items[0]).toEqual({
    id: published[4],
    origin: 'upload',
    title: 'Lesson 4',
    description: 'made by a test',
    i18n: {},
    duration: 4,
    publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    posterUrl: `/media/${published[4]}/1/poster.jpg`
  });
  // The poster it names is served to viewers.
  expect((await api(t, v, 'GET', res.body.items[0].posterUrl)).status).toBe(200);
});

test('pages', async () => {
  const one = await api(t, v, 'GET', '/api/videos?page=2&limit=2');
  expect(one.body).toMatchObject({ page: 2, limit: 2, total: 5 });
  expect(one.body.items.map((i: any) => i.id)).toEqual([published[2], published[1]]);
  const last = await api(t, v, 'GET', '/api/videos?page=3&limit=2');
  expect(last.body.items.map((i: any) => i.id)).toEqual([published[0]]);
  expect((await api(t, v, 'GET', '/api/videos?page=9&limit=2')).body.items).toEqual([]);
});

test.each([
  ['limit=1000', 'limit'],
  ['limit=0', 'limit'],
  ['page=0', 'page'],
  ['page=abc', 'page']
])('a bad query (%s) is a 400 naming the field', async (q, field) => {
  const res = await api(t, v, 'GET', `/api/videos?${q}`);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
  expect(res.body.error.message).toMatch(new RegExp(`^querystring\\.${field}: `));
});

test('watch data: master playlist, poster, sprite VTT and the revision\'s subtitle tracks', async () => {
  const id = published[0]!;
  const res = await api(t, v, 'GET', `/api/videos/${id}`);
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    id,
    origin: 'upload',
    title: 'Lesson 0',
    description: 'made by a test',
    i18n: {},
    duration: 4,
    publishedAt: expect.any(String),
    preview: false,
    width: 640,
    height: 360,
    masterUrl: `/media/${id}/1/master.m3u8`,
    embedUrl: null,
    live: null,
    scheduledAt: null,
    posterUrl: `/media/${id}/1/poster.jpg`,
    spritesUrl: `/media/${id}/1/sprite.vtt`,
    subtitles: [
      { lang: 'ru', name: 'Русский', url: `/media/${id}/1/subs/ru.vtt` },
      { lang: 'uz', name: 'Oʻzbekcha', url: `/media/${id}/1/subs/uz.vtt` }
    ]
  });
  for (const url of [res.body.masterUrl, res.body.spritesUrl, res.body.subtitles[0].url]) {
    expect((await api(t, v, 'GET', url)).status, url).toBe(200);
  }
});

test('an unpublished video: 404 for viewers, a preview for its owner', async () => {
  const res = await api(t, v, 'GET', `/api/videos/${draft}`);
  expect(res.status).toBe(404);
  expect(res.body.error).toMatchObject({ code: 'not_found', message: `No published video ${draft}` });
  const own = await api(t, p, 'GET', `/api/videos/${draft}`);
  expect(own.status).toBe(200);
  expect(own.body).toMatchObject({ preview: true, publishedAt: null });
  expect(own.headers.get('cache-control')).toBe('private, no-store');
  expect((await api(t, await signIn(t, 'producer'), 'GET', `/api/videos/${draft}`)).status).toBe(404);
});

test('unknown id: 404; malformed id: 400 naming the field', async () => {
  const unknown = await api(t, v, 'GET', '/api/videos/NoSuchVideo');
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.message).toBe('No published video NoSuchVideo');
  const bad = await api(t, v, 'GET', `/api/videos/${encodeURIComponent('bad id!')}`);
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe('id');
});
