/** The one plural helper (web/lib/i18n/plural.ts): CLDR's categories, the same as Intl's where Node has them. */
import { describe, expect, it } from 'vitest';
import { cldrCategory, count, pluralCategory } from '../../../web/lib/i18n/plural.ts';
import { UI_LANGS } from '../../../web/lib/i18n/index.ts';
import { translatorFor } from '../../../web/lib/i18n/catalogues.server.ts';

describe('plurals', () => {
  it("our written-out rules agree with Intl.PluralRules (Node's full ICU) for 0…1000", () => {
    for (const lang of UI_LANGS) {
      const intl = new Intl.PluralRules(lang);
      for (let n = 0; n <= 1000; n++) expect(cldrCategory(lang, n), `${lang} ${n}`).toBe(intl.select(n));
      expect(pluralCategory(lang, 21)).toBe(intl.select(21));
    }
  });

  it('Russian: one, few, many', () => {
    expect([1, 2, 5, 11, 21, 22, 25, 111].map((n) => count(translatorFor('ru'), n, 'day'))).toEqual(['1 день', '2 дня', '5 дней', '11 дней', '21 день', '22 дня', '25 дней', '111 дней']);
  });

  it('Romanian: one, few, other ("de")', () => {
    expect([1, 2, 19, 20, 101, 120].map((n) => count(translatorFor('ro'), n, 'day'))).toEqual(['1 zi', '2 zile', '19 zile', '20 de zile', '101 zile', '120 de zile']);
  });

  it('one and other in English, Uzbek, Tajik and Azerbaijani', () => {
    expect(count(translatorFor('en'), 1, 'day')).toBe('1 day');
    expect(count(translatorFor('en'), 2, 'hour')).toBe('2 hours');
    expect(count(translatorFor('uz'), 10, 'minute')).toBe('10 daqiqa');
    expect(count(translatorFor('az'), 1, 'second')).toBe('1 saniyə');
    expect(count(translatorFor('tg'), 1, 'day')).toBe('1 рӯз');
    expect(count(translatorFor('ro'), 1, 'hour', '01')).toBe('01 oră');
  });
});

