/**
 * A worker stopped with SIGTERM while its step outlasts STOP_GRACE_SECONDS: it stops its ffmpeg and
 * exits 0 with the job still in hand, neither done nor failed, for the stalled-job check of another
 * worker (worker-restart.test.ts shows such a takeover after a kill). An Efir of its own: the job it
 * leaves behind must not reach another test's worker.
 */
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIdOf } from '../../../server/pipeline/flows.ts';
import type { StepProgress } from '../../../jobs/queues.ts';
import { bullConnection } from '../../../jobs/redis.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { insertVideo, makeClip, videoRow } from './helpers.ts';
import { spawnWorker, type WorkerProcess } from './worker-process.ts';

// A minute of video: its ladder runs for many times the 1 s grace.
const SECONDS = 60;

let t: TestEfir;
let mediaQueue: Queue;
let w: WorkerProcess | undefined;

beforeAll(async () => {
  t = await startTestEfir({ http: false, worker: false });
  mediaQueue = new Queue('media', { connection: bullConnection(t.env.REDIS_URL), prefix: t.env.QUEUE_PREFIX });
});

afterAll(async () => {
  w?.killGroup();
  await mediaQueue?.close();
  await t?.close();
});

describe('a worker stopped with SIGTERM while a step outlasts its grace', () => {
  it('stops its ffmpeg, exits 0, and leaves the job in hand (not failed) for the stalled check', async () => {
    const clip = await makeClip(path.join(t.dataDir, 'clips', 'long.mp4'), { seconds: SECONDS, width: 640, height: 360 });
    const videoId = await insertVideo(t.efir, { sourcePath: clip, sourceName: 'long.mp4', duration: SECONDS });
    w = await spawnWorker({ ...t.env, STOP_GRACE_SECONDS: '1' });
    const { runId } = await t.efir.pipeline.startFullRun(videoId);
    // The ladder's ffmpeg is running: it has reported progress.
    await expect
      .poll(
        async () => {
          const job = await mediaQueue.getJob(jobIdOf(runId, 'ladder'));
          if (!job || (await job.getState()) !== 'active') return 0;
          return Number((job.progress as unknown as StepProgress)?.fraction) || 0;
        },
        { timeout: 60_000, interval: 100 }
      )
      .toBeGreaterThan(0);

    w.child.kill('SIGTERM');
    expect(await w.exited, w.output()).toEqual({ code: 0, signal: null });
    expect(w.output()).toMatch(/stopping their ffmpeg/);
    // Nothing is left of its process group: its ffmpeg went with it. (Polled: under load the group's
    // last member, tsx's esbuild service, may take a moment to notice its parent is gone.)
    const groupGone = () => {
      try {
        process.kill(-w!.child.pid!, 0);
        return false;
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'ESRCH';
      }
    };
    await expect.poll(groupGone, { timeout: 5_000, interval: 50 }).toBe(true);
    const ladder = (await mediaQueue.getJob(jobIdOf(runId, 'ladder')))!;
    expect(await ladder.getState()).toBe('active');
    expect(ladder.attemptsMade).toBe(0);
    expect(ladder.failedReason ?? null).toBeNull();
    expect((await videoRow(t.efir, videoId)).current_rev).toBeNull();
  });
});
