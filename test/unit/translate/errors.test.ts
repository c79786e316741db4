import { describe, expect, it } from 'vitest';
import { classifyTranslateError, googleReason } from '../../../server/translate/errors.ts';
import { decodeEntities } from '../../../server/translate/entities.ts';
import { readAnswer } from '../../../server/translate/client.ts';
import { googleError } from '../../helpers/fake-translate.ts';
import { ERROR_STATUS } from '../../../server/errors.ts';

describe('the Translation API refusals', () => {
  it.each([
    ['badKey', 400, 'API_KEY_INVALID', /API key was refused/],
    ['accessNotConfigured', 403, 'accessNotConfigured', /not enabled/],
    ['dailyLimitExceeded', 403, 'dailyLimitExceeded', /quota is used up/],
    ['userRateLimitExceeded', 403, 'userRateLimitExceeded', /too many requests/],
    ['rateLimited', 429, 'rateLimitExceeded', /too many requests/],
    ['serverError', 500, 'backendError', /service failed/]
  ] as const)('%s → translation_failed naming %s', (mode, status, reason, what) => {
    const g = googleError(mode);
    expect(g.status).toBe(status);
    for (const body of [g.body, JSON.stringify(g.body)]) {
      const err = classifyTranslateError(status, body);
      expect(err.code).toBe('translation_failed');
      expect(err.reason).toBe(reason);
      expect(err.httpStatus).toBe(status);
      expect(err.message).toContain(reason);
      expect(err.message).toMatch(what);
    }
  });

  it('takes the ErrorInfo reason when the legacy one is generic, and copes with bodies that are not Google\'s', () => {
    expect(googleReason({ error: { errors: [{ reason: 'badRequest' }], details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] } }).reason).toBe('API_KEY_INVALID');
    expect(googleReason({ error: { status: 'UNAVAILABLE', message: 'down' } })).toEqual({ reason: 'UNAVAILABLE', message: 'down' });
    expect(classifyTranslateError(502, '<html>Bad Gateway</html>').reason).toBe('http502');
    expect(classifyTranslateError(503, '').message).toMatch(/http503, HTTP 503/);
  });

  it('has statuses', () => {
    expect(ERROR_STATUS.translation_failed).toBe(502);
    expect(ERROR_STATUS.translation_unavailable).toBe(503);
  });
});

describe('answers', () => {
  it('decodes the entities Google writes and leaves other ampersands', () => {
    expect(decodeEntities('it&#39;s &quot;a&quot; &lt;b&gt; &amp; &#x4B0; &nbsp;x')).toBe('it\'s "a" <b> & Ұ \u00a0x');
    expect(decodeEntities('R&D & co; &unknown;')).toBe('R&D & co; &unknown;');
  });

  it('checks the documented shape', () => {
    expect(readAnswer({ data: { translations: [{ translatedText: 'a&amp;b' }] } }, 1)).toEqual(['a&b']);
    for (const [body, why] of [
      ['<html>', /not JSON/],
      [{}, /no data.translations/],
      [{ data: { translations: [] } }, /0 translations for 1/],
      [{ data: { translations: [{ text: 'x' }] } }, /no translatedText/]
    ] as const) {
      expect(() => readAnswer(body, 1)).toThrow(why);
      try {
        readAnswer(body, 1);
      } catch (e) {
        expect((e as { code: string; reason: string }).reason).toBe('malformed');
      }
    }
  });
});
