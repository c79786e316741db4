/** What every media step gets: the job's data, the results of the steps before it, and a progress callback. */
import type { Logger } from 'pino';
import type { RunJobData, RunResults } from '../../jobs/queues.ts';

export interface StepContext {
  data: RunJobData;
  /** Everything the earlier steps of the run returned. */
  results: RunResults;
  log: Logger;
  /** 0..1 within this step; throttled before it reaches Redis. */
  progress(fraction: number): void;
  /** Aborted when the worker stops and cannot wait for the step any longer: stop ffmpeg now. */
  signal: AbortSignal;
}
