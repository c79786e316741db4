import { describe, expect, it } from 'vitest';
import { linkLang, queryLang, withoutLangParam } from '../../../web/lib/i18n/index.ts';

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

describe('studio pages: ?lang= is the page\'s own (the cue editor\'s subtitle track), not a link\'s language', () => {
  it('linkLang reads ?lang= everywhere but under /studio', () => {
    expect(linkLang(new URL('http://x/watch/a?lang=tg'))).toBe('tg');
    expect(linkLang(new URL('http://x/?lang=uz'))).toBe('uz');
    expect(linkLang(new URL('http://x/studio/videos/a/subtitles?lang=tg'))).toBeNull();
    expect(linkLang(new URL('http://x/studio?lang=tg'))).toBeNull();
    expect(linkLang(new URL('http://x/studios?lang=tg'))).toBe('tg');
  });

  it('withoutLangParam keeps it there', () => {
    expect(withoutLangParam(new URL('http://x/studio/videos/a/subtitles?lang=tg'))).toBe('/studio/videos/a/subtitles?lang=tg');
  });
});
