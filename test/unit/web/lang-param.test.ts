import { describe, expect, it } from 'vitest';
import { queryLang, withoutLangParam } from '../../../web/lib/i18n/index.ts';

describe('queryLang (a shared link\'s ?lang=)', () => {
  it.each([
    ['ru', 'ru'],
    ['uz', 'uz'],
    ['tg', 'tg'],
    ['az', 'az'],
    ['ro', 'ro'],
    ['en', 'en'],
    ['mo', 'ro'],
    ['UZ', 'uz'],
    ['uz-Latn', 'uz'],
    ['ro_MD', 'ro']
  ])('%s → %s', (value, lang) => {
    expect(queryLang(value)).toBe(lang);
  });

  it.each([null, undefined, '', 'de', 'x', 'uzb', 'r'.repeat(40)])('ignores %s', (value) => {
    expect(queryLang(value)).toBeNull();
  });
});

describe('withoutLangParam', () => {
  it('drops lang and keeps the rest', () => {
    expect(withoutLangParam(new URL('http://x/watch/a?lang=uz&t=90&c=k'))).toBe('/watch/a?t=90&c=k');
    expect(withoutLangParam(new URL('http://x/watch/a?lang=uz'))).toBe('/watch/a');
    expect(withoutLangParam(new URL('http://x/'))).toBe('/');
    expect(withoutLangParam(new URL('http://x/collections?c=1'))).toBe('/collections?c=1');
  });
});
