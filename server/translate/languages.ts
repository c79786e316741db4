/**
 * Efir's subtitle languages as the Cloud Translation API names them. Today every code is the same
 * ISO 639-1 code (Google lists uz, tg, az, ro, en and ru among its v2 languages), but the table is
 * where a difference would go (Google's `iw`/`he`, `zh-CN`…), so nothing else assumes it.
 */
import type { Lang } from '../../media/subtitles/index.ts';

export const GOOGLE_LANG: Record<Lang, string> = {
  ru: 'ru',
  uz: 'uz',
  tg: 'tg',
  az: 'az',
  ro: 'ro',
  en: 'en'
};

/** The language every draft is translated from: the Russian original's cues. */
export const DRAFT_SOURCE: Lang = 'ru';
