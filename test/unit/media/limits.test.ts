import { describe, expect, it } from 'vitest';
import { DEFAULT_MEDIA_LIMITS, checkMediaLimits, clockTime, type MediaLimits } from '../../../media/limits.js';
import { MediaInputError, type ProbeResult } from '../../../media/probe.js';

function probe(duration: number, width: number, height: number, fps: number): ProbeResult {
  return {
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    duration,
    sizeBytes: 62_000,
    bitRate: null,
    video: { codec: 'h264', profile: 'High', level: 40, pixFmt: 'yuv420p', width, height, fps, bitRate: null, rotation: 0 },
    audio: null
  };
}

function refusal(p: ProbeResult, limits: MediaLimits = DEFAULT_MEDIA_LIMITS): MediaInputError {
  try {
    checkMediaLimits(p, limits, 'tiny.mp4');
  } catch (err) {
    expect(err).toBeInstanceOf(MediaInputError);
    return err as MediaInputError;
  }
  throw new Error('expected a refusal');
}

describe('checkMediaLimits', () => {
  it('lets through what phones and cameras record, up to the defaults', () => {
    checkMediaLimits(probe(3 * 3600, 1920, 1080, 30), DEFAULT_MEDIA_LIMITS, 'lecture.mp4');
    checkMediaLimits(probe(600, 2160, 3840, 60), DEFAULT_MEDIA_LIMITS, 'portrait-4k.mov');
    checkMediaLimits(probe(600, 4096, 2160, 24), DEFAULT_MEDIA_LIMITS, 'dci.mxf');
    checkMediaLimits(probe(6 * 3600, 1280, 720, 60), DEFAULT_MEDIA_LIMITS, 'all-day.mkv');
  });

  it('refuses a small file that decodes to more than 6 h, naming the setting', () => {
    const err = refusal(probe(10 * 3600 + 5, 1920, 1080, 30));
    expect(err.code).toBe('over_limit');
    expect(err.message).toBe('tiny.mp4: 10:00:05 long, over the limit of 6:00:00 (MEDIA_MAX_DURATION_SECONDS)');
    expect(err.details).toEqual({ setting: 'MEDIA_MAX_DURATION_SECONDS', value: 36005, limit: 21600, kind: 'duration', max: '6:00:00' });
  });

  it('refuses frames over the pixel cap, portrait or landscape alike', () => {
    const err = refusal(probe(10, 7680, 4320, 30));
    expect(err.reason).toBe('7680x4320 frames (33.2 MP), over the limit of 8.8 MP (MEDIA_MAX_PIXELS)');
    expect(err.details).toMatchObject({ setting: 'MEDIA_MAX_PIXELS' });
    expect(refusal(probe(10, 4320, 7680, 30)).details).toMatchObject({ setting: 'MEDIA_MAX_PIXELS' });
  });

  it('refuses more frames than the cap (a long high-frame-rate source)', () => {
    const err = refusal(probe(4 * 3600, 1920, 1080, 120));
    expect(err.reason).toBe('1728000 frames, over the limit of 1296000 (MEDIA_MAX_FRAMES)');
    expect(err.details).toEqual({ setting: 'MEDIA_MAX_FRAMES', value: 1_728_000, limit: 1_296_000, kind: 'frames', max: '1296000' });
  });

  it('uses the limits it is given (config), checking duration first', () => {
    const limits = { maxDurationSeconds: 60, maxPixels: 640 * 480, maxFrames: 1000 };
    expect(refusal(probe(61, 1920, 1080, 30), limits).details).toMatchObject({ setting: 'MEDIA_MAX_DURATION_SECONDS' });
    expect(refusal(probe(10, 1920, 1080, 30), limits).details).toMatchObject({ setting: 'MEDIA_MAX_PIXELS' });
    expect(refusal(probe(50, 640, 480, 30), limits).details).toMatchObject({ setting: 'MEDIA_MAX_FRAMES', value: 1500 });
    checkMediaLimits(probe(33, 640, 480, 30), limits, 'fits.mp4');
  });
});

describe('clockTime', () => {
  it('writes h:mm:ss', () => {
    expect(clockTime(0)).toBe('0:00:00');
    expect(clockTime(3725.4)).toBe('1:02:05');
    expect(clockTime(21600)).toBe('6:00:00');
  });
});
