/**
 * LL-HLS serving (server/plugins/live-media.ts, server/live/ll-*.ts): blocking playlist reloads and
 * preload-hinted parts, against the real app, real files in its data directory and the real Redis
 * publish the live worker makes after each playlist it writes (the worker itself is not run: the
 * test writes the playlists and parts, so every timing is the test's own).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import http from 'node:http';
import { LIVE_RUN_TTL_MS } from '../../../server/plugins/live-media.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { llPlaylist, partName, type LlFixture } from '../../helpers/ll-fixture.ts';
import { livePartsChannel } from '../../../jobs/queues.ts';
import { LivePartsWatcher } from '../../../server/live/ll-waiters.ts';

let t: TestEfir;
let broadcastId: string;
const RUN = 'llrun1';
let dir: string;

beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  const producer = await t.efir.auth.createUser({ email: 'live-ll@example.test', displayName: 'P', role: 'producer', password: 'producer-password' });
  broadcastId = (await t.efir.live.createBroadcast(producer, { title: 'LL' })).id;
  await t.efir.db.query(`update broadcasts set state = 'live', live_run = $2 where id = $1`, [broadcastId, RUN]);
  dir = path.join(t.efir.paths.live, broadcastId, RUN, '720p');
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(t.efir.paths.live, broadcastId, RUN, 'ts'), { recursive: true });
  fs.writeFileSync(path.join(t.efir.paths.live, broadcastId, RUN, 'ts', 'index.m3u8'), '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:3\n#EXTINF:1,\nseg000003.ts\n');
  fs.writeFileSync(path.join(dir, 'init0.mp4'), Buffer.alloc(100, 1));
  fs.writeFileSync(path.join(dir, 'seg000010.m4s'), Buffer.alloc(300, 2));
  fs.writeFileSync(path.join(dir, partName(14, 0)), Buffer.alloc(100, 3));
});
afterAll(async () => t?.close());

const url = (rel: string) => `${t.baseUrl}/media/live/${broadcastId}/${RUN}/${rel}`;

/** A GET as bytes, undecoded (fetch would gunzip), with its headers. */
function getBytes(rel: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url(rel), { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** As the worker does: the playlist written whole and renamed into place, then the note published. */
async function update(fixture: LlFixture, note: { msn: number; part: number }) {
  const tmp = path.join(dir, `.index.m3u8.${process.pid}`);
  fs.writeFileSync(tmp, llPlaylist(fixture));
  fs.renameSync(tmp, path.join(dir, 'index.m3u8'));
  await t.efir.redis.publish(livePartsChannel(t.efir.config.queuePrefix, broadcastId), JSON.stringify({ run: RUN, rung: '720p', ...note }));
}

/** Complete up to 13, parts 14.0–14.1 listed, 14.2 hinted. */
const NOW: LlFixture = { full: 4, open: 2 };

test('init segments, full segments and parts: video/mp4, immutable', async () => {
  await update(NOW, { msn: 14, part: 1 });
  for (const rel of ['720p/init0.mp4', '720p/seg000010.m4s', `720p/${partName(14, 0)}`]) {
    const res = await fetch(url(rel));
    expect(res.status, rel).toBe(200);
    expect(res.headers.get('content-type'), rel).toBe('video/mp4');
    expect(res.headers.get('cache-control'), rel).toBe('public, max-age=31536000, immutable');
  }
  const plain = await fetch(url('720p/index.m3u8'));
  expect(plain.headers.get('cache-control')).toBe('public, max-age=1');
  expect(await plain.text()).toContain('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part000014.2.m4s"');
});

test('a part already listed: answered at once, cacheable for a few target durations', async () => {
  await update(NOW, { msn: 14, part: 1 });
  const started = Date.now();
  // Other parameters (a cache-buster, a skip request the playlist does not offer) are ignored.
  const res = await fetch(url('720p/index.m3u8?_HLS_msn=14&_HLS_part=1&_HLS_skip=YES&t=1'));
  expect(res.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
  expect(res.headers.get('cache-control')).toBe('public, max-age=6');
  expect(await res.text()).toContain(partName(14, 1));
  // A segment already complete (no part asked) too.
  expect((await fetch(url('720p/index.m3u8?_HLS_msn=13'))).headers.get('cache-control')).toBe('public, max-age=6');
});

test('playlists are gzipped for clients that take it (a long DVR playlist is ~50 KB, reloaded five times a second)', async () => {
  await update({ full: 40, withParts: 3, open: 2, first: 0 }, { msn: 40, part: 1 });
  const q = '720p/index.m3u8?_HLS_msn=40&_HLS_part=1';
  const gz = await getBytes(q, { 'accept-encoding': 'gzip, deflate' });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gz.headers.vary).toBe('accept-encoding');
  const plain = await getBytes(q, { 'accept-encoding': 'gzip;q=0, identity' });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(zlib.gunzipSync(gz.body).toString()).toBe(plain.body.toString());
  expect(gz.body.length).toBeLessThan(plain.body.length / 3);
  // A plain reload too (MPEG-TS players reload once a second; every player's first load).
  const first = await getBytes('720p/index.m3u8', { 'accept-encoding': 'gzip' });
  expect(first.headers['content-encoding']).toBe('gzip');
  expect(first.headers['cache-control']).toBe('public, max-age=1');
  expect(zlib.gunzipSync(first.body).toString()).toBe(plain.body.toString());
  expect((await getBytes('720p/index.m3u8', {})).headers['content-encoding']).toBeUndefined();
  await update(NOW, { msn: 14, part: 1 });
  // A new version of the file is not answered from the old one's gzip.
  expect(zlib.gunzipSync((await getBytes('720p/index.m3u8', { 'accept-encoding': 'gzip' })).body).toString()).toContain('#EXT-X-MEDIA-SEQUENCE:10');
});

test('a blocking reload is answered as soon as the playlist lists the part, not before', async () => {
  await update(NOW, { msn: 14, part: 1 });
  let answeredAt = 0;
  const pending = fetch(url('720p/index.m3u8?_HLS_msn=14&_HLS_part=2')).then(async (r) => {
    answeredAt = Date.now();
    return { status: r.status, cache: r.headers.get('cache-control'), text: await r.text() };
  });
  await new Promise((r) => setTimeout(r, 400));
  expect(answeredAt).toBe(0);
  // A note for another rung, and one for this rung that does not list the part yet: still waiting.
  await t.efir.redis.publish(livePartsChannel(t.efir.config.queuePrefix, broadcastId), JSON.stringify({ run: RUN, rung: '360p', msn: 14, part: 2 }));
  await update(NOW, { msn: 14, part: 1 });
  await new Promise((r) => setTimeout(r, 300));
  expect(answeredAt).toBe(0);
  fs.writeFileSync(path.join(dir, partName(14, 2)), Buffer.alloc(100, 4));
  const listedAt = Date.now();
  await update({ full: 4, open: 3 }, { msn: 14, part: 2 });
  const res = await pending;
  expect(res.status).toBe(200);
  expect(res.text).toContain(`URI="${partName(14, 2)}"`);
  expect(res.text).toContain('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part000014.3.m4s"');
  expect(res.cache).toBe('public, max-age=6');
  // Woken by the note, not by a poll: well within a part's duration.
  expect(answeredAt - listedAt).toBeLessThan(300);
});

test('_HLS_msn alone waits for the whole segment', async () => {
  await update({ full: 4, open: 3 }, { msn: 14, part: 2 });
  const pending = fetch(url('720p/index.m3u8?_HLS_msn=14'));
  await new Promise((r) => setTimeout(r, 300));
  await update({ full: 5, open: 0 }, { msn: 14, part: 2 });
  const res = await pending;
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('seg000014.m4s');
});

test('a part that does not come: after three target durations, the latest playlist, cached briefly', async () => {
  await update(NOW, { msn: 14, part: 1 });
  const started = Date.now();
  const res = await fetch(url('720p/index.m3u8?_HLS_msn=15&_HLS_part=0'));
  const took = Date.now() - started;
  expect(res.status).toBe(200);
  expect(took).toBeGreaterThanOrEqual(2900); // TARGETDURATION 1 → held 3 s
  expect(took).toBeLessThan(6000);
  expect(res.headers.get('cache-control')).toBe('public, max-age=1');
  const text = await res.text();
  expect(text).toContain(partName(14, 1));
  expect(text).not.toContain(partName(15, 0));
  expect(t.efir.liveParts.size).toBe(0);
});

test('bad and far-future directives: 400 at once, never cached', async () => {
  await update(NOW, { msn: 14, part: 1 });
  for (const q of ['_HLS_part=1', '_HLS_msn=abc', '_HLS_msn=14&_HLS_part=-1', '_HLS_msn=17', '_HLS_msn=999999999&_HLS_part=0', '_HLS_msn=14&_HLS_part=20']) {
    const started = Date.now();
    const res = await fetch(url(`720p/index.m3u8?${q}`));
    expect(res.status, q).toBe(400);
    expect(Date.now() - started, q).toBeLessThan(1000);
    expect(res.headers.get('cache-control'), q).toBe('no-store');
    expect(((await res.json()) as any).error.code, q).toBe('invalid_request');
  }
});

test("a playlist that cannot block (today's MPEG-TS mode) is answered at once", async () => {
  const started = Date.now();
  const res = await fetch(url('ts/index.m3u8?_HLS_msn=99'));
  expect(res.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(await res.text()).toContain('seg000003.ts');
});

test('a client that goes away stops waiting: its waiter is dropped', async () => {
  await update(NOW, { msn: 14, part: 1 });
  const ac = new AbortController();
  const pending = fetch(url('720p/index.m3u8?_HLS_msn=15&_HLS_part=1'), { signal: ac.signal }).catch(() => 'aborted');
  await expect.poll(() => t.efir.liveParts.size, { timeout: 2000, interval: 20 }).toBe(1);
  ac.abort();
  expect(await pending).toBe('aborted');
  await expect.poll(() => t.efir.liveParts.size, { timeout: 2000, interval: 20 }).toBe(0);
});

test('the preload-hinted part: held until written, then served; any other missing part 404 at once', async () => {
  await update(NOW, { msn: 14, part: 1 });
  fs.rmSync(path.join(dir, partName(14, 2)), { force: true });
  let answered = false;
  const pending = fetch(url(`720p/${partName(14, 2)}`)).then(async (r) => {
    answered = true;
    return { status: r.status, cache: r.headers.get('cache-control'), bytes: (await r.arrayBuffer()).byteLength };
  });
  const notHinted = await fetch(url(`720p/${partName(14, 5)}`));
  expect(notHinted.status).toBe(404);
  expect(notHinted.headers.get('cache-control')).toBe('no-store');
  await new Promise((r) => setTimeout(r, 300));
  expect(answered).toBe(false);
  fs.writeFileSync(path.join(dir, `.${partName(14, 2)}.tmp`), Buffer.alloc(123, 5));
  fs.renameSync(path.join(dir, `.${partName(14, 2)}.tmp`), path.join(dir, partName(14, 2)));
  await update({ full: 4, open: 3 }, { msn: 14, part: 2 });
  const res = await pending;
  expect(res).toEqual({ status: 200, cache: 'public, max-age=31536000, immutable', bytes: 123 });
});

test('a hinted part that never comes: 404 after the hold, not cached', async () => {
  await update({ full: 4, open: 3 }, { msn: 14, part: 2 });
  const started = Date.now();
  const res = await fetch(url(`720p/${partName(14, 3)}`));
  expect(res.status).toBe(404);
  expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
  expect(res.headers.get('cache-control')).toBe('no-store');
});

test('nothing after the end', async () => {
  await t.efir.db.query(`update broadcasts set state = 'ended' where id = $1`, [broadcastId]);
  await new Promise((r) => setTimeout(r, LIVE_RUN_TTL_MS + 50)); // read at most once a second
  expect((await fetch(url('720p/index.m3u8?_HLS_msn=14&_HLS_part=1'))).status).toBe(404);
  expect((await fetch(url(`720p/${partName(14, 0)}`))).status).toBe(404);
});

test('past LIVE_BLOCKING_WAITERS_MAX a process holds no more requests (the route then answers at once)', async () => {
  const watcher = new LivePartsWatcher(t.efir.redisUrl, t.efir.config.queuePrefix, t.efir.log, 2);
  try {
    const a = await watcher.open(broadcastId, RUN, '720p');
    const b = await watcher.open(broadcastId, RUN, '360p');
    expect(a && b).toBeTruthy();
    expect(await watcher.open(broadcastId, RUN, '720p')).toBeNull();
    a!.close();
    const c = await watcher.open(broadcastId, RUN, '720p');
    expect(c).not.toBeNull();
    // Both rungs' watches wake on their own rung's note only.
    const woke = Promise.all([b!.next(2000), c!.next(300)]);
    await t.efir.redis.publish(livePartsChannel(t.efir.config.queuePrefix, broadcastId), JSON.stringify({ run: RUN, rung: '360p', msn: 1, part: 0 }));
    expect(await woke).toEqual([true, false]);
  } finally {
    await watcher.close();
  }
  expect(watcher.size).toBe(0);
});
