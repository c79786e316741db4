/**
 * The quota day is the Pacific calendar date (YouTube resets at midnight America/Los_Angeles),
 * daylight-saving changes included; and Google's error bodies map to our codes.
 */
import { describe, expect, it } from 'vitest';
import { nextQuotaReset, quotaDay, searchListUnits, UNITS } from '../../../server/youtube/quota.ts';
import { classifyYoutubeError } from '../../../server/youtube/api.ts';
import { errorBody } from '../../helpers/fake-youtube/index.ts';

describe('quotaDay', () => {
  it('is the Pacific date, not the UTC one', () => {
    expect(quotaDay(new Date('2026-01-15T07:59:59Z'))).toBe('2026-01-14'); // 23:59:59 PST
    expect(quotaDay(new Date('2026-01-15T08:00:00Z'))).toBe('2026-01-15'); // 00:00 PST
    expect(quotaDay(new Date('2026-07-15T06:59:59Z'))).toBe('2026-07-14'); // 23:59:59 PDT
    expect(quotaDay(new Date('2026-07-15T07:00:00Z'))).toBe('2026-07-15'); // 00:00 PDT
    expect(quotaDay(new Date('2026-12-31T20:00:00Z'))).toBe('2026-12-31');
    expect(quotaDay(new Date('2027-01-01T07:30:00Z'))).toBe('2026-12-31');
  });
});

describe('nextQuotaReset', () => {
  it('is the next Pacific midnight, in standard and daylight time', () => {
    expect(nextQuotaReset(new Date('2026-01-15T12:00:00Z')).toISOString()).toBe('2026-01-16T08:00:00.000Z');
    expect(nextQuotaReset(new Date('2026-07-15T12:00:00Z')).toISOString()).toBe('2026-07-16T07:00:00.000Z');
    // exactly at midnight: the one after
    expect(nextQuotaReset(new Date('2026-01-16T08:00:00Z')).toISOString()).toBe('2026-01-17T08:00:00.000Z');
  });

  it('across the daylight-saving changes (a 23-hour and a 25-hour day)', () => {
    // 2026-03-08: clocks go forward at 02:00 PST; that day's midnight is 08:00Z, the next 07:00Z
    expect(nextQuotaReset(new Date('2026-03-08T09:00:00Z')).toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(quotaDay(new Date('2026-03-09T06:59:00Z'))).toBe('2026-03-08');
    // 2026-11-01: clocks go back at 02:00 PDT; that day's midnight is 07:00Z, the next 08:00Z
    expect(nextQuotaReset(new Date('2026-11-01T07:00:00Z')).toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(quotaDay(new Date('2026-11-02T07:30:00Z'))).toBe('2026-11-01');
  });
});

describe('units', () => {
  it('costs as Google lists them; search.list per page of 50', () => {
    expect(UNITS['playlistItems.list']).toBe(1);
    expect(UNITS['search.list']).toBe(100);
    expect(UNITS['captions.download']).toBe(200);
    expect(searchListUnits(5000)).toBe(10_000);
    expect(searchListUnits(51)).toBe(200);
  });
});

describe('classifyYoutubeError', () => {
  const classify = (reason: string, status?: number) => {
    const e = errorBody(reason, status);
    return classifyYoutubeError(e.status, JSON.stringify(e.body));
  };
  it("maps Google's documented reasons", () => {
    expect(classify('quotaExceeded')).toMatchObject({ code: 'youtube_quota', retry: false });
    expect(classify('keyInvalid')).toMatchObject({ code: 'youtube_key_invalid', retry: false });
    expect(classify('forbidden')).toMatchObject({ code: 'youtube_forbidden', retry: false });
    expect(classify('notFound')).toMatchObject({ code: 'youtube_not_found' });
    expect(classify('backendError')).toMatchObject({ code: 'youtube_unavailable', retry: true });
    expect(classify('rateLimitExceeded')).toMatchObject({ code: 'youtube_unavailable', retry: true });
    expect(classify('authError')).toMatchObject({ code: 'youtube_auth', retry: false });
    expect(classifyYoutubeError(400, '{"error":"invalid_grant","error_description":"Token has been expired or revoked."}', 'oauth')).toMatchObject({ code: 'youtube_auth' });
    expect(classifyYoutubeError(null, 'ECONNREFUSED')).toMatchObject({ code: 'youtube_unavailable', retry: true });
    expect(classifyYoutubeError(502, '<html>Bad gateway</html>')).toMatchObject({ code: 'youtube_unavailable', retry: true });
  });
});
