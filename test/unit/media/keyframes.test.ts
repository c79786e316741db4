import { describe, expect, it } from 'vitest';
import { sourceInput } from '../../../media/ffmpeg-args.js';
import { keyframeProbeArgs, parseKeyframeTimes, regularKeyframeInterval } from '../../../media/keyframes.js';

describe('keyframe interval', () => {
  it('reads ffprobe csv lines, skipping ones without a time, and sorts them', () => {
    // As Debian's ffprobe 5.1 prints it: a trailing comma and a blank line after the first frame.
    expect(parseKeyframeTimes('2.000000,2.000000\n0.000000,0.000000,\n\nN/A,4.000000\n\n')).toEqual([0, 2, 4]);
  });

  it('finds a regular GOP, ignoring the shorter last one at the end of the file', () => {
    expect(regularKeyframeInterval([0, 2, 4, 6, 8])).toBe(2);
    expect(regularKeyframeInterval([1.4, 2.4, 3.4, 4.4])).toBe(1);
    // 29.97 fps, 60-frame GOP: 2.002 s
    expect(regularKeyframeInterval([0, 2.002, 4.004, 6.006])).toBe(2.002);
  });

  it('refuses scene-cut keyframes and too few keyframes', () => {
    expect(regularKeyframeInterval([0, 2, 3.1, 4, 6])).toBeUndefined();
    expect(regularKeyframeInterval([0, 10])).toBeUndefined();
    expect(regularKeyframeInterval([])).toBeUndefined();
    expect(regularKeyframeInterval([0, 0, 0])).toBeUndefined();
  });

  it('asks ffprobe for keyframes only, in the first seconds, of the first video stream', () => {
    const args = keyframeProbeArgs(sourceInput('/x.mp4', 'mov,mp4,m4a,3gp,3g2,mj2'), 30);
    expect(args).toContain('nokey');
    expect(args.slice(args.indexOf('-read_intervals'), args.indexOf('-read_intervals') + 2)).toEqual(['-read_intervals', '%+30']);
    expect(args.slice(-2)).toEqual(['-i', 'file:/x.mp4']);
    // Read as the container the format probe accepted, within the whitelists.
    expect(args).toEqual(expect.arrayContaining(['-f', 'mov', '-protocol_whitelist', 'file']));
  });
});
