import { describe, expect, it } from 'vitest';
import { chapterAt, chapterMarkers, chaptersVtt, cleanChapters, vttTime } from '../../../web/lib/player/chapters.ts';
import { hlsLiveConfig, liveTargetLatency, LIVE_SYNC_SECONDS } from '../../../web/lib/player/hls-config.ts';

const chapters = [
  { start: 125, title: 'Как продлить патент?' },
  { start: 0, title: 'Начало' },
  { start: 3725.5, title: 'Можно ли --> <b>работать</b>\nбез регистрации?' },
  { start: 125, title: 'duplicate' },
  { start: -1, title: 'bad' },
  { start: 400, title: '   ' }
];

describe('chapters', () => {
  it('cleans: valid, ordered, one per start, one line', () => {
    expect(cleanChapters(chapters).map((c) => c.start)).toEqual([0, 125, 3725.5]);
    expect(cleanChapters(chapters)[2].title).toBe('Можно ли --> <b>работать</b> без регистрации?');
  });

  it('formats WebVTT timestamps', () => {
    expect(vttTime(0)).toBe('00:00:00.000');
    expect(vttTime(3725.5)).toBe('01:02:05.500');
  });

  it('writes a chapters WebVTT: each until the next, the last until the end, "-->" never in a title', () => {
    expect(chaptersVtt(chapters, 4000)).toBe(
      'WEBVTT\n\n' +
        '1\n00:00:00.000 --> 00:02:05.000\nНачало\n\n' +
        '2\n00:02:05.000 --> 01:02:05.500\nКак продлить патент?\n\n' +
        '3\n01:02:05.500 --> 01:06:40.000\nМожно ли → <b>работать</b> без регистрации?\n'
    );
    expect(chaptersVtt([{ start: 10, title: 'a' }], null)).toContain('00:00:10.000 --> 24:00:00.000');
  });

  it('places progress-bar marks in percent, skipping 0 and past the end', () => {
    expect(chapterMarkers(chapters, 1000)).toEqual([{ left: 12.5, title: 'Как продлить патент?', start: 125, label: '2:05 Как продлить патент?' }]);
    expect(chapterMarkers(chapters, Number.NaN)).toEqual([]);
  });

  it('finds the chapter playing now', () => {
    const list = cleanChapters(chapters);
    expect(chapterAt(list, 0)).toBe(0);
    expect(chapterAt(list, 124.9)).toBe(0);
    expect(chapterAt(list, 125)).toBe(1);
    expect(chapterAt(list, 99999)).toBe(2);
    expect(chapterAt([{ start: 5, title: 'x' }], 1)).toBe(-1);
  });
});

describe('hlsLiveConfig', () => {
  it('plays low-latency at the live edge and keeps the DVR window rewindable', () => {
    const c = hlsLiveConfig(1800);
    expect(c.lowLatencyMode).toBe(true);
    expect(c.liveDurationInfinity).toBe(true);
    expect(c.liveSyncDuration).toBe(LIVE_SYNC_SECONDS);
    expect(c.liveMaxLatencyDuration).toBe(1800);
    expect(c.liveSyncDurationCount).toBeUndefined(); // hls.js refuses a mix of the two styles
    expect(c.backBufferLength).toBeGreaterThan(0);
    expect(c.backBufferLength).toBeLessThanOrEqual(120);
  });
  it('keeps a Low-Latency run PART-HOLD-BACK behind its newest part, an MPEG-TS run LIVE_SYNC_SECONDS', () => {
    expect(liveTargetLatency({ partTarget: 0.342, partHoldBack: 1.026 }, LIVE_SYNC_SECONDS)).toBe(1.026);
    expect(liveTargetLatency({ partTarget: 0.334, partHoldBack: 0 }, LIVE_SYNC_SECONDS)).toBeCloseTo(1.002, 3);
    expect(liveTargetLatency({ partTarget: 0, partHoldBack: 0 }, LIVE_SYNC_SECONDS)).toBe(LIVE_SYNC_SECONDS);
    expect(liveTargetLatency({}, LIVE_SYNC_SECONDS)).toBe(LIVE_SYNC_SECONDS);
    // bench:live's page runs it as text: it must not reach outside itself.
    const asText = new Function(`return (${liveTargetLatency.toString()})`)() as typeof liveTargetLatency;
    expect(asText({ partTarget: 0.3, partHoldBack: 0.9 }, 2)).toBe(0.9);
  });
  it('falls back to a lower rung rather than stall: more bandwidth headroom than on demand', () => {
    const c = hlsLiveConfig(1800);
    expect(c.abrBandWidthFactor!).toBeLessThan(0.95);
    expect(c.abrBandWidthUpFactor!).toBeLessThan(0.7);
  });
  it('keeps max latency above the sync point for a tiny window', () => {
    const c = hlsLiveConfig(60);
    expect(c.liveMaxLatencyDuration!).toBeGreaterThan(c.liveSyncDuration!);
    expect(hlsLiveConfig(Number.NaN).liveMaxLatencyDuration).toBe(1800);
  });
});
