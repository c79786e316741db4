/**
 * What keeps uploads from filling the disk: one upload per draft, the producer's quota
 * (UPLOAD_QUOTA_BYTES: sources plus declared lengths of unfinished uploads), the free-space reserve
 * (DISK_RESERVE_BYTES) at upload creation, at each PATCH and before a media step writes. The reserve
 * is tested by setting it above the disk's real free space, never by filling the disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { loadConfig } from '../../../config/index.ts';
import { createEfir } from '../../../server/context.ts';
import { buildApp } from '../../../server/app.ts';
import { tempDir } from '../../helpers/env.ts';
import { jobIdOf } from '../../../server/pipeline/flows.ts';
import { bullConnection } from '../../../jobs/redis.ts';
import { api, createDraft, signIn, tinyMp4, tusCreate, upload, type Session } from './helpers.ts';

const QUOTA = 1024 * 1024;
/** Far more than any test machine has free: every reserve check must refuse. */
const HUGE_RESERVE = 2 ** 50;
let t: TestEfir;
let p: Session;
let dir: string;
beforeAll(async () => {
  t = await startTestEfir({ worker: false, env: { UPLOAD_QUOTA_BYTES: String(QUOTA) } });
  p = await signIn(t, 'producer');
  dir = tempDir('efir-disk-fixtures-');
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; file?: string } }).error;
const uploadRows = async (videoId: string) =>
  (await t.efir.db.query<{ n: number }>('select count(*) as n from uploads where video_id = $1', [videoId]))[0]!.n;

describe('one upload per draft', () => {
  test('ten creations into one draft at once: exactly one is admitted', async () => {
    const id = await createDraft(t, p);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => tusCreate(t, p, id, `tab${i}.mp4`, 1000)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    for (const r of answers.filter((a) => a.status === 409)) expect((await errorOf(r)).code).toBe('upload_in_progress');
    expect(await uploadRows(id)).toBe(1);
  });
});

describe('the quota of each producer', () => {
  test('declared lengths of unfinished uploads count: the one that would go over is refused, naming the file', async () => {
    const q = await signIn(t, 'producer');
    expect((await tusCreate(t, q, await createDraft(t, q), 'first.mov', 700_000)).status).toBe(201);
    const over = await tusCreate(t, q, await createDraft(t, q), 'second.mov', 400_000);
    expect(over.status).toBe(413);
    const error = await errorOf(over);
    expect(error).toMatchObject({ code: 'quota_exceeded', file: 'second.mov' });
    expect(error.message).toMatch(/^second\.mov: .*quota of 1 MB/);
    expect((await tusCreate(t, q, await createDraft(t, q), 'third.mov', 300_000)).status).toBe(201);
    // Another producer's quota is their own.
    const other = await signIn(t, 'producer');
    expect((await tusCreate(t, other, await createDraft(t, other), 'theirs.mov', 700_000)).status).toBe(201);
  });

  test('uploads begun at once into several drafts: only what fits is admitted', async () => {
    const q = await signIn(t, 'producer');
    const drafts = await Promise.all(Array.from({ length: 8 }, () => createDraft(t, q)));
    const answers = await Promise.all(drafts.map((id, i) => tusCreate(t, q, id, `part${i}.mov`, 300_000)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(3);
    expect(answers.filter((r) => r.status === 413)).toHaveLength(5);
  });

  test('stored sources count too', async () => {
    const q = await signIn(t, 'producer');
    const bytes = tinyMp4(dir);
    expect(await upload(t, q, await createDraft(t, q), 'kept.mp4', bytes)).toMatchObject({ ok: true });
    const left = QUOTA - bytes.length;
    expect((await tusCreate(t, q, await createDraft(t, q), 'one too many.mov', left + 1)).status).toBe(413);
    expect((await tusCreate(t, q, await createDraft(t, q), 'just fits.mov', left)).status).toBe(201);
  });

  test('a cancelled upload gives its share back', async () => {
    const q = await signIn(t, 'producer');
    const created = await tusCreate(t, q, await createDraft(t, q), 'big.mov', QUOTA);
    expect(created.status).toBe(201);
    expect((await tusCreate(t, q, await createDraft(t, q), 'small.mov', 10)).status).toBe(413);
    const url = new URL(created.headers.get('location')!, t.baseUrl).pathname;
    const cancel = await fetch(`${t.baseUrl}${url}`, { method: 'DELETE', headers: { cookie: q.cookie, 'x-csrf-token': q.csrf!, 'tus-resumable': '1.0.0' } });
    expect(cancel.status).toBe(204);
    expect((await tusCreate(t, q, await createDraft(t, q), 'small.mov', 10)).status).toBe(201);
  });
});

// Two web instances share the database and the data directory (PGlite is one process's: PostgreSQL only).
describe.skipIf(!process.env.DATABASE_URL)('across two instances', () => {
  test('one upload per draft and the quota hold whichever instance is asked', async () => {
    const config = loadConfig({ ...t.env, UPLOAD_QUOTA_BYTES: String(QUOTA) } as NodeJS.ProcessEnv);
    const efir = await createEfir(config, { redisUrl: t.env.REDIS_URL!, log: pino({ level: 'silent' }) });
    const app = await buildApp(efir, { pages: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const b = { ...t, baseUrl: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` } as TestEfir;
    try {
      const q = await signIn(t, 'producer');
      const draft = await createDraft(t, q);
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => tusCreate(i % 2 ? b : t, q, draft, `tab${i}.mp4`, 1000)));
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      // The 1000 bytes above count on both instances.
      expect((await tusCreate(t, q, await createDraft(t, q), 'a.mov', QUOTA - 1000 - 10)).status).toBe(201);
      expect((await tusCreate(b, q, await createDraft(t, q), 'b.mov', 11)).status).toBe(413);
      expect((await tusCreate(b, q, await createDraft(t, q), 'c.mov', 10)).status).toBe(201);
    } finally {
      await app.close();
      await efir.close();
    }
  });
});

describe('the free-space reserve', () => {
  test('at creation: 507 disk_full naming the file, nothing stored', async () => {
    const full = await startTestEfir({ worker: false, env: { DISK_RESERVE_BYTES: '1024T' } });
    try {
      const s = await signIn(full, 'producer');
      const id = await createDraft(full, s);
      const res = await tusCreate(full, s, id, 'lesson.mp4', 1000);
      expect(res.status).toBe(507);
      const error = await errorOf(res);
      expect(error).toMatchObject({ code: 'disk_full', file: 'lesson.mp4' });
      expect(error.message).toMatch(/^lesson\.mp4: the server's disk is nearly full \(.* free, 1 PB must stay free, 1000 bytes needed\)/);
      expect(fs.readdirSync(full.efir.paths.uploads).filter((f) => f.startsWith(id))).toEqual([]);
      expect((await full.efir.db.query<{ n: number }>('select count(*) as n from uploads'))[0]!.n).toBe(0);
    } finally {
      await full.close();
    }
  });

  test('at each PATCH: the rest of the upload must fit above the reserve', async () => {
    const id = await createDraft(t, p);
    const bytes = tinyMp4(dir);
    const created = await tusCreate(t, p, id, 'later.mp4', bytes.length);
    expect(created.status).toBe(201);
    const url = new URL(created.headers.get('location')!, t.baseUrl).pathname;
    const patch = () =>
      fetch(`${t.baseUrl}${url}`, {
        method: 'PATCH',
        headers: { cookie: p.cookie, 'x-csrf-token': p.csrf!, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        body: new Uint8Array(bytes)
      });
    // The disk filled up (by others) after the upload began.
    const reserve = t.efir.config.diskReserveBytes;
    t.efir.config.diskReserveBytes = HUGE_RESERVE;
    try {
      const res = await patch();
      expect(res.status).toBe(507);
      expect((await errorOf(res)).code).toBe('disk_full');
      expect(fs.statSync(path.join(t.efir.paths.uploads, path.basename(url))).size).toBe(0);
    } finally {
      t.efir.config.diskReserveBytes = reserve;
    }
    // Space again: the same upload goes on.
    expect((await patch()).status).toBe(204);
    expect((await api(t, p, 'GET', `/api/studio/videos/${id}`)).body.state).toBe('processing');
  });

  test('before a media step writes: the run fails at once with disk_full, not retried', async () => {
    const id = await createDraft(t, p);
    expect(await upload(t, p, id, 'lesson.mp4', tinyMp4(dir))).toMatchObject({ ok: true });
    const [{ id: runId }] = await t.efir.db.query<{ id: string }>('select id from processing_runs where video_id = $1', [id]);
    const worker = await t.startWorker({ diskReserveBytes: HUGE_RESERVE });
    const queue = new Queue('media', { connection: bullConnection(t.env.REDIS_URL), prefix: t.env.QUEUE_PREFIX });
    try {
      const outcome = await t.efir.pipeline.waitForRun(runId, 60_000);
      expect(outcome.state).toBe('failed');
      expect(outcome.error).toMatch(/^disk_full: the server's disk is nearly full \(.* free, 1 PB must stay free, .* needed\)/);
      expect((await queue.getJob(jobIdOf(runId, 'ladder')))!.attemptsMade).toBe(1);
      expect((await api(t, p, 'GET', `/api/studio/videos/${id}`)).body).toMatchObject({ state: 'failed', error: outcome.error });
      expect(fs.existsSync(path.join(t.efir.paths.work, id))).toBe(false);
    } finally {
      await worker.close();
      await queue.close();
    }
  });
});
