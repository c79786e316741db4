/**
 * The checks every namespace of the catalogues gets (web/lib/i18n/catalogues, test/unit/web/catalogues.test.ts): a row per key with a
 * string in each UI language, none empty, the same {placeholders} in all six, and each language in
 * its own letters (Uzbek oʻ gʻ with the modifier letter, Romanian ș ț with the comma, Tajik in
 * Cyrillic, Azerbaijani ə ı). Registered as tests by the caller's describe().
 */
import { expect, it } from 'vitest';

const ORDER = ['ru', 'uz', 'tg', 'az', 'ro', 'en'] as const;

export interface MessageRowsOptions {
  /** Latin words a Tajik string may hold: names of things (OBS, H.264…). */
  tajikLatin?: RegExp;
  /** Checks of letters that need enough text to show them (a table of two short rows has no ə). */
  letters?: boolean;
}

export function checkMessageRows(rows: Record<string, readonly string[]>, opts: MessageRowsOptions = {}): void {
  it('has every string in the six languages, none empty, same placeholders', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, row] of Object.entries(rows)) {
      expect(row, key).toHaveLength(6);
      for (const text of row) expect(text.trim(), key).not.toBe('');
      for (const text of row) expect(names(text), key).toEqual(names(row[0]));
    }
  });

  it('writes each language in its own letters', () => {
    const all = (lang: (typeof ORDER)[number]) => Object.values(rows).map((r) => r[ORDER.indexOf(lang)]).join('\n');
    expect(all('uz')).not.toMatch(/[og]['\u2018\u2019`]/);
    expect(all('ro')).not.toMatch(/[\u015F\u0163\u015E\u0162]/);
    const tajik = all('tg').replace(/\{\w+\}/g, '').replace(opts.tajikLatin ?? /$^/g, '');
    expect(tajik).not.toMatch(/[A-Za-z]/);
    if (opts.letters === false) return;
    expect(all('uz')).toMatch(/[og]\u02BB/);
    expect(all('ro')).toMatch(/[\u0219\u021B]/);
    expect(all('tg')).toMatch(/[ӣӯҳҷқғ]/);
    expect(all('az')).toMatch(/ə/);
    expect(all('az')).toMatch(/ı/);
  });
}
