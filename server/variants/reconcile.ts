/**
 * Catching up with BullMQ for variant batches, as server/pipeline/reconcile.ts does for runs. A row
 * follows its batch through QueueEvents (listener.ts), but a failure sent while no web process was
 * listening is gone, and a batch whose jobs Redis lost never sends anything: such rows would stay
 * queued or being made for good, and claim() leaves queued rows alone, so asking again would not
 * help. judgeBatch says, from the batch's two jobs, whether its open rows should fail and why; the
 * service marks them failed (the next request makes them again).
 */

/** A job of the batch as BullMQ has it; null when Redis has no such job. */
export interface BatchJob {
  /** Job.getState(): 'waiting', 'active', 'waiting-children', 'failed', …, 'unknown'. */
  state: string;
  failedReason?: string;
}

/**
 * Rows are claimed a moment before their flow is added (VariantService.queue): a batch younger than
 * this is never called lost. Failed jobs need no grace.
 */
export const VARIANT_MISSING_GRACE_MS = 60_000;

export const LOST_REASON = 'making the variant was lost: its jobs are no longer in Redis; ask for it again';

/**
 * Why the batch's open rows must fail, or null while it is on its way. `old`: the rows were
 * requested longer ago than VARIANT_MISSING_GRACE_MS.
 */
export function judgeBatch(make: BatchJob | null, record: BatchJob | null, old: boolean): string | null {
  if (make?.state === 'failed') return make.failedReason || 'making the variant failed';
  if (record?.state === 'failed') return record.failedReason || 'recording the variant failed';
  if (!old) return null;
  const gone = (j: BatchJob | null) => !j || j.state === 'unknown';
  // Nothing would record the files: the rows would wait for ever.
  if (gone(record)) return LOST_REASON;
  // The record step waits for a child that no longer exists.
  if (gone(make) && record!.state === 'waiting-children') return LOST_REASON;
  return null;
}
