import { describe, expect, it } from 'vitest';
import { CATALOGUES, LANG_NAMES, UI_LANGS, fmt, pickUiLang } from '../../../web/lib/i18n/index.ts';

describe('message catalogues', () => {
  const reference = Object.keys(CATALOGUES.ru).sort();

  it.each(UI_LANGS)('%s has exactly the keys of ru, none empty', (lang) => {
    const cat = CATALOGUES[lang];
    expect(Object.keys(cat).sort()).toEqual(reference);
    for (const [key, value] of Object.entries(cat)) expect(value.trim(), `${lang}.${key}`).not.toBe('');
  });

  it.each(UI_LANGS)('%s keeps the placeholders of ru', (lang) => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of reference) {
      expect(names(CATALOGUES[lang][key as keyof (typeof CATALOGUES)['ru']]), `${lang}.${key}`).toEqual(
        names(CATALOGUES.ru[key as keyof (typeof CATALOGUES)['ru']])
      );
    }
  });

  it('writes each language in its own letters', () => {
    const all = (lang: keyof typeof CATALOGUES) => Object.values(CATALOGUES[lang]).join('\n');
    // Uzbek: oʻ gʻ with U+02BB, never an ASCII or typographic apostrophe.
    expect(all('uz')).toMatch(/[og]\u02BB/);
    expect(all('uz')).not.toMatch(/[og]['\u2018\u2019`]/);
    // Romanian: comma-below ș ț, never the cedilla forms.
    expect(all('ro')).toMatch(/[\u0219\u021B]/);
    expect(all('ro')).not.toMatch(/[\u015F\u0163\u015E\u0162]/);
    // Tajik: Cyrillic with its own letters.
    expect(all('tg')).toMatch(/[ӣӯҳҷқғ]/);
    // Azerbaijani: schwa, dotless i.
    expect(all('az')).toMatch(/ə/);
    expect(all('az')).toMatch(/ı/);
    expect(LANG_NAMES).toEqual({ ru: 'Русский', uz: 'O\u02BBzbekcha', tg: 'Тоҷикӣ', az: 'Azərbaycanca', ro: 'Română', en: 'English' });
  });

  it('fills placeholders', () => {
    expect(fmt('{done} of {total}', { done: 1, total: '2 MB' })).toBe('1 of 2 MB');
    expect(fmt('{missing}', {})).toBe('{missing}');
  });
});

describe('pickUiLang', () => {
  it('prefers the cookie', () => {
    expect(pickUiLang('tg', 'uz,ru;q=0.9')).toBe('tg');
    expect(pickUiLang('en', null)).toBe('en');
  });

  it('ignores a cookie that names no UI language', () => {
    expect(pickUiLang('de', 'az')).toBe('az');
    expect(pickUiLang('', null)).toBe('ru');
  });

  it('takes the first Accept-Language entry among the six, by primary tag', () => {
    expect(pickUiLang(undefined, 'de-DE,uz-Latn-UZ;q=0.9,ru;q=0.8')).toBe('uz');
    expect(pickUiLang(undefined, 'fr, en-GB;q=0.7')).toBe('en');
    expect(pickUiLang(undefined, 'AZ-az')).toBe('az');
  });

  it('honours q-values', () => {
    expect(pickUiLang(undefined, 'ru;q=0.5, tg;q=0.9')).toBe('tg');
    expect(pickUiLang(undefined, 'en;q=0.8, ro')).toBe('ro');
    expect(pickUiLang(undefined, 'uz;q=0, en;q=0.1')).toBe('en');
    // Equal q keeps the header's order.
    expect(pickUiLang(undefined, 'az;q=0.5, tg;q=0.5')).toBe('az');
  });

  it('counts Moldovan (mo) as Romanian', () => {
    expect(pickUiLang(undefined, 'mo')).toBe('ro');
    expect(pickUiLang(undefined, 'de, mo-MD;q=0.8, ru;q=0.5')).toBe('ro');
  });

  it('defaults to Russian', () => {
    expect(pickUiLang(undefined, null)).toBe('ru');
    expect(pickUiLang(undefined, '')).toBe('ru');
    expect(pickUiLang(undefined, 'de-DE, fr;q=0.8')).toBe('ru');
    expect(pickUiLang(undefined, '*')).toBe('ru');
  });
});
