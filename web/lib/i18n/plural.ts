/**
 * Plurals: "1 день, 2 дня, 5 дней", "1 zi, 2 zile, 20 de zile", "1 day, 2 days". One helper for every
 * count a page prints with a word. The category comes from Intl.PluralRules where the runtime has
 * the language's rules, and otherwise from the same CLDR rules written out here (a browser's ICU may
 * lack Uzbek, Tajik or Azerbaijani data, and the server's HTML and the hydrated page must agree);
 * test/unit/web/plural.test.ts checks these rules against Intl's for 0…1000.
 */
import type { Translator } from './index.ts';

export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** CLDR's cardinal rules of the six languages, for whole numbers. */
export function cldrCategory(lang: string, n: number): PluralCategory {
  const i = Math.floor(Math.abs(n));
  const whole = Number.isInteger(n);
  switch (lang) {
    case 'ru': {
      if (!whole) return 'other';
      const m10 = i % 10;
      const m100 = i % 100;
      if (m10 === 1 && m100 !== 11) return 'one';
      if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return 'few';
      return 'many';
    }
    case 'ro': {
      if (i === 1 && whole) return 'one';
      const m100 = i % 100;
      if (!whole || i === 0 || (m100 >= 2 && m100 <= 19) || (i !== 1 && m100 === 1)) return 'few';
      return 'other';
    }
    default: // uz, tg, az, en
      return n === 1 ? 'one' : 'other';
  }
}

const hasRules = new Map<string, boolean>();

/** The plural category of `n` in a UI language. */
export function pluralCategory(lang: string, n: number): PluralCategory {
  if (!hasRules.has(lang)) {
    let ok = false;
    try {
      ok = Intl.PluralRules.supportedLocalesOf([lang]).length > 0;
    } catch {
      ok = false;
    }
    hasRules.set(lang, ok);
  }
  return hasRules.get(lang) ? (new Intl.PluralRules(lang).select(n) as PluralCategory) : cldrCategory(lang, n);
}

/** Units a page counts in: each language's forms are `plural.<unit>.<category>` in its catalogue. */
export type Unit = 'day' | 'hour' | 'minute' | 'second';

/**
 * A count of a unit in the translator's language: count(tr, 20, 'day') → "20 de zile" in Romanian.
 * The form is the one the language's plural rules pick for `n`, else its `other`. `shown` prints n
 * otherwise (zero-padded: "05").
 */
export function count(tr: Translator, n: number, unit: Unit, shown: string | number = n): string {
  const key = `plural.${unit}.${pluralCategory(tr.lang, n)}`;
  return tr.t(tr.has(key) ? key : `plural.${unit}.other`, { n: shown });
}

/** The word alone, in the form `n` needs, for markup that styles the number apart: "de zile", "дней". */
export function unitWord(tr: Translator, n: number, unit: Unit): string {
  return count(tr, n, unit, '').trim();
}
