/**
 * The source's keyframe interval, which decides whether its top rendition can be remuxed (a copied
 * rung can only be cut where the source has keyframes). A format probe cannot tell it; the times
 * come from `ffprobe -skip_frame nokey` over the first seconds (keyframeProbeArgs), and this pure
 * function decides whether they are regular.
 */

import type { MediaInput } from './ffmpeg-args.js';

/** How far into the source we look: enough GOPs to trust the pattern, cheap even for 4K. */
export const KEYFRAME_SAMPLE_SECONDS = 30;

/** Arguments for ffprobe: the presentation times of the first video stream's keyframes, one per line. */
export function keyframeProbeArgs(input: MediaInput, seconds = KEYFRAME_SAMPLE_SECONDS): string[] {
  return [
    '-v', 'error',
    '-select_streams', 'v:0',
    '-skip_frame', 'nokey',
    '-read_intervals', `%+${seconds}`,
    '-show_entries', 'frame=pts_time,best_effort_timestamp_time',
    '-of', 'csv=p=0',
    ...input.args
  ];
}

/** Keyframe times (seconds) from keyframeProbeArgs' output; lines without a time are skipped. */
export function parseKeyframeTimes(output: string): number[] {
  const times: number[] = [];
  for (const line of output.split(/\r?\n/)) {
    // Number('') is 0: empty fields (ffprobe prints blank lines and trailing commas) must not count.
    const t = line.split(',').filter((f) => f.trim() !== '').map(Number).find((n) => Number.isFinite(n));
    if (t !== undefined) times.push(t);
  }
  return times.sort((a, b) => a - b);
}

/**
 * The interval between keyframes when it is constant (within a frame's worth, `tolerance` s), else
 * undefined: scene-cut keyframes or a variable GOP make a remuxed rung's segments irregular.
 * The last keyframe may be followed by a shorter GOP (the file ends), so only gaps between
 * keyframes count; fewer than three keyframes tell nothing.
 */
export function regularKeyframeInterval(times: number[], tolerance = 0.02): number | undefined {
  if (times.length < 3) return undefined;
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const first = gaps[0];
  if (!(first > 0)) return undefined;
  if (gaps.some((g) => Math.abs(g - first) > tolerance)) return undefined;
  const mean = (times[times.length - 1] - times[0]) / gaps.length;
  return Math.round(mean * 1000) / 1000;
}
