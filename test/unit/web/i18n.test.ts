import { describe, expect, it } from 'vitest';
import { LANG_NAMES, fmt, pickUiLang } from '../../../web/lib/i18n/index.ts';

describe('languages', () => {
  it('names each language in its own script', () => {
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
