/**
 * Sharing links (issue 12): a watch link unfurls in Telegram, WhatsApp, Facebook and X with the
 * title, description and poster in the link's language. The Open Graph and Twitter card tags are
 * read from the HTML a crawler gets (a plain GET, its User-Agent, no cookie); `?lang=` wins over
 * the cookie for that answer; `?t=` reaches Efir's player and YouTube's embed.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HANDLER_PATH } from '../../../server/plugins/sveltekit.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { insertMirroredVideo } from '../../helpers/mirror-rows.ts';
import { createDraft, fakePublishedRevision, signIn } from '../api/helpers.ts';

const PUBLIC_URL = 'https://efir.example.org';
const RU = { title: 'Патент "за 5 минут" <быстро> & дёшево', description: 'Какие документы нужны.\n\nИ сколько   стоит патент в 2025 году.' };
/** en has no translation at all, ro only a title: both fall back to the Russian texts they lack. */
const I18N: Record<string, { title?: string; description?: string }> = {
  uz: { title: 'Patent 5 daqiqada', description: 'Qanday hujjatlar kerak' },
  tg: { title: 'Патент дар 5 дақиқа', description: 'Кадом ҳуҷҷатҳо лозиманд' },
  az: { title: 'Patent 5 dəqiqəyə', description: 'Hansı sənədlər lazımdır' },
  ro: { title: 'Patentă în 5 minute' }
};
const LOCALES = { ru: 'ru_RU', uz: 'uz_UZ', tg: 'tg_TJ', az: 'az_AZ', ro: 'ro_RO', en: 'en_US' } as const;
const LANGS = Object.keys(LOCALES) as (keyof typeof LOCALES)[];
const CRAWLERS = {
  telegram: 'TelegramBot (like TwitterBot)',
  whatsapp: 'WhatsApp/2.23.20.0 A',
  facebook: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  twitter: 'Twitterbot/1.0'
};

let t: TestEfir;
let own: string;
let mirrored: { id: string; youtubeId: string; posterUrl: string | null };

beforeAll(async () => {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" first`);
  t = await startTestEfir({ pages: true, worker: false, env: { PUBLIC_URL } });
  const producer = await signIn(t, 'producer');
  own = await createDraft(t, producer, RU.title);
  await fakePublishedRevision(t, own);
  await t.efir.db.query(`update videos set description = $2, i18n = $3::jsonb, duration = 600 where id = $1`, [own, RU.description, JSON.stringify(I18N)]);
  mirrored = await insertMirroredVideo(t, { title: 'Регистрация', description: 'Как встать на учёт', i18n: { uz: { title: 'Roʻyxatdan oʻtish' } }, duration: 300 });
});
afterAll(async () => t?.close());

/** A crawler's request: no cookie, no Accept-Language, its User-Agent. */
const crawl = (p: string, ua = CRAWLERS.telegram, cookie?: string) =>
  fetch(`${t.baseUrl}${p}`, { headers: { 'user-agent': ua, ...(cookie ? { cookie } : {}) }, redirect: 'manual' });

const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ({ quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" } as Record<string, string>)[e.toLowerCase()]!
  );

interface Head {
  html: string;
  title: string;
  /** property= or name= → every content, in document order. */
  meta: Map<string, string[]>;
  links: { rel: string; hreflang?: string; href: string }[];
}

/** The <head>'s title, meta tags and links, attributes decoded as a browser (or a crawler) reads them. */
function parseHead(html: string): Head {
  const head = /<head>([\s\S]*?)<\/head>/.exec(html)?.[1] ?? '';
  const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]));
  const meta = new Map<string, string[]>();
  // Attribute values may hold a bare '>' (only & " < are escaped): tags are read attribute by attribute.
  for (const m of head.matchAll(/<meta(?:\s+[\w:-]+="[^"]*")*\s*\/?>/g)) {
    const a = attrs(m[0]);
    const key = a.property ?? a.name;
    if (key && a.content !== undefined) meta.set(key, [...(meta.get(key) ?? []), a.content]);
  }
  const links = [...head.matchAll(/<link(?:\s+[\w:-]+="[^"]*")*\s*\/?>/g)].map((m) => attrs(m[0]) as Head['links'][number]);
  return { html, title: decode(/<title>([^<]*)<\/title>/.exec(head)?.[1] ?? ''), meta, links };
}

const one = (h: Head, key: string) => {
  const v = h.meta.get(key);
  expect(v, key).toHaveLength(1);
  return v![0]!;
};

describe('the card of a video with translations, per language', () => {
  test.each(LANGS)('?lang=%s', async (lang) => {
    const res = await crawl(`/watch/${own}?lang=${lang}`);
    expect(res.status).toBe(200);
    const h = parseHead(await res.text());
    const title = I18N[lang]?.title ?? RU.title;
    const description = (I18N[lang]?.description ?? RU.description).replace(/\s+/g, ' ');
    expect(one(h, 'og:type')).toBe('video.other');
    expect(one(h, 'og:title')).toBe(title);
    expect(one(h, 'twitter:title')).toBe(title);
    expect(h.title).toBe(`${title} — Эфир`.replace('Эфир', one(h, 'og:site_name')));
    expect(one(h, 'og:description')).toBe(description);
    expect(one(h, 'twitter:description')).toBe(description);
    expect(one(h, 'description')).toBe(description);
    expect(one(h, 'og:url')).toBe(`${PUBLIC_URL}/watch/${own}?lang=${lang}`);
    expect(h.links.find((l) => l.rel === 'canonical')?.href).toBe(`${PUBLIC_URL}/watch/${own}?lang=${lang}`);
    expect(one(h, 'og:locale')).toBe(LOCALES[lang]);
    expect(h.meta.get('og:locale:alternate')?.sort()).toEqual(LANGS.filter((l) => l !== lang).map((l) => LOCALES[l]).sort());
    const image = one(h, 'og:image');
    expect(image).toBe(`${PUBLIC_URL}/media/${own}/1/poster.jpg`);
    expect(one(h, 'twitter:image')).toBe(image);
    expect(one(h, 'twitter:card')).toBe('summary_large_image');
    expect([one(h, 'og:image:width'), one(h, 'og:image:height')]).toEqual(['640', '360']);
    expect(one(h, 'og:image:alt')).toBe(title);
    expect(one(h, 'og:site_name')).toBeTruthy();
    const alternates = h.links.filter((l) => l.rel === 'alternate').map((l) => [l.hreflang, l.href]);
    expect(alternates).toEqual([...LANGS.map((l) => [l, `${PUBLIC_URL}/watch/${own}?lang=${l}`]), ['x-default', `${PUBLIC_URL}/watch/${own}`]]);
    // The whole page is in the link's language, not only its card.
    expect(h.html).toMatch(new RegExp(`<html lang="${lang}"`));
    expect(h.html).toContain(`>${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</h1>`);
  });

  test('the poster the card names is served to a crawler without a cookie', async () => {
    const h = parseHead(await (await crawl(`/watch/${own}?lang=uz`)).text());
    const res = await crawl(new URL(one(h, 'og:image')).pathname, CRAWLERS.facebook);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/jpeg/);
  });
});

test('every crawler gets the same server-rendered card: no redirect, no cookie needed, nothing in the way', async () => {
  for (const [name, ua] of Object.entries(CRAWLERS)) {
    const res = await crawl(`/watch/${own}?lang=tg`, ua);
    expect(res.status, name).toBe(200);
    expect(res.headers.get('content-type'), name).toMatch(/^text\/html/);
    const h = parseHead(await res.text());
    expect(one(h, 'og:title'), name).toBe(I18N.tg!.title);
    expect(one(h, 'og:locale'), name).toBe('tg_TJ');
  }
});

test('titles with quotes, < and & are escaped, never break out of the attribute', async () => {
  const res = await crawl(`/watch/${own}?lang=en`);
  const html = await res.text();
  const head = /<head>([\s\S]*?)<\/head>/.exec(html)![1]!;
  expect(head).not.toContain('<быстро>');
  const metas = head.match(/<meta [^\n]*?\/>/g)!.join('\n');
  expect(metas).not.toContain('"за 5 минут"');
  expect(head).toContain('<title>Патент "за 5 минут" &lt;быстро> &amp; дёшево — Efir</title>');
  expect(head).toMatch(/<meta property="og:title" content="Патент &quot;за 5 минут&quot; &lt;быстро> &amp; дёшево"/);
  const h = parseHead(html);
  expect(one(h, 'og:title')).toBe(RU.title);
  expect(h.title).toBe(`${RU.title} — ${one(h, 'og:site_name')}`);
});

test('?lang= wins over the cookie for that answer; without it the cookie and Accept-Language choose', async () => {
  const over = parseHead(await (await crawl(`/watch/${own}?lang=uz`, CRAWLERS.whatsapp, 'efir_lang=ru')).text());
  expect(one(over, 'og:title')).toBe(I18N.uz!.title);
  expect(over.html).toContain('<html lang="uz"');
  // The language switcher goes back to the page without the link's ?lang=, so a new choice sticks.
  expect(over.html).toMatch(new RegExp(`<input type="hidden" name="next" value="/watch/${own}"`));
  const mo = parseHead(await (await crawl(`/watch/${own}?lang=mo`)).text());
  expect(one(mo, 'og:locale')).toBe('ro_RO');
  const byCookie = parseHead(await (await crawl(`/watch/${own}`, CRAWLERS.whatsapp, 'efir_lang=az')).text());
  expect(one(byCookie, 'og:url')).toBe(`${PUBLIC_URL}/watch/${own}?lang=az`);
  const byHeader = await fetch(`${t.baseUrl}/watch/${own}`, { headers: { 'accept-language': 'tg-TJ,ru;q=0.5' } });
  expect(one(parseHead(await byHeader.text()), 'og:locale')).toBe('tg_TJ');
  // An unknown ?lang= is ignored: the crawler's default, Russian.
  const unknown = parseHead(await (await crawl(`/watch/${own}?lang=de`)).text());
  expect(one(unknown, 'og:locale')).toBe('ru_RU');
  expect(one(unknown, 'og:title')).toBe(RU.title);
});

test('a mirrored video: its poster absolute, no size; Russian where the language has no text', async () => {
  const h = parseHead(await (await crawl(`/watch/${mirrored.id}?lang=uz`)).text());
  expect(one(h, 'og:title')).toBe('Roʻyxatdan oʻtish');
  expect(one(h, 'og:description')).toBe('Как встать на учёт');
  expect(one(h, 'og:image')).toBe(`${PUBLIC_URL}${mirrored.posterUrl}`);
  expect(h.meta.get('og:image:width')).toBeUndefined();
  const ru = parseHead(await (await crawl(`/watch/${mirrored.id}?lang=az`)).text());
  expect(one(ru, 'og:title')).toBe('Регистрация');
  expect(one(ru, 'og:locale')).toBe('az_AZ');
});

describe('?t= opens the video there', () => {
  const startOf = (html: string) => /class="player-box[^"]*"[^>]*data-start-time="([^"]+)"/.exec(html)?.[1] ?? null;
  const embedSrc = (html: string) => new URL(decode(/<iframe[^>]*src="([^"]+)"/.exec(html)![1]!));

  test('Efir\'s player gets the start time, in seconds or 1m30s form; garbage and past the end are ignored', async () => {
    expect(startOf(await (await crawl(`/watch/${own}?t=90`)).text())).toBe('90');
    expect(startOf(await (await crawl(`/watch/${own}?lang=uz&t=1m30s`)).text())).toBe('90');
    expect(startOf(await (await crawl(`/watch/${own}?t=2m`)).text())).toBe('120');
    expect(startOf(await (await crawl(`/watch/${own}?t=abc`)).text())).toBeNull();
    expect(startOf(await (await crawl(`/watch/${own}?t=601`)).text())).toBeNull();
    // The card's URL stays canonical: the time is the sender's, not the video's.
    expect(one(parseHead(await (await crawl(`/watch/${own}?lang=uz&t=90`)).text()), 'og:url')).toBe(`${PUBLIC_URL}/watch/${own}?lang=uz`);
  });

  test('YouTube\'s embed gets start= (without autoplay)', async () => {
    const src = embedSrc(await (await crawl(`/watch/${mirrored.id}?t=1m30s`)).text());
    expect(src.searchParams.get('start')).toBe('90');
    expect(src.searchParams.get('autoplay')).toBeNull();
    expect(embedSrc(await (await crawl(`/watch/${mirrored.id}?t=90s`)).text()).searchParams.get('start')).toBe('90');
    expect(embedSrc(await (await crawl(`/watch/${mirrored.id}?t=nope`)).text()).searchParams.get('start')).toBeNull();
  });
});
