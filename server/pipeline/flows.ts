/**
 * The shape of a processing run in BullMQ, pure so it is unit-tested: which steps, on which queue,
 * with which job ids and retry options, and how step progress adds up to one progress bar.
 */
import type { FlowChildJob, FlowJob, JobsOptions } from 'bullmq';
import { EARLY_STEP_WEIGHTS, FULL_STEPS, QUEUE, STEP_WEIGHTS, SUBTITLE_STEPS, type RunJobData, type Step } from '../../jobs/queues.ts';

export type RunKind = RunJobData['kind'];

export const STEP_ATTEMPTS = 3;
export const STEP_BACKOFF_MS = 1000;

const DAY_SECONDS = 86_400;

/** Options of every job of a run. */
export const JOB_OPTIONS: Omit<JobsOptions, 'jobId' | 'parent'> = {
  attempts: STEP_ATTEMPTS,
  backoff: { type: 'exponential', delay: STEP_BACKOFF_MS },
  // Redis keeps finished jobs for a while (reconcile and debugging read them), not forever. A parent
  // still gets a removed child's return value: BullMQ stores it in the parent's own key.
  removeOnComplete: { age: 7 * DAY_SECONDS },
  removeOnFail: { age: 30 * DAY_SECONDS }
};

export function stepsOf(kind: RunKind): Step[] {
  return kind === 'full' ? FULL_STEPS : SUBTITLE_STEPS;
}

/** publish and join run in the web process, which owns the database; the rest in ffmpeg workers. */
export function queueOf(step: Step): string {
  return step === 'publish' || step === 'join' ? QUEUE.pipeline : QUEUE.media;
}

/** The run's last step, whose completion completes the run. */
export function lastStepOf(kind: RunKind): Step {
  return stepsOf(kind).at(-1)!;
}

/**
 * Job ids are derived from the run, so a run's jobs can be found again from the database alone
 * (reconcile) and an event's job id tells which run and step it is about. BullMQ forbids ':'.
 */
export function jobIdOf(runId: string, step: Step): string {
  return `${runId}-${step}`;
}

const ALL_STEPS = new Set<string>(FULL_STEPS);

export function parseJobId(jobId: string): { runId: string; step: Step } | null {
  const dash = jobId.lastIndexOf('-');
  if (dash <= 0) return null;
  const step = jobId.slice(dash + 1);
  return ALL_STEPS.has(step) ? { runId: jobId.slice(0, dash), step: step as Step } : null;
}

/**
 * The run as a chain: BullMQ runs children before parents, so the last step is the root and the
 * first step the deepest leaf. Every job carries the same RunJobData.
 */
export function buildRunFlow(data: RunJobData): FlowJob {
  const steps = stepsOf(data.kind);
  let child: FlowChildJob | undefined;
  for (const step of steps.slice(0, -1)) {
    child = {
      name: step,
      queueName: queueOf(step),
      data,
      // A failed step fails the whole chain at once instead of leaving the parents waiting forever.
      opts: { ...JOB_OPTIONS, jobId: jobIdOf(data.runId, step), failParentOnFailure: true },
      children: child ? [child] : undefined
    };
  }
  const root = steps[steps.length - 1];
  return {
    name: root,
    queueName: queueOf(root),
    data,
    opts: { ...JOB_OPTIONS, jobId: jobIdOf(data.runId, root) },
    children: child ? [child] : undefined
  };
}

/**
 * Overall 0..1 of a run: steps before `step` count in full, `step` by its fraction, by STEP_WEIGHTS
 * (EARLY_STEP_WEIGHTS for a full run published early, whose grow step does most of the encoding).
 */
export function overallProgress(kind: RunKind, step: Step, fraction: number, publishEarly = false): number {
  const steps = stepsOf(kind);
  const weights = kind === 'full' && publishEarly ? EARLY_STEP_WEIGHTS : STEP_WEIGHTS;
  const index = steps.indexOf(step);
  if (index < 0) return 0;
  const total = steps.reduce((sum, s) => sum + weights[s], 0);
  const before = steps.slice(0, index).reduce((sum, s) => sum + weights[s], 0);
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return Math.min(1, (before + weights[step] * f) / total);
}
