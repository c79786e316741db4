/**
 * "(machine-translated)" in each subtitle language itself, for the NAME of a machine-translated
 * track in the HLS master playlist: that name is one string for every viewer, written like
 * LANGUAGE_NAMES in the track's own language (players that show HLS names, Safari's own, list
 * "Тоҷикӣ (тарҷумаи мошинӣ)"). The watch page labels tracks in the viewer's language instead
 * (web/lib/library/mt-messages.ts).
 */
import { LANGUAGE_NAMES, type Lang } from './languages.js';

export const MACHINE_SUFFIX: Record<Lang, string> = {
  ru: 'машинный перевод',
  uz: 'mashina tarjimasi',
  tg: 'тарҷумаи мошинӣ',
  az: 'maşın tərcüməsi',
  ro: 'traducere automată',
  en: 'machine-translated'
};

/** The track's NAME: the language's own name, with the suffix when a machine translated some of its cues. */
export function trackName(lang: Lang, machine: boolean): string {
  return machine ? `${LANGUAGE_NAMES[lang]} (${MACHINE_SUFFIX[lang]})` : LANGUAGE_NAMES[lang];
}
