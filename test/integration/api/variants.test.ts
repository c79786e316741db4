/**
 * Subtitled variants through the API with a real worker (tiny clip, real ffmpeg): a viewer's
 * request queues a batch, the worker makes the MP4, the pipeline's record step marks the row ready
 * and /media/variants serves it (Range, Content-Disposition). Refusals: a language without a track
 * (404 no_subtitles), a video without a source (409 not_ready); concurrent requests queue one job;
 * the per-address limit; a subtitle change drops and re-queues the variant; `npm run variants`
 * through the control socket of the running Efir.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../../config/index.ts';
import { bullConnection } from '../../../jobs/redis.ts';
import { startControlSocket, type ControlSocket } from '../../../server/backup/control.ts';
import type { User } from '../../../server/repositories/users.ts';
import { variantsOp, type VariantLine } from '../../../server/variants/cli.ts';
import { main as variantsCli } from '../../../scripts/variants.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { FIXTURES_DIR, makeClip } from '../pipeline/helpers.ts';
import { api, createDraft, signIn, type Session } from './helpers.ts';

let t: TestEfir;
let owner: Session;
let ownerUser: User;
let videoId: string;

const TITLE = 'Патент: как оплатить';

async function attach(id: string, lang: string, file: string, bytes?: Buffer): Promise<void> {
  await t.efir.studio.attachSubtitle(ownerUser, id, lang, file, bytes ?? fs.readFileSync(path.join(FIXTURES_DIR, file)));
}

/** A published video whose source is a 2 s 160x120 clip, as processing leaves it (without the HLS, which variants do not read). */
async function publishedVideo(title: string, withSource = true): Promise<string> {
  const id = await createDraft(t, owner, title);
  let source: string | null = null;
  if (withSource) {
    source = path.join(t.dataDir, 'sources', id, 'source.mp4');
    await makeClip(source, { seconds: 2, width: 160, height: 120, fps: 10 });
  }
  await t.efir.db.query(
    `update videos set state = 'ready', current_rev = 1, published_at = now(), source_path = $2, source_name = 'source.mp4',
            duration = 2, width = 160, height = 120, probe = $3::jsonb where id = $1`,
    [id, source ? path.relative(t.dataDir, source) : null, JSON.stringify({ formatName: 'mov,mp4,m4a,3gp,3g2,mj2' })]
  );
  return id;
}

async function waitForState(id: string, lang: string, states: string[]): Promise<any> {
  for (;;) {
    const res = await api(t, null, 'GET', `/api/videos/${id}/variants/${lang}`);
    expect(res.status).toBe(200);
    if (states.includes(res.body.state)) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The make jobs BullMQ holds for this video and language (any state). */
async function makeJobs(id: string, lang: string): Promise<number> {
  const q = new Queue('media', { connection: bullConnection(t.env.REDIS_URL!), prefix: t.env.QUEUE_PREFIX });
  try {
    const jobs = await q.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'waiting-children', 'prioritized']);
    return jobs.filter((j) => j?.name === 'variants' && j.data.videoId === id && j.data.targets.some((x: { lang: string }) => x.lang === lang)).length;
  } finally {
    await q.close();
  }
}

beforeAll(async () => {
  t = await startTestEfir();
  owner = await signIn(t, 'producer');
  ownerUser = (await t.efir.users.get(owner.userId!))!;
  videoId = await publishedVideo(TITLE);
  await attach(videoId, 'tg', 'tg.vtt');
  await attach(videoId, 'uz', 'uz.bom.srt');
  await attach(videoId, 'en', 'en.srt');
}, 60_000);
afterAll(async () => t?.close());

describe('a viewer asks for a variant', () => {
  test('queued on request, made by the worker, recorded, served with Range and a readable file name', async () => {
    const before = await api(t, null, 'GET', `/api/videos/${videoId}/variants`);
    expect(before.status).toBe(200);
    expect(before.body.variants.map((v: any) => [v.lang, v.state])).toEqual([
      ['uz', 'none'],
      ['tg', 'none'],
      ['en', 'none']
    ]);
    expect(before.body.variants[0]).toMatchObject({ overCap: false, capBytes: 16_000_000, height: 120, url: null });
    expect(before.body.variants[0].estimatedBytes).toBeGreaterThan(0);

    const asked = await api(t, null, 'POST', `/api/videos/${videoId}/variants/tg`);
    expect(asked.status).toBe(202);
    expect(['queued', 'active']).toContain(asked.body.state);

    const ready = await waitForState(videoId, 'tg', ['ready', 'failed']);
    expect(ready.error).toBeNull();
    expect(ready).toMatchObject({ state: 'ready', progress: 1 });
    expect(ready.url).toMatch(new RegExp(`^/media/variants/${videoId}/tg-v1-[A-Za-z0-9]+\\.mp4$`));
    expect(ready.seconds).toBeGreaterThan(1.5);

    const [row] = await t.efir.db.query<any>('select * from video_variants where video_id = $1 and lang = $2', [videoId, 'tg']);
    expect(row.state).toBe('ready');
    const file = path.join(t.dataDir, row.file_path);
    expect(fs.statSync(file).size).toBe(Number(row.bytes));
    // The staging WebVTT is gone once recorded.
    expect(fs.readdirSync(path.join(t.dataDir, 'variants', videoId)).filter((f) => f !== 'tmp')).toEqual([path.basename(file)]);
    expect(fs.existsSync(path.join(t.dataDir, 'variants', videoId, 'tmp')) ? fs.readdirSync(path.join(t.dataDir, 'variants', videoId, 'tmp')) : []).toEqual([]);

    const whole = await fetch(`${t.baseUrl}${ready.url}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    const disposition = whole.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[^"]*-tg\.mp4"; filename\*=UTF-8''/);
    expect(disposition).toContain('filename="video-tg.mp4"');
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('Патент как оплатить (Тоҷикӣ).mp4');
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.length).toBe(Number(row.bytes));

    const part = await fetch(`${t.baseUrl}${ready.url}`, { headers: { range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${row.bytes}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(0, 100));

    // Asked again: nothing new is queued, the same file is offered.
    const again = await api(t, null, 'POST', `/api/videos/${videoId}/variants/tg`);
    expect(again.status).toBe(200);
    expect(again.body.url).toBe(ready.url);
    expect(await makeJobs(videoId, 'tg')).toBe(1);

    // Only the current file: a made-up name of the same shape is not served.
    expect((await fetch(`${t.baseUrl}/media/variants/${videoId}/tg-v1-AAAAAAAAAAA.mp4`)).status).toBe(404);
  }, 60_000);

  test('a language without a track is 404 no_subtitles; an unknown language 400', async () => {
    const res = await api(t, null, 'POST', `/api/videos/${videoId}/variants/ro`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('no_subtitles');
    expect(res.body.error.message).toMatch(/Română \(ro\)/);
    expect((await api(t, null, 'GET', `/api/videos/${videoId}/variants/ro`)).body.error.code).toBe('no_subtitles');
    const bad = await api(t, null, 'POST', `/api/videos/${videoId}/variants/xx`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('unsupported_language');
    expect((await api(t, null, 'POST', `/api/videos/NoSuchVideo/variants/tg`)).status).toBe(404);
  });

  test('a video without a source on this server (mirrored, no original) is 409 not_ready', async () => {
    const id = await publishedVideo('Без исходника', false);
    await attach(id, 'ru', 'ru.srt');
    const res = await api(t, null, 'POST', `/api/videos/${id}/variants/ru`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('not_ready');
    expect(await t.efir.db.query('select * from video_variants where video_id = $1', [id])).toEqual([]);
  });

  test('many viewers asking at once queue one job', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => api(t, null, 'POST', `/api/videos/${videoId}/variants/uz`, undefined, { 'x-forwarded-for': `10.9.0.${i + 1}` }))
    );
    expect(answers.map((a) => a.status).every((s) => s === 202 || s === 200)).toBe(true);
    await waitForState(videoId, 'uz', ['ready']);
    expect(await makeJobs(videoId, 'uz')).toBe(1);
  }, 60_000);

  test('requests that queue work are limited per address; one that finds its variant queued takes nothing', async () => {
    const limits = t.efir.config.variants;
    const saved = limits.requestsPerHour;
    limits.requestsPerHour = 1;
    try {
      const id = await publishedVideo('Лимит');
      await attach(id, 'en', 'en.srt');
      await attach(id, 'tg', 'tg.vtt');
      const from = { 'x-forwarded-for': '203.0.113.7' };
      expect((await api(t, null, 'POST', `/api/videos/${id}/variants/en`, undefined, from)).status).toBe(202);
      // Already queued or made: no ffmpeg to start, not counted.
      expect([200, 202]).toContain((await api(t, null, 'POST', `/api/videos/${id}/variants/en`, undefined, from)).status);
      const refused = await api(t, null, 'POST', `/api/videos/${id}/variants/tg`, undefined, from);
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another address has its own allowance.
      expect((await api(t, null, 'POST', `/api/videos/${id}/variants/tg`, undefined, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(202);
      await waitForState(id, 'en', ['ready']);
      await waitForState(id, 'tg', ['ready']);
    } finally {
      limits.requestsPerHour = saved;
    }
  }, 60_000);
});

describe('subtitle changes', () => {
  test('a new file for a language drops its variant (row and file) and makes it again', async () => {
    const first = await waitForState(videoId, 'tg', ['ready']);
    const [old] = await t.efir.db.query<any>('select * from video_variants where video_id = $1 and lang = $2', [videoId, 'tg']);
    const oldFile = path.join(t.dataDir, old.file_path);
    expect(fs.existsSync(oldFile)).toBe(true);

    await attach(videoId, 'tg', 'tg.vtt', Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.500\nМатни нав: ҳ ҷ қ ғ ӣ ӯ\n'));
    const [requeued] = await t.efir.db.query<any>('select * from video_variants where video_id = $1 and lang = $2', [videoId, 'tg']);
    expect(['queued', 'active', 'ready']).toContain(requeued.state);
    expect(requeued.batch_id).not.toBe(old.batch_id);
    expect(fs.existsSync(oldFile)).toBe(false);
    expect((await fetch(`${t.baseUrl}${first.url}`)).status).toBe(404);

    const again = await waitForState(videoId, 'tg', ['ready', 'failed']);
    expect(again.state).toBe('ready');
    expect(again.url).not.toBe(first.url);
  }, 60_000);

  test('a removed track drops its variant and makes nothing', async () => {
    await waitForState(videoId, 'uz', ['ready']);
    const [row] = await t.efir.db.query<any>('select file_path from video_variants where video_id = $1 and lang = $2', [videoId, 'uz']);
    await t.efir.studio.removeSubtitle(ownerUser, videoId, 'uz');
    expect(await t.efir.db.query('select * from video_variants where video_id = $1 and lang = $2', [videoId, 'uz'])).toEqual([]);
    expect(fs.existsSync(path.join(t.dataDir, row.file_path))).toBe(false);
    const list = await api(t, null, 'GET', `/api/videos/${videoId}/variants`);
    expect(list.body.variants.map((v: any) => v.lang)).toEqual(['tg', 'en']);
  });
});

describe('producers and the command line', () => {
  test('the owner makes all in one batch; another producer gets 404', async () => {
    const id = await publishedVideo('Все сразу');
    await attach(id, 'ru', 'ru.srt');
    await attach(id, 'az', 'az.ass');
    const other = await signIn(t, 'producer');
    expect((await api(t, other, 'POST', `/api/studio/videos/${id}/variants`, {})).status).toBe(404);
    expect((await api(t, null, 'POST', `/api/studio/videos/${id}/variants`, {})).status).toBe(403);
    const res = await api(t, owner, 'POST', `/api/studio/videos/${id}/variants`, {});
    expect(res.status).toBe(202);
    expect(res.body.variants.map((v: any) => v.lang)).toEqual(['ru', 'az']);
    const batches = await t.efir.db.query<{ batch_id: string }>('select distinct batch_id from video_variants where video_id = $1', [id]);
    expect(batches).toHaveLength(1);
    await waitForState(id, 'ru', ['ready']);
    await waitForState(id, 'az', ['ready']);
  }, 60_000);

  test('npm run variants through the running Efir’s control socket: one JSON line per file; clear errors', async () => {
    let control: ControlSocket | null = await startControlSocket({ dataDir: t.dataDir, db: t.efir.db, log: t.efir.log, ops: { variants: variantsOp(t.efir) } });
    // PostgreSQL runs have no control socket (any process may open the database): the CLI then
    // opens it itself, which this in-process test cannot share with the harness's PGlite.
    if (!control) return;
    try {
      const config = loadConfig(t.env as NodeJS.ProcessEnv);
      const lines: VariantLine[] = [];
      expect(await variantsCli([videoId], (l) => lines.push(l), config)).toBe(0);
      expect(lines.map((l) => l.lang)).toEqual(['tg', 'en']);
      for (const l of lines) {
        expect(path.isAbsolute(l.path!)).toBe(true);
        expect(fs.statSync(l.path!).size).toBe(l.bytes);
        expect(l.seconds).toBeGreaterThan(1.5);
      }
      await expect(variantsCli([videoId, 'ro'], () => {}, config)).rejects.toThrow(/no Română \(ro\) subtitles/);
      await expect(variantsCli(['NoSuchVideo'], () => {}, config)).rejects.toThrow(/No video NoSuchVideo/);
      await expect(variantsCli([videoId, 'xx'], () => {}, config)).rejects.toThrow(/"xx" is not supported/);
    } finally {
      await control?.close();
      control = null;
    }
  }, 60_000);
});
