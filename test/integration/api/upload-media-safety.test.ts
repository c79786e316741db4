/**
 * Uploads that would make ffmpeg read more than the uploaded file, or cost far more to decode than
 * their size says: an HLS playlist or an ffconcat list disguised as .mp4 pointing at another
 * producer's media, and files over the duration, frame-size and frame-count caps (lowered here
 * through the same environment variables an operator sets). Each is refused at the upload with
 * 422 bad_media naming the file and the reason, and no run starts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { tempDir } from '../../helpers/env.ts';
import { api, clipMp4, createDraft, runCount, signIn, tinyMp4, upload, type Session } from './helpers.ts';

let t: TestEfir;
let attacker: Session;
let dir: string;
beforeAll(async () => {
  t = await startTestEfir({
    worker: false,
    // tinyMp4 (1 s, 160x120, 10 frames) fits; each clip below breaks exactly one cap.
    env: { MEDIA_MAX_DURATION_SECONDS: '4', MEDIA_MAX_PIXELS: String(320 * 240), MEDIA_MAX_FRAMES: '60' }
  });
  attacker = await signIn(t, 'producer');
  dir = tempDir('efir-media-safety-');
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const refusal = async (id: string, fileName: string, bytes: Buffer) => {
  const res = await upload(t, attacker, id, fileName, bytes);
  expect(res.status).toBe(422);
  const { error } = JSON.parse(res.body);
  expect(error).toMatchObject({ code: 'bad_media', file: fileName });
  const v = (await api(t, attacker, 'GET', `/api/studio/videos/${id}`)).body;
  // Nothing was taken from the file: no size, no duration, no run.
  expect(v).toMatchObject({ state: 'failed', error: error.message, run: null, width: null, height: null, duration: null });
  // The refusal's kind and file, for the studio to word it in the producer's language, in the answer and on the video.
  expect(error.params).toMatchObject({ file: fileName, problem: expect.stringMatching(/^[a-z_]+$/) });
  expect(v.problem).toEqual({ code: 'bad_media', params: error.params });
  expect(await runCount(t, id)).toBe(0);
  return error.message as string;
};

/** Another producer's unpublished revision with a real MPEG-TS segment (what the attack wants to read). */
async function victimRevision(): Promise<{ id: string; playlist: string; segment: string }> {
  const victim = await signIn(t, 'producer');
  const id = await createDraft(t, victim, 'Unpublished lesson');
  const rung = path.join(t.efir.paths.media, id, '1', 'video', '240p');
  fs.mkdirSync(rung, { recursive: true });
  const segment = path.join(rung, 'seg00000.ts');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '2',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-f', 'mpegts', segment]);
  const playlist = path.join(rung, 'index.m3u8');
  fs.writeFileSync(playlist, '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg00000.ts\n#EXT-X-ENDLIST\n');
  return { id, playlist, segment };
}

describe('files that make ffmpeg open other files are refused before anything is read', () => {
  test("an HLS playlist named .mp4 pointing at another producer's unpublished media", async () => {
    const victim = await victimRevision();
    const id = await createDraft(t, attacker);
    // The upload lands in sources/<id>/source.mp4: two levels up is the data directory.
    const m3u8 = `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=320x240\n../../media/${victim.id}/1/video/240p/index.m3u8\n`;
    const message = await refusal(id, 'innocent.mp4', Buffer.from(m3u8));
    expect(message).toMatch(/^innocent\.mp4: an HLS playlist .*refers to other files/);
  });

  test('an HLS media playlist pointing straight at a segment', async () => {
    const victim = await victimRevision();
    const id = await createDraft(t, attacker);
    const m3u8 = `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n../../media/${victim.id}/1/video/240p/seg00000.ts\n#EXT-X-ENDLIST\n`;
    expect(await refusal(id, 'lesson.mov', Buffer.from(m3u8))).toMatch(/^lesson\.mov: an HLS playlist/);
  });

  test('an ffconcat list named .mp4', async () => {
    const id = await createDraft(t, attacker);
    // A path the concat demuxer's safe mode allows (relative, no ..): within the attacker's own folder.
    const list = "ffconcat version 1.0\nfile 'subtitles/ru.srt'\nfile 'source.mp4'\n";
    expect(await refusal(id, 'joined.mp4', Buffer.from(list))).toMatch(/^joined\.mp4: a concat list .*refers to other files/);
  });

  test('a real video still goes through', async () => {
    const id = await createDraft(t, attacker);
    expect(await upload(t, attacker, id, 'ok.mp4', tinyMp4(dir))).toMatchObject({ ok: true });
    expect(await runCount(t, id)).toBe(1);
  });
});

describe('caps on what a file may cost to decode (MEDIA_MAX_*)', () => {
  const ffmpeg = (name: string, args: string[]): Buffer => {
    const out = path.join(dir, name);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', out]);
    return fs.readFileSync(out);
  };

  test('longer than MEDIA_MAX_DURATION_SECONDS', async () => {
    const id = await createDraft(t, attacker);
    const long = ffmpeg('long.mp4', ['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=5', '-t', '6']);
    expect(await refusal(id, 'long.mp4', long)).toMatch(/^long\.mp4: 0:00:06 long, over the limit of 0:00:04 \(MEDIA_MAX_DURATION_SECONDS\)$/);
    expect((await api(t, attacker, 'GET', `/api/studio/videos/${id}`)).body.problem.params).toMatchObject({ problem: 'over_limit', kind: 'duration', max: '0:00:04' });
  });

  test('larger frames than MEDIA_MAX_PIXELS', async () => {
    const id = await createDraft(t, attacker);
    const big = ffmpeg('big.mp4', ['-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=5', '-t', '1']);
    expect(await refusal(id, 'big.mp4', big)).toMatch(/^big\.mp4: 640x360 .*over the limit .*\(MEDIA_MAX_PIXELS\)$/);
  });

  test('more frames than MEDIA_MAX_FRAMES', async () => {
    const id = await createDraft(t, attacker);
    // 3 s at 25 fps: under the duration cap, 75 frames over the frame cap of 60.
    expect(await refusal(id, 'fast.mp4', clipMp4(dir, 3).subarray(0))).toMatch(/^fast\.mp4: 75 frames, over the limit of 60 \(MEDIA_MAX_FRAMES\)$/);
  });
});
