/**
 * Variant rows that BullMQ no longer backs (server/variants/reconcile.ts): a batch whose jobs Redis
 * lost, and a failure whose event was missed, must not leave the language queued or being made for
 * good. Real Redis, real worker, real ffmpeg on a 2 s 160x120 clip; the loss is made by removing
 * the batch's jobs from Redis before any worker runs (the harness starts without one), the missed
 * event by putting a failed row back to 'active' as the listener had never heard of the failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bullConnection } from '../../../jobs/redis.ts';
import type { User } from '../../../server/repositories/users.ts';
import { makeJobId, recordJobId } from '../../../server/variants/flow.ts';
import { LOST_REASON } from '../../../server/variants/reconcile.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { FIXTURES_DIR, makeClip } from '../pipeline/helpers.ts';
import { api, createDraft, signIn, type Session } from './helpers.ts';

let t: TestEfir;
let owner: Session;
let ownerUser: User;
let media: Queue;
let pipeline: Queue;
let worker: { close(): Promise<void> } | null = null;

async function publishedVideo(title: string): Promise<{ id: string; source: string }> {
  const id = await createDraft(t, owner, title);
  const source = path.join(t.dataDir, 'sources', id, 'source.mp4');
  await makeClip(source, { seconds: 2, width: 160, height: 120, fps: 10 });
  await t.efir.db.query(
    `update videos set state = 'ready', current_rev = 1, published_at = now(), source_path = $2, source_name = 'source.mp4',
            duration = 2, width = 160, height = 120, probe = $3::jsonb where id = $1`,
    [id, path.relative(t.dataDir, source), JSON.stringify({ formatName: 'mov,mp4,m4a,3gp,3g2,mj2' })]
  );
  for (const [lang, file] of [['tg', 'tg.vtt'], ['en', 'en.srt']]) {
    await t.efir.studio.attachSubtitle(ownerUser, id, lang!, file!, fs.readFileSync(path.join(FIXTURES_DIR, file!)));
  }
  return { id, source };
}

const row = async (id: string, lang: string) =>
  (await t.efir.db.query<any>('select * from video_variants where video_id = $1 and lang = $2', [id, lang]))[0];

/** As if the row had been asked for long ago (beyond VARIANT_MISSING_GRACE_MS). */
const backdate = (id: string, lang: string) =>
  t.efir.db.query(`update video_variants set requested_at = now() - interval '10 minutes' where video_id = $1 and lang = $2`, [id, lang]);

/** Redis loses the batch: both its jobs go. */
async function loseJobs(batchId: string): Promise<void> {
  await pipeline.remove(recordJobId(batchId), { removeChildren: true });
  await media.remove(makeJobId(batchId));
  expect(await pipeline.getJob(recordJobId(batchId))).toBeUndefined();
  expect(await media.getJob(makeJobId(batchId))).toBeUndefined();
}

async function waitForState(id: string, lang: string, states: string[]): Promise<any> {
  for (;;) {
    const res = await api(t, null, 'GET', `/api/videos/${id}/variants/${lang}`);
    expect(res.status).toBe(200);
    if (states.includes(res.body.state)) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  // No worker yet: jobs wait in Redis until a test removes them or starts one.
  t = await startTestEfir({ worker: false });
  owner = await signIn(t, 'producer');
  ownerUser = (await t.efir.users.get(owner.userId!))!;
  const connection = bullConnection(t.env.REDIS_URL!);
  media = new Queue('media', { connection, prefix: t.env.QUEUE_PREFIX });
  pipeline = new Queue('pipeline', { connection, prefix: t.env.QUEUE_PREFIX });
}, 60_000);
afterAll(async () => {
  await media?.close();
  await pipeline?.close();
  await t?.close();
});

describe('a batch whose jobs Redis lost', () => {
  test('the reconcile (pipeline start, periodic) fails it with the reason; a new request makes it again', async () => {
    const { id } = await publishedVideo('Потерянные задания');
    const asked = await api(t, null, 'POST', `/api/videos/${id}/variants/tg`);
    expect(asked.status).toBe(202);
    const lost = await row(id, 'tg');
    expect(fs.existsSync(path.join(t.dataDir, 'variants', id, 'tmp', `${lost.batch_id}-tg.vtt`))).toBe(true);
    expect(lost.state).toBe('queued');
    await loseJobs(lost.batch_id);

    // Just asked for: the row may be waiting for its flow to be added, so it is left alone.
    await t.efir.variants.reconcile();
    expect((await row(id, 'tg')).state).toBe('queued');

    await backdate(id, 'tg');
    await t.efir.variants.reconcile();
    const failed = await api(t, null, 'GET', `/api/videos/${id}/variants/tg`);
    expect(failed.body).toMatchObject({ state: 'failed', error: LOST_REASON });
    // Its staging WebVTT went with it.
    expect(fs.existsSync(path.join(t.dataDir, 'variants', id, 'tmp', `${lost.batch_id}-tg.vtt`))).toBe(false);

    worker ??= await t.startWorker();
    const again = await api(t, null, 'POST', `/api/videos/${id}/variants/tg`);
    expect(again.status).toBe(202);
    expect((await row(id, 'tg')).batch_id).not.toBe(lost.batch_id);
    const ready = await waitForState(id, 'tg', ['ready', 'failed']);
    expect(ready).toMatchObject({ state: 'ready', error: null });
  }, 60_000);

  test('a request that finds such a row queued for long makes it again at once', async () => {
    await worker?.close();
    worker = null;
    const { id } = await publishedVideo('Потерянные задания 2');
    expect((await api(t, null, 'POST', `/api/videos/${id}/variants/en`)).status).toBe(202);
    const lost = await row(id, 'en');
    await loseJobs(lost.batch_id);
    // Asked again while the loss is not yet old: nothing to do, still the same batch.
    expect((await api(t, null, 'POST', `/api/videos/${id}/variants/en`)).body.state).toBe('queued');
    expect((await row(id, 'en')).batch_id).toBe(lost.batch_id);

    await backdate(id, 'en');
    worker = await t.startWorker();
    const again = await api(t, null, 'POST', `/api/videos/${id}/variants/en`);
    expect(again.status).toBe(202);
    expect(['queued', 'active', 'ready']).toContain(again.body.state);
    expect((await row(id, 'en')).batch_id).not.toBe(lost.batch_id);
    const ready = await waitForState(id, 'en', ['ready', 'failed']);
    expect(ready).toMatchObject({ state: 'ready', error: null });
  }, 60_000);

  test('a make job left without its record step is removed, the rows failed', async () => {
    await worker?.close();
    worker = null;
    const { id } = await publishedVideo('Без записи');
    expect((await api(t, null, 'POST', `/api/videos/${id}/variants/tg`)).status).toBe(202);
    const lost = await row(id, 'tg');
    // Only the parent goes (BullMQ keeps the child when asked to).
    await pipeline.remove(recordJobId(lost.batch_id), { removeChildren: false });
    expect(await media.getJob(makeJobId(lost.batch_id))).toBeDefined();
    await backdate(id, 'tg');
    await t.efir.variants.reconcile();
    expect((await row(id, 'tg')).state).toBe('failed');
    expect(await media.getJob(makeJobId(lost.batch_id))).toBeUndefined();
  });
});

describe('a failure whose event was missed', () => {
  test('the reconcile reads the failed job and fails the row with its reason; a failed row is made again on request', async () => {
    worker ??= await t.startWorker();
    const { id, source } = await publishedVideo('Пропущенный отказ');
    const good = fs.readFileSync(source);
    fs.writeFileSync(source, Buffer.from('not a video at all'));
    expect((await api(t, null, 'POST', `/api/videos/${id}/variants/tg`)).status).toBe(202);
    const first = await waitForState(id, 'tg', ['ready', 'failed']);
    expect(first.state).toBe('failed');
    const { batch_id: batchId } = await row(id, 'tg');
    const job = await media.getJob(makeJobId(batchId));
    expect(await job!.getState()).toBe('failed');
    expect(job!.failedReason).toBeTruthy();

    // The web process was down when the job failed: the row still says it is being made.
    await t.efir.db.query(`update video_variants set state = 'active', error = null, finished_at = null where video_id = $1 and lang = 'tg'`, [id]);
    // A failed job needs no grace: the reconcile settles it however recent.
    await t.efir.variants.reconcile();
    expect(await api(t, null, 'GET', `/api/videos/${id}/variants/tg`).then((r) => r.body)).toMatchObject({ state: 'failed', error: job!.failedReason.slice(0, 2000) });

    // Asked again once the source is sound: a new batch, made.
    fs.writeFileSync(source, good);
    const again = await api(t, null, 'POST', `/api/videos/${id}/variants/tg`);
    expect(again.status).toBe(202);
    expect((await row(id, 'tg')).batch_id).not.toBe(batchId);
    expect(await waitForState(id, 'tg', ['ready', 'failed'])).toMatchObject({ state: 'ready', error: null });

    // The same missed failure found by a request instead (a row being made for long).
    fs.writeFileSync(source, Buffer.from('broken again'));
    await t.efir.studio.attachSubtitle(ownerUser, id, 'tg', 'tg.vtt', Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.500\nМатни нав: ҳ ҷ қ ғ ӣ ӯ\n'));
    expect((await waitForState(id, 'tg', ['ready', 'failed'])).state).toBe('failed');
    const { batch_id: second } = await row(id, 'tg');
    await t.efir.db.query(`update video_variants set state = 'active', error = null, finished_at = null where video_id = $1 and lang = 'tg'`, [id]);
    await backdate(id, 'tg');
    fs.writeFileSync(source, good);
    expect((await api(t, null, 'POST', `/api/videos/${id}/variants/tg`)).status).toBe(202);
    expect((await row(id, 'tg')).batch_id).not.toBe(second);
    expect(await waitForState(id, 'tg', ['ready', 'failed'])).toMatchObject({ state: 'ready', error: null });
  }, 90_000);
});
