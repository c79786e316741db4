/**
 * The start time of an MPEG-TS segment. media/ffmpeg.ts's probeFile interprets a file as an upload
 * and does not expose raw timestamps, so this asks ffprobe directly for the one number we need.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpegPaths } from '../../media/index.ts';

const run = promisify(execFile);

/**
 * Seconds at which the first video frame of `file` is presented (the video stream's start_time,
 * else the container's). This is what players line WebVTT X-TIMESTAMP-MAP up with.
 */
export async function probeStartTime(file: string): Promise<number> {
  const { stdout } = await run(
    resolveFfmpegPaths().ffprobe,
    ['-v', 'error', '-show_entries', 'stream=codec_type,start_time:format=start_time', '-of', 'json', `file:${path.resolve(file)}`],
    { timeout: 30_000 }
  );
  const info = JSON.parse(stdout) as { streams?: { codec_type?: string; start_time?: string }[]; format?: { start_time?: string } };
  const video = info.streams?.find((s) => s.codec_type === 'video');
  for (const raw of [video?.start_time, info.format?.start_time]) {
    const n = Number(raw);
    if (raw !== undefined && raw !== 'N/A' && Number.isFinite(n)) return n;
  }
  throw new Error(`ffprobe reported no start time for ${file}`);
}
