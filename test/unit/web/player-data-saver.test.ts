import { describe, expect, it } from 'vitest';
import { dataSaverReason, lowestLevel, parseRememberedQuality, startChoice } from '../../../web/lib/player/data-saver.ts';
import { tapZone } from '../../../web/lib/player/double-tap.ts';

// hls.js lists levels by bitrate, lowest first; an audio-only level has no height.
const ladder = [
  { height: 240, bitrate: 300_000 },
  { height: 360, bitrate: 700_000 },
  { height: 720, bitrate: 2_500_000 },
  { height: 1080, bitrate: 5_000_000 }
];
const input = { saver: false, rememberedHeight: null, isPhone: false, phoneHeight: 360 };

describe('data saver', () => {
  it('is on for saveData and 2G/3G connections, off for 4G or no Network Information API', () => {
    expect(dataSaverReason({ saveData: true, effectiveType: '4g' }, null)).toBe('connection');
    for (const effectiveType of ['slow-2g', '2g', '3g']) expect(dataSaverReason({ effectiveType }, null)).toBe('connection');
    expect(dataSaverReason({ effectiveType: '4g', saveData: false }, null)).toBeNull();
    expect(dataSaverReason(undefined, null)).toBeNull();
  });

  it('follows the viewer’s own switch both ways', () => {
    expect(dataSaverReason(undefined, 'on')).toBe('viewer');
    expect(dataSaverReason({ saveData: true, effectiveType: '2g' }, 'off')).toBeNull();
  });

  it('starts at the lowest rung and holds Auto there', () => {
    expect(lowestLevel(ladder)).toBe(0);
    expect(lowestLevel([{ height: 720, bitrate: 1 }, { height: 0, bitrate: 64_000 }, { height: 360, bitrate: 2 }])).toBe(2);
    expect(startChoice(ladder, { ...input, saver: true, rememberedHeight: 1080, isPhone: true })).toEqual({ startLevel: 0, cap: 0, manual: -1 });
  });

  it('starts at the remembered choice, held by hand, else 360p on a phone, else hls.js’s estimate', () => {
    expect(startChoice(ladder, { ...input, rememberedHeight: 720 })).toEqual({ startLevel: 2, cap: -1, manual: 2 });
    // A remembered height the ladder lacks: the tallest below it.
    expect(startChoice(ladder, { ...input, rememberedHeight: 480 })).toEqual({ startLevel: 1, cap: -1, manual: 1 });
    expect(startChoice(ladder, { ...input, isPhone: true })).toEqual({ startLevel: 1, cap: -1, manual: -1 });
    expect(startChoice(ladder, input)).toEqual({ startLevel: -1, cap: -1, manual: -1 });
    // An audio-only playlist (listen only): nothing to choose.
    expect(startChoice([{ height: 0, bitrate: 64_000 }], { ...input, saver: true })).toEqual({ startLevel: -1, cap: -1, manual: -1 });
  });

  it('reads a remembered quality only as a height', () => {
    expect(parseRememberedQuality('240')).toBe(240);
    expect(parseRememberedQuality('auto')).toBeNull();
    expect(parseRememberedQuality('9999999')).toBeNull();
    expect(parseRememberedQuality(null)).toBeNull();
  });
});

describe('double tap', () => {
  it('seeks back on the left third, forward on the right, not in the middle', () => {
    expect(tapZone(10, 390)).toBe(-1);
    expect(tapZone(195, 390)).toBe(0);
    expect(tapZone(380, 390)).toBe(1);
    expect(tapZone(10, 0)).toBe(0);
  });
});
