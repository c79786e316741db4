/**
 * The pages of issue 11's viewer side, as served HTML: the library in Uzbek shows a mirrored video's
 * Uzbek title and the channel's schedule, never a hidden one; the watch page frames YouTube's
 * privacy-enhanced player only (its CSP allows that frame and no other) with the Uzbek transcript;
 * collections can be browsed and a watch page opened from one offers the next video; a producer
 * makes, fills, orders, renames and deletes a collection through the studio's forms; a producer's
 * video titled in six languages through the studio's form reads in Uzbek on Uzbek pages (issue 13).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HANDLER_PATH } from '../../../server/plugins/sveltekit.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { insertMirroredVideo } from '../../helpers/mirror-rows.ts';
import { createDraft, fakePublishedRevision, signIn, type Session } from '../api/helpers.ts';
import type { User } from '../../../server/repositories/users.ts';

const FIXTURES = path.join(import.meta.dirname, '../../unit/subtitles/fixtures');

let t: TestEfir;
let producer: Session;
let other: Session;
let admin: User;
let upload: string;
const m: Record<string, { id: string; youtubeId: string }> = {};

beforeAll(async () => {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" first`);
  t = await startTestEfir({ pages: true, worker: false });
  producer = await signIn(t, 'producer');
  other = await signIn(t, 'producer');
  admin = await t.efir.auth.createUser({ email: `admin-${Date.now()}@example.test`, displayName: 'Admin', role: 'admin', password: 'correct horse battery' });
  upload = await createDraft(t, producer, 'Регистрация по месту пребывания');
  await fakePublishedRevision(t, upload);
  m.plain = await insertMirroredVideo(t, { title: 'Патент за 5 минут', i18n: { uz: { title: 'Patent 5 daqiqada', description: 'Oʻzbekcha tavsif' } } });
  m.hidden = await insertMirroredVideo(t, { title: 'Скрытое на канале', hidden: true });
  m.upcoming = await insertMirroredVideo(t, { title: 'Эфир завтра', i18n: { uz: { title: 'Ertaga efir' } }, liveBroadcastContent: 'upcoming', scheduledStartTime: new Date(Date.now() + 86_400_000).toISOString() });
  await t.efir.studio.attachSubtitle(admin, m.plain.id, 'uz', 'uz.bom.srt', fs.readFileSync(path.join(FIXTURES, 'uz.bom.srt')));
});
afterAll(async () => t?.close());

const page = (p: string, s: Session | null = null, lang = 'uz') =>
  fetch(`${t.baseUrl}${p}`, { headers: { cookie: [`efir_lang=${lang}`, s?.cookie].filter(Boolean).join('; '), accept: 'text/html' }, redirect: 'manual' });

test('the library in Uzbek: the Uzbek title, the channel schedule, no hidden video, no YouTube image', async () => {
  const res = await page('/');
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toMatch(/<span class="title[^"]*" lang="uz">Patent 5 daqiqada<\/span>/);
  // The Russian original is in the page's data (for a language switch), not on the card.
  expect(html).not.toMatch(/>\s*Патент за 5 минут\s*</);
  expect(html).not.toContain('Скрытое на канале');
  expect(html).toMatch(new RegExp(`data-testid="channel-schedule"[\\s\\S]*href="/watch/${m.upcoming!.id}"[\\s\\S]*Ertaga efir`));
  // The upcoming broadcast is in the schedule, not among the library's cards.
  expect(html.match(new RegExp(`/watch/${m.upcoming!.id}`, 'g'))).toHaveLength(1);
  expect(html).toContain('href="/collections"');
  expect(html).not.toMatch(/ytimg|youtube\.com/);
});

test('the watch page frames the nocookie embed, allowed by its CSP alone, with the Uzbek transcript and files', async () => {
  const res = await page(`/watch/${m.plain!.id}`);
  expect(res.status).toBe(200);
  const csp = new Map((res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
  expect(csp.get('frame-src')).toEqual(['https://www.youtube-nocookie.com']);
  const html = await res.text();
  const src = /<iframe[^>]*src="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  expect(src).toMatch(new RegExp(`^https://www\\.youtube-nocookie\\.com/embed/${m.plain!.youtubeId}\\?`));
  expect(new URL(src!).searchParams.get('hl')).toBe('uz');
  expect(html).toMatch(/data-testid="transcript"[^>]*>[\s\S]*<\/ol>/);
  expect(html).toContain(`href="/api/videos/${m.plain!.id}/subtitles/uz"`);
  expect(html).toContain('Oʻzbekcha tavsif');
  expect((await page(`/watch/${m.hidden!.id}`)).status).toBe(404);
});

test('collections: browsed from the list, in order, and the watch page offers the next one', async () => {
  const owner = (await t.efir.users.get(producer.userId!))!;
  const c = await t.efir.collections.create(owner, { title: 'Документы мигранта', i18n: { uz: { title: 'Migrant hujjatlari' } } });
  await t.efir.collections.addVideo(owner, c.id, m.plain!.id);
  await t.efir.collections.addVideo(owner, c.id, upload);
  const list = await (await page('/collections')).text();
  expect(list).toContain('Migrant hujjatlari');
  expect(list).toContain(`href="/collections/${c.id}"`);
  const one = await (await page(`/collections/${c.id}`)).text();
  const order = [...one.matchAll(/href="\/watch\/([^"?]+)\?c=/g)].map((x) => x[1]);
  expect(order).toEqual([m.plain!.id, upload]);
  const watch = await (await page(`/watch/${m.plain!.id}?c=${c.id}`)).text();
  expect(watch).toMatch(new RegExp(`data-testid="next-in-collection"[\\s\\S]*href="/watch/${upload}\\?c=${c.id}"`));
  expect(watch).toContain('«Migrant hujjatlari» toʻplamida keyingisi');
  // The last one says so; the first collection holding it is found without ?c=.
  expect(await (await page(`/watch/${upload}`)).text()).toContain('Bu toʻplamning oxirgi videosi.');
});

test('a producer makes, fills, orders, renames and deletes a collection through the studio forms', async () => {
  const post = (p: string, form: Record<string, string>, s = producer) =>
    fetch(`${t.baseUrl}${p}`, { method: 'POST', headers: { cookie: s.cookie, origin: t.baseUrl, accept: 'text/html' }, body: new URLSearchParams(form), redirect: 'manual' });
  const refused = await post('/studio/collections?/create', { title: ' ' });
  expect(refused.status).toBe(400);
  const created = await post('/studio/collections?/create', { title: 'Русский для работы', 'i18n.tg.title': 'Забони русӣ барои кор' });
  expect(created.status).toBe(303);
  const at = created.headers.get('location')!;
  expect(at).toMatch(/^\/studio\/collections\/[A-Za-z0-9_-]+$/);
  const id = at.split('/').pop()!;
  // The candidates to add: the library's videos, the mirrored one among them.
  expect(await (await page(at, producer, 'ru')).text()).toMatch(new RegExp(`data-testid="collection-candidates"[\\s\\S]*value="${m.plain!.id}"`));
  for (const videoId of [upload, m.plain!.id]) expect((await post(`${at}?/add`, { videoId })).status).toBe(200);
  expect((await post(`${at}?/move`, { videoId: m.plain!.id, direction: 'up' })).status).toBe(200);
  expect((await t.efir.collections.getForStudio(admin, id)).items.map((i) => i.id)).toEqual([m.plain!.id, upload]);
  expect((await post(`${at}?/update`, { title: 'Русский для работы', 'i18n.uz.title': 'Ish uchun rus tili' })).status).toBe(200);
  expect((await t.efir.collections.getForStudio(admin, id)).collection.i18n).toEqual({ uz: { title: 'Ish uchun rus tili' } });
  // Another producer: no such page, and its forms change nothing.
  expect((await page(at, other, 'ru')).status).toBe(404);
  expect((await post(`${at}?/remove`, { videoId: upload }, other)).status).toBe(404);
  expect((await post(`${at}?/remove`, { videoId: upload })).status).toBe(200);
  expect((await t.efir.collections.getForStudio(admin, id)).items.map((i) => i.id)).toEqual([m.plain!.id]);
  const deleted = await post(`${at}?/delete`, {});
  expect([deleted.status, deleted.headers.get('location')]).toEqual([303, '/studio/collections']);
  expect((await page(at, producer, 'ru')).status).toBe(404);
});

test('a producer titles a video in six languages through the studio form: Uzbek pages show the Uzbek texts, English falls back to Russian', async () => {
  const post = (p: string, form: Record<string, string>, s = producer) =>
    fetch(`${t.baseUrl}${p}`, { method: 'POST', headers: { cookie: s.cookie, origin: t.baseUrl, accept: 'text/html' }, body: new URLSearchParams(form), redirect: 'manual' });
  const id = await createDraft(t, producer, 'Черновик из файла');
  await fakePublishedRevision(t, id);
  const at = `/studio/videos/${id}`;
  const edit = await (await page(at, producer, 'uz')).text();
  for (const l of ['uz', 'tg', 'az', 'ro', 'en']) expect(edit).toContain(`name="i18n.${l}.title"`);
  expect(edit).toContain('Video nomi va tavsifi');
  // Another producer's video does not exist for them; its form changes nothing.
  expect((await page(at, other, 'ru')).status).toBe(404);
  expect((await post(`${at}?/save`, { title: 'Чужое' }, other)).status).toBe(404);
  // A refusal keeps what was typed.
  const refused = await post(`${at}?/save`, { title: ' ', 'i18n.az.title': 'Yadda saxlanmadı' });
  expect(refused.status).toBe(400);
  expect(await refused.text()).toMatch(/name="i18n\.az\.title"[^>]* value="Yadda saxlanmadı"/);
  const saved = await post(`${at}?/save`, {
    title: 'Трудовой договор',
    description: 'Что в нём должно быть',
    'i18n.uz.title': 'Mehnat shartnomasi',
    'i18n.uz.description': 'Unda nima boʻlishi kerak',
    'i18n.tg.title': 'Шартномаи меҳнатӣ',
    'i18n.az.title': 'Əmək müqaviləsi',
    'i18n.ro.title': 'Contractul de muncă',
    'i18n.en.title': '',
    'i18n.en.description': ''
  });
  expect(saved.status).toBe(200);
  expect((await t.efir.studio.get(admin, id)).i18n).toMatchObject({ uz: { title: 'Mehnat shartnomasi' }, tg: { title: 'Шартномаи меҳнатӣ' }, ro: { title: 'Contractul de muncă' } });

  expect(await (await page('/')).text()).toMatch(/<span class="title[^"]*" lang="uz">Mehnat shartnomasi<\/span>/);
  const watch = await (await page(`/watch/${id}`)).text();
  expect(watch).toMatch(/<title>Mehnat shartnomasi/);
  expect(watch).toMatch(/<h1[^>]* lang="uz"[^>]*>Mehnat shartnomasi<\/h1>/);
  expect(watch).toContain('<meta property="og:title" content="Mehnat shartnomasi"');
  expect(watch).toContain('Unda nima boʻlishi kerak');
  // English has no translation: the Russian original, marked as Russian.
  expect(await (await page('/', null, 'en')).text()).toMatch(/<span class="title[^"]*" lang="ru">Трудовой договор<\/span>/);
  expect(await (await page(`/watch/${id}`, null, 'en')).text()).toMatch(/<h1[^>]* lang="ru"[^>]*>Трудовой договор<\/h1>/);
  // The list of broadcasts too.
  const owner = (await t.efir.users.get(producer.userId!))!;
  const b = await t.efir.live.createBroadcast(owner, { title: 'Эфир о договоре', i18n: { uz: { title: 'Shartnoma haqida efir' } } });
  expect(await (await page('/live')).text()).toMatch(new RegExp(`href="/live/${b.id}"[^>]* lang="uz"[^>]*>Shartnoma haqida efir<`));
});
