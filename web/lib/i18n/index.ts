/**
 * UI languages, their message keys and the one translate function. The six languages are the ones
 * Efir's viewers read: Russian (the common language of the migrants' paperwork), Uzbek, Tajik,
 * Azerbaijani, Romanian (Moldova) and English.
 *
 * One catalogue per language (web/lib/i18n/catalogues/<lang>.ts), keys namespaced
 * `<namespace>.<key>`. The server holds all six (catalogues.server.ts); a page's data carries only
 * its language's, and of it only the namespaces the page's part of the site reads (PAGE_NAMESPACES),
 * so a viewer's phone never downloads the studio's words or another language's.
 */
import type { Catalogue } from './catalogues/ru.ts';

export type UiLang = 'ru' | 'uz' | 'tg' | 'az' | 'ro' | 'en';
export type { Catalogue };
export type Namespace = keyof Catalogue;
/** Every message's key: `qa.qa_title`, `errors.bad_media.too_long`… */
export type MessageKey = { [N in Namespace]: `${N}.${keyof Catalogue[N] & string}` }[Namespace];
export type MessageParams = Record<string, string | number>;
/** Some namespaces of one language's catalogue: what a page's data carries. */
export type PartialCatalogue = { [N in Namespace]?: Record<string, string> };

/**
 * Which namespaces each layout puts in its data (the key of the data it is under): every page gets
 * `m` (root layout: the header and its search box, the library, the watch and live pages, the Q&A and
 * console, the search page and the studio's search box, errors);
 * the studio layout adds `m_studio`, the admin page `m_admin`.
 */
export const PAGE_NAMESPACES = {
  m: ['site', 'library', 'mt', 'variants', 'live', 'qa', 'search', 'auth', 'plural', 'errors'],
  m_studio: ['studio', 'upload', 'editor', 'failed_draft', 'studio_youtube'],
  m_admin: ['admin', 'admin_youtube']
} as const satisfies Record<string, readonly Namespace[]>;
export type PageCatalogueKey = keyof typeof PAGE_NAMESPACES;


/** What words messages in one language: the server's for any language, a page's for its own. */
export interface Translator {
  readonly lang: UiLang;
  t(key: MessageKey, params?: MessageParams): string;
  /** Whether the catalogue has this key (codes from the server are looked up before they are worded). */
  has(key: string): key is MessageKey;
}

/**
 * The one translate function: `key`'s message in a catalogue with {placeholders} filled. A key the
 * catalogue lacks comes back as the key itself, so a missing message is seen, never silently blank.
 */
export function translate(catalogue: PartialCatalogue | undefined, key: string, params?: MessageParams): string {
  const dot = key.indexOf('.');
  const message = catalogue?.[key.slice(0, dot) as Namespace]?.[key.slice(dot + 1)];
  return message === undefined ? key : fmt(message, params);
}

export function hasMessage(catalogue: PartialCatalogue | undefined, key: string): key is MessageKey {
  const dot = key.indexOf('.');
  return dot > 0 && Object.hasOwn(catalogue?.[key.slice(0, dot) as Namespace] ?? {}, key.slice(dot + 1));
}

/** A Translator over some namespaces of one language's catalogue. */
export function translator(lang: UiLang, catalogue: PartialCatalogue): Translator {
  return {
    lang,
    t: (key, params) => translate(catalogue, key, params),
    has: (key): key is MessageKey => hasMessage(catalogue, key)
  };
}

export const UI_LANGS: readonly UiLang[] = ['ru', 'uz', 'tg', 'az', 'ro', 'en'];
export const DEFAULT_LANG: UiLang = 'ru';
export const LANG_COOKIE = 'efir_lang';

/** Each language's name in its own script, as its readers look for it in a menu. */
export const LANG_NAMES: Record<UiLang, string> = {
  ru: 'Русский',
  uz: 'Oʻzbekcha',
  tg: 'Тоҷикӣ',
  az: 'Azərbaycanca',
  ro: 'Română',
  en: 'English'
};

export function isUiLang(value: unknown): value is UiLang {
  return typeof value === 'string' && (UI_LANGS as readonly string[]).includes(value);
}

/** Primary subtag of a BCP 47 tag mapped to a UI language; 'mo' is the old code of Moldovan (= ro). */
function primaryLang(tag: string): UiLang | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  const lang = primary === 'mo' ? 'ro' : primary;
  return isUiLang(lang) ? lang : null;
}

/** The `lang` query parameter of a shared link (`?lang=uz`; 'mo' and tags like uz-Latn count): the language it names, or null. */
export function queryLang(value: string | null | undefined): UiLang | null {
  return typeof value === 'string' && value.length <= 35 ? primaryLang(value) : null;
}

/**
 * Under /studio `?lang=` is not a link's language but the page's own parameter: the cue editor's
 * subtitle track (/studio/videos/:id/subtitles?lang=tg). Studio pages are not shared, and a
 * translator editing Tajik keeps the interface in their own language.
 */
const langParamIsThePages = (pathname: string) => pathname === '/studio' || pathname.startsWith('/studio/');

/** The UI language a page's URL asks for (a shared link's `?lang=`), or null (studio pages: never). */
export function linkLang(url: Pick<URL, 'pathname' | 'searchParams'>): UiLang | null {
  return langParamIsThePages(url.pathname) ? null : queryLang(url.searchParams.get('lang'));
}

/**
 * A page's path and query without `lang`: where the language switcher goes back to, so the newly
 * chosen language (the cookie) is not overridden by the link's `?lang=` the page was opened with.
 * Studio pages keep theirs (it is not a language of the page).
 */
export function withoutLangParam(url: Pick<URL, 'pathname' | 'search'>): string {
  if (langParamIsThePages(url.pathname)) return url.pathname + url.search;
  const q = new URLSearchParams(url.search);
  q.delete('lang');
  const query = q.toString();
  return url.pathname + (query ? `?${query}` : '');
}

/**
 * The UI language of a request: the efir_lang cookie when it names one of the six; else the
 * Accept-Language entry with the highest q (ties keep header order) whose primary tag is one of
 * the six; else Russian.
 */
export function pickUiLang(cookieValue: string | undefined, acceptLanguage: string | null): UiLang {
  if (isUiLang(cookieValue)) return cookieValue;
  if (!acceptLanguage) return DEFAULT_LANG;
  const entries = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.split(';');
      let q = 1;
      for (const p of params) {
        const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
        if (m) q = Number(m[1]);
      }
      return { lang: primaryLang(tag), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((e) => e.lang !== null && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return entries[0]?.lang ?? DEFAULT_LANG;
}

/** Fills {name} placeholders. Unknown placeholders stay visible, so a missing value is noticed. */
export function fmt(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
