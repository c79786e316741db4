import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/index.ts';
import { DEFAULT_MEDIA_LIMITS } from '../../media/limits.ts';

describe('media settings in loadConfig', () => {
  it('defaults the caps and reads MEDIA_MAX_* and the binaries', () => {
    expect(loadConfig({}).mediaLimits).toEqual(DEFAULT_MEDIA_LIMITS);
    const c = loadConfig({ MEDIA_MAX_DURATION_SECONDS: '600', MEDIA_MAX_PIXELS: '2073600', MEDIA_MAX_FRAMES: '18000', FFMPEG_PATH: '/opt/ff/ffmpeg', FFPROBE_PATH: '/opt/ff/ffprobe' });
    expect(c.mediaLimits).toEqual({ maxDurationSeconds: 600, maxPixels: 2_073_600, maxFrames: 18_000 });
    expect([c.ffmpegPath, c.ffprobePath]).toEqual(['/opt/ff/ffmpeg', '/opt/ff/ffprobe']);
  });

  it('names a bad cap', () => {
    expect(() => loadConfig({ MEDIA_MAX_DURATION_SECONDS: '6h' })).toThrow(ConfigError);
    expect(() => loadConfig({ MEDIA_MAX_FRAMES: '0' })).toThrow(/MEDIA_MAX_FRAMES="0": expected a whole number from 1/);
  });
});
