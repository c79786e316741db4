// The live ladder on the real ffmpeg (Debian's 5.1 in CI). A 6 s file stands in for the RTMP
// stream: the same demux -> decode -> filter -> HLS + recording path runs, only faster than real
// time. Then a restart continues the same playlists, as after a publisher's drop.

import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile, runFfmpeg } from '../../../media/ffmpeg.js';
import { sourceInput } from '../../../media/ffmpeg-args.js';
import type { LadderPlan } from '../../../media/ladder.js';
import { liveLadderArgs, liveMasterPlaylist, nextStartNumber, planLiveLadder, type LiveOutput } from '../../../media/live.js';
import { parseMediaPlaylistDurations } from '../../../media/playlists.js';
import { tempDir } from '../../helpers/env.js';
import { AUDIO_ONLY_STREAMS, probeAudioOnly } from '../../helpers/audio-only.js';

const CLIP_SECONDS = 6;

let dir: string;
let clip: string;
let plan: LadderPlan;
let out: LiveOutput;

/** What OBS sends when told to: 640x360 30 fps H.264 with a keyframe every second, AAC audio. */
function obsLikeClipArgs(file: string): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30:duration=${CLIP_SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '30', '-keyint_min', '30',
    '-c:a', 'aac', '-b:a', '128k',
    '-shortest', file
  ];
}

const playlistOf = (rung: string): Promise<string> => readFile(path.join(out.outDir, rung, 'index.m3u8'), 'utf8');
const segmentNames = (playlist: string): string[] => playlist.split('\n').filter((l) => l.endsWith('.ts'));

beforeAll(async () => {
  dir = tempDir('efir-live-');
  clip = path.join(dir, 'obs.mp4');
  await runFfmpeg(obsLikeClipArgs(clip));
  plan = planLiveLadder(await probeFile(clip));
  out = { outDir: path.join(dir, 'live'), recordingFile: path.join(dir, 'part-1.ts'), dvrSegments: 30, startNumber: 0, restart: false };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('live ladder on a generated stream', () => {
  it('passes the H.264 source through and encodes a 240p rung below it', () => {
    expect(plan.rungs.map((r) => `${r.name} ${r.width}x${r.height} ${r.copy ? 'copy' : 'x264'}`)).toEqual([
      'source 640x360 copy',
      '240p 426x240 x264'
    ]);
    expect([plan.fps, plan.gop, plan.hasAudio]).toEqual([30, 30, true]);
  });

  it('writes a 1 s segment live playlist per rung, left open, and the recording', async () => {
    await runFfmpeg(liveLadderArgs(sourceInput(clip), plan, out), { durationSeconds: CLIP_SECONDS });

    for (const rung of plan.rungs) {
      const playlist = await playlistOf(rung.name);
      expect(playlist).toContain('#EXT-X-MEDIA-SEQUENCE:0');
      expect(playlist).toContain('#EXT-X-TARGETDURATION:1');
      expect(playlist).toMatch(/#EXT-X-PROGRAM-DATE-TIME:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}/);
      // omit_endlist: the input ended, but the broadcast may go on after a restart.
      expect(playlist).not.toContain('#EXT-X-ENDLIST');
      expect(playlist).not.toContain('#EXT-X-DISCONTINUITY');
      expect(playlist).not.toContain('#EXT-X-PLAYLIST-TYPE');

      const durations = parseMediaPlaylistDurations(playlist);
      expect(durations).toHaveLength(CLIP_SECONDS);
      for (const d of durations.slice(0, -1)) expect(d).toBeLessThanOrEqual(1.5);
      expect(durations.reduce((a, b) => a + b, 0)).toBeCloseTo(CLIP_SECONDS, 0);
      expect(segmentNames(playlist)).toEqual(['seg000000.ts', 'seg000001.ts', 'seg000002.ts', 'seg000003.ts', 'seg000004.ts', 'seg000005.ts']);
      expect(nextStartNumber(playlist)).toBe(CLIP_SECONDS);

      // A segment from the middle decodes on its own, at the rung's size, with its audio.
      const segment = path.join(out.outDir, rung.name, 'seg000003.ts');
      const probe = await probeFile(segment);
      expect(probe.video).toMatchObject({ codec: 'h264', width: rung.width, height: rung.height });
      expect(probe.audio).toMatchObject({ codec: 'aac', channels: 2, sampleRate: 48000 });
      await runFfmpeg(['-hide_banner', '-loglevel', 'error', '-xerror', '-i', segment, '-f', 'null', '-']);
    }

    // The audio-only rendition: the same live playlist shape, sound alone, cut with the rungs.
    const audio = await playlistOf('audio');
    expect(audio).toContain('#EXT-X-MEDIA-SEQUENCE:0');
    expect(audio).toContain('#EXT-X-TARGETDURATION:1');
    expect(audio).toContain('#EXT-X-PROGRAM-DATE-TIME:');
    expect(audio).not.toContain('#EXT-X-ENDLIST');
    // Cut where the encoded rung is cut, to within one AAC frame. The sound that runs past the last
    // picture (AAC priming: 37 ms here) makes one more, short segment when a run ends just after a
    // boundary, as this clip of exactly 6 s does.
    const ends = (p: string) => parseMediaPlaylistDurations(p).map((_, i, d) => d.slice(0, i + 1).reduce((a, b) => a + b, 0));
    const encodedEnds = ends(await playlistOf(plan.rungs[1].name));
    const audioEnds = ends(audio);
    expect(audioEnds.slice(0, CLIP_SECONDS - 1).map((end, i) => Math.abs(end - encodedEnds[i]) <= 1024 / 48000 + 1e-3)).toEqual(Array(CLIP_SECONDS - 1).fill(true));
    expect(audioEnds.length === CLIP_SECONDS || (audioEnds.length === CLIP_SECONDS + 1 && audioEnds.at(-1)! - audioEnds.at(-2)! < 0.1)).toBe(true);
    expect(audioEnds.at(-1)).toBeCloseTo(CLIP_SECONDS, 1);
    const audioSegment = await probeFile(path.join(out.outDir, 'audio', 'seg000003.ts')).catch((e: unknown) => e);
    // probeFile refuses a file without video (MediaInputError 'no video'): exactly what an audio-only segment is.
    expect(String(audioSegment)).toMatch(/no video/);
    expect((await probeAudioOnly(path.join(out.outDir, 'audio', 'seg000003.ts'))).streams).toEqual(AUDIO_ONLY_STREAMS);

    // Every variant the master playlist names exists, the audio-only one last.
    const master = liveMasterPlaylist(plan);
    const uris = master.split('\n').filter((l) => l.endsWith('.m3u8'));
    expect(uris.at(-1)).toBe('audio/index.m3u8');
    for (const uri of uris) {
      expect(existsSync(path.join(out.outDir, uri))).toBe(true);
    }

    const recording = await probeFile(out.recordingFile);
    expect(recording.formatName).toBe('mpegts');
    expect(recording.video).toMatchObject({ codec: 'h264', width: 640, height: 360 });
    expect(recording.audio).toMatchObject({ codec: 'aac' });
    expect(recording.duration).toBeGreaterThan(CLIP_SECONDS - 0.2);
    expect(recording.duration).toBeLessThan(CLIP_SECONDS + 0.2);
  });

  it('continues the same playlists after a restart, with a discontinuity and the next numbers', async () => {
    const before = await Promise.all([...plan.rungs.map((r) => r.name), 'audio'].map(playlistOf));
    const restart: LiveOutput = {
      ...out,
      recordingFile: path.join(dir, 'part-2.ts'),
      startNumber: nextStartNumber(before[0]),
      restart: true
    };
    const startedAt = Date.now();
    await runFfmpeg(liveLadderArgs(sourceInput(clip), plan, restart), { durationSeconds: CLIP_SECONDS });
    const endedAt = Date.now();

    // The audio-only playlist continues like the rungs': the same numbers, one discontinuity.
    for (const [i, name] of [...plan.rungs.map((r) => r.name), 'audio'].entries()) {
      const playlist = await playlistOf(name);
      // The kept segments are still numbered from 0: a player that played them does not again.
      expect(playlist).toContain('#EXT-X-MEDIA-SEQUENCE:0');
      expect(playlist).not.toContain('#EXT-X-ENDLIST');
      // Numbered on from the first run's (the audio-only one may have made one more short segment per run, see above).
      const [kept, total] = [nextStartNumber(before[i]), nextStartNumber(playlist)];
      expect(kept).toBe(name === 'audio' ? segmentNames(before[i]).length : CLIP_SECONDS);
      expect(total - kept).toBe(name === 'audio' ? kept : CLIP_SECONDS);
      expect(segmentNames(playlist)).toEqual(Array.from({ length: total }, (_, n) => `seg${String(n).padStart(6, '0')}.ts`));

      // The old part is kept as it was, then one discontinuity right before the first new segment.
      expect(playlist.startsWith(before[i])).toBe(true);
      const added = playlist.slice(before[i].length).split('\n');
      expect(added[0]).toBe('#EXT-X-DISCONTINUITY');
      expect(playlist.match(/#EXT-X-DISCONTINUITY/g)).toHaveLength(1);
      // The new segments' date-times start from the restart's wall clock, not from the old part.
      // (The file is read faster than real time, so the old part's times run ahead of the clock.)
      const times = [...playlist.matchAll(/#EXT-X-PROGRAM-DATE-TIME:(\S+)/g)].map((m) => Date.parse(m[1].replace(/([+-]\d\d)(\d\d)$/, '$1:$2')));
      expect(times).toHaveLength(total);
      expect(times[kept]).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(times[kept]).toBeLessThanOrEqual(endedAt);

      const rung = plan.rungs[i];
      if (rung) {
        const segment = await probeFile(path.join(out.outDir, rung.name, 'seg000008.ts'));
        expect(segment.video).toMatchObject({ width: rung.width, height: rung.height });
      }
    }

    // Each part has its own recording: the first was not overwritten.
    for (const file of [out.recordingFile, restart.recordingFile]) {
      expect((await probeFile(file)).duration).toBeGreaterThan(CLIP_SECONDS - 0.2);
    }
  });
});
