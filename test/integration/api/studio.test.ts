/**
 * The studio API: drafts, own videos with state/progress/error, edits, publish and unpublish (with
 * "publish when processed"), delete, and processing events over server-sent events.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { tempDir } from '../../helpers/env.ts';
import { insertMirroredVideo } from '../../helpers/mirror-rows.ts';
import { api, createDraft, fakePublishedRevision, signIn, tinyMp4, upload, type Session } from './helpers.ts';

let t: TestEfir;
let p: Session;
let dir: string;
beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  p = await signIn(t, 'producer');
  dir = tempDir('efir-studio-fixtures-');
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const studio = (s: Session, method: string, url = '', body?: unknown) => api(t, s, method, `/api/studio/videos${url}`, body);

test('a draft is created, listed for its owner only (admins see all), edited and deleted', async () => {
  const created = await studio(p, 'POST', '', { title: '  Патент: шаг за шагом  ', description: 'Как получить патент' });
  expect(created.status).toBe(201);
  const id = created.body.id;
  expect(created.body).toMatchObject({
    title: 'Патент: шаг за шагом',
    description: 'Как получить патент',
    state: 'uploading',
    error: null,
    published: false,
    publishWhenReady: false,
    run: null,
    subtitles: [],
    posterUrl: null
  });

  const other = await signIn(t, 'producer');
  const otherId = await createDraft(t, other, 'Theirs');
  const mine = (await studio(p, 'GET')).body.items.map((v: any) => v.id);
  expect(mine).toContain(id);
  expect(mine).not.toContain(otherId);
  const all = (await studio(await signIn(t, 'admin'), 'GET')).body.items.map((v: any) => v.id);
  expect(all).toEqual(expect.arrayContaining([id, otherId]));
  // Someone else's video does not exist for them (404, not 403: ids leak nothing).
  expect((await studio(other, 'GET', `/${id}`)).status).toBe(404);
  expect((await studio(other, 'PATCH', `/${id}`, { title: 'mine now' })).status).toBe(404);
  expect((await studio(other, 'DELETE', `/${id}`)).status).toBe(404);

  const edited = await studio(p, 'PATCH', `/${id}`, { title: 'Новое название' });
  expect(edited.body).toMatchObject({ title: 'Новое название', description: 'Как получить патент' });

  await fakePublishedRevision(t, id, 1);
  const del = await studio(p, 'DELETE', `/${id}`);
  expect(del.status).toBe(204);
  expect((await studio(p, 'GET', `/${id}`)).status).toBe(404);
  expect(fs.existsSync(path.join(t.efir.paths.media, id))).toBe(false);
  expect((await api(t, null, 'GET', `/media/${id}/1/master.m3u8`)).status).toBe(404);
});

test('titles and descriptions in six languages: taken at creation, replaced by an edit, empty ones dropped; a mirrored video\'s are YouTube\'s', async () => {
  const created = await studio(p, 'POST', '', { title: 'Патент', i18n: { uz: { title: '  Patent ' }, tg: { title: '', description: '' } } });
  expect(created.status).toBe(201);
  expect(created.body.i18n).toEqual({ uz: { title: 'Patent' } });
  const id = created.body.id;
  const six = {
    title: 'Патент за 5 минут',
    description: 'Какие документы нужны',
    i18n: {
      uz: { title: 'Patent 5 daqiqada', description: 'Qanday hujjatlar kerak' },
      tg: { title: 'Патент дар 5 дақиқа', description: 'Кадом ҳуҷҷатҳо лозиманд' },
      az: { title: 'Patent 5 dəqiqəyə', description: 'Hansı sənədlər lazımdır' },
      ro: { title: 'Patentă în 5 minute', description: 'Ce documente sunt necesare' },
      en: { title: '', description: '' }
    }
  };
  const edited = await studio(p, 'PATCH', `/${id}`, six);
  expect(edited.status).toBe(200);
  const { en: _en, ...filled } = six.i18n;
  expect(edited.body).toMatchObject({ title: six.title, description: six.description, i18n: filled });
  // Texts left out stay; the wish alone changes no text.
  expect((await studio(p, 'PATCH', `/${id}`, { publishWhenReady: true })).body.i18n).toEqual(filled);
  expect((await t.efir.videos.get(id))!.i18n).toEqual(filled);
  // Russian is title/description, not a translation; an unknown language is refused too.
  for (const lang of ['ru', 'kk']) {
    const res = await studio(p, 'PATCH', `/${id}`, { i18n: { [lang]: { title: 'x' } } });
    expect([res.status, res.body.error.field]).toEqual([400, `i18n.${lang}`]);
  }
  const mirrored = await insertMirroredVideo(t, { title: 'С канала' });
  // (Producers tend the channel's videos: subtitles, originals; the texts stay the channel's.)
  const refused = await studio(p, 'PATCH', `/${mirrored.id}`, { i18n: { uz: { title: 'Kanaldan' } } });
  expect([refused.status, refused.body.error.code]).toEqual([409, 'invalid_state']);
});

describe('invalid bodies are a 400 naming the field', () => {
  test.each([
    ['POST', {}, 'title', /^body\.title: must have required property 'title'$/],
    ['POST', { title: '' }, 'title', /^body\.title: /],
    ['POST', { title: '   ' }, 'title', /^title: must not be empty$/],
    ['POST', { title: 'x'.repeat(201) }, 'title', /^body\.title: must NOT have more than 200 characters$/],
    ['POST', { title: 'ok', description: { text: 'x' } }, 'description', /^body\.description: must be string$/],
    ['POST', { title: 'ok', titel: 'typo' }, 'titel', /^body\.titel: is not a known field$/],
    ['POST', { title: 'ok', publishWhenReady: 'yes please' }, 'publishWhenReady', /^body\.publishWhenReady: must be boolean$/],
    ['PATCH', { description: 'x'.repeat(5001) }, 'description', /^body\.description: /]
  ])('%s %j', async (method, body, field, message) => {
    const url = method === 'POST' ? '' : `/${await createDraft(t, p)}`;
    const res = await studio(p, method, url, body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toMatch(message);
  });

  test('a body that is not JSON', async () => {
    const res = await api(t, p, 'POST', '/api/studio/videos', new TextEncoder().encode('{title:'), { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/JSON/);
  });

  test('unknown video: 404 on every studio route', async () => {
    for (const [method, url] of [
      ['GET', '/NoSuchVideo'],
      ['PATCH', '/NoSuchVideo'],
      ['DELETE', '/NoSuchVideo'],
      ['POST', '/NoSuchVideo/publish'],
      ['POST', '/NoSuchVideo/unpublish']
    ] as const) {
      const res = await studio(p, method, url, method === 'PATCH' ? { title: 'x' } : undefined);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body.error.message).toBe('No video NoSuchVideo in your studio');
    }
  });
});

describe('publishing', () => {
  test('a ready video is published at once and unpublished at once', async () => {
    const id = await createDraft(t, p);
    await fakePublishedRevision(t, id, 1, { published: false });
    const pub = await studio(p, 'POST', `/${id}/publish`);
    expect(pub.body).toMatchObject({ published: true, publishedAt: expect.any(String) });
    expect((await api(t, null, 'GET', `/api/videos/${id}`)).status).toBe(200);
    const again = await studio(p, 'POST', `/${id}/publish`);
    expect(again.body.publishedAt).toBe(pub.body.publishedAt); // publishing twice keeps the date
    const unpub = await studio(p, 'POST', `/${id}/unpublish`);
    expect(unpub.body).toMatchObject({ published: false, publishedAt: null, publishWhenReady: false });
    expect((await api(t, null, 'GET', `/api/videos/${id}`)).status).toBe(404);
  });

  test('a video still processing is published by the run that makes it ready', async () => {
    const id = await createDraft(t, p);
    const pub = await studio(p, 'POST', `/${id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ published: false, publishWhenReady: true });
    // What the pipeline's publish step does when the run completes (server/repositories/runs.ts).
    const [run] = await t.efir.db.query<{ id: string }>(
      `insert into processing_runs (id, video_id, rev, kind, state) values ('r-' || $1, $1, 1, 'full', 'active') returning id`,
      [id]
    );
    await fs.promises.mkdir(path.join(t.efir.paths.media, id, '1'), { recursive: true });
    await t.efir.runs.publish({ videoId: id, rev: 1, runId: run!.id, ladder: null, probe: null });
    expect((await studio(p, 'GET', `/${id}`)).body).toMatchObject({ state: 'ready', published: true, publishWhenReady: false });
  });

  test('unpublishing cancels "publish when processed", so a later run does not bring it back', async () => {
    const id = await createDraft(t, p, 'Wait');
    await studio(p, 'PATCH', `/${id}`, { publishWhenReady: true });
    expect((await studio(p, 'GET', `/${id}`)).body.publishWhenReady).toBe(true);
    await studio(p, 'POST', `/${id}/unpublish`);
    expect((await studio(p, 'GET', `/${id}`)).body.publishWhenReady).toBe(false);
    const created = await studio(p, 'POST', '', { title: 'Auto', publishWhenReady: true });
    expect(created.body.publishWhenReady).toBe(true);
  });

  test('a video whose file was refused cannot be published: 409 with the reason', async () => {
    const id = await createDraft(t, p, 'Broken');
    await upload(t, p, id, 'manual.pdf.mp4', Buffer.from('%PDF-1.4\n%%EOF\n'));
    const res = await studio(p, 'POST', `/${id}/publish`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('not_ready');
    expect(res.body.error.message).toMatch(/^"Broken" cannot be published: its processing failed \(manual\.pdf\.mp4: /);
  });
});

test('the list shows state, progress and error of each video', async () => {
  const id = await createDraft(t, p, 'Processing');
  await upload(t, p, id, 'lesson.mp4', tinyMp4(dir));
  const items = (await studio(p, 'GET')).body.items;
  const v = items.find((i: any) => i.id === id);
  expect(v).toMatchObject({ state: 'processing', error: null, run: { kind: 'full', state: 'queued', progress: 0, error: null, step: null } });
  const failed = items.find((i: any) => i.title === 'Broken');
  expect(failed).toMatchObject({ state: 'failed', error: expect.stringMatching(/^manual\.pdf\.mp4: /) });
});

describe('GET /api/studio/events (server-sent events)', () => {
  /** Reads the stream's `data:` events until `until` says stop (or the time is up). */
  async function listen(s: Session, until: (events: any[]) => boolean, ms = 5000): Promise<{ events: any[]; headers: Headers }> {
    const ctrl = new AbortController();
    const res = await fetch(`${t.baseUrl}/api/studio/events`, { headers: { cookie: s.cookie }, signal: ctrl.signal });
    const events: any[] = [];
    const timer = setTimeout(() => ctrl.abort(), ms);
    try {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      while (!until(events)) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const chunk = buf.slice(0, i);
          buf = buf.slice(i + 2);
          for (const line of chunk.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
        }
      }
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    } finally {
      clearTimeout(timer);
      ctrl.abort();
    }
    return { events, headers: res.headers };
  }

  test("a producer hears about their own runs only", async () => {
    const other = await signIn(t, 'producer');
    const id = await createDraft(t, p, 'Evented');
    const mine = listen(p, (e) => e.some((x) => x.videoId === id));
    const theirs = listen(other, () => false, 1500);
    await new Promise((r) => setTimeout(r, 200)); // both subscribed
    expect((await upload(t, p, id, 'lesson.mp4', tinyMp4(dir))).ok).toBe(true);
    const got = await mine;
    expect(got.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(got.events.find((e) => e.videoId === id)).toMatchObject({ kind: 'full', state: 'queued', progress: 0, runId: expect.any(String) });
    expect((await theirs).events.filter((e) => e.videoId === id)).toEqual([]);
  });
});
