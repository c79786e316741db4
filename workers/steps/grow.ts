/**
 * grow: after publish, the rungs the ladder's first pass left (LadderResult.pending), in one more
 * ffmpeg (decode once, the cascade of scalers, the same GOP and forced keyframes as the first pass:
 * media/ladder.ts passPlan), into workDir/video/<rung>/. join (server/pipeline/join.ts) then moves
 * them into the published revision. The revision must still be there: a video deleted or replaced
 * while it waited or encoded is not grown (its folder would come back), join then only tidies up.
 */
import path from 'node:path';
import { passPlan, rungsNamed } from '../../media/index.ts';
import type { LadderResult } from '../../jobs/queues.ts';
import { exists } from '../../jobs/staging.ts';
import { encodePass, variantUris } from './ladder.ts';
import type { StepContext } from './context.ts';

export async function growStep(ctx: StepContext): Promise<LadderResult> {
  const { data, results, log, progress, signal } = ctx;
  const ladder = results.ladder;
  const probe = results.probe;
  if (!ladder || !probe) throw new Error('grow: the ladder or probe result is missing from the run');
  const rest = rungsNamed(ladder.plan, ladder.pending ?? []);
  if (rest.length === 0) return ladder; // held for the full ladder, or nothing above the first rung
  const published = () => (data.revisionDir ? exists(path.join(data.revisionDir, 'master.m3u8')) : Promise.resolve(true));
  if (!(await published())) {
    log.info({ videoId: data.videoId, rev: data.rev }, 'the revision is gone (video deleted or replaced): nothing to grow');
    return ladder;
  }
  await encodePass(ctx, passPlan(ladder.plan, rest, false), probe, progress, signal);
  const made = new Set([...ladder.rungs, ...rest].map((r) => r.name));
  const rungs = ladder.plan.rungs.filter((r) => made.has(r.name));
  return { ...ladder, rungs, pending: [], variantUris: variantUris(rungs) };
}
