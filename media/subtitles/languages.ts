// The six languages Efir publishes subtitles in. Everything else (uploads, HLS manifests, the player's
// menu) is checked against this list so a typo like 'uzb' or 'tj' cannot slip into a playlist.
export const SUBTITLE_LANGUAGES = ['ru', 'uz', 'tg', 'az', 'ro', 'en'] as const;

export type Lang = (typeof SUBTITLE_LANGUAGES)[number];

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (SUBTITLE_LANGUAGES as readonly string[]).includes(x);
}

// Names are written in the language itself: viewers look for their own language, not for its name in
// Russian or English. Uzbek uses U+02BB (modifier letter turned comma), the official Latin-script oʻ.
export const LANGUAGE_NAMES: Record<Lang, string> = {
  ru: 'Русский',
  uz: 'O\u02BBzbekcha',
  tg: 'Тоҷикӣ',
  az: 'Azərbaycanca',
  ro: 'Română',
  en: 'English'
};

// Value of the LANGUAGE= attribute of #EXT-X-MEDIA. The ISO 639-1 codes are already valid BCP-47 tags;
// the table exists so that callers never build the attribute from an unchecked string.
export const LANGUAGE_BCP47: Record<Lang, string> = {
  ru: 'ru',
  uz: 'uz',
  tg: 'tg',
  az: 'az',
  ro: 'ro',
  en: 'en'
};
