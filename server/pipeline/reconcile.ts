/**
 * Catching up with BullMQ. Run state normally follows QueueEvents, but events sent while no web
 * process was listening are gone; so at start and every 15 s, runs the database still thinks are
 * open are checked against their jobs: a failed step fails the run with its message, a run whose
 * jobs are all gone (Redis flushed) fails with a message saying so.
 */
import { withCode } from '../../media/coded-message.ts';
import type { Logger } from 'pino';
import { checkRunFailure, failRun, rootCause, runJobs, type FailureDeps } from './failure.ts';

export const RECONCILE_INTERVAL_MS = 15_000;
/** A run is inserted before its flow is added; do not call it missing in between. */
const MISSING_GRACE_MS = 60_000;

export async function reconcileRuns(deps: FailureDeps, log: Logger): Promise<void> {
  for (const run of await deps.runs.listOpen()) {
    try {
      const cause = await rootCause(deps.queues, run);
      if (cause) {
        await checkRunFailure(deps, run.id);
        continue;
      }
      const jobs = await runJobs(deps.queues, run);
      const old = Date.now() - run.createdAt.getTime() > MISSING_GRACE_MS;
      if (old && jobs.every((j) => j.job === undefined)) {
        await failRun(deps, run.id, withCode('processing was lost: its jobs are no longer in Redis; start processing again', 'internal', { problem: 'run_lost' }));
      }
    } catch (err) {
      log.warn({ err, runId: run.id }, 'could not reconcile run');
    }
  }
}
