/**
 * The publish step, run in the process that owns the database (queue `pipeline`). It checks that
 * the run made everything a player needs, writes master.m3u8, moves the staging folder to
 * media/<id>/<rev>/ and then, in one transaction, makes that revision the video's current one.
 * Nothing of a run is visible before that transaction.
 *
 * Safe to retry at every point: a crash after the rename leaves a complete revision in place, which
 * the next attempt accepts; the transaction only ever moves current_rev forward.
 *
 * A full run published early (the first pass of its ladder) stays open: its grow and join steps add
 * the other rungs to this same revision (join.ts), and join completes it. The last step of a flow
 * (no parent job) completes the run here, as before.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { masterPlaylist } from '../../media/index.ts';
import { SUBTITLE_LANGUAGES } from '../../media/subtitles/index.ts';
import type { DataPaths } from '../../config/index.ts';
import type { RunsRepository } from '../repositories/runs.ts';
import { childResults, type LadderResult, type RunJobData, type RunResults, type SubtitlesResult } from '../../jobs/queues.ts';
import { exists, removePartials } from '../../jobs/staging.ts';
import { linkTree, moveIntoPlace, revisionDir, type RevisionJanitor } from './revisions.ts';

export interface PublishDeps {
  paths: DataPaths;
  runs: RunsRepository;
  revisions: RevisionJanitor;
  log: Logger;
  /** Starts the subtitle-only run that a full run owes when subtitles changed while it ran. */
  startSubtitleRun(videoId: string): Promise<unknown>;
}

/**
 * What a subtitle-only run takes over unchanged from the revision it builds on. `audio` (the
 * audio-only rendition) is missing from revisions made before it existed, and from silent ones:
 * skipped then, as their ladder lists no audio-only rendition either.
 */
const REUSED = ['video', 'audio', 'poster.jpg', 'sprite.jpg', 'sprite.vtt'];
const MASTER = 'master.m3u8';

export function publishProcessor(deps: PublishDeps) {
  return (job: Job<RunJobData, RunResults>) => publish(job, deps);
}

async function publish(job: Job<RunJobData, RunResults>, deps: PublishDeps): Promise<RunResults> {
  const data = job.data;
  const log = deps.log.child({ videoId: data.videoId, runId: data.runId, rev: data.rev, step: 'publish' });
  const results = await childResults(job);
  const ladder = results.ladder ?? data.ladder;
  if (!ladder) throw new UnrecoverableError('publish: the run has no ladder');
  const target = revisionDir(deps.paths, data.videoId, data.rev);

  const movedEarlier = (await exists(path.join(target, MASTER))) && !(await exists(data.workDir));
  if (!movedEarlier) {
    if (data.kind === 'subtitles') await reuseBaseRevision(deps.paths, data);
    const tracks = orderedTracks(results.subtitles);
    await verifyOutputs(data.workDir, ladder, tracks);
    // Attempt folders of killed workers (jobs/staging.ts) are no part of a revision.
    await removePartials(data.workDir);
    await fs.writeFile(path.join(data.workDir, MASTER), revisionMaster(ladder, tracks));
    await moveIntoPlace(data.workDir, target);
  }

  // A step after this one (grow, then join) completes the run.
  const complete = !job.parentKey;
  const { superseded } = await deps.runs.publish({
    runId: data.runId,
    videoId: data.videoId,
    rev: data.rev,
    ladder: data.kind === 'full' ? ladder : null,
    probe: data.kind === 'full' ? (results.probe ?? null) : null,
    complete
  });
  if (superseded) {
    // A newer revision was published first; this one was never shown.
    log.info('revision superseded by a newer one before it was published');
    deps.revisions.scheduleRemoval(data.videoId, [data.rev]);
  } else {
    log.info('revision published');
    await deps.revisions.retireOlderThan(data.videoId, data.rev);
  }

  // Subtitles edited while a full run was busy were not started as their own run (it would have
  // built on the old revision); this run owes them one now (or join does, once the ladder is whole).
  if (complete && data.kind === 'full' && (await deps.runs.subtitlesChangedSince(data.runId, data.subtitles.map((s) => s.lang)))) {
    log.info('subtitles changed during the run: starting a subtitle-only run');
    await deps.startSubtitleRun(data.videoId).catch((err) => log.error({ err }, 'could not start the subtitle-only run'));
  }
  return results;
}

/** Hard-links the video and audio-only renditions and thumbnails of the base revision into this run's folder. */
async function reuseBaseRevision(paths: DataPaths, data: RunJobData): Promise<void> {
  if (data.baseRev === null) throw new UnrecoverableError('publish: a subtitle-only run needs a base revision');
  const base = revisionDir(paths, data.videoId, data.baseRev);
  if (!(await exists(path.join(base, 'video')))) {
    throw new UnrecoverableError(`publish: revision ${data.baseRev} it builds on is gone; process the video again`);
  }
  for (const name of REUSED) {
    const src = path.join(base, name);
    const dst = path.join(data.workDir, name);
    await fs.rm(dst, { recursive: true, force: true }); // a retried attempt starts clean
    if (!(await exists(src))) continue;
    if ((await fs.stat(src)).isDirectory()) await linkTree(src, dst);
    else await fs.link(src, dst);
  }
}

/**
 * The revision's master playlist: the ladder's made rungs, the audio-only rendition and the
 * subtitle tracks. Publish writes it with the first pass, join again once the other rungs are in.
 */
export function revisionMaster(ladder: LadderResult, tracks: SubtitlesResult['tracks']): string {
  return masterPlaylist({
    rungs: ladder.rungs,
    // None is DEFAULT=YES: captions stay off until the viewer (or the phone's language) picks one.
    subtitles: tracks.map((t) => ({ lang: t.lang, name: t.name, uri: t.uri, default: false })),
    variantUri: (rung) => ladder.variantUris[rung.name],
    frameRate: ladder.plan.fps,
    audioOnly: audioOnlyOf(ladder)
  });
}

export function orderedTracks(subtitles: SubtitlesResult | undefined): SubtitlesResult['tracks'] {
  const order = (lang: string) => (SUBTITLE_LANGUAGES as readonly string[]).indexOf(lang);
  return [...(subtitles?.tracks ?? [])].sort((a, b) => order(a.lang) - order(b.lang));
}

/** The audio-only rendition the master lists: only when the ladder made one (older ladders did not). */
export function audioOnlyOf(ladder: LadderResult): { rendition: NonNullable<LadderResult['plan']['audioOnly']>; uri: string } | null {
  const rendition = ladder.plan.audioOnly;
  return rendition && ladder.audioUri ? { rendition, uri: ladder.audioUri } : null;
}

/** Every file master.m3u8 will point at, and the poster, must be there before anything is shown. */
async function verifyOutputs(workDir: string, ladder: LadderResult, tracks: SubtitlesResult['tracks']): Promise<void> {
  const audio = audioOnlyOf(ladder);
  const expected = [
    ...ladder.rungs.map((r) => ladder.variantUris[r.name]),
    ...(audio ? [audio.uri] : []),
    ...tracks.map((t) => t.uri),
    'poster.jpg'
  ];
  const missing: string[] = [];
  for (const rel of expected) if (!rel || !(await exists(path.join(workDir, rel)))) missing.push(rel ?? '(no URI)');
  if (missing.length) throw new UnrecoverableError(`publish: missing output ${missing.join(', ')}`);
}
