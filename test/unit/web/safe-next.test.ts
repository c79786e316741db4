import { describe, expect, it } from 'vitest';
import { safeNext } from '../../../web/lib/server/http.ts';

describe('safeNext: where to go after signing in or switching language', () => {
  it('keeps a local path with its query and fragment', () => {
    expect(safeNext('/studio/broadcasts/abc?x=1#key')).toBe('/studio/broadcasts/abc?x=1#key');
    expect(safeNext('/')).toBe('/');
  });
  it('refuses other sites however they are written', () => {
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example/', '\\\\evil.example', 'evil.example', 'javascript:alert(1)', '/\\/evil.example']) {
      expect(safeNext(next, '/studio'), next).toBe('/studio');
    }
  });
  it('refuses control characters, which browsers drop (/<tab>/host is //host) or which break the header', () => {
    for (const next of ['/\t/evil.example', '/\n/evil.example', '/\r\nSet-Cookie: x=1', '/\u0000', '/a\u007f']) {
      expect(safeNext(next, '/studio'), JSON.stringify(next)).toBe('/studio');
    }
  });
  it('returns the path as parsed, so the redirect is what was checked', () => {
    expect(safeNext('/a/../studio')).toBe('/studio');
    expect(safeNext('/ä')).toBe('/%C3%A4');
  });
  it('falls back for anything that is not a string', () => {
    expect(safeNext(null, '/x')).toBe('/x');
    expect(safeNext(undefined)).toBe('/');
  });
});
