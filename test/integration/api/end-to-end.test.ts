/**
 * One whole slice through the HTTP API with a real media worker and ffmpeg: a producer creates a draft,
 * attaches Tajik subtitles, uploads a 2 s clip over tus, follows its progress over server-sent events,
 * publishes; a viewer finds it in the library and plays master → rendition → segment and the
 * subtitles; replacing the subtitles runs only the subtitles and publishes a new revision.
 * (The processing itself is covered in depth by test/integration/pipeline/.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRequire } from 'node:module';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { tempDir } from '../../helpers/env.ts';
import { api, clipMp4, createDraft, signIn, upload, viewer, type Session } from './helpers.ts';

let t: TestEfir;
let p: Session;
let dir: string;
beforeAll(async () => {
  t = await startTestEfir({ worker: true });
  p = await signIn(t, 'producer');
  dir = tempDir('efir-e2e-');
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// m3u8-parser ships no types; what these tests read of its manifest is typed loosely.
const { Parser } = createRequire(import.meta.url)('m3u8-parser') as { Parser: new () => { push(s: string): void; end(): void; manifest: unknown } };

function parse(text: string) {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest as any;
}

/** Collects the SSE events of this session until one matches `done`. */
async function eventsUntil(s: Session, done: (e: any) => boolean, timeoutMs = 90_000): Promise<any[]> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  const res = await fetch(`${t.baseUrl}/api/studio/events`, { headers: { cookie: s.cookie }, signal: ctrl.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: any[] = [];
  let buf = '';
  try {
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) throw new Error('event stream ended');
      buf += value;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!line.startsWith('data: ')) continue;
        const e = JSON.parse(line.slice(6));
        events.push(e);
        if (done(e)) return events;
      }
    }
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
}

const SRT_1 = '1\n00:00:00,200 --> 00:00:01,500\nСалом, дӯстон!\n\n2\n00:00:01,600 --> 00:00:01,900\nҲуҷҷатҳо қабул мешаванд.\n';
const SRT_2 = '1\r\n00:00:00,200 --> 00:00:01,500\r\nХуш омадед!\r\n';

test('upload → process (progress over SSE) → publish → serve; then a subtitle-only run', async () => {
  const id = await createDraft(t, p, 'Патент');
  const attached = await api(t, p, 'PUT', `/api/studio/videos/${id}/subtitles/tg`, new TextEncoder().encode(SRT_1), { 'x-file-name': 'tg.srt' });
  expect(attached.status).toBe(200);

  const finished = eventsUntil(p, (e) => e.videoId === id && (e.state === 'completed' || e.state === 'failed'));
  await new Promise((r) => setTimeout(r, 200));
  expect(await upload(t, p, id, 'patent.mp4', clipMp4(dir, 2))).toMatchObject({ ok: true });
  const events = (await finished).filter((e) => e.videoId === id);
  expect(events.at(-1)).toMatchObject({ state: 'completed', progress: 1, error: null });
  // Progress arrived as it happened: several steps, never going backwards.
  expect(new Set(events.map((e) => e.step).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
  const progress = events.map((e) => e.progress);
  expect(progress).toEqual([...progress].sort((a, b) => a - b));

  // Processed but not yet published: viewers see nothing.
  const v = await viewer(t);
  expect((await api(t, v, 'GET', `/api/videos/${id}`)).status).toBe(404);
  const ready = (await api(t, p, 'GET', `/api/studio/videos/${id}`)).body;
  expect(ready).toMatchObject({ state: 'ready', published: false, currentRev: 1, run: { state: 'completed', progress: 1 } });

  expect((await api(t, p, 'POST', `/api/studio/videos/${id}/publish`)).body.published).toBe(true);
  const library = await api(t, v, 'GET', '/api/videos');
  expect(library.body.items.map((i: any) => i.id)).toEqual([id]);
  const poster = await api(t, v, 'GET', library.body.items[0].posterUrl);
  expect(poster.headers.get('content-type')).toBe('image/jpeg');

  const watch = (await api(t, v, 'GET', `/api/videos/${id}`)).body;
  expect(watch.subtitles).toEqual([{ lang: 'tg', name: 'Тоҷикӣ', url: `/media/${id}/1/subs/tg.vtt` }]);
  expect(watch.spritesUrl).toBe(`/media/${id}/1/sprite.vtt`);
  const master = await api(t, v, 'GET', watch.masterUrl);
  expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
  const m = parse(master.body);
  expect(m.playlists.length).toBeGreaterThanOrEqual(1);
  expect(Object.entries(m.mediaGroups.SUBTITLES.subs ?? Object.values(m.mediaGroups.SUBTITLES)[0]).map(([name, s]: any) => [name, s.language])).toEqual([
    ['Тоҷикӣ', 'tg']
  ]);
  const variantUrl = new URL(m.playlists[0].uri, `${t.baseUrl}${watch.masterUrl}`).pathname;
  const variant = parse((await api(t, v, 'GET', variantUrl)).body);
  const segUrl = new URL(variant.segments[0].uri, `${t.baseUrl}${variantUrl}`).pathname;
  const seg = await fetch(`${t.baseUrl}${segUrl}`, { headers: { range: 'bytes=0-187' } });
  expect(seg.status).toBe(206);
  expect(seg.headers.get('content-type')).toBe('video/mp2t');
  expect(new Uint8Array(await seg.arrayBuffer())[0]).toBe(0x47); // MPEG-TS sync byte
  const vtt = await api(t, v, 'GET', watch.subtitles[0].url);
  expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
  expect(vtt.body).toContain('Салом, дӯстон!');
  expect(vtt.body).toContain('Ҳуҷҷатҳо қабул мешаванд.');

  // Replacing the Tajik file reprocesses the subtitles only, into revision 2; the video stays published.
  const subDone = eventsUntil(p, (e) => e.videoId === id && e.kind === 'subtitles' && (e.state === 'completed' || e.state === 'failed'));
  await new Promise((r) => setTimeout(r, 200));
  const replaced = await api(t, p, 'PUT', `/api/studio/videos/${id}/subtitles/tg`, new TextEncoder().encode(SRT_2), { 'x-file-name': 'tg-v2.srt' });
  expect(replaced.body.run).toMatchObject({ rev: 2 });
  expect((await subDone).at(-1)).toMatchObject({ state: 'completed' });
  const watch2 = (await api(t, v, 'GET', `/api/videos/${id}`)).body;
  expect(watch2.masterUrl).toBe(`/media/${id}/2/master.m3u8`);
  expect((await api(t, v, 'GET', watch2.subtitles[0].url)).body).toContain('Хуш омадед!');
  // The video files were linked from revision 1, not encoded again.
  const rel = path.relative(`/media/${id}/2`, variantUrl.replace(`/media/${id}/1`, `/media/${id}/2`));
  const segRel = path.join(path.dirname(rel), variant.segments[0].uri);
  expect(fs.statSync(path.join(t.efir.paths.media, id, '2', segRel)).ino).toBe(fs.statSync(path.join(t.efir.paths.media, id, '1', segRel)).ino);
  // Revision 1 stays readable for players that loaded it (until the janitor's grace period ends).
  expect((await api(t, v, 'GET', segUrl)).status).toBe(200);
});
