/**
 * Plurals: "1 день, 2 дня, 5 дней", "1 zi, 2 zile, 20 de zile", "1 day, 2 days". One helper for every
 * count a page prints with a word. The category comes from Intl.PluralRules where the runtime has
 * the language's rules, and otherwise from the same CLDR rules written out here (a browser's ICU may
 * lack Uzbek, Tajik or Azerbaijani data, and the server's HTML and the hydrated page must agree);
 * test/unit/web/plural.test.ts checks these rules against Intl's for 0…1000.
 */
import { UI_LANGS, fmt, type UiLang } from './index.ts';

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

/** A word's forms in one language; `other` is always there. `{n}` is the number. */
export type PluralForms = Partial<Record<PluralCategory, string>> & { other: string };

/** Units a page counts in, with the forms each language needs. */
export const UNITS = {
  day: [
    { one: '{n} день', few: '{n} дня', many: '{n} дней', other: '{n} дня' },
    { one: '{n} kun', other: '{n} kun' },
    { other: '{n} рӯз' },
    { one: '{n} gün', other: '{n} gün' },
    { one: '{n} zi', few: '{n} zile', other: '{n} de zile' },
    { one: '{n} day', other: '{n} days' }
  ],
  hour: [
    { one: '{n} час', few: '{n} часа', many: '{n} часов', other: '{n} часа' },
    { one: '{n} soat', other: '{n} soat' },
    { other: '{n} соат' },
    { one: '{n} saat', other: '{n} saat' },
    { one: '{n} oră', few: '{n} ore', other: '{n} de ore' },
    { one: '{n} hour', other: '{n} hours' }
  ],
  minute: [
    { one: '{n} минута', few: '{n} минуты', many: '{n} минут', other: '{n} минуты' },
    { one: '{n} daqiqa', other: '{n} daqiqa' },
    { other: '{n} дақиқа' },
    { one: '{n} dəqiqə', other: '{n} dəqiqə' },
    { one: '{n} minut', few: '{n} minute', other: '{n} de minute' },
    { one: '{n} minute', other: '{n} minutes' }
  ],
  second: [
    { one: '{n} секунда', few: '{n} секунды', many: '{n} секунд', other: '{n} секунды' },
    { one: '{n} soniya', other: '{n} soniya' },
    { other: '{n} сония' },
    { one: '{n} saniyə', other: '{n} saniyə' },
    { one: '{n} secundă', few: '{n} secunde', other: '{n} de secunde' },
    { one: '{n} second', other: '{n} seconds' }
  ]
} satisfies Record<string, readonly [PluralForms, PluralForms, PluralForms, PluralForms, PluralForms, PluralForms]>;

export type Unit = keyof typeof UNITS;

/** `n` with its word in the right form: plural('ru', 5, forms) → "5 дней". `shown` prints n otherwise (zero-padded: "05"). */
export function plural(lang: string, n: number, forms: PluralForms, shown: string | number = n): string {
  const text = forms[pluralCategory(lang, n)] ?? forms.other;
  return fmt(text, { n: shown });
}

/** A count of a unit in a UI language (Russian for an unknown one): count('ro', 20, 'day') → "20 de zile". */
export function count(lang: string, n: number, unit: Unit, shown: string | number = n): string {
  const i = Math.max(0, UI_LANGS.indexOf(lang as UiLang));
  return plural(UI_LANGS[i]!, n, UNITS[unit][i]!, shown);
}

/** The word alone, in the form `n` needs, for markup that styles the number apart: "de zile", "дней". */
export function unitWord(lang: string, n: number, unit: Unit): string {
  return count(lang, n, unit, '').trim();
}
