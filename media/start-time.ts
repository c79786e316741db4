/**
 * The start time of an MPEG-TS segment: what players line WebVTT X-TIMESTAMP-MAP up with. A format
 * probe (probe.ts) interprets a file as an upload and keeps no raw timestamps, so the ladder step
 * asks ffprobe for this one number (media/ffmpeg.ts runs it; the arguments and the reading are here).
 */
import type { MediaInput } from './ffmpeg-args.js';

export function startTimeProbeArgs(input: MediaInput): string[] {
  return ['-v', 'error', '-show_entries', 'stream=codec_type,start_time:format=start_time', '-of', 'json', ...input.args];
}

/** Seconds at which the first video frame is presented (the video stream's start_time, else the container's); null if neither. */
export function parseStartTime(json: string): number | null {
  const info = JSON.parse(json) as { streams?: { codec_type?: string; start_time?: string }[]; format?: { start_time?: string } };
  const video = info.streams?.find((s) => s.codec_type === 'video');
  for (const raw of [video?.start_time, info.format?.start_time]) {
    const n = Number(raw);
    if (raw !== undefined && raw !== 'N/A' && Number.isFinite(n)) return n;
  }
  return null;
}
