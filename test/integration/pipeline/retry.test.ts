/**
 * Failures that are not the uploader's (here: the staging folder cannot be created, as with a full
 * or read-only disk) are retried with exponential backoff; the run stays open meanwhile and shows
 * nothing, succeeds once the cause is gone, and fails with the step's error when retries run out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIdOf, STEP_ATTEMPTS } from '../../../server/pipeline/flows.ts';
import { bullConnection } from '../../../jobs/redis.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { insertVideo, makeClip, videoRow } from './helpers.ts';

let t: TestEfir;
let mediaQueue: Queue;
let clip: string;

beforeAll(async () => {
  t = await startTestEfir({ http: false });
  mediaQueue = new Queue('media', { connection: bullConnection(t.env.REDIS_URL), prefix: t.env.QUEUE_PREFIX });
  clip = await makeClip(path.join(t.dataDir, 'clips', 'short.mp4'), { seconds: 2, width: 320, height: 180 });
});

afterAll(async () => {
  await mediaQueue?.close();
  await t?.close();
});

/** A file where the video's staging folder work/<id>/ must go: every step that writes there fails with ENOTDIR. */
function blockStaging(videoId: string): string {
  const blocker = path.join(t.dataDir, 'work', videoId);
  fs.writeFileSync(blocker, 'not a folder');
  return blocker;
}

const ladderJob = (runId: string) => mediaQueue.getJob(jobIdOf(runId, 'ladder'));

describe('a step failing for a reason of ours', () => {
  it('is retried after a backoff delay and the run completes once the cause is gone', async () => {
    const videoId = await insertVideo(t.efir, { sourcePath: clip, sourceName: 'short.mp4', duration: 2 });
    const blocker = blockStaging(videoId);
    const { runId, rev } = await t.efir.pipeline.startFullRun(videoId);

    // The first attempt failed and the job now waits out its backoff (delayed), not failed for good.
    await expect.poll(async () => (await ladderJob(runId))?.getState(), { timeout: 30_000, interval: 50 }).toBe('delayed');
    const waiting = (await ladderJob(runId))!;
    expect(waiting.attemptsMade).toBe(1);
    expect(waiting.failedReason).toMatch(/^ladder: ENOTDIR/);
    expect((await t.efir.runs.get(runId))!.state).toMatch(/^(queued|active)$/);
    expect((await videoRow(t.efir, videoId)).current_rev).toBeNull();

    fs.rmSync(blocker);
    expect(await t.efir.pipeline.waitForRun(runId, 60_000)).toEqual({ state: 'completed', error: null });
    const done = (await ladderJob(runId))!;
    expect(done.attemptsStarted).toBe(2);
    // The second attempt started no sooner than the backoff allowed.
    expect(waiting.delay).toBe(1000); // the first backoff step
    expect(done.processedOn! - waiting.processedOn!).toBeGreaterThanOrEqual(1000);
    expect(await videoRow(t.efir, videoId)).toMatchObject({ state: 'ready', current_rev: rev });
  });

  it('fails the run with the step’s error once its attempts are used up', async () => {
    const videoId = await insertVideo(t.efir, { sourcePath: clip, sourceName: 'short.mp4', duration: 2 });
    const blocker = blockStaging(videoId);
    try {
      const { runId } = await t.efir.pipeline.startFullRun(videoId);
      const outcome = await t.efir.pipeline.waitForRun(runId, 60_000);
      expect(outcome.state).toBe('failed');
      expect(outcome.error).toMatch(new RegExp(`^ladder: ENOTDIR: not a directory, .*work/${videoId}/`));
      expect((await ladderJob(runId))!.attemptsMade).toBe(STEP_ATTEMPTS);
      expect(await videoRow(t.efir, videoId)).toMatchObject({ state: 'failed', error: outcome.error, current_rev: null });
      expect(fs.existsSync(path.join(t.dataDir, 'media', videoId))).toBe(false);
    } finally {
      fs.rmSync(blocker);
    }
  });
});
