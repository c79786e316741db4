import { describe, expect, it } from 'vitest';
import { parseProgress } from '../../../media/progress.js';

// Recorded from `ffmpeg -progress pipe:1 -nostats` (ffmpeg 5.1).
const block = (us: string) =>
  `frame=75\nfps=0.00\nstream_0_0_q=-1.0\nbitrate=N/A\ntotal_size=N/A\nout_time_us=${us}\nout_time_ms=${us}\n` +
  `out_time=00:00:${(Number(us) / 1e6).toFixed(6).padStart(9, '0')}\ndup_frames=0\ndrop_frames=0\nspeed=10.8x\nprogress=continue\n`;

describe('parseProgress', () => {
  it('turns out_time_us into a fraction of the duration', () => {
    expect(parseProgress(block('1500000'), 3)).toBe(0.5);
  });

  it('uses the latest block when a chunk holds several', () => {
    expect(parseProgress(block('1000000') + block('2400000'), 4)).toBeCloseTo(0.6);
  });

  it('reads out_time_ms as microseconds (its name is an old ffmpeg mistake)', () => {
    expect(parseProgress('out_time_ms=4500000\nprogress=continue\n', 9)).toBe(0.5);
  });

  it('falls back to out_time', () => {
    expect(parseProgress('out_time=00:01:30.000000\nprogress=continue\n', 180)).toBe(0.5);
    expect(parseProgress('out_time=01:00:00.000000\n', 7200)).toBe(0.5);
  });

  it('ignores N/A and clamps negative and overshooting positions', () => {
    expect(parseProgress('out_time_us=N/A\nout_time_ms=N/A\nout_time=N/A\nprogress=continue\n', 10)).toBeNull();
    expect(parseProgress('out_time_us=-9223372036854775807\n', 10)).toBe(0);
    expect(parseProgress(block('3018600'), 3)).toBe(1);
  });

  it('returns 1 at progress=end and null without a duration', () => {
    expect(parseProgress('out_time_us=100\nprogress=end\n', 10)).toBe(1);
    expect(parseProgress(block('1000000'), 0)).toBeNull();
    expect(parseProgress('', 10)).toBeNull();
  });

  it('handles CRLF line endings', () => {
    expect(parseProgress('out_time_us=2000000\r\nprogress=continue\r\n', 4)).toBe(0.5);
  });
});
