import { describe, expect, it } from 'vitest';
import { LIVE_MESSAGE_ROWS, lt } from '../../../web/lib/live/messages.ts';

const ORDER = ['ru', 'uz', 'tg', 'az', 'ro', 'en'] as const;

describe('live broadcast messages', () => {
  it('has every string in the six languages, none empty, same placeholders', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, row] of Object.entries(LIVE_MESSAGE_ROWS)) {
      expect(row, key).toHaveLength(6);
      for (const text of row) expect(text.trim(), key).not.toBe('');
      for (const text of row) expect(names(text), key).toEqual(names(row[0]));
    }
  });

  it('writes each language in its own letters', () => {
    const all = (lang: (typeof ORDER)[number]) => Object.values(LIVE_MESSAGE_ROWS).map((r) => r[ORDER.indexOf(lang)]).join('\n');
    expect(all('uz')).toMatch(/[og]\u02BB/);
    expect(all('uz')).not.toMatch(/[og]['\u2018\u2019`]/);
    expect(all('ro')).toMatch(/[\u0219\u021B]/);
    expect(all('ro')).not.toMatch(/[\u015F\u0163\u015E\u0162]/);
    expect(all('tg')).toMatch(/[ӣӯҳҷқғ]/);
    expect(all('az')).toMatch(/ə/);
    expect(all('az')).toMatch(/ı/);
    // Tajik is Cyrillic: no Latin letters outside names of things (OBS, H.264, AAC, x264, Custom, Start Streaming).
    const tgLatin = all('tg').replace(/\{\w+\}|OBS|H\.264|AAC|x264|Custom|Start Streaming|JPEG|PNG|WebP|LIVE/g, '');
    expect(tgLatin).not.toMatch(/[A-Za-z]/);
  });

  it('fills placeholders and falls back to Russian', () => {
    expect(lt('en', 'st_rotated_at', { time: '10:00' })).toBe('Key issued 10:00');
    expect(lt('xx', 'home_live_now')).toBe('Сейчас в эфире');
    expect(lt('tg', 'live_ended')).toBe('Эфир ба охир расид');
  });
});
