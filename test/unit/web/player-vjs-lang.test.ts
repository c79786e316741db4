import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import ru from '../../../web/lib/player/vjs-lang/ru.ts';
import uz from '../../../web/lib/player/vjs-lang/uz.ts';
import tg from '../../../web/lib/player/vjs-lang/tg.ts';
import az from '../../../web/lib/player/vjs-lang/az.ts';
import ro from '../../../web/lib/player/vjs-lang/ro.ts';
import en from '../../../web/lib/player/vjs-lang/en.ts';

const require = createRequire(import.meta.url);
const VJS_EN: Record<string, string> = JSON.parse(fs.readFileSync(require.resolve('video.js/dist/lang/en.json'), 'utf8'));
const ALL = { ru, uz, tg, az, ro, en };

describe('video.js’s own words', () => {
  it('every key of video.js’s en.json has a translation in all six languages, with its placeholders', () => {
    for (const [lang, dict] of Object.entries(ALL)) {
      for (const key of Object.keys(VJS_EN)) {
        const value = dict[key];
        expect(value?.trim(), `${lang}: ${key}`).toBeTruthy();
        for (const ph of key.match(/\{\d\}/g) ?? []) expect(value, `${lang}: ${key}`).toContain(ph);
      }
      // The same keys everywhere (a key added to one language is added to all).
      expect(Object.keys(dict).sort(), lang).toEqual(Object.keys(en).sort());
    }
  });

  it('is not left in English outside English (words the languages share, like "Text", aside)', () => {
    const shared = new Set(['Text', 'Transparent', 'Font', '{1} / {2}', 'LIVE']);
    for (const lang of ['ru', 'uz', 'tg', 'az', 'ro'] as const) {
      const english = Object.entries(ALL[lang]).filter(([k, v]) => v === k && !shared.has(v));
      expect(english, lang).toEqual([]);
    }
  });

  it('writes each language in its own letters', () => {
    expect(Object.values(uz).join(' ')).toMatch(/[og]\u02BB/);
    expect(Object.values(uz).join(' ')).not.toMatch(/[og]['\u2018\u2019`]/);
    expect(Object.values(tg).join(' ')).toMatch(/[ӣӯҳҷқғ]/);
    expect(Object.values(ro).join(' ')).not.toMatch(/[\u015F\u0163]/);
    expect(Object.values(az).join(' ')).toMatch(/ə/);
  });
});
