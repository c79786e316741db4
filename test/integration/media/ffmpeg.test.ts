// Runs the real ffmpeg/ffprobe (Debian's 5.1 in CI) on tiny generated clips. Kept small: a few
// seconds of 320x240 and 640x360 video encode in well under a second each.

import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, truncate, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProbeArgs, ladderArgs, sourceInput } from '../../../media/ffmpeg-args.js';
import { keyframeProbeArgs, parseKeyframeTimes } from '../../../media/keyframes.js';
import { FfmpegError, probeFile, probeKeyframeInterval, probeStartTime, resolveFfmpegPaths, runFfmpeg, runFfprobe } from '../../../media/ffmpeg.js';
import { planLadder } from '../../../media/ladder.js';
import { MPEGTS_TIMESTAMP_OFFSET, parseMediaPlaylistDurations } from '../../../media/playlists.js';
import { MediaInputError } from '../../../media/probe.js';

let dir: string;

/** A lavfi test clip: testsrc2 picture plus a sine tone. */
function testClipArgs(out: string, seconds: number, size: string, extra: string[] = []): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', ...extra,
    '-c:a', 'aac', '-shortest', out
  ];
}

async function firstPts(segment: string): Promise<number> {
  const { stdout } = await promisify(execFile)(resolveFfmpegPaths().ffprobe, [
    '-v', 'error', '-show_entries', 'format=start_time', '-of', 'default=nw=1:nk=1', segment
  ]);
  return Number(stdout.trim());
}

async function expectInputError(file: string, reason: string): Promise<void> {
  const err = await probeFile(file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MediaInputError);
  expect((err as MediaInputError).reason).toBe(reason);
  expect((err as MediaInputError).message).toBe(`${path.basename(file)}: ${reason}`);
}

let clip: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'efir-media-'));
  clip = path.join(dir, 'clip.mp4');
  await runFfmpeg(testClipArgs(clip, 3, '320x240'), {});
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ffmpeg pipeline on a generated clip', () => {
  it('probes a 3 s 320x240 clip and encodes its ladder in one process with progress', async () => {
    const probe = await probeFile(clip);
    expect(probe.duration).toBeGreaterThan(2.9);
    expect(probe.duration).toBeLessThan(3.2);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 320, height: 240, fps: 25, rotation: 0 });
    expect(probe.audio).toMatchObject({ codec: 'aac', channels: 1 });

    const plan = planLadder(probe);
    expect(plan.rungs.map((r) => `${r.name} ${r.width}x${r.height}`)).toEqual(['240p 320x240']);

    const out = path.join(dir, 'hls');
    const fractions: number[] = [];
    await runFfmpeg(ladderArgs(sourceInput(clip, probe.formatName), plan, out), {
      durationSeconds: probe.duration,
      onProgress: (f) => fractions.push(f)
    });
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);

    for (const rung of plan.rungs) {
      const playlist = await readFile(path.join(out, rung.name, 'index.m3u8'), 'utf8');
      const durations = parseMediaPlaylistDurations(playlist);
      expect(durations.length).toBeGreaterThan(0);
      for (const d of durations) expect(d).toBeLessThanOrEqual(plan.segmentDuration + 0.05);
      expect(durations.reduce((a, b) => a + b, 0)).toBeCloseTo(probe.duration, 0);
      expect(existsSync(path.join(out, rung.name, 'seg00000.ts'))).toBe(true);
    }

    // Subtitles need this offset in X-TIMESTAMP-MAP: ffmpeg's MPEG-TS starts at 1.4 s, plus
    // up to two frames of B-frame/AAC-priming shift.
    const start = await firstPts(path.join(out, plan.rungs[0].name, 'seg00000.ts'));
    expect(start).toBeGreaterThanOrEqual(MPEGTS_TIMESTAMP_OFFSET / 90000 - 0.05);
    expect(start).toBeLessThanOrEqual(MPEGTS_TIMESTAMP_OFFSET / 90000 + 0.1);
  });

  it('remuxes a fit top rung next to an encoded one, with segments cut at the same times', async () => {
    const fit = path.join(dir, 'fit360.mp4');
    // 1 s GOP (25 frames) and a modest bitrate: fit for remuxing as the 360p rung.
    await runFfmpeg(testClipArgs(fit, 5, '640x360', ['-g', '25', '-b:v', '400k', '-maxrate', '500k', '-bufsize', '1000k']), {});
    const probe = await probeFile(fit);
    // Measured from the file, as the ladder step does: ffprobe reads the keyframe times.
    const sourceKeyframeInterval = await probeKeyframeInterval(fit);
    expect(sourceKeyframeInterval).toBeCloseTo(1, 2);
    const plan = planLadder(probe, { sourceKeyframeInterval });
    expect(plan.rungs.map((r) => [r.name, r.copy])).toEqual([
      ['360p', true],
      ['240p', false]
    ]);

    const out = path.join(dir, 'hls-copy');
    await runFfmpeg(ladderArgs(sourceInput(fit, probe.formatName), plan, out), { durationSeconds: probe.duration });
    const perRung = await Promise.all(
      plan.rungs.map(async (r) => parseMediaPlaylistDurations(await readFile(path.join(out, r.name, 'index.m3u8'), 'utf8')))
    );
    expect(perRung[0].map(Math.round)).toEqual([4, 1]);
    expect(perRung[1]).toEqual(perRung[0]);
    // The audio-only rendition (listen only) is cut at the same 4 s boundary, to within one AAC frame.
    const audio = parseMediaPlaylistDurations(await readFile(path.join(out, 'audio', 'index.m3u8'), 'utf8'));
    expect(audio).toHaveLength(2);
    expect(Math.abs(audio[0] - perRung[0][0])).toBeLessThanOrEqual(1024 / 44100 + 1e-3);
    const copied = await probeFile(path.join(out, '360p', 'seg00000.ts'));
    expect(copied.video).toMatchObject({ width: 640, height: 360, codec: 'h264' });
  });
});

describe('probeFile on bad uploads', () => {
  it('reports an empty file', async () => {
    const empty = path.join(dir, 'empty.mp4');
    await writeFile(empty, '');
    await expectInputError(empty, 'empty file (0 bytes)');
  });

  it('reports a text file renamed .mp4 as not a video', async () => {
    const text = path.join(dir, 'notes.mp4');
    await writeFile(text, 'Салом! This is a shopping list, not a video.\n'.repeat(20));
    await expectInputError(text, 'not a video file');
  });

  it('reports a truncated MP4 (upload cut off before the moov atom)', async () => {
    const cut = path.join(dir, 'cut.mp4');
    await copyFile(clip, cut);
    await truncate(cut, Math.floor((await stat(clip)).size / 2));
    await expectInputError(cut, 'truncated or damaged file (moov atom not found)');
  });

  it('reports an audio-only file', async () => {
    const mp3 = path.join(dir, 'song.mp3');
    await runFfmpeg(['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=1', mp3], {});
    await expectInputError(mp3, 'audio only: no video stream');
  });
});

describe('runFfmpeg failures', () => {
  it('rejects with the stderr tail when ffmpeg fails', async () => {
    const err = await runFfmpeg(['-hide_banner', '-loglevel', 'error', '-i', path.join(dir, 'missing.mp4'), '-f', 'null', '-'], {}).catch(
      (e: unknown) => e
    );
    expect(err).toBeInstanceOf(FfmpegError);
    expect((err as FfmpegError).exitCode).not.toBe(0);
    expect((err as Error).message).toMatch(/missing\.mp4: No such file or directory/);
  });

  it('stops ffmpeg when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = runFfmpeg(
      ['-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-f', 'null', '-'],
      { durationSeconds: 3600, onProgress: () => controller.abort(), signal: controller.signal }
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('every ffprobe runs through the one runner', () => {
  it('reads all of a long answer: the keyframe probe of an all-keyframe clip sees every keyframe', async () => {
    // 30 s at 25 fps, every frame a keyframe: 750 lines, more than one pipe read.
    const dense = path.join(dir, 'dense.mp4');
    await runFfmpeg(['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=25:duration=30', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '1', dense]);
    const out = await runFfprobe(keyframeProbeArgs(sourceInput(dense, 'mov'), 30));
    expect(parseKeyframeTimes(out)).toHaveLength(750);
    expect(await probeKeyframeInterval(dense, 'mov,mp4,m4a,3gp,3g2,mj2')).toBe(0.04);
  });

  it('stops an ffprobe that hangs (here on a named pipe nobody writes) at its timeout', async () => {
    const fifo = path.join(dir, 'stuck.mp4');
    execFileSync('mkfifo', [fifo]);
    await expect(runFfprobe(formatProbeArgs(sourceInput(fifo)), { timeoutMs: 1000 })).rejects.toThrow(/ffprobe took longer than 1 s and was stopped/);
    // And a cancelled run stops its probe.
    const controller = new AbortController();
    const probing = runFfprobe(formatProbeArgs(sourceInput(fifo)), { signal: controller.signal });
    controller.abort(new Error('run cancelled'));
    await expect(probing).rejects.toThrow('run cancelled');
  });

  it('refuses an HLS playlist before opening what it lists, with a coded reason', async () => {
    const m3u8 = path.join(dir, 'innocent.mp4');
    await writeFile(m3u8, `#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\n${clip}\n#EXT-X-ENDLIST\n`);
    const err = await probeFile(m3u8).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaInputError);
    expect(err).toMatchObject({ code: 'references_other_files', fileName: 'innocent.mp4' });
    expect((err as Error).message).toMatch(/^innocent\.mp4: an HLS playlist \(hls\), which refers to other files/);
  });

  it('reads the start time of an MPEG-TS file', async () => {
    const ts = path.join(dir, 'start.ts');
    await runFfmpeg(['-hide_banner', '-loglevel', 'error', '-y', '-i', clip, '-c', 'copy', '-f', 'mpegts', ts]);
    // The muxer's offset, plus the B-frame delay of the first frame shown.
    const start = await probeStartTime(ts);
    expect(start).toBeGreaterThanOrEqual(MPEGTS_TIMESTAMP_OFFSET / 90_000);
    expect(start).toBeLessThan(MPEGTS_TIMESTAMP_OFFSET / 90_000 + 0.5);
  });
});
