/**
 * UI languages and their message catalogues. The six languages are the ones Efir's viewers read:
 * Russian (the common language of the migrants' paperwork), Uzbek, Tajik, Azerbaijani, Romanian
 * (Moldova) and English. Only the catalogue of the chosen language goes to the browser (layout data).
 */
import { ru, type MessageKey, type Messages } from './ru.ts';
import { uz } from './uz.ts';
import { tg } from './tg.ts';
import { az } from './az.ts';
import { ro } from './ro.ts';
import { en } from './en.ts';

export type UiLang = 'ru' | 'uz' | 'tg' | 'az' | 'ro' | 'en';
export type { MessageKey, Messages };

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

export const CATALOGUES: Record<UiLang, Messages> = { ru, uz, tg, az, ro, en };

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
export function fmt(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * A message table of one part of the site (the Q&A, live broadcasts): one row per key with the
 * six languages in UI_LANGS order. Returns its lookup: the row's text in `lang` (Russian for an
 * unknown one), placeholders filled by fmt().
 */
export function messageTable<K extends string>(rows: Record<K, readonly string[]>) {
  return (lang: string, key: K, params: Record<string, string | number> = {}): string => {
    const i = Math.max(0, UI_LANGS.indexOf(lang as UiLang));
    return fmt(rows[key][i] ?? rows[key][0]!, params);
  };
}
