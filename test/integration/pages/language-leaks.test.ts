/**
 * No page speaks another language (issue 13, "six languages, everywhere"). For each of the six UI
 * languages the server-rendered HTML (built SvelteKit pages: run `npx vite build` first) of the
 * home, collections, watch, live list, live page, the console (moderator) and the studio
 * (producer) is reduced to what a person reads — text, and the title, aria-label, placeholder and
 * alt attributes — and searched for every string of the other languages' message tables that this
 * language's tables do not also hold, and for video.js's English labels. One Efir for the file.
 *
 * Leaks in files other branches of issue 13 are fixing are listed in KNOWN_LEAKS (with the owner),
 * so this test passes now; each entry is deleted as its branch lands (a listed leak that is gone
 * fails too, so the list cannot go stale).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HANDLER_PATH } from '../../../server/plugins/sveltekit.ts';
import { OPENING_CHAPTER } from '../../../media/chapters.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { createDraft, fakePublishedRevision, signIn, type Session } from '../api/helpers.ts';
import { CATALOGUES, LANG_NAMES, UI_LANGS, type MessageKey, type UiLang } from '../../../web/lib/i18n/index.ts';
import { ADMIN_MESSAGE_ROWS } from '../../../web/lib/admin/messages.ts';
import { YOUTUBE_MESSAGE_ROWS } from '../../../web/lib/admin/youtube-messages.ts';
import { AUTH_MESSAGE_ROWS } from '../../../web/lib/auth/messages.ts';
import { LIBRARY_MESSAGE_ROWS } from '../../../web/lib/library/messages.ts';
import { MT_MESSAGE_ROWS } from '../../../web/lib/library/mt-messages.ts';
import { LIVE_MESSAGE_ROWS } from '../../../web/lib/live/messages.ts';
import { QA_MESSAGE_ROWS } from '../../../web/lib/qa/messages.ts';
import { EDITOR_ROWS } from '../../../web/lib/studio/editor-messages.ts';
import { UPLOAD_MESSAGE_ROWS } from '../../../web/lib/studio/upload-messages.ts';
import { YOUTUBE_STUDIO_ROWS } from '../../../web/lib/studio/youtube-messages.ts';
import { VARIANT_MESSAGE_ROWS } from '../../../web/lib/variants/messages.ts';

const ROW_TABLES: Record<string, readonly string[]>[] = [
  ADMIN_MESSAGE_ROWS, YOUTUBE_MESSAGE_ROWS, AUTH_MESSAGE_ROWS, LIBRARY_MESSAGE_ROWS, MT_MESSAGE_ROWS, LIVE_MESSAGE_ROWS,
  QA_MESSAGE_ROWS, EDITOR_ROWS, UPLOAD_MESSAGE_ROWS, YOUTUBE_STUDIO_ROWS, VARIANT_MESSAGE_ROWS
];

/** Every string of a language's tables. */
function stringsOf(lang: UiLang): string[] {
  const i = UI_LANGS.indexOf(lang);
  return [...Object.values(CATALOGUES[lang]), ...ROW_TABLES.flatMap((rows) => Object.values(rows).map((row) => row[i]!))];
}

/**
 * The distinctive pieces of a message: its text between {placeholders}, trimmed of punctuation,
 * at least 6 characters with a letter — short words ("Видео", "Efir") are shared or ambiguous.
 */
function pieces(message: string): string[] {
  return message
    .split(/\{\w+\}/)
    .map((s) => s.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, ''))
    .filter((s) => s.length >= 6 && /\p{L}/u.test(s));
}

/** The strings that must not appear on a page in `lang`: the other languages' pieces this one lacks. */
function foreignTo(lang: UiLang): Map<string, UiLang> {
  const own = stringsOf(lang);
  const ownText = own.join('\n');
  const names = Object.values(LANG_NAMES); // the language menu names each language in its own script, on purpose
  const out = new Map<string, UiLang>();
  for (const other of UI_LANGS) {
    if (other === lang) continue;
    for (const piece of stringsOf(other).flatMap(pieces)) {
      if (ownText.includes(piece) || names.includes(piece) || out.has(piece)) continue;
      out.set(piece, other);
    }
  }
  return out;
}

/** video.js's own English labels (its en.json): none may reach a page in another language. */
function videojsEnglish(): string[] {
  const file = path.join(import.meta.dirname, '../../../node_modules/video.js/dist/lang/en.json');
  const labels = Object.values(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>);
  return [...new Set(labels.flatMap(pieces))];
}

const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&nbsp;/g, '\u00a0').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * What a person reads of a page: the text outside scripts and styles, and the attributes that are
 * read out or shown (title, aria-label, placeholder, alt). Each piece on its own line.
 */
export function visibleText(html: string): string {
  const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, '');
  const attrs = [...body.matchAll(/\s(?:title|aria-label|placeholder|alt)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!);
  const text = body.split(/<[^>]*>/).map((s) => s.trim()).filter(Boolean);
  return [...text, ...attrs].map(decode).join('\n');
}

/** Where `needle` stands as words of its own (not inside a longer word). */
function containsWord(hay: string, needle: string): boolean {
  if (!hay.includes(needle)) return false;
  const esc = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${esc}(?![\\p{L}\\p{N}])`, 'u').test(hay);
}

/**
 * Words of the other script, which no message table may hold (a word typed into a template): on a
 * Latin-script page (uz, az, ro, en) no Cyrillic besides the language menu's Русский and Тоҷикӣ; on
 * a Cyrillic page (ru, tg) no Latin word besides these names of things. Paths, addresses, zones
 * (anything with a slash) and file names (a.b) are skipped.
 */
const LATIN_ON_CYRILLIC_PAGES = new Set([
  ...Object.values(LANG_NAMES),
  'YouTube', 'Google', 'JavaScript', 'API', // names
  'OBS', 'Start', 'Streaming', 'Custom', // OBS and the labels of its own (English) settings the studio tells to click
  'private', // YouTube's name of the privacy setting, in brackets after the translation
  'AAC', 'JPEG', 'PNG', 'WebP', 'MP4', 'MOV', 'MKV', 'SRT', 'VTT', 'ASS', 'x264' // formats
]);

function wrongScript(lang: UiLang, text: string): string[] {
  const cyrillicPage = lang === 'ru' || lang === 'tg';
  const words = text.split(/\s+/).filter((w) => !w.includes('/') && !/[\p{L}\p{N}]\.[\p{L}\p{N}]/u.test(w));
  if (!cyrillicPage) return words.map((w) => w.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '')).filter((w) => /\p{Script=Cyrillic}/u.test(w) && !Object.values(LANG_NAMES).includes(w));
  // A Latin run inside a Cyrillic word form («Start Streaming»-ро, JavaScript-ро) is checked on its own.
  return words.flatMap((w) => [...w.matchAll(/\p{Script=Latin}[\p{Script=Latin}\p{N}]*/gu)].map((m) => m[0]).filter((run) => !LATIN_ON_CYRILLIC_PAGES.has(run) && !Object.values(LANG_NAMES).some((n) => n.includes(run))));
}

type PageName = 'home' | 'collections' | 'collection' | 'watch' | 'live list' | 'live' | 'console list' | 'console' | 'studio' | 'studio broadcasts' | 'studio broadcast';

/**
 * Leaks in files another branch of issue 13 owns, kept so this test passes until that branch lands.
 * The integrator deletes an entry as its fix arrives; an entry that no longer leaks fails the test.
 * `lang: '*'` stands for every language the string is foreign to.
 */
const KNOWN_LEAKS: { page: PageName; lang: UiLang | '*'; text: string; owner: string }[] = [];

let t: TestEfir;
let producer: Session;
let moderator: Session;
/** What the test itself wrote (titles, descriptions, names): people's words, not the interface's. */
const USER_CONTENT: string[] = [];
const paths = {} as Record<PageName, { path: string; who: 'anonymous' | 'moderator' | 'producer' }>;

beforeAll(async () => {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" first`);
  t = await startTestEfir({ pages: true, worker: false });
  producer = await signIn(t, 'producer');
  moderator = await signIn(t, 'moderator');
  const owner = (await t.efir.users.get(producer.userId!))!;
  const mod = (await t.efir.users.get(moderator.userId!))!;
  USER_CONTENT.push(owner.displayName, mod.displayName, 'made by a test');

  const videoId = await createDraft(t, producer, 'Qzx clip');
  await fakePublishedRevision(t, videoId);
  // A replay's chapters as the ingest stores them: the opening (a marker) and an answered question.
  await t.efir.db.query(`update videos set chapters = $2 where id = $1`, [videoId, JSON.stringify([{ start: 0, title: OPENING_CHAPTER }, { start: 1, title: 'Qzx question' }])]);
  const collectionId = (await t.efir.collections.create(owner, { title: 'Qzx series' })).id;
  await t.efir.collections.addVideo(owner, collectionId, videoId);
  const soon = new Date(Date.now() + 86_400_000).toISOString();
  const broadcastId = (await t.efir.live.createBroadcast(owner, { title: 'Qzx live', description: 'Qzx about', scheduledAt: soon })).id;
  USER_CONTENT.push('Qzx question', 'Qzx clip', 'Qzx series', 'Qzx live', 'Qzx about');
  const [{ stream_key }] = await t.efir.db.query<{ stream_key: string }>('select stream_key from broadcasts where id = $1', [broadcastId]);
  USER_CONTENT.push(stream_key); // the producer's OBS settings show it

  Object.assign(paths, {
    home: { path: '/', who: 'anonymous' },
    collections: { path: '/collections', who: 'anonymous' },
    collection: { path: `/collections/${collectionId}`, who: 'anonymous' },
    watch: { path: `/watch/${videoId}`, who: 'anonymous' },
    'live list': { path: '/live', who: 'anonymous' },
    live: { path: `/live/${broadcastId}`, who: 'anonymous' },
    'console list': { path: '/console', who: 'moderator' },
    console: { path: `/console/${broadcastId}`, who: 'moderator' },
    studio: { path: '/studio', who: 'producer' },
    'studio broadcasts': { path: '/studio/broadcasts', who: 'producer' },
    'studio broadcast': { path: `/studio/broadcasts/${broadcastId}`, who: 'producer' }
  });
});
afterAll(async () => t?.close());

async function readPage(name: PageName, lang: UiLang): Promise<string> {
  const { path: p, who } = paths[name];
  const session = who === 'moderator' ? moderator : who === 'producer' ? producer : null;
  const res = await fetch(`${t.baseUrl}${p}`, {
    headers: { cookie: [`efir_lang=${lang}`, session?.cookie].filter(Boolean).join('; '), accept: 'text/html' },
    redirect: 'manual'
  });
  expect(res.status, `${name} in ${lang}`).toBe(200);
  let text = visibleText(await res.text());
  for (const words of USER_CONTENT) text = text.split(words).join(' ');
  return text;
}

const VIDEOJS_EN = videojsEnglish();

describe.each(UI_LANGS)('pages in %s', (lang) => {
  const foreign = foreignTo(lang);

  test('hold no string of another language, nor video.js’s English', async () => {
    const names = Object.keys(paths) as PageName[];
    const texts = await Promise.all(names.map((name) => readPage(name, lang)));
    if (process.env.DUMP_PAGES) fs.writeFileSync(`/tmp/lang/pages-${lang}.txt`, names.map((n, i) => `##### ${n}\n${texts[i]}`).join('\n'));
    const leaks: string[] = [];
    const known: string[] = [];
    names.forEach((name, i) => {
      const text = texts[i]!;
      // The page is the page in this language (not a sign-in form or an error): its skip link is there.
      expect(text, `${name} in ${lang}`).toContain(CATALOGUES[lang].skip_to_content);
      const found: [string, string][] = [];
      for (const [piece, from] of foreign) if (containsWord(text, piece)) found.push([piece, from]);
      for (const word of new Set(wrongScript(lang, text))) found.push([word, 'the other script']);
      if (lang !== 'en') for (const label of VIDEOJS_EN) if (containsWord(text, label)) found.push([label, 'video.js en']);
      for (const [piece, from] of found) {
        const listed = KNOWN_LEAKS.some((k) => k.page === name && (k.lang === lang || k.lang === '*') && k.text === piece);
        (listed ? known : leaks).push(`${name} [${lang}]: ${JSON.stringify(piece)} (${from})`);
      }
    });
    expect(leaks).toEqual([]);
    // Every known leak of this language still leaks; one that is gone is deleted from KNOWN_LEAKS.
    const stale = KNOWN_LEAKS.filter((k) => k.lang === lang && !known.some((f) => f.startsWith(`${k.page} [${lang}]: ${JSON.stringify(k.text)}`)));
    expect(stale).toEqual([]);
  });
});

test('the text a person reads: attributes kept, scripts and markup gone', () => {
  const html = '<head><title>Efir &amp; co</title><script>var x = "Loaded"</script></head><body><button aria-label="Play" class="x">▶</button><img alt="poster" src="a.jpg"><!-- x --><p>a&nbsp;b</p></body>';
  expect(visibleText(html).split('\n').sort()).toEqual(['Efir & co', 'Play', 'a\u00a0b', 'poster', '▶'].sort());
  expect(containsWord('Serverul', 'Server')).toBe(false);
  expect(wrongScript('uz', 'Til: Русский, Oʻzbekcha. Загрузить')).toEqual(['Загрузить']);
  expect(wrongScript('tg', 'Файлҳои SRT (dars.tg.srt) аз rtmp://x/live, JavaScript-ро Upload')).toEqual(['Upload']);
  expect(containsWord('the Server.', 'Server')).toBe(true);
});
