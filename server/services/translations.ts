/**
 * The five translations of a video's title and description (videos.i18n), checked and cleaned like
 * the Russian original: Russian itself lives in title/description, a language outside the five is
 * refused naming its field, and empty texts are dropped so that pages fall back to Russian. Pure;
 * unit-tested in test/unit/translations.test.ts.
 */
import { EfirError } from '../errors.ts';
import { cleanName, cleanText } from '../qa/text.ts';
import type { VideoI18n } from '../repositories/videos.ts';

export const TRANSLATION_LANGS = ['uz', 'tg', 'az', 'ro', 'en'] as const;
export const TEXT_TITLE_MAX = 200;
export const TEXT_DESCRIPTION_MAX = 5000;

export function cleanTranslations(i18n: Record<string, { title?: string; description?: string } | undefined>): VideoI18n {
  const out: VideoI18n = {};
  for (const [lang, t] of Object.entries(i18n)) {
    if (!(TRANSLATION_LANGS as readonly string[]).includes(lang)) {
      throw new EfirError('invalid_field', `i18n.${lang}: not one of ${TRANSLATION_LANGS.join(', ')}`, { field: `i18n.${lang}` });
    }
    const title = cleanName(t?.title ?? '');
    const description = cleanText(t?.description ?? '');
    if (title.length > TEXT_TITLE_MAX) {
      throw new EfirError('invalid_field', `i18n.${lang}.title: at most ${TEXT_TITLE_MAX} characters`, { field: `i18n.${lang}.title` });
    }
    if (description.length > TEXT_DESCRIPTION_MAX) {
      throw new EfirError('invalid_field', `i18n.${lang}.description: at most ${TEXT_DESCRIPTION_MAX} characters`, { field: `i18n.${lang}.description` });
    }
    if (title || description) out[lang] = { ...(title ? { title } : {}), ...(description ? { description } : {}) };
  }
  return out;
}
