import { describe, expect, test } from 'vitest';
import { cleanTranslations } from '../../server/services/translations.ts';
import { isEfirError } from '../../server/errors.ts';

const refusal = (i18n: Record<string, { title?: string; description?: string }>) => {
  try {
    cleanTranslations(i18n);
  } catch (err) {
    if (isEfirError(err)) return { code: err.code, field: err.details.field };
    throw err;
  }
  return null;
};

describe('cleanTranslations (videos.i18n from the studio)', () => {
  test('cleaned like the original; empty texts and languages dropped so pages fall back to Russian', () => {
    expect(
      cleanTranslations({
        uz: { title: '  Patent   5 daqiqada ', description: 'Qanday\r\n\r\n\r\nhujjatlar' },
        tg: { title: '', description: '' },
        az: { title: '   ' },
        ro: { description: 'Doar descrierea' },
        en: { title: 'Patent\u202E in 5 minutes' }
      })
    ).toEqual({
      uz: { title: 'Patent 5 daqiqada', description: 'Qanday\n\nhujjatlar' },
      ro: { description: 'Doar descrierea' },
      en: { title: 'Patent in 5 minutes' }
    });
  });

  test('Russian and unknown languages are refused naming the field; over-long texts too', () => {
    expect(refusal({ ru: { title: 'Патент' } })).toEqual({ code: 'invalid_field', field: 'i18n.ru' });
    expect(refusal({ kk: { title: 'Патент' } })).toEqual({ code: 'invalid_field', field: 'i18n.kk' });
    expect(refusal({ tg: { title: 'ҷ'.repeat(201) } })).toEqual({ code: 'invalid_field', field: 'i18n.tg.title' });
    expect(refusal({ az: { description: 'ə'.repeat(5001) } })).toEqual({ code: 'invalid_field', field: 'i18n.az.description' });
    expect(refusal({ tg: { title: 'ҷ'.repeat(200) }, az: { description: 'ə'.repeat(5000) } })).toBeNull();
  });
});
