/**
 * A publisher whose keyframes are too far apart (issue 15, "Bad input"): the live worker's progress
 * report with `keyframeInterval` reaches the broadcast row through the ingest's QueueEvents listener
 * (the real BullMQ events over Redis; the job is added by the test and no worker takes it), and the
 * producer's and moderators' view of the broadcast carries it, the viewers' does not. A new publish
 * clears it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { bullConnection } from '../../../jobs/redis.ts';
import { openQueue, QUEUE, type LiveJobs, type TypedQueue } from '../../../jobs/queues.ts';
import { broadcastView } from '../../../server/qa/views.ts';

let t: TestEfir;
let queue: TypedQueue<LiveJobs>;
beforeAll(async () => {
  t = await startTestEfir({ worker: false, env: { RTMP_PORT: '-1' } });
  await t.efir.liveIngest.start();
  queue = openQueue(QUEUE.live, { connection: bullConnection(t.efir.redisUrl), prefix: t.efir.config.queuePrefix });
});
afterAll(async () => {
  await queue?.close();
  await t?.close();
});

test('the keyframe interval a transcode reports is shown to the producer and moderators only', async () => {
  const producer = await t.efir.auth.createUser({ email: 'kf@example.test', displayName: 'P', role: 'producer', password: 'producer-password' });
  const b = await t.efir.live.createBroadcast(producer, { title: 'Keyframes' });
  await t.efir.qa.service.setBroadcastState('system', b.id, 'live');
  const job = await queue.add('transcode', { broadcastId: b.id, run: 'r1', input: 'rtmp://x', outDir: '/nonexistent', recordingDir: '/nonexistent', dvrSegments: 10, publishSession: 's', lowLatency: true });
  await job.updateProgress({ broadcastId: b.id, run: 'r1', ready: true });
  await expect.poll(async () => (await t.efir.live.repo.get(b.id))?.live_run, { timeout: 5000 }).toBe('r1');
  expect((await t.efir.live.repo.get(b.id))?.ingest_keyframe_seconds ?? null).toBeNull();

  await job.updateProgress({ broadcastId: b.id, run: 'r1', ready: true, keyframeInterval: 4.17 });
  await expect.poll(async () => (await t.efir.live.repo.get(b.id))?.ingest_keyframe_seconds, { timeout: 5000 }).toBeCloseTo(4.2, 3);
  const row = (await t.efir.live.repo.get(b.id))!;
  expect(broadcastView(row, true).live?.keyframeSeconds).toBe(4.2);
  expect(broadcastView(row, false).live).not.toHaveProperty('keyframeSeconds');

  // The next publish starts with no warning.
  await t.efir.qa.service.changeBroadcast(b.id, (tx) => t.efir.live.repo.markPublishing(tx, b.id));
  expect((await t.efir.live.repo.get(b.id))?.ingest_keyframe_seconds ?? null).toBeNull();
});
