/** What every media step gets: the job's data, the results of the steps before it, and a progress callback. */
import type { Logger } from 'pino';
import type { RunJobData, RunResults } from '../../jobs/queues.ts';
import { ensureDiskSpace } from '../../media/disk-space.ts';

export interface StepContext {
  data: RunJobData;
  /** Everything the earlier steps of the run returned. */
  results: RunResults;
  log: Logger;
  /** 0..1 within this step; throttled before it reaches Redis. */
  progress(fraction: number): void;
  /** Aborted when the worker stops and cannot wait for the step any longer: stop ffmpeg now. */
  signal: AbortSignal;
  /** DISK_RESERVE_BYTES: the free space a step must leave on the data disk. */
  diskReserveBytes: number;
}

/**
 * Seconds a step still needs at the speed it has gone so far (ffmpeg's progress is steady over a
 * transcode): what the studio's "1080p in about N minutes" says. None before 2% (the rate of ffmpeg's
 * first second, opening files and filling its lookahead, says little) or once done.
 */
export function etaSeconds(elapsedSeconds: number, fraction: number): number | undefined {
  if (!(fraction >= 0.02) || fraction >= 1 || !(elapsedSeconds > 0)) return undefined;
  return Math.round((elapsedSeconds * (1 - fraction)) / fraction);
}

/**
 * Called before a step writes: throws DiskSpaceError (code disk_full; the worker fails the run at
 * once with it) unless `needed` bytes fit in the run's staging folder with the reserve left free.
 */
export async function checkDiskSpace(ctx: Pick<StepContext, 'data' | 'diskReserveBytes'>, needed = 0): Promise<void> {
  await ensureDiskSpace(ctx.data.workDir, ctx.diskReserveBytes, needed);
}
