import { describe, expect, it } from 'vitest';
import { pickStartLevel, pickSubtitle, qualityOptions } from '../../../web/lib/player/levels.ts';

// hls.js lists levels by bitrate, lowest first.
const ladder = [
  { height: 240, bitrate: 300_000 },
  { height: 360, bitrate: 700_000 },
  { height: 480, bitrate: 1_200_000 },
  { height: 720, bitrate: 2_500_000 },
  { height: 1080, bitrate: 5_000_000 }
];

describe('quality menu options', () => {
  it('lists each height once, highest first, keeping hls.js level indexes', () => {
    expect(qualityOptions(ladder).map((o) => [o.label, o.level])).toEqual([
      ['1080p', 4],
      ['720p', 3],
      ['480p', 2],
      ['360p', 1],
      ['240p', 0]
    ]);
  });

  it('keeps the higher bitrate of two levels of one height, and skips levels without a height', () => {
    const levels = [
      { height: 360, bitrate: 500_000 },
      { height: 0, bitrate: 64_000 },
      { height: 360, bitrate: 900_000 }
    ];
    expect(qualityOptions(levels)).toEqual([{ level: 2, height: 360, label: '360p' }]);
  });
});

describe('start level on a phone', () => {
  it('is the highest rendition of at most 360 lines', () => {
    expect(pickStartLevel(ladder, 360)).toBe(1);
    expect(pickStartLevel(ladder.slice(2), 360)).toBe(0); // nothing that small: the lowest there is (480p)
  });
  it('is -1 (hls.js decides) when no level has a height', () => {
    expect(pickStartLevel([{ height: 0, bitrate: 1 }], 360)).toBe(-1);
    expect(pickStartLevel([], 360)).toBe(-1);
  });
});

describe('preselected subtitles', () => {
  const subs = [{ lang: 'ru' }, { lang: 'tg' }];
  it('is the UI language’s track, or none', () => {
    expect(pickSubtitle(subs, 'tg')).toEqual({ lang: 'tg' });
    expect(pickSubtitle(subs, 'uz')).toBeNull();
  });
});
