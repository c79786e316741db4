// Subtitled variants (issue 12) made by the real media worker: a `variants` job on the media queue,
// one ffmpeg for all six fixture languages (plus a reference without subtitles, same settings, same
// run), on a short synthetic clip with a small size cap so the bitrate plan really matters.

import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { QueueEvents, type Job } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.ts';
import { openQueue, type MediaJobs, type TypedQueue, type VariantsJobData, type VariantsProgress, type VariantsResult } from '../../../jobs/queues.ts';
import { bullConnection } from '../../../jobs/redis.ts';
import { formatProbeArgs, sourceInput, syntheticClipArgs } from '../../../media/ffmpeg-args.ts';
import { probeFile, resolveFfmpegPaths, runFfmpeg, runFfprobe } from '../../../media/ffmpeg.ts';
import { parseSubtitles, toWebVtt, type Cue } from '../../../media/subtitles/index.ts';
import { planVariant } from '../../../media/variants.ts';
import { startMediaWorker, type MediaWorker } from '../../../workers/media-worker.ts';
import { tempDir, testRedisUrl, uniquePrefix } from '../../helpers/env.ts';

// The shared fixtures, copied byte for byte into the repository (test/unit/subtitles/fixtures/README.md).
const FIXTURES = path.resolve(import.meta.dirname, '../../unit/subtitles/fixtures');
/** One file per language, in the formats and encodings producers send (see the fixtures' README). */
const FIXTURE_FILES: Record<string, string> = { ru: 'ru.srt', uz: 'uz.bom.srt', tg: 'tg.vtt', az: 'az.ass', ro: 'ro.crlf.srt', en: 'en.srt' };
const LANGS = Object.keys(FIXTURE_FILES);

const CLIP = { duration: 25, width: 640, height: 360 };
const FPS = 25;
/** Small enough that the plan lands between the floor and the ceiling for a 25 s clip (about 290 kbit/s of video). */
const CAP_BYTES = 1_200_000;

let dir: string;
let worker: MediaWorker;
let queue: TypedQueue<MediaJobs>;
let events: QueueEvents;
const logLines: string[] = [];
const cues: Record<string, Cue[]> = {};
let clip: string;
let jobData: VariantsJobData;

function variantsJob(batchId: string, targets: { lang: string; vttPath: string }[]): VariantsJobData {
  const plan = planVariant(CLIP.duration, CLIP.width, CLIP.height, { ...loadConfig({} as NodeJS.ProcessEnv).variants, capBytes: CAP_BYTES });
  return {
    videoId: 'v-variants',
    batchId,
    sourceRev: 1,
    sourcePath: clip,
    sourceFormat: 'mov,mp4,m4a,3gp,3g2,mj2',
    duration: CLIP.duration,
    height: plan.height,
    videoKbps: plan.videoKbps,
    audioKbps: plan.audioKbps,
    targets: targets.map((t) => ({ ...t, subtitleVersion: 3, outPath: path.join(dir, 'variants', batchId, `${t.lang}-v3-r1.mp4`) }))
  };
}

beforeAll(async () => {
  dir = tempDir('efir-variants-');
  clip = path.join(dir, 'clip.mp4');
  await runFfmpeg(syntheticClipArgs(clip, { ...CLIP, fps: FPS }));
  // The WebVTT Efir writes from each fixture: what the worker is handed.
  await fs.mkdir(path.join(dir, 'vtt'));
  for (const [lang, file] of Object.entries(FIXTURE_FILES)) {
    cues[lang] = parseSubtitles(await fs.readFile(path.join(FIXTURES, file)), file).cues;
    await fs.writeFile(path.join(dir, 'vtt', `${lang}.vtt`), toWebVtt(cues[lang]!));
  }
  await fs.writeFile(path.join(dir, 'vtt', 'none.vtt'), 'WEBVTT\n\n');

  const prefix = uniquePrefix();
  const sink = new Writable({ write: (chunk, _enc, done) => (logLines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
  worker = await startMediaWorker({
    redisUrl: testRedisUrl(),
    prefix,
    concurrency: 1,
    log: pino({ level: 'info' }, sink),
    diskReserveBytes: 0,
    fonts: { configuredDir: null, managedDir: path.join(dir, 'fonts') }
  });
  queue = openQueue('media', { connection: bullConnection(testRedisUrl()), prefix });
  events = new QueueEvents('media', { connection: bullConnection(testRedisUrl()), prefix });
  await events.waitUntilReady();
});

afterAll(async () => {
  await worker?.close();
  await events?.close();
  await queue?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

/** The top-level MP4 boxes in file order (size, type; 64-bit sizes too). */
function topLevelBoxes(buf: Buffer): string[] {
  const types: string[] = [];
  for (let at = 0; at + 8 <= buf.length; ) {
    let size = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (size === 1) size = Number(buf.readBigUInt64BE(at + 8));
    else if (size === 0) size = buf.length - at;
    types.push(type);
    if (size < 8) break;
    at += size;
  }
  return types;
}

/**
 * Decoded frames at `seconds` (each 8-bit gray, width x height) in one pass over the file: selecting
 * by frame number decodes the 25 s once, where a seek per frame would decode from a keyframe each time.
 */
async function grayFrames(file: string, seconds: number[], fps: number): Promise<Buffer[]> {
  const out = `${file}.gray`;
  const select = seconds.map((t) => `eq(n\\,${Math.round(t * fps)})`).join('+');
  await promisify(execFile)(resolveFfmpegPaths().ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y', '-i', file, '-vf', `select=${select}`, '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'gray', out
  ]);
  const all = await fs.readFile(out);
  const size = CLIP.width * CLIP.height;
  expect(all.length).toBe(size * seconds.length);
  return seconds.map((_, k) => all.subarray(k * size, (k + 1) * size));
}

/** Mean absolute difference of two gray frames over rows [from, to) (fractions of the height). */
function meanDiff(a: Buffer, b: Buffer, width: number, height: number, from: number, to: number): number {
  const r0 = Math.floor(height * from);
  const r1 = Math.floor(height * to);
  let sum = 0;
  for (let i = r0 * width; i < r1 * width; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / ((r1 - r0) * width);
}

describe('variants: six languages burned in by one ffmpeg in the media worker', () => {
  let result: VariantsResult;
  const progress: VariantsProgress[] = [];

  beforeAll(async () => {
    jobData = variantsJob('b-six', [...LANGS, 'none'].map((lang) => ({ lang, vttPath: path.join(dir, 'vtt', `${lang}.vtt`) })));
    events.on('progress', ({ jobId, data }) => {
      if (jobId === 'vb-b-six-make') progress.push(data as unknown as VariantsProgress);
    });
    const job = await queue.add('variants', jobData, { jobId: 'vb-b-six-make', attempts: 1 });
    result = (await job.waitUntilFinished(events)) as VariantsResult;
  });

  it('returns one finished file per language, renamed from .part, with its size and duration', async () => {
    expect(result.files.map((f) => f.lang)).toEqual([...LANGS, 'none']);
    for (const f of result.files) {
      expect(f.subtitleVersion).toBe(3);
      expect(f.bytes).toBe((await fs.stat(f.path)).size);
      await expect(fs.stat(`${f.path}.part`)).rejects.toThrow(/ENOENT/);
      expect(Math.abs(f.seconds - CLIP.duration)).toBeLessThanOrEqual(0.2);
    }
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.videoId === 'v-variants' && p.batchId === 'b-six')).toBe(true);
    expect(progress.at(-1)!.fraction).toBe(1);
  });

  it('fits the size cap at the planned bitrate (the plan is between the floor and the ceiling here)', () => {
    expect(jobData.videoKbps).toBeGreaterThan(250);
    expect(jobData.videoKbps).toBeLessThan(1200);
    for (const f of result.files) expect(f.bytes, f.lang).toBeLessThanOrEqual(CAP_BYTES);
    // Not absurdly under it either: the bitrate came from the cap.
    for (const f of result.files) expect(f.bytes, f.lang).toBeGreaterThan(CAP_BYTES * 0.7);
  });

  it('puts moov before mdat, and is H.264 Main + AAC-LC stereo at the planned size', async () => {
    for (const f of result.files) {
      const boxes = topLevelBoxes(await fs.readFile(f.path));
      expect(boxes.indexOf('moov'), f.lang).toBeGreaterThanOrEqual(0);
      expect(boxes.indexOf('moov'), f.lang).toBeLessThan(boxes.indexOf('mdat'));
      const probe = JSON.parse(await runFfprobe(formatProbeArgs(sourceInput(f.path)))) as { streams: Record<string, unknown>[] };
      const video = probe.streams.find((s) => s.codec_type === 'video')!;
      const audio = probe.streams.find((s) => s.codec_type === 'audio')!;
      expect(video).toMatchObject({ codec_name: 'h264', profile: 'Main', width: 640, height: 360, pix_fmt: 'yuv420p' });
      expect(audio).toMatchObject({ codec_name: 'aac', profile: 'LC', channels: 2 });
    }
  });

  it('drew every language in Noto Sans from the fonts folder: no fallback, no missing glyph', async () => {
    const chosen = logLines.map((l) => JSON.parse(l) as { msg: string; fonts?: string[] }).find((l) => l.msg === 'variants: the fonts libass chose');
    expect(chosen?.fonts?.length).toBeGreaterThan(0);
    for (const line of chosen!.fonts!) expect(line).toMatch(/fontselect: \(Noto Sans, 700, 0\) -> NotoSans-Bold, 0, NotoSans-Bold$/);
    // Every language's filter chose a font (the reference has no cues to draw).
    for (const lang of LANGS) expect(chosen!.fonts!.some((l) => l.startsWith(`[subtitles@sub_${lang}]`)), lang).toBe(true);
    expect(logLines.join('\n')).not.toMatch(/Glyph 0x|fallback|step failed/);
    expect((await fs.readdir(path.join(dir, 'fonts'))).sort()).toEqual(['NotoSans-Bold.ttf', 'NotoSans-Regular.ttf']);
  });

  it('at a cue, the subtitle band differs from the same frame without subtitles and the rest matches', async () => {
    const reference = result.files.find((f) => f.lang === 'none')!.path;
    const { width, height } = CLIP;
    for (const lang of LANGS) {
      const file = result.files.find((f) => f.lang === lang)!.path;
      // The middle of the second cue (4.0 → 7.5 s in every fixture), and after the last cue.
      const cue = cues[lang]![1]!;
      const times = [(cue.start + cue.end) / 2, 24.5];
      const [atCue, afterCues] = await grayFrames(file, times, FPS);
      const [refAtCue, refAfterCues] = await grayFrames(reference, times, FPS);
      const band = meanDiff(atCue!, refAtCue!, width, height, 0.7, 1);
      const rest = meanDiff(atCue!, refAtCue!, width, height, 0, 0.6);
      const bandAfter = meanDiff(afterCues!, refAfterCues!, width, height, 0.7, 1);
      expect(band, `${lang}: subtitle band`).toBeGreaterThan(8);
      expect(rest, `${lang}: picture above the subtitles`).toBeLessThan(3);
      // Between cues the band matches too: the text is the cue's, not something every frame has.
      expect(bandAfter, `${lang}: band after the last cue`).toBeLessThan(3);
    }
  });
});

describe('variants: a character Noto Sans lacks', () => {
  it('fails the batch at once (no retry) naming the language and the character, and leaves no file', async () => {
    const vtt = path.join(dir, 'vtt', 'cjk.vtt');
    await fs.writeFile(vtt, 'WEBVTT\n\n00:00:00.500 --> 00:00:03.500\nПатент 漢 корӣ\n');
    const data = variantsJob('b-cjk', [{ lang: 'en', vttPath: path.join(dir, 'vtt', 'en.vtt') }, { lang: 'tg', vttPath: vtt }]);
    const job: Job = await queue.add('variants', data, { jobId: 'vb-b-cjk-make', attempts: 3, backoff: { type: 'fixed', delay: 100 } });
    await expect(job.waitUntilFinished(events)).rejects.toThrow(/tg: a character cannot be drawn in Noto Sans \(漢, U\+6F22\)/);
    const failed = (await queue.getJob(job.id!))!;
    // UnrecoverableError: one attempt of three, the translator must fix the cue.
    expect(failed.attemptsMade).toBe(1);
    for (const t of data.targets) {
      await expect(fs.stat(t.outPath)).rejects.toThrow(/ENOENT/);
      await expect(fs.stat(`${t.outPath}.part`)).rejects.toThrow(/ENOENT/);
    }
  });
});
