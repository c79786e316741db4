/**
 * Machine-translation drafts (POST /api/studio/videos/:id/subtitles/:lang/draft) against a local
 * stand-in of the Cloud Translation v2 API (test/helpers/fake-translate.ts) reached through
 * @google-cloud/translate's client at TRANSLATE_API_ROOT: one request per batch of cues, timing kept,
 * human cues kept, machine flags and counts, every error shape → the code and reason with the track
 * untouched, and viewers' "machine-translated" label in the watch data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { FAKE_TRANSLATE_KEY, fakeTranslation, startFakeTranslate, type FakeTranslate, type FakeTranslateFailure } from '../../helpers/fake-translate.ts';
import { api, createDraft, fakePublishedRevision, signIn, type Session } from './helpers.ts';
import { GoogleTranslator } from '../../../server/translate/client.ts';
import { SubtitleDraftService } from '../../../server/services/subtitle-draft.ts';

const BATCH = 3;
const RU = [
  [1, 2.5, 'Здравствуйте!'],
  [3, 4.5, 'Сегодня поговорим о патенте.'],
  [5, 6.5, 'Это важно & нужно.'],
  [7, 8.5, 'Сначала документы.'],
  [9, 10.5, 'Потом оплата.'],
  [11, 12.5, 'Вопросы?'],
  [13, 14.5, 'До свидания.']
] as const;
const srtTime = (s: number) => `00:00:${String(Math.floor(s)).padStart(2, '0')},${String(Math.round((s % 1) * 1000)).padStart(3, '0')}`;
const RU_SRT = RU.map(([a, b, text], i) => `${i + 1}\n${srtTime(a)} --> ${srtTime(b)}\n${text}\n`).join('\n');

let fake: FakeTranslate;
let t: TestEfir;
let p: Session;
beforeAll(async () => {
  fake = await startFakeTranslate();
  t = await startTestEfir({
    worker: false,
    env: { TRANSLATE_API_KEY: FAKE_TRANSLATE_KEY, TRANSLATE_API_ROOT: fake.url, TRANSLATE_BATCH_CUES: String(BATCH), TRANSLATE_TIMEOUT_SECONDS: '1' }
  });
  p = await signIn(t, 'producer');
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.fail(null);
  fake.requests.length = 0;
});

async function videoWithRussian(): Promise<string> {
  const id = await createDraft(t, p, 'Патент');
  const res = await api(t, p, 'PUT', `/api/studio/videos/${id}/subtitles/ru`, new TextEncoder().encode(RU_SRT), { 'x-file-name': 'ru.srt' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return id;
}
const draft = (id: string, lang: string, baseVersion: number) => api(t, p, 'POST', `/api/studio/videos/${id}/subtitles/${lang}/draft`, { baseVersion });
const row = async (id: string, lang: string) =>
  (await t.efir.db.query<{ version: number; machine_cues: number; cue_count: number }>('select version, machine_cues, cue_count from video_subtitles where video_id = $1 and lang = $2', [id, lang]))[0];
const versionRows = async (id: string, lang: string) =>
  t.efir.db.query<{ version: number; kind: string; machine_cues: number }>('select version, kind, machine_cues from subtitle_versions where video_id = $1 and lang = $2 order by version', [id, lang]);
const storedFile = (id: string, lang: string) => fs.readFileSync(path.join(t.efir.paths.sources, id, 'subtitles', `${lang}.vtt`), 'utf8');

test('a draft of an empty language: every Russian cue, one request per batch, timing kept, all machine-made', async () => {
  const id = await videoWithRussian();
  const res = await draft(id, 'tg', 0);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toMatchObject({ version: 1, drafted: 7, kept: 0, replaced: 0, requests: 3 });

  // 7 cues in batches of 3: three requests, each as the v2 API takes it
  expect(fake.requests.map((r) => r.q.length)).toEqual([3, 3, 1]);
  for (const r of fake.requests) expect(r).toMatchObject({ key: FAKE_TRANSLATE_KEY, source: 'ru', target: 'tg', format: 'text', status: 200 });
  expect(fake.requests.flatMap((r) => r.q)).toEqual(RU.map((c) => c[2]));

  const data = await t.efir.subtitleEditor.load((await t.efir.users.get(p.userId!))!, id, 'tg');
  expect(data.target.version).toBe(1);
  expect(data.target.cues).toEqual(RU.map(([start, end, text]) => ({ start, end, text: fakeTranslation(text, 'tg'), machine: true })));
  expect(await row(id, 'tg')).toEqual({ version: 1, machine_cues: 7, cue_count: 7 });
  expect(await versionRows(id, 'tg')).toEqual([{ version: 1, kind: 'draft', machine_cues: 7 }]);
  expect(storedFile(id, 'tg')).toContain('[tg] Сегодня поговорим о патенте.');
});

test('a second draft keeps what a person wrote and replaces the earlier machine cues', async () => {
  const id = await videoWithRussian();
  expect((await draft(id, 'uz', 0)).status).toBe(200);
  const user = (await t.efir.users.get(p.userId!))!;
  // A person rewrites the cue at 3–4.5 s and adds one of their own over 13–14.5 s; the rest stay machine-made.
  const { target } = await t.efir.subtitleEditor.load(user, id, 'uz');
  const cues = target.cues.map((c) => (c.start === 3 ? { start: 3, end: 4.5, text: 'Bugun patent haqida gaplashamiz.' } : c));
  cues[6] = { start: 13.2, end: 14.4, text: 'Xayr!' };
  const saved = await t.efir.subtitleEditor.save(user, id, 'uz', { baseVersion: 1, cues });
  expect(saved.version).toBe(2);
  expect((await row(id, 'uz'))!.machine_cues).toBe(5);

  fake.requests.length = 0;
  const res = await draft(id, 'uz', 2);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toMatchObject({ version: 3, drafted: 5, kept: 2, replaced: 5, requests: 2 });
  expect(fake.requests.flatMap((r) => r.q)).toEqual([RU[0][2], RU[2][2], RU[3][2], RU[4][2], RU[5][2]]);
  const after = await t.efir.subtitleEditor.load(user, id, 'uz');
  expect(after.target.cues.map((c) => [c.start, c.text, c.machine ?? false])).toEqual([
    [1, fakeTranslation(RU[0][2], 'uz'), true],
    [3, 'Bugun patent haqida gaplashamiz.', false],
    [5, fakeTranslation(RU[2][2], 'uz'), true],
    [7, fakeTranslation(RU[3][2], 'uz'), true],
    [9, fakeTranslation(RU[4][2], 'uz'), true],
    [11, fakeTranslation(RU[5][2], 'uz'), true],
    [13.2, 'Xayr!', false]
  ]);
  expect(await versionRows(id, 'uz')).toEqual([
    { version: 1, kind: 'draft', machine_cues: 7 },
    { version: 2, kind: 'edit', machine_cues: 5 },
    { version: 3, kind: 'draft', machine_cues: 5 }
  ]);
});

describe('the service failing: the reason, and the track untouched', () => {
  const cases: [FakeTranslateFailure, number | null, string][] = [
    ['badKey', 400, 'API_KEY_INVALID'],
    ['accessNotConfigured', 403, 'accessNotConfigured'],
    ['dailyLimitExceeded', 403, 'dailyLimitExceeded'],
    ['userRateLimitExceeded', 403, 'userRateLimitExceeded'],
    ['rateLimited', 429, 'rateLimitExceeded'],
    ['serverError', 500, 'backendError'],
    ['malformed', null, 'malformed'], // 200 with HTML
    ['short', null, 'malformed'], // 200 with fewer translations than texts
    ['hang', null, 'timeout']
  ];
  let id: string;
  let before: string;
  beforeAll(async () => {
    id = await videoWithRussian();
    fake.fail(null);
    expect((await draft(id, 'ro', 0)).status).toBe(200);
    before = storedFile(id, 'ro');
  });

  test.each(cases)('%s (HTTP %s) → translation_failed naming %s', async (mode, status, reason) => {
    // The failure comes with the second batch: the first one's translation must not be written either.
    fake.fail(mode, 1);
    const res = await draft(id, 'ro', 1);
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'translation_failed', reason });
    expect(res.body.error.message).toContain(reason);
    if (status) expect(res.body.error.message).toContain(`HTTP ${status}`);
    // one request per batch and no retries: the first batch, then the failing one
    expect(fake.requests.length).toBe(2);
    expect(await row(id, 'ro')).toMatchObject({ version: 1, machine_cues: 7 });
    expect((await versionRows(id, 'ro')).length).toBe(1);
    expect(storedFile(id, 'ro')).toBe(before);
  });
});

test('a refused key on the first request, a stale baseVersion, Russian itself, no key configured', async () => {
  const id = await videoWithRussian();
  fake.keys.delete(FAKE_TRANSLATE_KEY);
  try {
    const res = await draft(id, 'az', 0);
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'translation_failed', reason: 'API_KEY_INVALID' });
    expect(await row(id, 'az')).toBeUndefined();
  } finally {
    fake.keys.add(FAKE_TRANSLATE_KEY);
  }

  fake.requests.length = 0;
  const stale = await draft(id, 'az', 4);
  expect(stale.status).toBe(409);
  expect(stale.body.error.code).toBe('subtitle_conflict');
  expect(fake.requests).toEqual([]); // nothing spent on a draft that could not be saved

  expect((await draft(id, 'ru', 1)).status).toBe(400);

  const user = (await t.efir.users.get(p.userId!))!;
  const unconfigured = new SubtitleDraftService({
    editor: t.efir.subtitleEditor,
    studio: t.efir.studio,
    translator: new GoogleTranslator({ ...t.efir.config.translate, apiKey: null })
  });
  expect(unconfigured.available).toBe(false);
  await expect(unconfigured.draft(user, id, 'az', 0)).rejects.toMatchObject({ code: 'translation_unavailable', status: 503 });
  expect(t.efir.subtitleDrafts.available).toBe(true);
});

test('viewers see a drafted track labelled machine-translated; the run data says so for the HLS name', async () => {
  const id = await createDraft(t, p, 'Опубликованное');
  const dir = await fakePublishedRevision(t, id);
  await t.efir.db.query('update videos set duration = 20 where id = $1', [id]); // the cues run to 14.5 s
  fs.writeFileSync(path.join(dir, 'subs/tg.vtt'), 'WEBVTT\n\n00:01.000 --> 00:02.500\n[tg] Здравствуйте!\n');
  expect((await api(t, p, 'PUT', `/api/studio/videos/${id}/subtitles/ru`, new TextEncoder().encode(RU_SRT), { 'x-file-name': 'ru.srt' })).status).toBe(200);
  expect((await draft(id, 'tg', 0)).status).toBe(200);

  const watch = await api(t, null, 'GET', `/api/videos/${id}`);
  expect(watch.status).toBe(200);
  const subs = watch.body.subtitles as { lang: string; machine?: boolean }[];
  expect(subs.find((s) => s.lang === 'tg')).toMatchObject({ name: 'Тоҷикӣ', machine: true });
  expect(subs.find((s) => s.lang === 'ru')!.machine).toBeUndefined();

  const sources = await t.efir.runs.subtitleSources(id);
  expect(sources.find((s) => s.lang === 'tg')!.machine).toBe(true);
  expect(sources.find((s) => s.lang === 'ru')!.machine).toBe(false);
});
