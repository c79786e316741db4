import { describe, expect, it } from 'vitest';
import { ADMIN_MESSAGE_ROWS, adm, admError } from '../../../web/lib/admin/messages.ts';

const ORDER = ['ru', 'uz', 'tg', 'az', 'ro', 'en'] as const;

describe('admin page messages', () => {
  it('has every string in the six languages, none empty, same placeholders', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, row] of Object.entries(ADMIN_MESSAGE_ROWS)) {
      expect(row, key).toHaveLength(6);
      for (const text of row) expect(text.trim(), key).not.toBe('');
      for (const text of row) expect(names(text), key).toEqual(names(row[0]));
    }
  });

  it('writes each language in its own letters', () => {
    const all = (lang: (typeof ORDER)[number]) => Object.values(ADMIN_MESSAGE_ROWS).map((r) => r[ORDER.indexOf(lang)]).join('\n');
    expect(all('uz')).toMatch(/[og]\u02BB/);
    expect(all('uz')).not.toMatch(/[og]['\u2018\u2019`]/);
    expect(all('ro')).toMatch(/[\u0219\u021B]/);
    expect(all('ro')).not.toMatch(/[\u015F\u0163\u015E\u0162]/);
    expect(all('tg')).toMatch(/[ӣӯҳҷқғ]/);
    expect(all('tg').replace(/\{\w+\}/g, '')).not.toMatch(/[A-Za-z]/);
    expect(all('az')).toMatch(/ə/);
    expect(all('az')).toMatch(/ı/);
  });

  it('translates the accounts service’s error codes, and only those', () => {
    expect(admError('en', 'own_account')).toMatch(/your own account/);
    expect(admError('uz', 'weak_password')).toMatch(/8/);
    expect(admError('en', 'no_such_code')).toBeNull();
    expect(adm('xx', 'disable')).toBe('Отключить');
  });
});
