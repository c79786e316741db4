import { describe, expect, it } from 'vitest';
import { LANGUAGE_BCP47, LANGUAGE_NAMES, SUBTITLE_LANGUAGES, isLang } from '../../../media/subtitles/index.js';

describe('subtitle languages', () => {
  it('are exactly ru, uz, tg, az, ro, en in that order', () => {
    expect(SUBTITLE_LANGUAGES).toEqual(['ru', 'uz', 'tg', 'az', 'ro', 'en']);
  });

  it('accepts only those codes', () => {
    for (const lang of SUBTITLE_LANGUAGES) expect(isLang(lang)).toBe(true);
    for (const other of ['RU', 'uzb', 'tj', 'mo', 'ro-MD', '', undefined, 1]) expect(isLang(other)).toBe(false);
  });

  it('are named in their own language and script', () => {
    expect(LANGUAGE_NAMES).toEqual({
      ru: '\u0420\u0443\u0441\u0441\u043a\u0438\u0439',
      uz: 'O\u02BBzbekcha',
      tg: '\u0422\u043e\u04b7\u0438\u043a\u04e3',
      az: 'Az\u0259rbaycanca',
      ro: 'Rom\u00e2n\u0103',
      en: 'English'
    });
  });

  it('use the two-letter code as the HLS LANGUAGE tag', () => {
    expect(Object.entries(LANGUAGE_BCP47)).toEqual(SUBTITLE_LANGUAGES.map((l) => [l, l]));
  });
});
