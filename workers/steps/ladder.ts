/**
 * ladder: every rendition in one ffmpeg process (decode once), into workDir/video/<rung>/, then the
 * MPEG-TS start offset that subtitle segments need to line up with the video.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ladderArgs, MPEGTS_TIMESTAMP_OFFSET, planLadder, runFfmpeg } from '../../media/index.ts';
import type { LadderResult } from '../../server/queue/jobs.ts';
import { emptyDir, type StepContext } from './context.ts';
import { probeStartTime } from './start-time.ts';

export async function ladderStep({ data, results, log, progress }: StepContext): Promise<LadderResult> {
  const probe = results.probe;
  if (!probe) throw new Error('ladder: the probe result is missing from the run');
  const plan = planLadder(probe);
  const outDir = path.join(data.workDir, 'video');
  await emptyDir(outDir);
  await runFfmpeg(ladderArgs(data.sourcePath, plan, outDir), { durationSeconds: probe.duration, onProgress: progress });

  const top = plan.rungs[0];
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
    rungs: plan.rungs,
    mpegtsOffset,
    variantUris: Object.fromEntries(plan.rungs.map((r) => [r.name, `video/${r.name}/index.m3u8`]))
  };
}

/** The first segment URI of a media playlist (ffmpeg names them, so read rather than guess). */
async function firstSegment(playlist: string): Promise<string> {
  const text = await fs.readFile(playlist, 'utf8');
  const uri = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  if (!uri) throw new Error(`${playlist} lists no segment`);
  return uri;
}
