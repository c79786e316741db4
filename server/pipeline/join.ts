/**
 * The join step (queue `pipeline`, the web process): the rungs grow made after the revision was
 * published join it. Their folders are moved into media/<id>/<rev>/video/ first, then master.m3u8
 * is rewritten listing them (a temporary file renamed over it), then the video's stored ladder lists
 * them and the run completes, in one transaction. A player that loaded the old master keeps playing
 * what it lists (those files do not change); one that reloads it (served with max-age=10) gets the
 * whole ladder. What a master lists is always on disk before the master names it.
 *
 * Safe to retry at every point: a rung already moved is not moved again, the master is written
 * whole, the transaction only stores a ladder for the revision that is still current.
 *
 * A revision that is no longer current (the video was deleted, or processed again and the newer
 * revision published) is left as it is: nothing is moved (no folder under media/ is created, so a
 * deleted video's files do not come back) and the staging folder goes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { DataPaths } from '../../config/index.ts';
import type { RunsRepository } from '../repositories/runs.ts';
import { childResults, type LadderResult, type RunJobData, type RunResults } from '../../jobs/queues.ts';
import { exists, writeAtomically } from '../../jobs/staging.ts';
import { orderedTracks, revisionMaster } from './publish.ts';
import { revisionDir } from './revisions.ts';

export interface JoinDeps {
  paths: DataPaths;
  runs: RunsRepository;
  log: Logger;
  /** Starts the subtitle-only run that a full run owes when subtitles changed while it ran. */
  startSubtitleRun(videoId: string): Promise<unknown>;
}

const MASTER = 'master.m3u8';

export function joinProcessor(deps: JoinDeps) {
  return (job: Job<RunJobData, RunResults>) => join(job, deps);
}

async function join(job: Job<RunJobData, RunResults>, deps: JoinDeps): Promise<RunResults> {
  const data = job.data;
  const log = deps.log.child({ videoId: data.videoId, runId: data.runId, rev: data.rev, step: 'join' });
  const results = await childResults(job);
  const ladder = results.ladder;
  if (!ladder) throw new UnrecoverableError('join: the run has no ladder');
  const target = revisionDir(deps.paths, data.videoId, data.rev);
  const tidy = () => removeStaging(deps.paths, data);

  const current = await deps.runs.currentRevision(data.videoId);
  // Deleted (undefined), or replaced by a newer revision: nothing to add to, and nothing to show.
  if (current !== data.rev || (ladder.pending?.length ?? 0) > 0 || !(await exists(path.join(target, MASTER)))) {
    log.info({ current }, 'the revision is no longer current: the rest of its ladder is dropped');
    await tidy();
    if (current !== undefined) await deps.runs.complete(data.runId);
    return results;
  }

  const grown = await moveRungs(data, ladder, target);
  if (grown) {
    const missing: string[] = [];
    for (const rung of ladder.rungs) if (!(await exists(path.join(target, ladder.variantUris[rung.name])))) missing.push(rung.name);
    if (missing.length) throw new UnrecoverableError(`join: rungs missing from the revision: ${missing.join(', ')}`);
    await writeAtomically(path.join(target, MASTER), revisionMaster(ladder, orderedTracks(results.subtitles)));
  }
  const stored = await deps.runs.grown({ runId: data.runId, videoId: data.videoId, rev: data.rev, ladder });
  await tidy();
  log.info({ rungs: ladder.rungs.map((r) => r.name), stored }, grown ? 'the rest of the ladder joined the revision' : 'the revision had its whole ladder');

  // Subtitle changes made while the run was open waited for it (PipelineService.startSubtitleRun):
  // the subtitle-only run now builds on the whole ladder.
  if (await deps.runs.subtitlesChangedSince(data.runId, data.subtitles.map((s) => s.lang))) {
    log.info('subtitles changed during the run: starting a subtitle-only run');
    await deps.startSubtitleRun(data.videoId).catch((err) => log.error({ err }, 'could not start the subtitle-only run'));
  }
  return results;
}

/**
 * Moves the rungs grow made from the staging folder into the revision's video/ folder, each with one
 * rename. Never creates the revision's folders: if video/ is gone the rename fails and nothing of a
 * removed revision comes back. Whether any rung is in the revision that its master does not list yet.
 */
async function moveRungs(data: RunJobData, ladder: LadderResult, target: string): Promise<boolean> {
  const master = await fs.readFile(path.join(target, MASTER), 'utf8');
  let grown = false;
  for (const rung of ladder.rungs) {
    const uri = ladder.variantUris[rung.name];
    if (master.includes(`\n${uri}\n`)) continue; // published with the first pass
    grown = true;
    const from = path.join(data.workDir, 'video', rung.name);
    const to = path.join(target, 'video', rung.name);
    if (!(await exists(from))) continue; // moved by an earlier attempt (checked by the caller)
    try {
      await fs.rename(from, to);
    } catch (err: any) {
      // An earlier attempt moved it and crashed before removing the staging copy: that one is whole.
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      await fs.rm(from, { recursive: true, force: true });
    }
  }
  return grown;
}

async function removeStaging(paths: DataPaths, data: RunJobData): Promise<void> {
  await fs.rm(data.workDir, { recursive: true, force: true });
  await fs.rmdir(path.join(paths.work, data.videoId)).catch(() => {}); // only if now empty
}
