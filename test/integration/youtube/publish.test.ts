/**
 * Publishing a tutorial to YouTube against the fake Data API (test/helpers/fake-youtube/uploads.ts):
 * Google's resumable protocol with small chunks, an interruption inside a run (the chunk cut short,
 * then the status query and the rest from the 308's Range), a run that dies mid-upload and is run
 * again (same session, no second session, no second video), an answer lost just as the upload
 * completed (the status query finds the video instead of uploading again), then one captions.insert
 * per subtitle track, the localizations, and the ledger's units. No ffmpeg: the "source" is random
 * bytes and the revision's subtitle files are written directly (the upload never looks inside).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { startFakeYoutube, type FakeYoutube } from '../../helpers/fake-youtube/index.ts';
import { installUploads, type FakeUploads } from '../../helpers/fake-youtube/uploads.ts';
import type { YoutubeApi } from '../../../server/youtube/api.ts';
import type { PublishService, PublishJobData } from '../../../server/youtube/publish.ts';
import { CHUNK_GRANULE } from '../../../server/youtube/resumable-upload.ts';
import type { User } from '../../../server/repositories/users.ts';
import { api as http, signIn, type Session } from '../api/helpers.ts';

const SIZE = 2 * CHUNK_GRANULE + 90_000; // three chunks of 256 KiB
let t: TestEfir;
let fake: FakeYoutube;
let uploads: FakeUploads;
let api: YoutubeApi;
let publish: PublishService;
let owner: Session;
let producer: User;
const queued: PublishJobData[] = [];
let queueEnqueue: PublishService['enqueue'];

beforeAll(async () => {
  fake = await startFakeYoutube();
  uploads = installUploads(fake);
  fake.model.tokens['upload-token'] = { channelId: 'UCefir' };
  t = await startTestEfir({ worker: false, env: { YOUTUBE_API_ROOT: fake.url, YOUTUBE_SYNC_MINUTES: '0' } });
  ({ api, publish } = { api: t.efir.youtube.api, publish: t.efir.youtube.publish });
  api.retryDelaysMs = [0, 0, 0];
  publish.chunkSize = CHUNK_GRANULE;
  // Here the jobs are run by hand, step by step; the last test goes through the youtube queue itself.
  queueEnqueue = publish.enqueue;
  publish.enqueue = async (d) => void queued.push(d);
  // The channel's account has consented (as oauth.ts stores it: a sealed refresh token) and hands out this access token.
  await t.efir.db.query(
    `insert into youtube_connection (id, refresh_token_enc, oauth_scopes, oauth_connected_at) values (1, 'sealed', 'youtube.upload', now())
     on conflict (id) do update set refresh_token_enc = 'sealed'`
  );
  api.setAccessTokens({ get: async () => 'upload-token', invalidate() {} });
  owner = await signIn(t, 'producer');
  producer = (await t.efir.users.get(owner.userId!))!;
});

afterAll(async () => {
  await t?.close();
  await fake?.close();
});

/** A processed tutorial: a source file, a revision with ru and uz subtitle tracks, an Uzbek title. */
async function tutorial(title: string): Promise<{ id: string; source: Buffer; subs: Record<string, string> }> {
  const draft = await t.efir.studio.createDraft(producer, { title, description: 'Как продлить патент <шаг за шагом>' });
  const source = crypto.randomBytes(SIZE);
  const dir = path.join(t.efir.paths.sources, draft.id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'source.mp4'), source);
  await t.efir.videos.setSource(draft.id, { path: path.relative(t.efir.config.dataDir, path.join(dir, 'source.mp4')), name: 'lesson.mp4', size: SIZE, probe: null, duration: 60, width: 640, height: 360 });
  const subsDir = path.join(t.efir.paths.media, draft.id, '1', 'subs');
  fs.mkdirSync(subsDir, { recursive: true });
  const subs = { ru: 'WEBVTT\n\n00:00.000 --> 00:02.000\nПатент\n', uz: 'WEBVTT\n\n00:00.000 --> 00:02.000\nPatent oʻzbekcha\n' };
  for (const [lang, text] of Object.entries(subs)) fs.writeFileSync(path.join(subsDir, `${lang}.vtt`), text);
  await t.efir.db.query(
    `update videos set state = 'ready', current_rev = 1, i18n = $2::jsonb where id = $1`,
    [draft.id, JSON.stringify({ uz: { title: 'Patentni uzaytirish', description: 'Qadamma-qadam' }, tg: { title: 'Тамдиди патент', description: '' } })]
  );
  return { id: draft.id, source, subs };
}

const uploadedBytes = (youtubeId: string) => {
  const s = Object.values(uploads.sessions).find((x) => x.videoId === youtubeId)!;
  return Buffer.concat(s.received);
};

test('a publish that dies mid-upload resumes its session on the next run: one session, one video, every byte once', async () => {
  const { id, source, subs } = await tutorial('Патент: продление');
  const started = await http(t, owner, 'POST', `/api/studio/videos/${id}/youtube`, { privacyStatus: 'unlisted' });
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ state: 'queued', percent: 0, youtubeVideoId: null });
  expect(queued.at(-1)).toEqual({ videoId: id, privacyStatus: 'unlisted' });
  // A second click while it is queued queues nothing new that could upload twice (one job per video).
  expect((await http(t, owner, 'POST', `/api/studio/videos/${id}/youtube`, {})).status).toBe(202);
  const job = queued.at(-1)!;

  // Run 1: the first chunk arrives, then the process dies (here: its progress report throws).
  const died = new Error('worker killed');
  await expect(
    publish.run(job, (p) => {
      if (p.phase === 'upload' && p.bytes >= CHUNK_GRANULE) throw died;
    })
  ).rejects.toBe(died);
  const afterCrash = (await publish.repo.get(id))!;
  expect(afterCrash).toMatchObject({ state: 'failed', bytesSent: CHUNK_GRANULE, totalBytes: SIZE, youtubeVideoId: null });
  expect(afterCrash.sessionUri).toMatch(/upload_id=/);
  expect(uploads.videosCreated).toHaveLength(0);

  // Run 2 (the retry): the next chunk is cut short by a dropped connection, and the answer to the
  // chunk that completes the upload is lost too. Both are found out by the status query.
  await publish.repo.queue(id, producer.id);
  uploads.interruptAt(CHUNK_GRANULE + 100_000);
  uploads.loseCompletionAnswer();
  const result = await publish.run(job);
  expect(uploads.videosCreated).toEqual([result.youtubeVideoId]);
  expect(fake.callsOf('videos.insert')).toHaveLength(1);
  expect(uploadedBytes(result.youtubeVideoId).equals(source)).toBe(true);

  // Two chunks went unanswered (the cut one and the completing one); the status queries said what YouTube held.
  expect(fake.callsOf('videos.insert.chunk').filter((c) => c.status === 0)).toHaveLength(2);
  const v = (await t.efir.videos.get(id))!;
  expect(v.youtubeId).toBe(result.youtubeVideoId);
  expect((await http(t, owner, 'GET', `/api/studio/videos/${id}/youtube`)).body.publication).toMatchObject({
    state: 'done', percent: 100, youtubeVideoId: result.youtubeVideoId, youtubeUrl: `https://www.youtube.com/watch?v=${result.youtubeVideoId}`, error: null
  });

  // The video's text: Russian, the localizations Efir has, angle brackets YouTube refuses replaced; private while unaudited.
  const yt = fake.model.videos[result.youtubeVideoId]!;
  expect(yt.snippet).toMatchObject({ title: 'Патент: продление', description: 'Как продлить патент ‹шаг за шагом›', defaultLanguage: 'ru' });
  expect(yt.localizations).toEqual({ uz: { title: 'Patentni uzaytirish', description: 'Qadamma-qadam' }, tg: { title: 'Тамдиди патент', description: '' } });
  expect(yt.status.privacyStatus).toBe('private');

  // Every subtitle track as its own caption track.
  const captions = uploads.captionsOf(result.youtubeVideoId);
  expect(captions.map((c) => c.language).sort()).toEqual(['ru', 'uz']);
  for (const c of captions) expect(c.vtt).toBe(subs[c.language as 'ru' | 'uz']);
  expect(result.captions).toEqual(['ru', 'uz']);

  // The ledger: one videos.insert and two captions.insert, purpose publish.
  const rows = await t.efir.db.query<{ method: string; units: number; purpose: string }>(
    `select method, units, purpose from youtube_api_calls where purpose = 'publish' order by id`
  );
  expect(rows.filter((r) => r.method === 'videos.insert' && r.units > 0)).toHaveLength(1);
  expect(rows.filter((r) => r.method === 'captions.insert').map((r) => r.units)).toEqual([400, 400]);

  // Done is done: publishing again is refused, and running the job again uploads nothing.
  const again = await http(t, owner, 'POST', `/api/studio/videos/${id}/youtube`, {});
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('invalid_state');
  await publish.run(job);
  expect(uploads.videosCreated).toHaveLength(1);
  expect(uploads.captionsOf(result.youtubeVideoId)).toHaveLength(2);
});

test('captions left over after the upload are sent on the retry, once each', async () => {
  const { id } = await tutorial('Регистрация');
  await publish.request(producer, id);
  fake.failNext('captions.insert', 'forbidden', 403);
  await expect(publish.run(queued.at(-1)!)).rejects.toMatchObject({ code: 'youtube_forbidden' });
  const pub = (await publish.repo.get(id))!;
  expect(pub).toMatchObject({ state: 'failed', captionsDone: [] });
  expect(pub.youtubeVideoId).not.toBeNull();
  const created = uploads.videosCreated.length;

  await publish.request(producer, id);
  await publish.run(queued.at(-1)!);
  expect(uploads.videosCreated).toHaveLength(created);
  expect(uploads.captionsOf(pub.youtubeVideoId!).map((c) => c.language).sort()).toEqual(['ru', 'uz']);
});

test('only the producer of a processed upload, or an admin, may publish it; a mirrored video is already on YouTube', async () => {
  const { id } = await tutorial('Чужое видео');
  const otherSession = await signIn(t, 'producer');
  const other = (await t.efir.users.get(otherSession.userId!))!;
  expect((await http(t, otherSession, 'POST', `/api/studio/videos/${id}/youtube`, {})).status).toBe(404);
  expect((await http(t, await signIn(t, 'moderator'), 'POST', `/api/studio/videos/${id}/youtube`, {})).status).toBe(403);
  expect((await http(t, await signIn(t, 'admin'), 'GET', `/api/studio/videos/${id}/youtube`)).body).toEqual({ publication: null });
  expect((await http(t, owner, 'POST', `/api/studio/videos/${id}/youtube`, { privacyStatus: 'secret' })).status).toBe(400);
  const draft = await t.efir.studio.createDraft(producer, { title: 'Not processed' });
  await expect(publish.request(producer, draft.id)).rejects.toMatchObject({ code: 'not_ready' });
  // Without the channel's consent there is nothing to publish with.
  await t.efir.db.query(`update youtube_connection set refresh_token_enc = null`);
  await expect(publish.request(producer, id)).rejects.toMatchObject({ code: 'youtube_not_connected' });
  await t.efir.db.query(`update youtube_connection set refresh_token_enc = 'sealed'`);
  await t.efir.db.query(`update videos set origin = 'youtube', youtube_id = 'zzzzzzzzzzz', owner_id = null where id = $1`, [draft.id]);
  await expect(publish.request(other, draft.id)).rejects.toMatchObject({ code: 'invalid_state' });
});

test('the studio action goes through the youtube queue: its publish job uploads the video and its tracks', async () => {
  const { id } = await tutorial('Через очередь');
  publish.enqueue = queueEnqueue;
  await t.efir.youtube.start();
  const before = uploads.videosCreated.length;
  expect((await http(t, owner, 'POST', `/api/studio/videos/${id}/youtube`, { privacyStatus: 'public' })).status).toBe(202);
  let view = null;
  for (let i = 0; i < 300 && view?.state !== 'done' && view?.state !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    view = (await http(t, owner, 'GET', `/api/studio/videos/${id}/youtube`)).body.publication;
  }
  expect(view).toMatchObject({ state: 'done', percent: 100 });
  expect(uploads.videosCreated).toHaveLength(before + 1);
  expect(uploads.captionsOf(view.youtubeVideoId)).toHaveLength(2);
});
