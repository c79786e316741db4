/**
 * A batch of subtitled variants in BullMQ, pure so it is unit-testable: the `variants` job on the
 * media queue (one ffmpeg for every language of the batch) under its parent `variants-record` on
 * the pipeline queue, which the web process runs to record the files. Job ids `vb-<batchId>-make`
 * and `vb-<batchId>-record`: the run progress listener (server/pipeline/progress.ts) cannot parse
 * them and leaves them alone; parseVariantJobId finds the batch again.
 */
import type { FlowJob, JobsOptions } from 'bullmq';
import { QUEUE, type VariantsJobData } from '../../jobs/queues.ts';

const DAY_SECONDS = 86_400;

const OPTIONS: Omit<JobsOptions, 'jobId' | 'parent'> = {
  // ffmpeg problems worth a retry (a worker killed mid-way) are rare; bad input fails at once
  // (the worker throws UnrecoverableError), so two attempts are enough.
  attempts: 2,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: DAY_SECONDS },
  removeOnFail: { age: 7 * DAY_SECONDS }
};

export const makeJobId = (batchId: string) => `vb-${batchId}-make`;
export const recordJobId = (batchId: string) => `vb-${batchId}-record`;

/** The batch a job id belongs to and which of its two jobs it is, or null for any other job. */
export function parseVariantJobId(jobId: string): { batchId: string; job: 'make' | 'record' } | null {
  const m = /^vb-(.+)-(make|record)$/.exec(jobId);
  return m ? { batchId: m[1]!, job: m[2] as 'make' | 'record' } : null;
}

export function buildVariantsFlow(data: VariantsJobData): FlowJob {
  return {
    name: 'variants-record',
    queueName: QUEUE.pipeline,
    data,
    opts: { ...OPTIONS, jobId: recordJobId(data.batchId) },
    children: [
      {
        name: 'variants',
        queueName: QUEUE.media,
        data,
        // A failed make fails the record at once instead of leaving it waiting forever.
        opts: { ...OPTIONS, jobId: makeJobId(data.batchId), failParentOnFailure: true }
      }
    ]
  };
}
