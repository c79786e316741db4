/**
 * Revision directories on disk: moving a finished one into media/, hard-linking the unchanged parts of
 * the current one into a subtitle-only run, and removing the ones nobody needs any more. A replaced
 * revision stays for config.oldRevisionGraceMs, so players that loaded its playlists keep working.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DataPaths } from '../../config/index.ts';
import type { RunsRepository } from '../repositories/runs.ts';
import { exists } from '../../jobs/staging.ts';

export function revisionDir(paths: DataPaths, videoId: string, rev: number): string {
  return path.join(paths.media, videoId, String(rev));
}

/** Hard-links every file of `from` into `to` (created), so the copy costs no space and no time. */
export async function linkTree(from: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) await linkTree(src, dst);
    else await fs.link(src, dst);
  }
}

/**
 * Moves a complete staging folder to its place under media/. If the place is already taken, an earlier
 * attempt of the same publish got this far before it crashed: that copy is the same, keep it.
 */
export async function moveIntoPlace(workDir: string, target: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.rename(workDir, target);
  } catch (err: any) {
    if (!['EEXIST', 'ENOTEMPTY', 'ENOENT'].includes(err.code) || !(await exists(target))) throw err;
    await fs.rm(workDir, { recursive: true, force: true });
  }
  await fs.rmdir(path.dirname(workDir)).catch(() => {}); // work/<id>/, once its last run is gone
}

const isRev = (name: string) => /^\d+$/.test(name);

export class RevisionJanitor {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly paths: DataPaths,
    private readonly runs: RunsRepository,
    private readonly graceMs: number,
    private readonly log: Logger
  ) {}

  /** After `rev` became current: every older revision of the video goes once the grace period is over. */
  async retireOlderThan(videoId: string, rev: number): Promise<void> {
    const revs = (await this.revisionsOnDisk(videoId)).filter((r) => r < rev);
    this.scheduleRemoval(videoId, revs);
  }

  scheduleRemoval(videoId: string, revs: number[]): void {
    if (revs.length === 0) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.remove(videoId, revs);
    }, this.graceMs);
    timer.unref(); // never keeps a process alive; what a stop leaves behind, the next start removes
    this.timers.add(timer);
  }

  /**
   * At start: staging folders of runs that are over (a crash mid-run) go now; revisions that are not
   * current (left by a stop during the grace period, or by a deleted video) go after the grace period.
   */
  async cleanupLeftovers(): Promise<void> {
    const open = new Set((await this.runs.listOpen()).map((r) => `${r.videoId}/${r.rev}`));
    const current = await this.runs.currentRevisions();

    for (const videoId of await listDir(this.paths.work)) {
      for (const rev of await listDir(path.join(this.paths.work, videoId))) {
        if (open.has(`${videoId}/${rev}`)) continue;
        await fs.rm(path.join(this.paths.work, videoId, rev), { recursive: true, force: true });
      }
      await fs.rmdir(path.join(this.paths.work, videoId)).catch(() => {});
    }
    for (const videoId of await listDir(this.paths.media)) {
      const keep = current.get(videoId);
      const stale = (await this.revisionsOnDisk(videoId)).filter((r) => r !== keep && !open.has(`${videoId}/${r}`));
      this.scheduleRemoval(videoId, stale);
    }
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async remove(videoId: string, revs: number[]): Promise<void> {
    try {
      // Checked again at removal time: never delete what viewers are being served now.
      const current = await this.runs.currentRevision(videoId);
      for (const rev of revs) {
        if (rev === current) continue;
        await fs.rm(revisionDir(this.paths, videoId, rev), { recursive: true, force: true });
      }
      await fs.rmdir(path.join(this.paths.media, videoId)).catch(() => {});
      this.log.debug({ videoId, revs }, 'old revisions removed');
    } catch (err) {
      this.log.warn({ err, videoId, revs }, 'could not remove old revisions');
    }
  }

  private async revisionsOnDisk(videoId: string): Promise<number[]> {
    return (await listDir(path.join(this.paths.media, videoId))).filter(isRev).map(Number);
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (err: any) {
    if (err.code === 'ENOENT') return [];
    throw err;
  }
}
