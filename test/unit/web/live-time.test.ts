import { describe, expect, it } from 'vitest';
import { LIVE_EDGE_TOLERANCE, behindLiveLabel, countdown, edgeLatency, formatSeconds, isoToLocalInput, localInputToIso, secondsBehind } from '../../../web/lib/live/time.ts';

describe('countdown', () => {
  const t0 = Date.parse('2025-05-01T12:00:00Z');
  it('splits the time left into days, hours, minutes and seconds', () => {
    const target = t0 + ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000;
    expect(countdown(target, t0)).toEqual({ past: false, days: 2, hours: 3, minutes: 4, seconds: 5 });
  });
  it('rounds a part second up, so it never shows 0 before the start', () => {
    expect(countdown(t0 + 400, t0)).toEqual({ past: false, days: 0, hours: 0, minutes: 0, seconds: 1 });
  });
  it('is past at and after the start, and for a bad date', () => {
    expect(countdown(t0, t0).past).toBe(true);
    expect(countdown(t0 - 60_000, t0).past).toBe(true);
    expect(countdown(Number.NaN, t0).past).toBe(true);
  });
});

describe('behind live', () => {
  it('measures from the live edge, never negative', () => {
    expect(secondsBehind(100, 88)).toBe(12);
    expect(secondsBehind(100, 101)).toBe(0);
    expect(secondsBehind(null, 5)).toBe(0);
    expect(secondsBehind(Infinity, 5)).toBe(0);
  });
  it('says nothing near the edge, seconds then minutes further back', () => {
    expect(behindLiveLabel(3, 'с')).toBe('');
    expect(behindLiveLabel(12.4, 'с')).toBe('−12 с');
    expect(behindLiveLabel(125, 's')).toBe('−2:05');
    expect(behindLiveLabel(3725, 's')).toBe('−1:02:05');
  });
});

describe('datetime-local', () => {
  it('sends the local time with its zone offset', () => {
    expect(localInputToIso('2025-05-01T19:00', () => 300)).toBe('2025-05-01T19:00:00+05:00');
    expect(localInputToIso('2025-05-01T19:00', () => 180)).toBe('2025-05-01T19:00:00+03:00');
    expect(localInputToIso('2025-11-02T08:30', () => -330)).toBe('2025-11-02T08:30:00-05:30');
    expect(Date.parse(localInputToIso('2025-05-01T19:00', () => 300))).toBe(Date.parse('2025-05-01T14:00:00Z'));
  });
  it('sends nothing for an empty or malformed value', () => {
    expect(localInputToIso('', () => 0)).toBe('');
    expect(localInputToIso('tomorrow', () => 0)).toBe('');
  });
  it('shows a stored time in a zone', () => {
    expect(isoToLocalInput('2025-05-01T14:00:00.000Z', () => 300)).toBe('2025-05-01T19:00');
    expect(isoToLocalInput('2025-05-01T22:30:00.000Z', () => 180)).toBe('2025-05-02T01:30');
    expect(isoToLocalInput(null, () => 0)).toBe('');
  });
});

describe('the "1.4 s behind live" label', () => {
  it('formats seconds with one decimal, the language\'s decimal mark', () => {
    expect(formatSeconds(1.44, 'en')).toBe('1.4');
    expect(formatSeconds(1.44, 'ru')).toBe('1,4');
    expect(formatSeconds(4, 'tg')).toBe('4');
    expect(formatSeconds(3.96, 'uz')).toBe('4');
  });
  it('says something only while playing near the edge', () => {
    expect(edgeLatency(1.4, true)).toBe(1.4);
    expect(edgeLatency(1.4, false)).toBeNull();
    expect(edgeLatency(null, true)).toBeNull();
    expect(edgeLatency(0, true)).toBeNull();
    expect(edgeLatency(Number.NaN, true)).toBeNull();
    expect(edgeLatency(LIVE_EDGE_TOLERANCE + 1, true)).toBeNull(); // rewound: the "−12 s" offset speaks
  });
});
