import { describe, expect, it } from 'vitest';
import { parseStartTime, shareUrl } from '../../../web/lib/library/share-url.ts';

describe('parseStartTime', () => {
  it.each([
    ['90', 90],
    ['90.5', 90.5],
    [' 90 ', 90],
    ['90s', 90],
    ['1m30s', 90],
    ['1M30S', 90],
    ['2m', 120],
    ['1h', 3600],
    ['1h2m3s', 3723],
    ['1h3s', 3603],
    ['1:30', 90],
    ['01:02:03', 3723],
    ['86400', 86400]
  ])('%s → %s seconds', (value, seconds) => {
    expect(parseStartTime(value)).toBe(seconds);
  });

  it.each([null, undefined, '', ' ', '0', '0s', '-5', 'abc', '1m30', 's', 'm', '1.5m', '30s1m', '1:60', '1:5', ':30', '90x', '86401', '1e3', 'Infinity', 'NaN', '0x10', '9999999'])(
    'ignores %s',
    (value) => {
      expect(parseStartTime(value)).toBeNull();
    }
  );
});

describe('shareUrl', () => {
  it('builds an absolute watch link with the language and whole seconds', () => {
    expect(shareUrl('https://efir.example.org', 'abc123', { lang: 'uz', t: 90.7 })).toBe('https://efir.example.org/watch/abc123?lang=uz&t=90');
  });

  it('leaves out what is not given, zero or not a number', () => {
    expect(shareUrl('https://efir.example.org/', 'abc123')).toBe('https://efir.example.org/watch/abc123');
    expect(shareUrl('https://efir.example.org', 'abc123', { lang: null, t: 0 })).toBe('https://efir.example.org/watch/abc123');
    expect(shareUrl('https://efir.example.org', 'abc123', { t: Number.NaN })).toBe('https://efir.example.org/watch/abc123');
    expect(shareUrl('https://efir.example.org', 'abc123', { t: 0.4 })).toBe('https://efir.example.org/watch/abc123');
    expect(shareUrl('http://localhost:3000', 'abc123', { t: 5 })).toBe('http://localhost:3000/watch/abc123?t=5');
  });

  it('keeps a path prefix of PUBLIC_URL and encodes the id', () => {
    expect(shareUrl('https://example.org/efir', 'a b/c', { lang: 'tg' })).toBe('https://example.org/efir/watch/a%20b%2Fc?lang=tg');
  });

  it('round-trips: the link\'s t is what the page parses', () => {
    const url = new URL(shareUrl('https://efir.example.org', 'x', { lang: 'ro', t: 3723 }));
    expect(parseStartTime(url.searchParams.get('t'))).toBe(3723);
    expect(url.searchParams.get('lang')).toBe('ro');
  });
});
