/**
 * /media/<videoId>/<rev>/…: content types, Range requests, caching, no way out of the revision
 * directory, and only what a viewer may see (a published video's current revision; the owner's
 * preview of a draft).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { api, createDraft, fakePublishedRevision, rawGet, signIn, viewer, type Session } from './helpers.ts';

let t: TestEfir;
let p: Session;
let v: Session;
let id: string;
let revDir: string;
beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  p = await signIn(t, 'producer');
  v = await viewer(t);
  id = await createDraft(t, p, 'Published');
  revDir = await fakePublishedRevision(t, id, 1);
  // A secret beside the media tree that traversal must never reach.
  fs.writeFileSync(path.join(t.efir.paths.media, id, 'secret.txt'), 'not for viewers');
  fs.writeFileSync(path.join(t.dataDir, 'secret.txt'), 'not for viewers');
});
afterAll(async () => t?.close());

const get = (url: string, headers: Record<string, string> = {}, s: Session | null = v) => api(t, s, 'GET', url, undefined, headers);

test.each([
  ['master.m3u8', 'application/vnd.apple.mpegurl', 'public, max-age=10'],
  ['video/360p/index.m3u8', 'application/vnd.apple.mpegurl', 'public, max-age=10'],
  ['video/360p/seg0.ts', 'video/mp2t', 'public, max-age=31536000, immutable'],
  ['video/360p/seg1.m4s', 'video/mp4', 'public, max-age=31536000, immutable'],
  ['subs/ru.vtt', 'text/vtt; charset=utf-8', 'public, max-age=31536000, immutable'],
  ['poster.jpg', 'image/jpeg', 'public, max-age=31536000, immutable'],
  ['sprite.vtt', 'text/vtt; charset=utf-8', 'public, max-age=31536000, immutable']
])('%s: %s, %s', async (file, type, cache) => {
  const res = await get(`/media/${id}/1/${file}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(type);
  expect(res.headers.get('cache-control')).toBe(cache);
  expect(res.headers.get('accept-ranges')).toBe('bytes');
  expect(res.headers.get('content-length')).toBe(String(fs.statSync(path.join(revDir, file)).size));
  // A response a shared cache keeps must not carry anybody's cookie.
  expect(res.headers.get('set-cookie')).toBeNull();
});

test('the subtitles arrive as written (UTF-8)', async () => {
  const res = await get(`/media/${id}/1/subs/ru.vtt`);
  expect(res.body).toBe('WEBVTT\n\n00:00.000 --> 00:01.000\nПривет\n');
});

describe('Range requests', () => {
  const url = () => `${t.baseUrl}/media/${id}/1/video/360p/seg0.ts`;
  const whole = () => fs.readFileSync(path.join(revDir, 'video/360p/seg0.ts'));

  test.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, 999],
    ['bytes=-10', 990, 999],
    ['bytes=900-5000', 900, 999]
  ])('%s → 206 with bytes %i-%i', async (range, start, end) => {
    const res = await fetch(url(), { headers: { range } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(Buffer.from(await res.arrayBuffer()).equals(whole().subarray(start, end + 1))).toBe(true);
  });

  test.each(['bytes=1000-', 'bytes=5-2', 'bytes=-0'])('%s → 416 with the size', async (range) => {
    const res = await fetch(url(), { headers: { range } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */1000');
    expect(((await res.json()) as any).error.code).toBe('bad_range');
  });

  test('HEAD gives the headers without the bytes', async () => {
    const res = await fetch(url(), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('1000');
    expect(await res.text()).toBe('');
  });

  test('a conditional request for an unchanged file: 304', async () => {
    const first = await fetch(url());
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    expect((await fetch(url(), { headers: { 'if-none-match': etag } })).status).toBe(304);
    // If-Range with a stale validator: the whole file, not the range.
    const stale = await fetch(url(), { headers: { range: 'bytes=0-9', 'if-range': '"stale"' } });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(1000);
  });
});

describe('no path traversal', () => {
  test.each([
    `/media/ID/1/../secret.txt`,
    `/media/ID/1/../../../secret.txt`,
    `/media/ID/1/%2e%2e/secret.txt`,
    `/media/ID/1/%2E%2E/%2e%2e/%2e%2e/secret.txt`,
    `/media/ID/1/subs/..%2f..%2fsecret.txt`,
    `/media/ID/1/subs%2f..%2f..%2fsecret.txt`,
    `/media/ID/1/..%5c..%5csecret.txt`,
    `/media/ID/1/%00secret.txt`,
    `/media/ID/1//etc/passwd`,
    `/media/ID/1/./master.m3u8`,
    `/media/ID/..%2f${'x'}/secret.txt`,
    `/media/ID/1%2f..%2f..%2f/secret.txt`
  ])('%s', async (raw) => {
    const res = await rawGet(t, raw.replace('ID', id));
    // Refused by the checks themselves (the path or the parameter patterns), not by luck of routing.
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('not for viewers');
  });
});

describe('who sees what', () => {
  let draft: string;
  beforeAll(async () => {
    draft = await createDraft(t, p, 'Draft');
    await fakePublishedRevision(t, draft, 1, { published: false });
  });

  test('an unpublished video: 404 for viewers and other producers, a private preview for its owner and admins', async () => {
    expect((await get(`/media/${draft}/1/master.m3u8`)).status).toBe(404);
    expect((await get(`/media/${draft}/1/master.m3u8`, {}, await signIn(t, 'producer'))).status).toBe(404);
    for (const s of [p, await signIn(t, 'admin')]) {
      const res = await get(`/media/${draft}/1/video/360p/seg0.ts`, {}, s);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-cache');
    }
  });

  test('unpublishing takes effect at once', async () => {
    const vid = await createDraft(t, p, 'Soon hidden');
    await fakePublishedRevision(t, vid, 1);
    expect((await get(`/media/${vid}/1/master.m3u8`)).status).toBe(200);
    expect((await api(t, p, 'POST', `/api/studio/videos/${vid}/unpublish`)).status).toBe(200);
    expect((await get(`/media/${vid}/1/master.m3u8`)).status).toBe(404);
  });

  test('a revision newer than the current one is not served to viewers', async () => {
    const vid = await createDraft(t, p, 'Two revisions');
    await fakePublishedRevision(t, vid, 2);
    await fakePublishedRevision(t, vid, 1); // current_rev back to 1; revision 2 is on disk
    expect((await get(`/media/${vid}/1/master.m3u8`)).status).toBe(200);
    expect((await get(`/media/${vid}/2/master.m3u8`)).status).toBe(404);
    expect((await get(`/media/${vid}/2/master.m3u8`, {}, p)).status).toBe(200);
  });

  test('unknown videos, revisions and files: 404; malformed ids: 400', async () => {
    expect((await get(`/media/NoSuchVideo/1/master.m3u8`)).status).toBe(404);
    expect((await get(`/media/${id}/7/master.m3u8`)).status).toBe(404);
    expect((await get(`/media/${id}/1/nothing.ts`)).status).toBe(404);
    expect((await get(`/media/${id}/1/video`)).status).toBe(404); // a directory
    expect((await get(`/media/${id}/one/master.m3u8`)).status).toBe(400);
  });
});
