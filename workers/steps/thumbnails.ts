/** thumbnails: the poster (a frame at 10% of the video) and the seek-preview sprite with its WebVTT map. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { planSprite, posterArgs, runFfmpeg, sourceInput, spriteArgs, spriteVtt } from '../../media/index.ts';
import type { ThumbnailsResult } from '../../jobs/queues.ts';
import { attemptDir } from '../../jobs/staging.ts';
import { checkDiskSpace, type StepContext } from './context.ts';

export const POSTER = 'poster.jpg';
export const SPRITE = 'sprite.jpg';
export const SPRITE_VTT = 'sprite.vtt';
const POSTER_MAX_WIDTH = 1280;

/** 10% in (past a black first frame or a fade-in), at least 1 s, but never past the end of a short clip. */
export function posterTime(duration: number): number {
  const wanted = Math.max(1, duration * 0.1);
  return Math.max(0, Math.min(wanted, duration - 0.1));
}

export function withoutKeyframeSkip(args: string[]): string[] {
  const i = args.indexOf('-skip_frame');
  return i < 0 ? args : [...args.slice(0, i), ...args.slice(i + 2)];
}

const fileExists = (file: string) =>
  fs.stat(file).then(
    (s) => s.size > 0,
    () => false
  );

export async function thumbnailsStep(ctx: StepContext): Promise<ThumbnailsResult> {
  const { data, results, progress, signal } = ctx;
  const duration = results.probe?.duration ?? data.duration;
  const video = results.probe?.video ?? null;
  // Its outputs sit in the revision's root beside other steps' folders: made in an attempt folder of
  // their own (an orphaned ffmpeg of a killed worker cannot touch them), then moved up when complete.
  await Promise.all([POSTER, SPRITE, SPRITE_VTT].map((f) => fs.rm(path.join(data.workDir, f), { force: true })));
  await checkDiskSpace(ctx);
  const dir = await attemptDir(path.join(data.workDir, 'thumbnails'));

  // The probed container as -f when this run probed the source (a full run always does).
  const input = sourceInput(data.sourcePath, results.probe?.formatName);
  const posterWidth = Math.min(POSTER_MAX_WIDTH, Math.floor((video?.width ?? POSTER_MAX_WIDTH) / 2) * 2);
  const posterFile = path.join(dir, POSTER);
  await runFfmpeg(posterArgs(input, posterTime(duration), posterFile, posterWidth), { signal });
  if (!(await fileExists(posterFile))) throw new Error(`thumbnails: ffmpeg wrote no ${POSTER}`);
  progress(0.2);

  const sprite = planSprite(duration, video ? { width: video.width, height: video.height } : undefined);
  const spriteFile = path.join(dir, SPRITE);
  const args = spriteArgs(input, duration, spriteFile, sprite);
  const onProgress = (f: number) => progress(0.2 + 0.8 * f);
  await runFfmpeg(args, { durationSeconds: duration, onProgress, signal });
  if (!(await fileExists(spriteFile))) {
    // spriteArgs decodes keyframes only; from a source with a single keyframe (any clip shorter than
    // x264's default 250-frame GOP) ffmpeg 5.1 then encodes nothing and still exits 0. Decode it all.
    await runFfmpeg(withoutKeyframeSkip(args), { durationSeconds: duration, onProgress, signal });
  }
  if (!(await fileExists(spriteFile))) throw new Error(`thumbnails: ffmpeg wrote no ${SPRITE}`);
  await fs.writeFile(
    path.join(dir, SPRITE_VTT),
    spriteVtt(duration, sprite.interval, sprite.columns, sprite.tileWidth, sprite.tileHeight, SPRITE)
  );
  for (const f of [POSTER, SPRITE, SPRITE_VTT]) await fs.rename(path.join(dir, f), path.join(data.workDir, f));
  await fs.rm(dir, { recursive: true, force: true });
  return { poster: POSTER, sprite: SPRITE, spriteVtt: SPRITE_VTT };
}
