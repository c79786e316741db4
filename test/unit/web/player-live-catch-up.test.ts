/** web/lib/player/live-catch-up.ts: when a live player drifted behind jumps back to the edge. */
import { describe, expect, it } from 'vitest';
import { liveCatchUp, type CatchUpHls } from '../../../web/lib/player/live-catch-up.ts';

function media(opts: { paused?: boolean; seeking?: boolean; buffered: [number, number][]; currentTime?: number }) {
  return {
    paused: opts.paused ?? false,
    seeking: opts.seeking ?? false,
    currentTime: opts.currentTime ?? 0,
    buffered: { length: opts.buffered.length, start: (i: number) => opts.buffered[i]![0], end: (i: number) => opts.buffered[i]![1] }
  } as unknown as HTMLMediaElement;
}
const hls = (latency: number, m: HTMLMediaElement, sync = 100): CatchUpHls => ({
  latency,
  targetLatency: 1.03,
  liveSyncPosition: sync,
  media: m,
  latestLevelDetails: { live: true, targetduration: 1 }
});

describe('liveCatchUp', () => {
  it('jumps to the sync position when drifted past hls.js\'s band and it is buffered', () => {
    const m = media({ buffered: [[90, 101]], currentTime: 97.5 });
    expect(liveCatchUp(hls(3.5, m), false)).toBe(true);
    expect(m.currentTime).toBe(100);
  });
  it('leaves it to hls.js within its band (target + a target duration)', () => {
    expect(liveCatchUp(hls(2.0, media({ buffered: [[90, 101]] })), false)).toBe(false);
  });
  it('never after the viewer sought away, while paused or seeking, or outside the buffer', () => {
    expect(liveCatchUp(hls(5, media({ buffered: [[90, 101]] })), true)).toBe(false);
    expect(liveCatchUp(hls(5, media({ paused: true, buffered: [[90, 101]] })), false)).toBe(false);
    expect(liveCatchUp(hls(5, media({ seeking: true, buffered: [[90, 101]] })), false)).toBe(false);
    expect(liveCatchUp(hls(5, media({ buffered: [[90, 100.05]] })), false)).toBe(false);
    expect(liveCatchUp({ ...hls(5, media({ buffered: [[90, 101]] })), latestLevelDetails: { live: false, targetduration: 1 } }, false)).toBe(false);
  });
  it('runs as text (bench:live\'s page)', () => {
    const fn = new Function(`return (${liveCatchUp.toString()})`)() as typeof liveCatchUp;
    const m = media({ buffered: [[90, 101]] });
    expect(fn(hls(4, m), false)).toBe(true);
  });
});
