/**
 * Collections (issue 11): producers make their own series from any videos (uploads, replays,
 * mirrored), ordered by hand, in six languages; the channel's playlists are the sync's, readable in
 * the studio and changed by nobody here; viewers browse those with visible videos, in order, and a
 * watch page gets the next video of its collection. Access: another producer's collection is 404,
 * a viewer may manage none, an admin every producer's.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { insertMirroredVideo } from '../../helpers/mirror-rows.ts';
import { api, createDraft, fakePublishedRevision, signIn, viewer, type Session } from './helpers.ts';
import type { User } from '../../../server/repositories/users.ts';

let t: TestEfir;
let v: Session;
let p: User;
let p2: User;
let admin: User;
let moderator: User;
let upload: string;
let draft: string;
let othersDraft: string;
let mirrored: string;
let hidden: string;

const user = async (s: Session) => (await t.efir.users.get(s.userId!))!;
const code = (promise: Promise<unknown>) => promise.then(() => 'ok', (err: { code?: string }) => err.code ?? String(err));

beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  v = await viewer(t);
  const ps = await signIn(t, 'producer');
  const p2s = await signIn(t, 'producer');
  p = await user(ps);
  p2 = await user(p2s);
  admin = await user(await signIn(t, 'admin'));
  moderator = await user(await signIn(t, 'moderator'));
  upload = await createDraft(t, ps, 'Шаг 2: регистрация');
  await fakePublishedRevision(t, upload);
  draft = await createDraft(t, ps, 'Шаг 3: черновик');
  othersDraft = await createDraft(t, p2s, 'Чужой черновик');
  mirrored = (await insertMirroredVideo(t, { title: 'Шаг 1: патент', i18n: { uz: { title: '1-qadam: patent' } } })).id;
  hidden = (await insertMirroredVideo(t, { title: 'Скрытое', hidden: true })).id;
});
afterAll(async () => t?.close());

let id: string;

test('a producer creates a collection with its texts in six languages; the Russian title is required', async () => {
  expect(await code(t.efir.collections.create(p, { title: '  ' }))).toBe('invalid_field');
  expect(await code(t.efir.collections.create(p, { title: 'x', i18n: { de: { title: 'x' } } }))).toBe('invalid_field');
  expect(await code(t.efir.collections.create(moderator, { title: 'x' }))).toBe('forbidden');
  const c = await t.efir.collections.create(p, {
    title: 'Патент шаг за шагом',
    description: 'Серия',
    i18n: { uz: { title: 'Patent qadamma-qadam', description: '' }, tg: { title: '', description: '' } }
  });
  id = c.id;
  // Empty translations are not kept.
  expect(c).toMatchObject({ title: 'Патент шаг за шагом', i18n: { uz: { title: 'Patent qadamma-qadam' } }, editable: true, count: 0 });
  expect(Object.keys(c.i18n)).toEqual(['uz']);
});

test('any visible video (upload, mirrored) or the producer’s own draft goes in; hidden and others’ drafts do not', async () => {
  await t.efir.collections.addVideo(p, id, upload);
  await t.efir.collections.addVideo(p, id, mirrored);
  await t.efir.collections.addVideo(p, id, draft);
  // Twice is once.
  await t.efir.collections.addVideo(p, id, upload);
  expect(await code(t.efir.collections.addVideo(p, id, hidden))).toBe('not_found');
  expect(await code(t.efir.collections.addVideo(p, id, othersDraft))).toBe('not_found');
  const studio = await t.efir.collections.getForStudio(p, id);
  expect(studio.items.map((i) => [i.id, i.visible])).toEqual([
    [upload, true],
    [mirrored, true],
    [draft, false]
  ]);
  expect(studio.collection).toMatchObject({ itemCount: 3, count: 2 });
});

test('ordered by hand: up and down swap neighbours, the ends stay', async () => {
  await t.efir.collections.moveVideo(p, id, mirrored, 'up');
  await t.efir.collections.moveVideo(p, id, mirrored, 'up');
  await t.efir.collections.moveVideo(p, id, draft, 'down');
  expect((await t.efir.collections.getForStudio(p, id)).items.map((i) => i.id)).toEqual([mirrored, upload, draft]);
});

test('viewers: the list and the collection show its visible videos in order, with translations', async () => {
  const list = await api(t, v, 'GET', '/api/collections');
  expect(list.status).toBe(200);
  expect(list.body.items).toEqual([
    expect.objectContaining({ id, title: 'Патент шаг за шагом', i18n: { uz: { title: 'Patent qadamma-qadam' } }, fromYoutube: false, count: 2, posterUrl: expect.stringMatching(/^\/media\/posters\/v-/) })
  ]);
  const one = await api(t, v, 'GET', `/api/collections/${id}`);
  expect(one.status).toBe(200);
  expect(one.body.items.map((i: any) => i.id)).toEqual([mirrored, upload]);
  expect(one.body.items[0]).toMatchObject({ origin: 'youtube', i18n: { uz: { title: '1-qadam: patent' } } });
  expect((await api(t, v, 'GET', '/api/collections/nope')).status).toBe(404);
});

test('next in collection: the visible video after this one, the collection named by ?c= or the first holding it', async () => {
  expect(await t.efir.collections.nextFor(mirrored, id)).toEqual({
    collection: { id, title: 'Патент шаг за шагом', i18n: { uz: { title: 'Patent qadamma-qadam' } } },
    next: { id: upload, title: 'Шаг 2: регистрация', i18n: {} },
    position: 1,
    count: 2
  });
  // The last visible one (the draft after it is no viewer's): no next.
  expect(await t.efir.collections.nextFor(upload, null)).toMatchObject({ next: null, position: 2, count: 2 });
  // A collection that does not hold it is ignored for one that does.
  expect((await t.efir.collections.nextFor(mirrored, 'other'))?.collection.id).toBe(id);
  expect(await t.efir.collections.nextFor(hidden, id)).toBeNull();
});

test('another producer finds it nowhere (404), an admin manages it', async () => {
  expect((await t.efir.collections.listForStudio(p2)).map((c) => c.id)).not.toContain(id);
  expect(await code(t.efir.collections.getForStudio(p2, id))).toBe('not_found');
  expect(await code(t.efir.collections.update(p2, id, { title: 'Захвачено' }))).toBe('not_found');
  expect(await code(t.efir.collections.addVideo(p2, id, upload))).toBe('not_found');
  expect(await code(t.efir.collections.delete(p2, id))).toBe('not_found');
  await t.efir.collections.update(admin, id, { title: 'Патент: шаг за шагом', i18n: { en: { title: 'Patent step by step' } } });
  expect((await t.efir.collections.getForStudio(p, id)).collection).toMatchObject({ title: 'Патент: шаг за шагом', i18n: { en: { title: 'Patent step by step' } } });
  expect((await t.efir.collections.listForStudio(admin)).map((c) => c.id)).toContain(id);
});

test("the channel's playlist: every producer reads it in the studio, nobody edits it here", async () => {
  const pl = 'PLsync0001';
  await t.efir.db.query(`insert into collections (id, youtube_playlist_id, title) values ('yt-playlist', $1, 'Плейлист канала')`, [pl]);
  await t.efir.db.query(`insert into collection_items (collection_id, video_id, position) values ('yt-playlist', $1, 0)`, [mirrored]);
  const seen = await t.efir.collections.getForStudio(p2, 'yt-playlist');
  expect(seen.collection).toMatchObject({ fromYoutube: true, editable: false, count: 1 });
  expect((await t.efir.collections.listForStudio(p2)).map((c) => c.id)).toContain('yt-playlist');
  for (const who of [p2, admin]) {
    expect(await code(t.efir.collections.update(who, 'yt-playlist', { title: 'x' }))).toBe('invalid_state');
    expect(await code(t.efir.collections.addVideo(who, 'yt-playlist', upload))).toBe('invalid_state');
    expect(await code(t.efir.collections.delete(who, 'yt-playlist'))).toBe('invalid_state');
  }
  // Viewers browse it like any other.
  expect((await api(t, v, 'GET', '/api/collections')).body.items.map((c: any) => c.id)).toContain('yt-playlist');
});

test('removing and deleting: the videos stay, the collection goes', async () => {
  await t.efir.collections.removeVideo(p, id, mirrored);
  await t.efir.collections.removeVideo(p, id, mirrored);
  expect((await api(t, v, 'GET', `/api/collections/${id}`)).body.items.map((i: any) => i.id)).toEqual([upload]);
  await t.efir.collections.delete(p, id);
  expect((await api(t, v, 'GET', `/api/collections/${id}`)).status).toBe(404);
  expect((await api(t, v, 'GET', `/api/videos/${upload}`)).status).toBe(200);
});
