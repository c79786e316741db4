/**
 * Search (issue 14) over fixture videos in the six languages, through SearchService and GET
 * /api/search, on the database this pass runs: spelling variants, Tajik typed with Russian letters,
 * a Russian cue of a video titled only in Uzbek, ranking, paging, what viewers may never see, the
 * studio's own drafts, and every kind of bad input (200, never 500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { SearchBackfill } from '../../../server/search/backfill.ts';
import type { User } from '../../../server/repositories/users.ts';
import type { SearchHit, SearchInput, SearchResult } from '../../../server/search/types.ts';
import { addAnsweredQuestion, addVideo, saveTrack } from './fixtures.ts';

let t: TestEfir;
let producer: User;
let otherProducer: User;
let admin: User;
const ids: Record<string, string> = {};

const search = (q: string, more: Partial<SearchInput> = {}, actor: User | null = null) => t.efir.search.search({ q, lang: 'ru', ...more }, actor);
const idsOf = (r: SearchResult) => r.items.map((h) => h.videoId);
/** The marked parts of a hit's text. */
const marked = (h: SearchHit) => h.marks.map(([a, b]) => h.text.slice(a, b));
const hitOf = (r: SearchResult, id: string) => {
  const h = r.items.find((i) => i.videoId === id);
  if (!h) throw new Error(`no hit for ${id} in ${JSON.stringify(r.items.map((i) => [i.videoId, i.text]))}`);
  return h;
};

beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  const e = t.efir;
  const user = (role: 'producer' | 'admin', n: string) => e.auth.createUser({ email: `${n}@example.test`, displayName: n, role, password: 'correct horse battery' });
  [producer, otherProducer, admin] = await Promise.all([user('producer', 'p1'), user('producer', 'p2'), user('admin', 'a1')]);

  // Titled only in Uzbek; an Uzbek and a Russian track.
  ids.uz = await addVideo(e, { title: 'Fuqarolik hujjatlari', ownerId: producer.id });
  await saveTrack(e, ids.uz, 'uz', [[4, 'Oʻzbekiston fuqarolari uchun patent'], [20, 'Hujjatlarni tayyorlang']]);
  await saveTrack(e, ids.uz, 'ru', [[4, 'Граждане Узбекистана'], [12.5, 'Как продлить патент в Москве']]);
  ids.ro = await addVideo(e, { title: 'Acte pentru Moldova', ownerId: producer.id });
  await saveTrack(e, ids.ro, 'ro', [[30, 'În școală și în țară, învățământul e gratuit']]);
  ids.tg = await addVideo(e, { title: 'Ҳуҷҷатҳо', ownerId: producer.id });
  await saveTrack(e, ids.tg, 'tg', [[61.2, 'Ҳуҷҷатҳои заруриро барои қайд омода кунед'], [70, 'Рӯзи дуюм']]);
  ids.az = await addVideo(e, { title: 'Azərbaycan', ownerId: producer.id });
  await saveTrack(e, ids.az, 'az', [[8, 'Əlaqə üçün işıq yandırın']]);
  ids.ru = await addVideo(e, { title: 'Праздники', ownerId: producer.id });
  await saveTrack(e, ids.ru, 'ru', [[3, 'Ёлка в парке'], [9, 'Продление патентом занимается центр']]);
  ids.en = await addVideo(e, { title: 'Work permits', ownerId: producer.id });
  await saveTrack(e, ids.en, 'en', [[15, 'How to renew your patent online']]);
  ids.ru2 = await addVideo(e, { title: 'Сроки', ownerId: producer.id });
  await saveTrack(e, ids.ru2, 'ru', [[44, 'Срок действия патента истёк']]);
  // A title hit: before every cue hit of the same word.
  ids.title = await addVideo(e, { title: 'Патент за один день', ownerId: otherProducer.id });
  // A replay whose answered question is searchable (and one not answered, which is not).
  ids.replay = await addVideo(e, { title: 'Эфир: вопросы', ownerId: producer.id });
  await addAnsweredQuestion(e, ids.replay, 'ru', 'Когда открыт миграционный центр?', 95.4);
  await addAnsweredQuestion(e, ids.replay, 'ru', 'Где отделение полиции?', 40, 'approved');
  // Never for viewers: hidden by the mirror, an unpublished draft, a published-then-unpublished one.
  ids.hidden = await addVideo(e, { title: 'Скрытое', as: 'hidden', ownerId: producer.id });
  await saveTrack(e, ids.hidden, 'ru', [[1, 'тайное слово сокровище']]);
  ids.draft = await addVideo(e, { title: 'Черновик сокровище', as: 'draft', ownerId: producer.id });
  await saveTrack(e, ids.draft, 'ru', [[2, 'ещё одно сокровище']]);
  ids.otherDraft = await addVideo(e, { title: 'Чужой черновик сокровище', as: 'draft', ownerId: otherProducer.id });
  // Paging: 25 videos saying the same rare word.
  for (let i = 0; i < 25; i++) {
    const id = await addVideo(e, { title: `Серия ${i}` });
    await saveTrack(e, id, 'ru', [[i, `Слово страница номер ${i}`]]);
  }
});

afterAll(async () => {
  await t?.close();
});

describe('spelling variants find their cue', () => {
  it.each(["o'zbekiston", 'o‘zbekiston', 'o`zbekiston', 'oʼzbekiston', 'ozbekiston', 'Oʻzbekiston', 'OZBEKISTON'])('Uzbek %s', async (q) => {
    const h = hitOf(await search(q, { lang: 'uz' }), ids.uz);
    expect(h).toMatchObject({ kind: 'cue', lang: 'uz', start: 4, text: 'Oʻzbekiston fuqarolari uchun patent', watchUrl: `/watch/${ids.uz}?t=4` });
    expect(marked(h)).toEqual(['Oʻzbekiston']);
  });

  it.each(['şcoală', 'școală', 'scoala', 'ţară', 'tara', 'invatamantul'])('Romanian %s', async (q) => {
    const h = hitOf(await search(q, { lang: 'ro' }), ids.ro);
    expect(h).toMatchObject({ kind: 'cue', lang: 'ro', start: 30 });
    expect(marked(h)).toHaveLength(1);
  });

  it('Russian е for ё', async () => {
    const h = hitOf(await search('елка'), ids.ru);
    expect(h).toMatchObject({ kind: 'cue', lang: 'ru', start: 3, text: 'Ёлка в парке' });
    expect(marked(h)).toEqual(['Ёлка']);
  });

  it('a Tajik phrase typed with Russian letters finds the Tajik cue', async () => {
    const r = await search('хуччатхои зарури', { lang: 'tg' });
    const h = hitOf(r, ids.tg);
    expect(h).toMatchObject({ kind: 'cue', lang: 'tg', start: 61.2, watchUrl: `/watch/${ids.tg}?t=61` });
    // the last word is a prefix: its typed part is marked
    expect(marked(h)).toEqual(['Ҳуҷҷатҳои', 'зарури']);
    expect(hitOf(await search('рузи', { lang: 'tg' }), ids.tg)).toMatchObject({ start: 70 });
  });

  it('Azerbaijani typed without ə ı ş', async () => {
    const h = hitOf(await search('elaqe isiq', { lang: 'az' }), ids.az);
    expect(marked(h)).toEqual(['Əlaqə', 'işıq']);
  });

  it('Russian finds the Russian cue of a video titled only in Uzbek', async () => {
    const r = await search('продлить');
    expect(idsOf(r)).toEqual([ids.uz]);
    expect(r.items[0]).toMatchObject({ kind: 'cue', lang: 'ru', start: 12.5, title: 'Fuqarolik hujjatlari', text: 'Как продлить патент в Москве' });
  });

  it('other forms of a Russian word (its stem), a prefix, and a small typo', async () => {
    // "продлением" is no word of any cue: the Russian stemmer finds "Продление".
    expect(hitOf(await search('продлением'), ids.ru)).toMatchObject({ kind: 'cue', start: 9 });
    // the last word as a prefix
    expect(hitOf(await search('миграц'), ids.replay)).toMatchObject({ kind: 'question' });
    // one letter too many: no exact hit, the typo tier finds it
    const typo = await search('миграционнный');
    expect(idsOf(typo)).toEqual([ids.replay]);
  });

  it('answered questions of a replay, at the answer; unanswered ones are not searched', async () => {
    const h = hitOf(await search('миграционный центр'), ids.replay);
    expect(h).toMatchObject({ kind: 'question', lang: 'ru', start: 95.4, watchUrl: `/watch/${ids.replay}?t=95`, text: 'Когда открыт миграционный центр?' });
    expect(marked(h)).toEqual(['миграционный', 'центр']);
    expect((await search('полиции')).total).toBe(0);
  });
});

describe('ranking and paging', () => {
  it('title hits first, then cues, the viewer language first', async () => {
    const ru = await search('патент');
    expect(ru.items[0]).toMatchObject({ videoId: ids.title, kind: 'title', watchUrl: `/watch/${ids.title}`, start: null });
    expect(marked(ru.items[0]!)).toEqual(['Патент']);
    // then the Russian cues: the whole word first, then the words that start with it
    expect(idsOf(ru)[1]).toBe(ids.uz);
    expect(new Set(idsOf(ru).slice(2))).toEqual(new Set([ids.ru, ids.ru2]));
    expect(ru.items.slice(1).map((h) => h.lang)).toEqual(['ru', 'ru', 'ru']);
    // the Latin word: Uzbek first for an Uzbek viewer, English first for an English one
    const uz = await search('patent', { lang: 'uz' });
    expect(idsOf(uz).slice(0, 2)).toEqual([ids.uz, ids.en]);
    expect(uz.items[0]).toMatchObject({ lang: 'uz' });
    expect(idsOf(await search('patent', { lang: 'en' })).slice(0, 2)).toEqual([ids.en, ids.uz]);
  });

  it('whole words before other forms of the word (stems)', async () => {
    const r = await search('патента');
    expect(idsOf(r)[0]).toBe(ids.ru2);
    expect(marked(r.items[0]!)).toEqual(['патента']);
    // "патент" and "патентом": the Russian stemmer's, after it
    expect(new Set(idsOf(r).slice(1))).toEqual(new Set([ids.uz, ids.ru]));
    expect(marked(hitOf(r, ids.ru))).toEqual(['патентом']);
  });

  it('one hit per video, 20 a page, pages never overlap', async () => {
    const p1 = await search('страница');
    const p2 = await search('страница', { page: 2 });
    expect(p1).toMatchObject({ total: 25, page: 1, pageSize: 20, problem: null });
    expect(p1.items).toHaveLength(20);
    expect(p2).toMatchObject({ total: 25, page: 2 });
    expect(p2.items).toHaveLength(5);
    expect(new Set([...idsOf(p1), ...idsOf(p2)]).size).toBe(25);
    const p3 = await search('страница', { page: 3 });
    expect(p3).toMatchObject({ total: 25, items: [] });
  });
});

describe('who sees what', () => {
  it('hidden and unpublished videos never appear to viewers, by title or by cue', async () => {
    const r = await search('сокровище');
    expect(r).toMatchObject({ total: 0, items: [], problem: null });
    const api = (await (await fetch(`${t.baseUrl}/api/search?q=${encodeURIComponent('сокровище')}`)).json()) as SearchResult;
    expect(api.total).toBe(0);
  });

  it('a publish or a hide shows at once, without reindexing', async () => {
    await t.efir.db.query('update videos set hidden_at = now() where id = $1', [ids.en]);
    expect(idsOf(await search('renew'))).toEqual([]);
    await t.efir.db.query('update videos set hidden_at = null where id = $1', [ids.en]);
    expect(idsOf(await search('renew'))).toEqual([ids.en]);
  });

  it('the studio: a producer finds their own drafts, never another producer’s; an admin finds all', async () => {
    const own = await search('сокровище', { scope: 'studio' }, producer);
    expect(new Set(idsOf(own))).toEqual(new Set([ids.hidden, ids.draft]));
    expect(hitOf(own, ids.draft)).toMatchObject({ kind: 'title', state: 'uploading', published: false });
    expect(hitOf(own, ids.hidden)).toMatchObject({ kind: 'cue', state: 'ready', published: false });
    expect(hitOf(await search('патент', { scope: 'studio' }, producer), ids.uz).published).toBe(true);
    expect(idsOf(await search('сокровище', { scope: 'studio' }, otherProducer))).toEqual([ids.otherDraft]);
    expect(idsOf(await search('сокровище', { scope: 'studio' }, admin))).toHaveLength(3);
    await expect(search('сокровище', { scope: 'studio' }, null)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('the index follows the tracks', () => {
  it('a new version replaces the cues; a deleted track takes them away', async () => {
    const id = await addVideo(t.efir, { title: 'Версии' });
    await saveTrack(t.efir, id, 'ru', [[1, 'первоначальный текст']]);
    expect(idsOf(await search('первоначальный'))).toEqual([id]);
    expect(await saveTrack(t.efir, id, 'ru', [[1, 'исправленный текст'], [4, 'вторая реплика']])).toBe(2);
    const rows = await t.efir.db.query<{ version: number; idx: number; text: string }>('select version, idx, text from search_cues where video_id = $1 order by idx', [id]);
    expect(rows).toEqual([{ version: 2, idx: 0, text: 'исправленный текст' }, { version: 2, idx: 1, text: 'вторая реплика' }]);
    expect(idsOf(await search('первоначальный'))).toEqual([]);
    expect(idsOf(await search('исправленный'))).toEqual([id]);
    await t.efir.db.query(`delete from video_subtitles where video_id = $1 and lang = 'ru'`, [id]);
    expect(idsOf(await search('исправленный'))).toEqual([]);
  });
});

describe('tracks stored before versions (no version row)', () => {
  it('are indexed from their stored files by the backfill, once; their next version replaces them', async () => {
    const e = t.efir;
    const id = await addVideo(e, { title: 'Старый трек' });
    const stored = `subtitles/${id}/ru.srt`;
    fs.mkdirSync(path.join(t.dataDir, path.dirname(stored)), { recursive: true });
    fs.writeFileSync(path.join(t.dataDir, stored), '1\n00:00:05,000 --> 00:00:07,000\nДавний архивный\nрассказ\n');
    const track = { videoId: id, fileName: 'ru.srt', format: 'srt', encoding: 'utf-8', cueCount: 1, warnings: [], storedPath: stored };
    await e.subtitles.upsert({ ...track, lang: 'ru' });
    // and one whose file is gone: skipped, never an error
    await e.subtitles.upsert({ ...track, lang: 'en', storedPath: `subtitles/${id}/gone.srt` });
    expect(idsOf(await search('архивный'))).toEqual([]);
    const backfill = new SearchBackfill({ db: e.db, dataDir: t.dataDir, log: pino({ level: 'silent' }) });
    expect(await backfill.run()).toBe(1);
    const h = hitOf(await search('архивный рассказ'), id);
    expect(h).toMatchObject({ kind: 'cue', lang: 'ru', start: 5, text: 'Давний архивный\nрассказ'.replace('\n', ' ') });
    expect(marked(h)).toEqual(['архивный', 'рассказ']);
    expect(await backfill.run()).toBe(0);
    await saveTrack(e, id, 'ru', [[1, 'новая версия']]);
    expect(idsOf(await search('архивный'))).toEqual([]);
    expect(idsOf(await search('новая версия'))).toEqual([id]);
  });
});

describe('GET /api/search', () => {
  const get = async (query: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.baseUrl}/api/search?${query}`, { headers });
    return { status: res.status, body: (await res.json()) as SearchResult };
  };

  it('answers the hit with its watch URL, language, start and text', async () => {
    const { status, body } = await get(`q=${encodeURIComponent('хуччатхои')}&lang=tg`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ q: 'хуччатхои', page: 1, pageSize: 20, total: 1, problem: null });
    expect(body.items[0]).toMatchObject({ videoId: ids.tg, watchUrl: `/watch/${ids.tg}?t=61`, lang: 'tg', start: 61.2, kind: 'cue' });
  });

  it('lang defaults to the request’s UI language (cookie, then Accept-Language)', async () => {
    const byHeader = await get('q=patent', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(byHeader.body.items[0]!.videoId).toBe(ids.en);
    const byCookie = await get('q=patent', { 'accept-language': 'en', cookie: 'efir_lang=uz' });
    expect(byCookie.body.items[0]!.videoId).toBe(ids.uz);
  });

  const bad: [string, string][] = [
    ['empty', ''],
    ['spaces', '   '],
    ['punctuation only', '?!.,;—…'],
    ['tsquery syntax', "& | ! ( ) : * '"],
    ['tsquery syntax around a word', "патент & | ! ( ) :* ' !"],
    ['SQL', "'; drop table videos; --"],
    ['emoji', '😀🔥👍🏽'],
    ['emoji and a word', '🔥патент🔥'],
    ['mixed scripts', 'patentпатентҳуҷҷат'],
    ['backslashes and quotes', '\\\' \\" \\\\ %_'],
    ['a NUL', 'па\u0000тент'],
    ['one letter', 'а'],
    ['10,000 characters', 'a'.repeat(10_000)],
    // ASCII: 10,000 Cyrillic characters are 60 KB of URL, past Node's 16 KB header limit (431, from
    // the HTTP server); the service itself is given them below
    ['10,000 characters of words', 'patent '.repeat(1_430)],
    ['many words', Array.from({ length: 50 }, (_, i) => `слово${i}`).join(' ')]
  ];
  it.each(bad)('%s: 200, results or an empty page with a reason, quickly', async (_, q) => {
    const started = Date.now();
    const { status, body } = await get(`q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
    expect(body.q.length).toBeLessThanOrEqual(200);
    if (body.problem) expect(body).toMatchObject({ problem: 'no_words', total: 0, items: [] });
    else expect(body.items.length).toBe(Math.min(body.total, 20));
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('says why a query without a word found nothing; a word among syntax characters is searched', async () => {
    expect((await get(`q=${encodeURIComponent("& | ! ( ) : * '")}`)).body.problem).toBe('no_words');
    expect((await get('q=')).body.problem).toBe('no_words');
    expect((await get(`q=${encodeURIComponent('😀🔥')}`)).body.problem).toBe('no_words');
    const word = (await get(`q=${encodeURIComponent("патент & | ! ( ) :* '")}`)).body;
    expect(word.problem).toBeNull();
    expect(word.items[0]!.videoId).toBe(ids.title);
    expect((await get(`q=${'a'.repeat(10_000)}`)).body.q).toHaveLength(200);
    const long = await search('патент '.repeat(1_430));
    expect(long).toMatchObject({ problem: null });
    expect(long.q.length).toBeLessThanOrEqual(200);
    expect(long.items[0]!.videoId).toBe(ids.title);
  });

  it('a malformed query string is no 500 either', async () => {
    for (const query of ['q=%E0%A4%A', 'q=%ZZ%', 'q=a&q=b', 'q[]=x', 'q', '&&&', 'q=%00', 'q=%ED%A0%80']) {
      const res = await fetch(`${t.baseUrl}/api/search?${query}`);
      expect([200, 400], query).toContain(res.status);
    }
  });

  it('refuses a page or language it does not know with 400', async () => {
    expect((await get('q=x&page=0')).status).toBe(400);
    expect((await get('q=x&page=abc')).status).toBe(400);
    expect((await get('q=x&lang=fr')).status).toBe(400);
  });
});
