/** What every media step gets: the job's data, the results of the steps before it, and a progress callback. */
import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import type { RunJobData, RunResults } from '../../server/queue/jobs.ts';

export interface StepContext {
  data: RunJobData;
  /** Everything the earlier steps of the run returned. */
  results: RunResults;
  log: Logger;
  /** 0..1 within this step; throttled before it reaches Redis. */
  progress(fraction: number): void;
}

/**
 * Removes and recreates a step's output folder. Every step starts with it, so a step retried after a
 * crash, or re-run after its worker was killed, never mixes its new files with a half-written set.
 */
export async function emptyDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
}
