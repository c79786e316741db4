/**
 * What "a page in one language" means, for the tests that read pages (issue 13): the catalogues'
 * strings of each language, the pieces of them distinctive enough to search for, what a
 * person reads of an HTML page, and the words of the wrong script. Pure: the integration test feeds
 * it server-rendered HTML; a browser test can feed it a hydrated page's HTML the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LANG_NAMES, UI_LANGS, type Namespace, type UiLang } from '../../web/lib/i18n/index.ts';
import { CATALOGUES } from '../../web/lib/i18n/catalogues.server.ts';

type Rows = Record<string, readonly string[]>;

/**
 * The catalogues (web/lib/i18n/catalogues/<lang>.ts), one table per namespace: a row per key, the six
 * languages in UI_LANGS order. A plural form a language does not have (Tajik has only `other`) reads
 * as that language's `other`.
 */
function namespaceRows(ns: Namespace): Rows {
  const rows: Rows = {};
  for (const key of Object.keys(CATALOGUES.ru[ns])) {
    rows[key] = UI_LANGS.map((lang) => {
      const table = CATALOGUES[lang][ns] as Record<string, string | undefined>;
      return table[key] ?? (ns === 'plural' ? table[`${key.split('.')[0]}.other`]! : '');
    });
  }
  return rows;
}

/** Every namespace of the catalogues, by name (catalogue-coverage.test.ts checks them). */
export const MESSAGE_TABLES: Record<string, { files: string[]; rows: Rows }> = Object.fromEntries(
  (Object.keys(CATALOGUES.ru) as Namespace[]).map((ns) => [ns, { files: UI_LANGS.map((l) => `i18n/catalogues/${l}.ts`), rows: namespaceRows(ns) }])
);

/** `qa.qa_title`, `errors.bad_media.too_long`: a message key of the catalogues. */
const MESSAGE_KEY = new RegExp(`(?<![\\p{L}\\p{N}_.])(?:${Object.keys(CATALOGUES.ru).join('|')})\\.[a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)*`, 'gu');

/** video.js's own words in each language (web/lib/player/vjs-lang/<lang>.ts), loaded with the player on Play. */
const VJS_WORDS = Object.fromEntries(
  UI_LANGS.map((lang) => {
    const file = fs.readFileSync(path.join(import.meta.dirname, `../../web/lib/player/vjs-lang/${lang}.ts`), 'utf8');
    return [lang, [...file.matchAll(/^\s*"(?:[^"\\]|\\.)*":\s*"((?:[^"\\]|\\.)*)",?$/gm)].map((m) => JSON.parse(`"${m[1]}"`) as string)];
  })
) as Record<UiLang, string[]>;

function catalogueStringsOf(lang: UiLang): string[] {
  const i = UI_LANGS.indexOf(lang);
  return Object.values(MESSAGE_TABLES).flatMap((t) => Object.values(t.rows).map((row) => row[i]!));
}

/** Every string of a language's catalogue, and of its video.js dictionary. */
export function stringsOf(lang: UiLang): string[] {
  return [...catalogueStringsOf(lang), ...VJS_WORDS[lang]];
}

/**
 * The distinctive pieces of a message: its text between {placeholders}, trimmed of punctuation,
 * at least 6 characters with a letter — short words ("Видео", "Efir") are shared or ambiguous.
 */
export function pieces(message: string): string[] {
  return message
    .split(/\{\w+\}/)
    .map((s) => s.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, ''))
    .filter((s) => s.length >= 6 && /\p{L}/u.test(s));
}

/** The strings that must not appear on a page in `lang`: the other languages' pieces this one lacks. */
export function foreignTo(lang: UiLang): Map<string, string> {
  const own = stringsOf(lang);
  const ownText = own.join('\n');
  const names = Object.values(LANG_NAMES); // the language menu names each language in its own script, on purpose
  const out = new Map<string, string>();
  for (const other of UI_LANGS) {
    if (other === lang) continue;
    const onlyVjs = new Set(VJS_WORDS[other].flatMap(pieces));
    for (const piece of catalogueStringsOf(other).flatMap(pieces)) onlyVjs.delete(piece);
    for (const piece of stringsOf(other).flatMap(pieces)) {
      if (ownText.includes(piece) || names.includes(piece) || out.has(piece)) continue;
      out.set(piece, onlyVjs.has(piece) ? `${other}: video.js` : other);
    }
  }
  return out;
}

/** video.js's own English labels (its en.json): none may reach a page in another language. */
export function videojsEnglish(): string[] {
  const file = path.join(import.meta.dirname, '../../node_modules/video.js/dist/lang/en.json');
  const labels = Object.values(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>);
  return [...new Set(labels.flatMap(pieces))];
}

export const decode = (s: string) =>
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
export function containsWord(hay: string, needle: string): boolean {
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
export const LATIN_ON_CYRILLIC_PAGES = new Set([
  ...Object.values(LANG_NAMES),
  'Efir', 'YouTube', 'Google', 'JavaScript', 'API', 'OAuth', 'ID', // names (Efir: as the YouTube texts write the brand)
  'OBS', 'Start', 'Streaming', 'Custom', // OBS and the labels of its own (English) settings the studio tells to click
  'private', // YouTube's name of the privacy setting, in brackets after the translation
  'AAC', 'JPEG', 'PNG', 'WebP', 'WebM', 'MP4', 'MOV', 'MKV', 'SRT', 'VTT', 'ASS', 'x264', // formats
  'SubRip', 'WebVTT', 'srt', 'vtt', 'ass', 'Dialogue', 'Format' // subtitle formats, their file extensions and an ASS file's own line names
]);

export function wrongScript(lang: UiLang, text: string): string[] {
  const cyrillicPage = lang === 'ru' || lang === 'tg';
  const words = text.split(/\s+/).filter((w) => !w.includes('/') && !/[\p{L}\p{N}]\.[\p{L}\p{N}]/u.test(w));
  if (!cyrillicPage) return words.map((w) => w.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '')).filter((w) => /\p{Script=Cyrillic}/u.test(w) && !Object.values(LANG_NAMES).includes(w));
  // A Latin run inside a Cyrillic word form («Start Streaming»-ро, JavaScript-ро) is checked on its own.
  return words.flatMap((w) => [...w.matchAll(/\p{Script=Latin}[\p{Script=Latin}\p{N}]*/gu)].map((m) => m[0]).filter((run) => run.length > 1 && !LATIN_ON_CYRILLIC_PAGES.has(run) && !Object.values(LANG_NAMES).some((n) => n.includes(run))));
}

const tokens = (text: string) => text.toLocaleLowerCase('en').replace(/\{\w+\}/g, ' ').match(/[\p{L}\u02BB]{3,}/gu) ?? [];

/**
 * Single words of the language the others were translated from that this one's tables never use:
 * English words on a Uzbek, Azerbaijani or Romanian page, Russian words on a Tajik one (a word in
 * the same script as the page, which wrongScript cannot tell). Russian and English pages: none.
 */
export function sourceWordsForeignTo(lang: UiLang): Set<string> {
  const source: UiLang | null = lang === 'tg' ? 'ru' : lang === 'ru' || lang === 'en' ? null : 'en';
  if (!source) return new Set();
  const own = new Set([...stringsOf(lang), ...Object.values(LANG_NAMES)].flatMap(tokens));
  return new Set(stringsOf(source).flatMap(tokens).filter((w) => !own.has(w)));
}

/**
 * Everything on a page in `lang` that is not in `lang`: the other languages' table strings, words of
 * the other script, video.js's English (not on English pages). `userContent` (titles, names,
 * questions the test wrote) is taken out first. Each finding reads `"text" (where it is from)`.
 */
export function pageLeaks(lang: UiLang, html: string, userContent: readonly string[] = []): string[] {
  let text = visibleText(html);
  for (const words of userContent) text = text.split(words).join(' ');
  const found: string[] = [];
  const pieces = foreignTo(lang);
  if (lang !== 'en') for (const label of videojsEnglish()) if (!pieces.has(label)) pieces.set(label, 'video.js en');
  // Longest first, each taken out once found: "Modal Window" is one leak, not also "Window" and its words.
  for (const [piece, from] of [...pieces].sort((a, b) => b[0].length - a[0].length)) {
    if (!containsWord(text, piece)) continue;
    found.push(`${JSON.stringify(piece)} (${from})`);
    text = text.split(piece).join(' ');
  }
  for (const word of new Set(wrongScript(lang, text))) found.push(`${JSON.stringify(word)} (the other script)`);
  // A key shown instead of its message (translate() shows a key it does not find: a namespace the page's data lacks).
  for (const key of new Set(text.match(MESSAGE_KEY) ?? [])) found.push(`${JSON.stringify(key)} (a message key)`);
  const source = sourceWordsForeignTo(lang);
  const words = text.split(/\s+/).filter((w) => !w.includes('/') && !/[\p{L}\p{N}]\.[\p{L}\p{N}]/u.test(w)); // not addresses, paths, file names
  for (const word of new Set(tokens(words.join(' ')))) if (source.has(word)) found.push(`${JSON.stringify(word)} (a word of ${lang === 'tg' ? 'ru' : 'en'})`);
  return found;
}
