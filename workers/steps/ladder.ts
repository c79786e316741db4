/**
 * ladder: the ladder's first pass in one ffmpeg process (decode once), into workDir/video/<rung>/
 * and the audio-only rendition into workDir/audio/, then the MPEG-TS start offset that subtitle
 * segments need to line up with the video. Published early (the default), the first pass is one
 * phone-sized rung or a remuxed top rung (media/ladder.ts planPasses) and the rest is left to the
 * grow step (grow.ts), after the revision is published; held, it is the whole ladder. ffmpeg writes
 * into a folder of its own attempt (see attemptDir), so a retry after a killed worker starts clean.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  ladderArgs,
  MediaInputError,
  MPEGTS_TIMESTAMP_OFFSET,
  passPlan,
  planLadder,
  planPasses,
  probeKeyframeInterval,
  probeStartTime,
  runFfmpeg,
  sourceInput,
  type LadderPlan
} from '../../media/index.ts';
import type { LadderResult, RunJobData } from '../../jobs/queues.ts';
import { attemptDir, commitAttempt } from '../../jobs/staging.ts';
import { checkDiskSpace, type StepContext } from './context.ts';

export async function ladderStep(ctx: StepContext): Promise<LadderResult> {
  const { data, results, log, progress, signal } = ctx;
  const probe = results.probe;
  if (!probe) throw new Error('ladder: the probe result is missing from the run');
  // A top rung already fit for HLS is remuxed instead of re-encoded, if the source's keyframes
  // fall on every segment boundary (unknown means re-encode, always correct).
  const sourceKeyframeInterval = await probeKeyframeInterval(data.sourcePath, probe.formatName);
  const plan = planLadder(probe, { sourceKeyframeInterval });
  // Runs queued before early publication existed have no grow step after them: the whole ladder now.
  const passes = planPasses(plan, data.publishEarly === true);
  log.info(
    {
      videoId: data.videoId,
      sourceKeyframeInterval,
      rungs: plan.rungs.map((r) => `${r.name}${r.copy ? ' (copy)' : ''}`),
      first: passes.first.map((r) => r.name)
    },
    'ladder planned'
  );
  const first = passPlan(plan, passes.first, true);
  await encodePass(ctx, first, probe, progress, signal);
  const top = first.rungs[0];
  const outDir = path.join(data.workDir, 'video');

  let mpegtsOffset: number;
  try {
    mpegtsOffset = await probeStartTime(path.join(outDir, top.name, await firstSegment(path.join(outDir, top.name, 'index.m3u8'))));
  } catch (err) {
    // The muxer's documented default is right for ffmpeg 5.1; better slightly off than no subtitles.
    mpegtsOffset = MPEGTS_TIMESTAMP_OFFSET / 90_000;
    log.warn({ err, videoId: data.videoId }, 'could not read the MPEG-TS start time; using the muxer default');
  }
  return {
    plan,
    rungs: first.rungs,
    pending: passes.rest.map((r) => r.name),
    mpegtsOffset,
    variantUris: variantUris(first.rungs),
    audioUri: plan.audioOnly ? `${plan.audioOnly.name}/index.m3u8` : null
  };
}

export function variantUris(rungs: { name: string }[]): Record<string, string> {
  return Object.fromEntries(rungs.map((r) => [r.name, `video/${r.name}/index.m3u8`]));
}

/**
 * One pass of the ladder: its rungs (and, in the first pass, the audio-only rendition) by one ffmpeg
 * into an attempt folder, checked for a source cut short, then moved into workDir/video/ beside any
 * rungs already there (and workDir/audio/).
 */
export async function encodePass(
  ctx: Pick<StepContext, 'data' | 'diskReserveBytes'>,
  plan: LadderPlan,
  source: { duration: number; formatName: string },
  progress: (fraction: number) => void,
  signal: AbortSignal
): Promise<void> {
  const data: RunJobData = ctx.data;
  const duration = source.duration;
  // The renditions at their planned bitrates, the disk space this ffmpeg is about to take.
  await checkDiskSpace(ctx, estimatedBytes(plan, duration));
  const outDir = path.join(data.workDir, 'video');
  const tmpDir = await attemptDir(outDir);
  // -f from the probe: ffmpeg reads the source as the container the probe accepted, never guesses again.
  await runFfmpeg(ladderArgs(sourceInput(data.sourcePath, source.formatName), plan, tmpDir), { durationSeconds: duration, onProgress: progress, signal });
  const top = plan.rungs[0];
  const made = playlistSeconds(await fs.readFile(path.join(tmpDir, top.name, 'index.m3u8'), 'utf8'));
  if (isCutShort(made, duration)) {
    // A truncated file whose index (moov) survived probes as whole; ffmpeg then stops where the data
    // does and still exits 0. Publishing that would show half a video as if it were all of it.
    await fs.rm(tmpDir, { recursive: true, force: true });
    throw new MediaInputError(data.sourceName, `truncated or damaged file: the video stops at ${made.toFixed(1)} s of ${duration.toFixed(1)} s`, 'damaged_file');
  }
  // ffmpeg wrote the audio-only variant as one more folder beside the rungs; the revision keeps it
  // beside video/ (audio/index.m3u8), moved there first so a committed video/ always has its audio/.
  if (plan.audioOnly) await commitAttempt(path.join(tmpDir, plan.audioOnly.name), path.join(data.workDir, plan.audioOnly.name));
  // Rung by rung, so a later pass adds its rungs beside the first pass's (a retried pass replaces its own).
  await fs.mkdir(outDir, { recursive: true });
  for (const rung of plan.rungs) await commitAttempt(path.join(tmpDir, rung.name), path.join(outDir, rung.name));
  await fs.rm(tmpDir, { recursive: true, force: true });
}

/** Bytes of the ladder's output: every rung's video and audio bitrate, and the audio-only rendition's, over the duration. */
export function estimatedBytes(
  plan: { rungs: { videoBitrate: number; audioBitrate: number }[]; audioOnly?: { bitrate: number } | null },
  durationSeconds: number
): number {
  const bitrate = plan.rungs.reduce((sum, r) => sum + r.videoBitrate + r.audioBitrate, 0) + (plan.audioOnly?.bitrate ?? 0);
  return Math.ceil((bitrate * Math.max(0, durationSeconds)) / 8);
}

/** The first segment URI of a media playlist (ffmpeg names them, so read rather than guess). */
async function firstSegment(playlist: string): Promise<string> {
  const text = await fs.readFile(playlist, 'utf8');
  const uri = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  if (!uri) throw new Error(`${playlist} lists no segment`);
  return uri;
}

/** Sum of the #EXTINF durations of a media playlist. */
export function playlistSeconds(m3u8: string): number {
  let total = 0;
  for (const m of m3u8.matchAll(/^#EXTINF:([\d.]+)/gm)) total += Number(m[1]);
  return total;
}

/** Whether renditions of `made` seconds miss a real part of a `expected`-second source (over 1 s and 5%). */
export function isCutShort(made: number, expected: number): boolean {
  return expected - made > Math.max(1, expected * 0.05);
}
