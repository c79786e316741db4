/**
 * /media/live/… and /media/posters/…: the cache headers Efir sets per kind of file (live playlists
 * change every second, segments and posters never), Range and 304 answered by `send`, and no way out
 * of a broadcast's folder. Files are written straight to the data directory: no RTMP, no ffmpeg.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LIVE_RUN_TTL_MS } from '../../../server/plugins/live-media.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { rawGet } from './helpers.ts';

let t: TestEfir;
let broadcastId: string;
const RUN = 'run1';
beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  const producer = await t.efir.auth.createUser({ email: 'live-media@example.test', displayName: 'P', role: 'producer', password: 'producer-password' });
  broadcastId = (await t.efir.live.createBroadcast(producer, { title: 'Live' })).id;
  await t.efir.db.query(`update broadcasts set state = 'live', live_run = $2 where id = $1`, [broadcastId, RUN]);
  const dir = path.join(t.efir.paths.live, broadcastId, RUN);
  fs.mkdirSync(path.join(dir, '240p'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'master.m3u8'), '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=400000\n240p/index.m3u8\n');
  fs.writeFileSync(path.join(dir, '240p', 'index.m3u8'), '#EXTM3U\n#EXTINF:1,\nseg000001.ts\n');
  fs.writeFileSync(path.join(dir, '240p', 'seg000001.ts'), Buffer.alloc(500, 7));
  fs.writeFileSync(path.join(t.efir.paths.live, broadcastId, 'secret.txt'), 'not for viewers');
  fs.mkdirSync(path.join(t.efir.paths.posters, broadcastId), { recursive: true });
  fs.writeFileSync(path.join(t.efir.paths.posters, broadcastId, 'abc123.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
});
afterAll(async () => t?.close());

const live = (rel: string) => `${t.baseUrl}/media/live/${broadcastId}/${RUN}/${rel}`;

test.each([
  ['master.m3u8', 'application/vnd.apple.mpegurl', 'public, max-age=1'],
  ['240p/index.m3u8', 'application/vnd.apple.mpegurl', 'public, max-age=1'],
  ['240p/seg000001.ts', 'video/mp2t', 'public, max-age=31536000, immutable']
])('live %s: %s, %s', async (rel, type, cache) => {
  const res = await fetch(live(rel));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(type);
  expect(res.headers.get('cache-control')).toBe(cache);
  expect(res.headers.get('set-cookie')).toBeNull();
});

test('a live segment: Range, 416 in our error shape, 304', async () => {
  const part = await fetch(live('240p/seg000001.ts'), { headers: { range: 'bytes=10-19' } });
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe('bytes 10-19/500');
  const bad = await fetch(live('240p/seg000001.ts'), { headers: { range: 'bytes=600-' } });
  expect(bad.status).toBe(416);
  expect(bad.headers.get('content-range')).toBe('bytes */500');
  expect(((await bad.json()) as any).error.code).toBe('bad_range');
  const etag = part.headers.get('etag')!;
  expect(etag).toMatch(/^"/);
  expect((await fetch(live('240p/seg000001.ts'), { headers: { 'if-none-match': etag } })).status).toBe(304);
  // If-Range with the current validator: the range; with another: the whole file.
  const resumed = await fetch(live('240p/seg000001.ts'), { headers: { range: 'bytes=490-', 'if-range': etag } });
  expect(resumed.status).toBe(206);
  expect((await resumed.arrayBuffer()).byteLength).toBe(10);
  expect((await fetch(live('240p/seg000001.ts'), { headers: { range: 'bytes=490-', 'if-range': '"other"' } })).status).toBe(200);
});

test('a poster: immutable, its image type', async () => {
  const res = await fetch(`${t.baseUrl}/media/posters/${broadcastId}/abc123.jpg`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
});

test('no way out of the live folder, nothing after the end', async () => {
  for (const raw of [`/media/live/${broadcastId}/${RUN}/../secret.txt`, `/media/live/${broadcastId}/${RUN}/%2e%2e/secret.txt`, `/media/live/${broadcastId}/${RUN}/240p`]) {
    const res = await rawGet(t, raw);
    expect(res.status, raw).toBeGreaterThanOrEqual(400);
    expect(res.body).not.toContain('not for viewers');
  }
  await t.efir.db.query(`update broadcasts set state = 'ended' where id = $1`, [broadcastId]);
  // Whether a run is live is read at most once a second per broadcast (live-media.ts liveRunOf).
  await new Promise((r) => setTimeout(r, LIVE_RUN_TTL_MS + 50));
  expect((await fetch(live('master.m3u8'))).status).toBe(404);
});
