import { describe, expect, it } from 'vitest';
import { MAX_SPRITE_TILES, planSprite, spriteVtt } from '../../../media/sprite.js';

describe('planSprite', () => {
  it('uses 1 s tiles for short videos', () => {
    expect(planSprite(3)).toEqual({ interval: 1, count: 3, columns: 3, rows: 1, tileWidth: 160, tileHeight: 90 });
  });

  it('stretches the interval so there are at most ~100 tiles', () => {
    for (const duration of [59, 100, 101, 299.9, 300, 600.4, 3600, 7245]) {
      const plan = planSprite(duration);
      expect(plan.count).toBeLessThanOrEqual(MAX_SPRITE_TILES);
      expect(plan.count * plan.interval).toBeGreaterThanOrEqual(duration);
      expect(plan.columns * plan.rows).toBeGreaterThanOrEqual(plan.count);
    }
    expect(planSprite(600).interval).toBe(6);
    expect(planSprite(601).interval).toBe(7);
    expect(planSprite(600)).toMatchObject({ count: 100, columns: 10, rows: 10 });
  });

  it('keeps the source aspect ratio in the tile, portrait included', () => {
    expect(planSprite(10, { width: 640, height: 480 })).toMatchObject({ tileWidth: 160, tileHeight: 120 });
    expect(planSprite(10, { width: 1080, height: 1920 })).toMatchObject({ tileWidth: 90, tileHeight: 160 });
  });

  it('rejects a zero duration', () => {
    expect(() => planSprite(0)).toThrow();
  });
});

describe('spriteVtt', () => {
  it('maps each interval to its tile, row by row', () => {
    const vtt = spriteVtt(25, 2, 5, 160, 90, 'sprite.jpg');
    const cues = vtt.split('\n\n').slice(1);
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    expect(cues).toHaveLength(13);
    expect(cues[0]).toBe('00:00:00.000 --> 00:00:02.000\nsprite.jpg#xywh=0,0,160,90');
    expect(cues[4]).toBe('00:00:08.000 --> 00:00:10.000\nsprite.jpg#xywh=640,0,160,90');
    expect(cues[5]).toBe('00:00:10.000 --> 00:00:12.000\nsprite.jpg#xywh=0,90,160,90');
    // The last cue ends at the video's end, not at the next whole interval.
    expect(cues[12].trim()).toBe('00:00:24.000 --> 00:00:25.000\nsprite.jpg#xywh=320,180,160,90');
  });

  it('writes hours and milliseconds', () => {
    const vtt = spriteVtt(3725.5, 37, 10, 160, 90, '/v/7/sprite.jpg');
    expect(vtt).toContain('01:01:40.000 --> 01:02:05.500\n/v/7/sprite.jpg#xywh=0,900,160,90');
  });

  it('agrees with planSprite on the grid', () => {
    const plan = planSprite(1234, { width: 1920, height: 1080 });
    const vtt = spriteVtt(1234, plan.interval, plan.columns, plan.tileWidth, plan.tileHeight, 's.jpg');
    const rects = [...vtt.matchAll(/#xywh=(\d+),(\d+),(\d+),(\d+)/g)].map((m) => m.slice(1).map(Number));
    expect(rects).toHaveLength(plan.count);
    for (const [x, y, w, h] of rects) {
      expect(x + w).toBeLessThanOrEqual(plan.columns * plan.tileWidth);
      expect(y + h).toBeLessThanOrEqual(plan.rows * plan.tileHeight);
    }
  });
});
