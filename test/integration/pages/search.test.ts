/**
 * The search pages as the server renders them (no JavaScript; built pages: `npx vite build` first):
 * the header's search box on every page is a GET form to /search; /search?q= lists the hits with
 * the matched words in <mark> and links to the moment; every kind of bad query is a 200 page with
 * results or a message, never a 500; a shared link's ?lang= carries over; the studio's ?q= narrows
 * "My videos" to the producer's own, drafts included, and never shows another producer's.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_PATH } from '../../../server/plugins/sveltekit.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { createDraft, fakePublishedRevision, signIn, type Session } from '../api/helpers.ts';
import { decode, visibleText } from '../../helpers/lang-leaks.ts';
import { CATALOGUES } from '../../../web/lib/i18n/catalogues.server.ts';

const SRT = (text: string) => Buffer.from(`1\n00:00:01,000 --> 00:00:03,000\nВступление\n\n2\n00:00:12,400 --> 00:00:15,000\n${text}\n`);

let t: TestEfir;
let producer: Session;
let other: Session;
let publishedId: string;
let draftId: string;
let othersDraftId: string;

beforeAll(async () => {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" first`);
  t = await startTestEfir({ pages: true, worker: false });
  producer = await signIn(t, 'producer');
  other = await signIn(t, 'producer');
  const owner = (await t.efir.users.get(producer.userId!))!;
  const otherUser = (await t.efir.users.get(other.userId!))!;
  publishedId = await createDraft(t, producer, 'Ксилофон и виза');
  await t.efir.studio.attachSubtitle(owner, publishedId, 'ru', 'ru.srt', SRT('Продление патента через Госуслуги занимает неделю.'));
  await fakePublishedRevision(t, publishedId);
  draftId = await createDraft(t, producer, 'Черновик про ксилофон');
  othersDraftId = (await t.efir.studio.createDraft(otherUser, { title: 'Чужой ксилофон' })).id;
});
afterAll(async () => t?.close());

async function get(path: string, opts: { session?: Session; lang?: string } = {}): Promise<{ status: number; html: string; location: string | null }> {
  const res = await fetch(`${t.baseUrl}${path}`, {
    headers: { accept: 'text/html', cookie: [`efir_lang=${opts.lang ?? 'ru'}`, opts.session?.cookie].filter(Boolean).join('; ') },
    redirect: 'manual'
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

/** The header's form: its attributes, its field's name and the label that names it. */
function headerForm(html: string) {
  const form = /<form[^>]*data-testid="site-search"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  return form ? { tag: form[0].slice(0, form[0].indexOf('>') + 1), body: form[1]! } : null;
}

describe('the header’s search box', () => {
  it('is on every page: a labelled GET form to /search, in the page’s language', async () => {
    for (const path of ['/', `/watch/${publishedId}`, '/login', '/collections', '/search']) {
      const { html } = await get(path, { lang: 'uz' });
      const form = headerForm(html);
      expect(form, path).not.toBeNull();
      expect(form!.tag).toMatch(/method="GET"/i);
      expect(form!.tag).toMatch(/action="\/search"/);
      expect(form!.tag).toMatch(/role="search"/);
      expect(form!.body).toMatch(/<input[^>]*id="site-search-q"[^>]*name="q"|<input[^>]*name="q"[^>]*id="site-search-q"/);
      expect(form!.body).toContain(`<label for="site-search-q"`);
      expect(decode(form!.body)).toContain(CATALOGUES.uz.search.label);
    }
  });

  it('keeps a shared link’s language (?lang=tg) for the search it sends', async () => {
    const { html } = await get(`/watch/${publishedId}?lang=tg`);
    expect(headerForm(html)!.body).toMatch(/<input type="hidden" name="lang" value="tg"/);
    expect(headerForm((await get('/')).html)!.body).not.toContain('name="lang"');
  });
});

describe('/search', () => {
  it('lists a cue hit: the video, the cue with the words marked, its language and time, a link to the moment', async () => {
    const { status, html } = await get(`/search?q=${encodeURIComponent('продление патента')}`);
    expect(status).toBe(200);
    expect(html).toContain('<title>«продление патента» — поиск — Эфир</title>');
    expect(html).toContain(`href="/watch/${publishedId}?t=12"`);
    const text = visibleText(html);
    expect(text).toContain('Ксилофон и виза');
    expect(text).toContain('Звучит на 0:12');
    expect(text).toContain('Русский');
    expect(html).toMatch(/<mark[^>]*>Продление<\/mark>/);
    expect(html).toMatch(/<mark[^>]*>патента<\/mark>/);
    expect(text).toContain('Найдено видео: 1');
    // The header's box holds the query searched, to change it.
    expect(headerForm(html)!.body).toMatch(/<input[^>]*value="продление патента"/);
  });

  it('shows neither drafts nor other producers’ videos to viewers', async () => {
    const { html } = await get('/search?q=ксилофон');
    expect(html).toContain(`/watch/${publishedId}`);
    expect(html).not.toContain(draftId);
    expect(html).not.toContain(othersDraftId);
  });

  it('answers every kind of bad query with a page (200), never a 500', async () => {
    const queries = ['', '   ', 'а', 'x'.repeat(10_000), "& | ! ( ) : * '", "патент' & !(виза):*", 'патент 🙂 visa', '🙂🙂', "'; drop table videos; --", '\u0000'];
    for (const q of queries) {
      const { status, html } = await get(`/search?q=${encodeURIComponent(q)}`);
      expect(status, JSON.stringify(q.slice(0, 20))).toBe(200);
      expect(visibleText(html)).toContain(CATALOGUES.ru.search.title);
    }
    expect(visibleText((await get(`/search?q=${encodeURIComponent('& | ! ( ) :*')}`)).html)).toContain(CATALOGUES.ru.search.no_words);
    expect(visibleText((await get('/search?q=zzqqxxww')).html)).toContain(CATALOGUES.ru.search.none_title);
    expect(visibleText((await get('/search')).html)).toContain(CATALOGUES.ru.search.intro);
  });

  it('sends a page number no one writes back to the first page', async () => {
    for (const p of ['abc', '0', '1e308', '-1']) {
      const res = await get(`/search?q=ксилофон&page=${p}`);
      expect(res.status, p).toBe(307);
      expect(res.location).toBe(`/search?q=${encodeURIComponent('ксилофон')}`);
    }
    const past = await get('/search?q=ксилофон&page=9');
    expect(past.status).toBe(307);
    expect(past.location).toBe(`/search?q=${encodeURIComponent('ксилофон')}`);
  });
});

describe('/studio?q=', () => {
  it('narrows "My videos" to the producer’s own, drafts included', async () => {
    const { status, html } = await get('/studio?q=ксилофон', { session: producer });
    expect(status).toBe(200);
    const hits = /data-testid="studio-search-hits"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
    expect(hits).toContain(`data-video-id="${draftId}"`);
    expect(hits).toContain(`data-video-id="${publishedId}"`);
    expect(html).not.toContain(othersDraftId);
    expect(visibleText(html)).toContain('Найдено: 2');
  });

  it('says when nothing of one’s own matches', async () => {
    const { html } = await get('/studio?q=zzqqxxww', { session: other });
    expect(visibleText(html)).toContain(CATALOGUES.ru.search.studio_none.replace('{q}', 'zzqqxxww'));
  });
});
