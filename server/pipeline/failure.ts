/**
 * Turning a failed BullMQ flow into a failed run. With failParentOnFailure every parent of a failed
 * step fails too, with a generic "child … failed"; the message worth showing is the one of the first
 * step (leaf-most) that failed, e.g. "clip.mp4: audio only: no video stream".
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { DataPaths } from '../../config/index.ts';
import type { Run, RunsRepository } from '../repositories/runs.ts';
import type { Step } from '../../jobs/queues.ts';
import { jobIdOf, queueOf, stepsOf } from './flows.ts';
import type { EmitRunEvent } from './types.ts';

export type RunQueues = Record<string, Queue>;

export interface FailureDeps {
  queues: RunQueues;
  runs: RunsRepository;
  paths: DataPaths;
  log: Logger;
  emit: EmitRunEvent;
}

/** The run's jobs, first step first; undefined where BullMQ no longer has (or never had) the job. */
export async function runJobs(queues: RunQueues, run: Pick<Run, 'id' | 'kind'>): Promise<{ step: Step; job: Job | undefined }[]> {
  return Promise.all(
    stepsOf(run.kind).map(async (step) => ({ step, job: await queues[queueOf(step)].getJob(jobIdOf(run.id, step)) }))
  );
}

/** The first failed step and its message, or null while nothing of the run has failed for good. */
export async function rootCause(queues: RunQueues, run: Pick<Run, 'id' | 'kind'>): Promise<{ step: Step; message: string } | null> {
  for (const { step, job } of await runJobs(queues, run)) {
    if (job && (await job.getState()) === 'failed') {
      return { step, message: job.failedReason || `${step} failed` };
    }
  }
  return null;
}

/**
 * Marks the run failed (and its video, if it has nothing published), removes its staging folder and
 * tells listeners. A run that already finished is left alone, so duplicate reports are harmless.
 */
export async function failRun(deps: FailureDeps, runId: string, message: string, step: Step | null = null): Promise<boolean> {
  const run = await deps.runs.fail(runId, message);
  if (!run) return false;
  deps.log.warn({ videoId: run.videoId, runId, rev: run.rev, step, error: message }, 'processing run failed');
  // The run is failed in the database already; a staging folder that cannot go now (the disk
  // problem that failed the run, say) is removed by the next start's cleanup instead.
  await fs
    .rm(path.join(deps.paths.work, run.videoId, String(run.rev)), { recursive: true, force: true })
    .catch((err) => deps.log.warn({ err, runId }, 'could not remove the staging folder of a failed run'));
  await fs.rmdir(path.join(deps.paths.work, run.videoId)).catch(() => {}); // only if now empty
  deps.emit({ videoId: run.videoId, runId, kind: run.kind, state: 'failed', step: step ?? run.step, progress: run.progress, error: message });
  return true;
}

/** Called when BullMQ reports a failed job of the run: fails the run if a step really failed for good. */
export async function checkRunFailure(deps: FailureDeps, runId: string): Promise<void> {
  const run = await deps.runs.get(runId);
  if (!run || (run.state !== 'queued' && run.state !== 'active')) return;
  const cause = await rootCause(deps.queues, run);
  if (cause) await failRun(deps, runId, cause.message, cause.step);
}
