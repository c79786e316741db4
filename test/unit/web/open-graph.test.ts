import { describe, expect, it } from 'vitest';
import { absoluteUrl, OG_LOCALES, posterSize, summarize, watchMeta, type WatchMetaInput, type WatchMetaVideo } from '../../../web/lib/library/open-graph.ts';
import { UI_LANGS } from '../../../web/lib/i18n/index.ts';

const video: WatchMetaVideo = {
  id: 'v1',
  title: 'Патент «быстро» & <дёшево>',
  description: 'Как получить патент.\n\nПо шагам:   документы,\tоплата.',
  i18n: { uz: { title: 'Patent tez', description: 'Patentni qanday olish' }, tg: { title: 'Патент зуд', description: '  ' }, az: { title: '  ' } },
  posterUrl: '/media/v1/3/poster.jpg',
  width: 1920,
  height: 1080,
  masterUrl: '/media/v1/3/master.m3u8'
};
const input = (over: Partial<WatchMetaInput> = {}): WatchMetaInput => ({
  publicUrl: 'https://efir.example.org/',
  video,
  lang: 'ru',
  siteName: 'Эфир',
  tagline: 'Видео о легальной работе в России',
  ...over
});
const tag = (m: ReturnType<typeof watchMeta>, key: string) => m.tags.filter((t) => t.key === key).map((t) => t.content);

describe('summarize', () => {
  it('collapses whitespace and keeps short text whole', () => {
    expect(summarize('  a\n\n b\t c  ', 10)).toBe('a b c');
  });
  it('cuts at a word boundary with an ellipsis, never past the limit', () => {
    const s = summarize('слово '.repeat(60), 100);
    expect(s.length).toBeLessThanOrEqual(100);
    expect(s.endsWith('слово…')).toBe(true);
  });
  it('cuts a long word hard and never splits a surrogate pair', () => {
    const s = summarize('😀'.repeat(50), 10);
    expect(Array.from(s)).toHaveLength(10);
    expect(s).toBe(`${'😀'.repeat(9)}…`);
  });
});

describe('absoluteUrl and posterSize', () => {
  it('makes a site path absolute against PUBLIC_URL and keeps an absolute one', () => {
    expect(absoluteUrl('https://e.org/', '/media/x.jpg')).toBe('https://e.org/media/x.jpg');
    expect(absoluteUrl('https://e.org/base', '/media/x.jpg')).toBe('https://e.org/base/media/x.jpg');
    expect(absoluteUrl('https://e.org', 'https://cdn.example/x.jpg')).toBe('https://cdn.example/x.jpg');
  });
  it('is the thumbnails step\'s size for Efir\'s own poster, unknown for the embed', () => {
    expect(posterSize({ width: 1920, height: 1080, masterUrl: 'm' })).toEqual({ width: 1280, height: 720 });
    expect(posterSize({ width: 640, height: 360, masterUrl: 'm' })).toEqual({ width: 640, height: 360 });
    expect(posterSize({ width: 1081, height: 1921, masterUrl: 'm' })).toEqual({ width: 1080, height: 1920 });
    expect(posterSize({ width: 1920, height: 1080, masterUrl: null })).toBeNull();
    expect(posterSize({ width: null, height: 1080, masterUrl: 'm' })).toBeNull();
  });
});

describe('watchMeta', () => {
  it('the Russian card: title, description, absolute poster with its size, canonical URL, locales', () => {
    const m = watchMeta(input());
    expect(m.documentTitle).toBe('Патент «быстро» & <дёшево> — Эфир');
    expect(tag(m, 'og:type')).toEqual(['video.other']);
    expect(tag(m, 'og:title')).toEqual([video.title]);
    expect(tag(m, 'og:description')).toEqual(['Как получить патент. По шагам: документы, оплата.']);
    expect(tag(m, 'description')).toEqual(tag(m, 'og:description'));
    expect(tag(m, 'og:url')).toEqual(['https://efir.example.org/watch/v1?lang=ru']);
    expect(m.canonical).toBe('https://efir.example.org/watch/v1?lang=ru');
    expect(tag(m, 'og:image')).toEqual(['https://efir.example.org/media/v1/3/poster.jpg']);
    expect(tag(m, 'og:image:secure_url')).toEqual(['https://efir.example.org/media/v1/3/poster.jpg']);
    expect(tag(m, 'og:image:type')).toEqual(['image/jpeg']);
    expect(tag(m, 'og:image:width')).toEqual(['1280']);
    expect(tag(m, 'og:image:height')).toEqual(['720']);
    expect(tag(m, 'og:image:alt')).toEqual([video.title]);
    expect(tag(m, 'og:site_name')).toEqual(['Эфир']);
    expect(tag(m, 'og:locale')).toEqual(['ru_RU']);
    expect(tag(m, 'og:locale:alternate')).toEqual(['uz_UZ', 'tg_TJ', 'az_AZ', 'ro_RO', 'en_US']);
    expect(tag(m, 'twitter:card')).toEqual(['summary_large_image']);
    expect(tag(m, 'twitter:title')).toEqual([video.title]);
    expect(tag(m, 'twitter:image')).toEqual(tag(m, 'og:image'));
    expect(m.tags.filter((t) => t.key.startsWith('og:')).every((t) => t.attr === 'property')).toBe(true);
    expect(m.tags.filter((t) => !t.key.startsWith('og:')).every((t) => t.attr === 'name')).toBe(true);
  });

  it('each language: its own texts, else the Russian ones field by field', () => {
    const uz = watchMeta(input({ lang: 'uz' }));
    expect(tag(uz, 'og:title')).toEqual(['Patent tez']);
    expect(tag(uz, 'og:description')).toEqual(['Patentni qanday olish']);
    expect(tag(uz, 'og:url')).toEqual(['https://efir.example.org/watch/v1?lang=uz']);
    expect(tag(uz, 'og:locale')).toEqual(['uz_UZ']);
    const tg = watchMeta(input({ lang: 'tg' }));
    expect(tag(tg, 'og:title')).toEqual(['Патент зуд']);
    expect(tag(tg, 'og:description')).toEqual(['Как получить патент. По шагам: документы, оплата.']);
    for (const lang of ['az', 'ro', 'en'] as const) {
      const m = watchMeta(input({ lang }));
      expect(tag(m, 'og:title')).toEqual([video.title]);
      expect(tag(m, 'og:locale')).toEqual([OG_LOCALES[lang]]);
      expect(tag(m, 'og:locale:alternate')).toHaveLength(5);
      expect(tag(m, 'og:locale:alternate')).not.toContain(OG_LOCALES[lang]);
    }
  });

  it('links every language and x-default', () => {
    const m = watchMeta(input({ lang: 'en' }));
    expect(m.alternates).toEqual([
      ...UI_LANGS.map((l) => ({ hreflang: l, href: `https://efir.example.org/watch/v1?lang=${l}` })),
      { hreflang: 'x-default', href: 'https://efir.example.org/watch/v1' }
    ]);
  });

  it('a mirrored video: its poster without a size; no poster: a small card', () => {
    const mirrored = watchMeta(input({ video: { ...video, masterUrl: null, posterUrl: '/media/posters/v-v1/abc.jpg' }, publicUrl: 'http://localhost:3000' }));
    expect(tag(mirrored, 'og:image')).toEqual(['http://localhost:3000/media/posters/v-v1/abc.jpg']);
    expect(tag(mirrored, 'og:image:secure_url')).toEqual([]);
    expect(tag(mirrored, 'og:image:width')).toEqual([]);
    const none = watchMeta(input({ video: { ...video, posterUrl: null } }));
    expect(tag(none, 'og:image')).toEqual([]);
    expect(tag(none, 'twitter:image')).toEqual([]);
    expect(tag(none, 'twitter:card')).toEqual(['summary']);
  });

  it('no description anywhere: the site\'s tagline; a long one: trimmed', () => {
    const empty = watchMeta(input({ video: { ...video, description: '', i18n: {} } }));
    expect(tag(empty, 'og:description')).toEqual(['Видео о легальной работе в России']);
    const long = watchMeta(input({ video: { ...video, description: 'длинное описание '.repeat(40) } }));
    expect(tag(long, 'og:description')[0]!.length).toBeLessThanOrEqual(200);
    expect(tag(long, 'description')[0]!.length).toBeLessThanOrEqual(160);
  });
});
