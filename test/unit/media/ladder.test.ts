import { describe, expect, it } from 'vitest';
import { avcCodecString, h264Level } from '../../../media/h264.js';
import {
  BUFSIZE_FACTOR,
  HIGH_FPS_BITRATE_FACTOR,
  LADDER_TABLE,
  MAXRATE_FACTOR,
  REMUX_PEAK_FACTOR,
  SEGMENT_DURATION,
  planLadder,
  remuxBlocker,
  type LadderPlan
} from '../../../media/ladder.js';
import type { ProbeResult, ProbeVideo } from '../../../media/probe.js';

function probe(video: Partial<ProbeVideo> = {}, withAudio = true): ProbeResult {
  return {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    duration: 60,
    sizeBytes: 30_000_000,
    bitRate: 4_000_000,
    video: {
      codec: 'h264',
      profile: 'High',
      level: 40,
      pixFmt: 'yuv420p',
      width: 1920,
      height: 1080,
      fps: 30,
      bitRate: 3_800_000,
      rotation: 0,
      ...video
    },
    audio: withAudio ? { codec: 'aac', channels: 2, sampleRate: 48000, bitRate: 128000 } : null
  };
}

const sizes = (plan: LadderPlan): string[] => plan.rungs.map((r) => `${r.name} ${r.width}x${r.height}`);

describe('planLadder: which rungs', () => {
  it('gives a 1080p source all five rungs, highest first, keeping 16:9 with even widths', () => {
    expect(sizes(planLadder(probe()))).toEqual([
      '1080p 1920x1080',
      '720p 1280x720',
      '480p 854x480',
      '360p 640x360',
      '240p 426x240'
    ]);
  });

  it('never goes above a 720p source', () => {
    expect(sizes(planLadder(probe({ width: 1280, height: 720 })))).toEqual([
      '720p 1280x720',
      '480p 854x480',
      '360p 640x360',
      '240p 426x240'
    ]);
  });

  it('gives a 360p source 360p and 240p', () => {
    expect(sizes(planLadder(probe({ width: 640, height: 360 })))).toEqual(['360p 640x360', '240p 426x240']);
  });

  it('caps a 4K source at 1080p', () => {
    const plan = planLadder(probe({ width: 3840, height: 2160, level: 51 }));
    expect(sizes(plan)[0]).toBe('1080p 1920x1080');
    expect(plan.rungs).toHaveLength(5);
  });

  it('uses the shorter side of a portrait 1080x1920 source as the "p"', () => {
    expect(sizes(planLadder(probe({ width: 1080, height: 1920 })))).toEqual([
      '1080p 1080x1920',
      '720p 720x1280',
      '480p 480x854',
      '360p 360x640',
      '240p 240x426'
    ]);
  });

  it('keeps an odd 854x480 source at its size and rounds smaller widths to even numbers', () => {
    const plan = planLadder(probe({ width: 854, height: 480 }));
    expect(sizes(plan)).toEqual(['480p 854x480', '360p 640x360', '240p 428x240']);
    for (const r of plan.rungs) expect([r.width % 2, r.height % 2]).toEqual([0, 0]);
  });

  it('never rounds a source up, not even by a pixel', () => {
    expect(sizes(planLadder(probe({ width: 853, height: 480 })))[0]).toBe('480p 852x480');
  });

  it('gives a source smaller than 240p one rung at its own size', () => {
    const plan = planLadder(probe({ width: 160, height: 120 }));
    expect(sizes(plan)).toEqual(['120p 160x120']);
    const smallest = LADDER_TABLE[LADDER_TABLE.length - 1];
    expect(plan.rungs[0].audioBitrate).toBe(smallest.audioBitrate);
  });

  it('honours maxHeight', () => {
    expect(sizes(planLadder(probe(), { maxHeight: 720 }))[0]).toBe('720p 1280x720');
  });
});

describe('planLadder: bitrates come from the bits-per-pixel table', () => {
  const rowFor = (p: number) => LADDER_TABLE.find((r) => r.p === p)!;
  const kbpsRound = (bps: number) => Math.round(bps / 1000) * 1000;

  it.each([
    ['30 fps', 30],
    ['29.97 fps', 30000 / 1001],
    ['25 fps', 25]
  ])('bitrate = bpp * width * height * fps at %s', (_, fps) => {
    const plan = planLadder(probe({ fps }));
    for (const rung of plan.rungs) {
      const row = rowFor(Math.min(rung.width, rung.height));
      expect(rung.videoBitrate).toBe(kbpsRound(row.bpp * rung.width * rung.height * fps));
      expect(rung.maxrate).toBe(kbpsRound(rung.videoBitrate * MAXRATE_FACTOR));
      expect(rung.bufsize).toBe(kbpsRound(rung.videoBitrate * BUFSIZE_FACTOR));
      expect(rung.audioBitrate).toBe(row.audioBitrate);
    }
  });

  it('bills a 60 fps source at 30 * HIGH_FPS_BITRATE_FACTOR fps, not 60', () => {
    const at60 = planLadder(probe({ fps: 60, level: 42 }));
    const at30 = planLadder(probe({ fps: 30 }));
    const billed = 30 * HIGH_FPS_BITRATE_FACTOR;
    expect(billed).toBeLessThan(60);
    for (const [i, rung] of at60.rungs.entries()) {
      const row = rowFor(Math.min(rung.width, rung.height));
      expect(rung.videoBitrate).toBe(kbpsRound(row.bpp * rung.width * rung.height * billed));
      expect(rung.videoBitrate).toBeGreaterThan(at30.rungs[i].videoBitrate);
    }
    expect(at60.fps).toBe(60);
    expect(at60.gop).toBe(60 * SEGMENT_DURATION);
    // Level follows the frame rate: 1080p60 needs 4.2, 720p60 3.2.
    expect(at60.rungs[0].codecs).toBe('avc1.64002a,mp4a.40.2');
    expect(at60.rungs[1].codecs).toBe('avc1.640020,mp4a.40.2');
  });

  it('gives small rungs more bits per pixel and less audio than big ones', () => {
    for (let i = 1; i < LADDER_TABLE.length; i++) {
      expect(LADDER_TABLE[i].bpp).toBeGreaterThan(LADDER_TABLE[i - 1].bpp);
      expect(LADDER_TABLE[i].audioBitrate).toBeLessThanOrEqual(LADDER_TABLE[i - 1].audioBitrate);
    }
    expect(LADDER_TABLE.map((r) => r.audioBitrate)).toEqual([128_000, 128_000, 96_000, 64_000, 64_000]);
  });
});

describe('planLadder: GOP, codecs, audio', () => {
  it('puts a keyframe at every segment boundary: gop = fps * segment duration, rounded up', () => {
    expect(planLadder(probe({ fps: 25 })).gop).toBe(100);
    expect(planLadder(probe({ fps: 30000 / 1001 })).gop).toBe(120);
    expect(planLadder(probe({ fps: 24000 / 1001 })).gop).toBe(96);
    expect(planLadder(probe()).segmentDuration).toBe(4);
  });

  it('writes RFC 6381 codecs: High for >= 720p, Main below, level from the H.264 tables', () => {
    const plan = planLadder(probe({ fps: 30000 / 1001 }));
    expect(plan.rungs.map((r) => r.codecs)).toEqual([
      'avc1.640028,mp4a.40.2', // High 4.0
      'avc1.64001f,mp4a.40.2', // High 3.1
      'avc1.4d401f,mp4a.40.2', // Main 3.1 (854x480 at 30 fps is just over 3.0)
      'avc1.4d401e,mp4a.40.2', // Main 3.0
      'avc1.4d4015,mp4a.40.2' // Main 2.1
    ]);
    expect(plan.rungs.map((r) => r.profile)).toEqual(['high', 'high', 'main', 'main', 'main']);
  });

  it('adds a mono 48 kbit/s AAC-LC audio-only rendition to every ladder with sound, whatever its size', () => {
    for (const p of [probe(), probe({ width: 320, height: 180 })]) {
      expect(planLadder(p).audioOnly).toEqual({ name: 'audio', bitrate: 48_000, channels: 1, codecs: 'mp4a.40.2' });
    }
    // Never named like a rung (NNNp, source), whose folders it sits beside on a live run.
    expect(planLadder(probe()).rungs.map((r) => r.name)).not.toContain('audio');
  });

  it('leaves audio out of a silent source', () => {
    const plan = planLadder(probe({}, false));
    expect(plan.hasAudio).toBe(false);
    expect(plan.audioOnly).toBeNull();
    for (const r of plan.rungs) {
      expect(r.audioBitrate).toBe(0);
      expect(r.codecs).not.toContain('mp4a');
    }
  });
});

describe('h264Level', () => {
  it.each([
    [1920, 1080, 30, 40],
    [1920, 1080, 60, 42],
    [1280, 720, 30, 31],
    [1280, 720, 60, 32],
    [720, 480, 30, 30],
    [426, 240, 30, 21],
    [3840, 2160, 30, 51]
  ])('%ix%i at %i fps -> %i', (w, h, fps, level) => {
    expect(h264Level(w, h, fps, 1_000_000, 1_500_000, 'high')).toBe(level);
  });

  it('raises the level when the bitrate needs it', () => {
    expect(h264Level(1920, 1080, 30, 30_000_000, 30_000_000, 'main')).toBe(41);
  });

  it('formats avc1 strings with the constraint flags x264 writes', () => {
    expect(avcCodecString('high', 31)).toBe('avc1.64001f');
    expect(avcCodecString('main', 30)).toBe('avc1.4d401e');
    expect(avcCodecString('baseline', 30)).toBe('avc1.42c01e');
  });
});

describe('remuxing the top rung', () => {
  // 1080p30 target: 0.07 * 1920 * 1080 * 30 = 4355k; the sample's 3.8 Mbit/s is well within 1.5x.
  const fit = (video: Partial<ProbeVideo> = {}) => probe(video);

  it('copies a fit source when its keyframes fall on segment boundaries', () => {
    const plan = planLadder(fit(), { sourceKeyframeInterval: 2 });
    const [top, ...rest] = plan.rungs;
    expect(top.copy).toBe(true);
    expect(rest.every((r) => !r.copy)).toBe(true);
    expect(top).toMatchObject({ width: 1920, height: 1080, videoBitrate: 3_800_000 });
    // BANDWIDTH must cover peaks we cannot measure for a remuxed stream.
    expect(top.maxrate).toBe(3_800_000 * REMUX_PEAK_FACTOR);
    // CODECS describes the source's own profile and level.
    expect(top.codecs).toBe('avc1.640028,mp4a.40.2');
    expect(planLadder(fit({ profile: 'Main', level: 41 }), { sourceKeyframeInterval: 4 }).rungs[0].codecs).toBe(
      'avc1.4d4029,mp4a.40.2'
    );
  });

  it('re-encodes when the keyframe interval is unknown (a format probe cannot know it)', () => {
    expect(planLadder(fit()).rungs[0].copy).toBe(false);
    expect(remuxBlocker(fit(), { width: 1920, height: 1080, videoBitrate: 4_355_000 }, undefined, 4)).toBe(
      'keyframe interval unknown'
    );
  });

  it.each<[string, Partial<ProbeVideo>, number | undefined, RegExp]>([
    ['HEVC', { codec: 'hevc', profile: 'Main' }, 2, /codec hevc/],
    ['4:4:4 chroma', { pixFmt: 'yuv444p', profile: 'High 4:4:4 Predictive' }, 2, /pixel format yuv444p/],
    ['10-bit', { pixFmt: 'yuv420p10le', profile: 'High 10' }, 2, /pixel format/],
    ['too high a bitrate (phone camera 17 Mbit/s)', { bitRate: 17_000_000 }, 2, /bitrate 17000000 above/],
    ['unknown bitrate', { bitRate: null }, 2, /bitrate unknown/],
    ['a rotated source (MPEG-TS cannot carry the rotation)', { rotation: 90, width: 1080, height: 1920 }, 2, /rotated/],
    ['a size that is not the rung', { width: 1920, height: 1040 }, 2, /size/],
    ['keyframes further apart than a segment', {}, 8, /keyframe interval 8s/],
    ['keyframes that do not divide the segment', {}, 3, /keyframe interval 3s/]
  ])('re-encodes %s', (_, video, keyframes, reason) => {
    const p = fit(video);
    const plan = planLadder(p, { sourceKeyframeInterval: keyframes });
    expect(plan.rungs[0].copy).toBe(false);
    expect(remuxBlocker(p, plan.rungs[0], keyframes, SEGMENT_DURATION)).toMatch(reason);
  });

  it('allows up to 1.5x the target bitrate', () => {
    const target = planLadder(fit()).rungs[0].videoBitrate;
    expect(planLadder(fit({ bitRate: Math.floor(target * 1.5) }), { sourceKeyframeInterval: 1 }).rungs[0].copy).toBe(true);
    expect(planLadder(fit({ bitRate: Math.ceil(target * 1.5) + 1 }), { sourceKeyframeInterval: 1 }).rungs[0].copy).toBe(false);
  });

  it('can copy the single rung of a small source', () => {
    const plan = planLadder(fit({ width: 320, height: 240, bitRate: 150_000, level: 13 }), { sourceKeyframeInterval: 1 });
    expect(plan.rungs).toHaveLength(1);
    expect(plan.rungs[0].copy).toBe(true);
  });
});
