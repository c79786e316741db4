/**
 * What the mirror keeps of a video or playlist, and the hash that decides whether a sync writes:
 * it moves with every kept field and with none of the others.
 */
import { describe, expect, it } from 'vitest';
import { bestThumbnail, efirLang, mapLocalizations, mapPlaylist, mapUploadItem, mapVideo, parseDuration, stableHash } from '../../../server/youtube/mapping.ts';

const video = (over: Record<string, any> = {}) => ({
  id: 'abc',
  etag: 'e1',
  snippet: {
    publishedAt: '2024-01-01T10:00:00Z',
    channelId: 'UCx',
    title: 'Патент',
    description: 'Описание',
    defaultLanguage: 'ru',
    liveBroadcastContent: 'none',
    thumbnails: { default: { url: 'https://i.ytimg.com/vi/abc/default.jpg' }, high: { url: 'https://i.ytimg.com/vi/abc/hqdefault.jpg' } },
    ...over.snippet
  },
  contentDetails: { duration: 'PT1H2M3S', ...over.contentDetails },
  status: { privacyStatus: 'public', ...over.status },
  statistics: { viewCount: '10', ...over.statistics },
  localizations: over.localizations ?? { uz: { title: 'Patent', description: '' } },
  ...(over.liveStreamingDetails ? { liveStreamingDetails: over.liveStreamingDetails } : {})
});

describe('languages', () => {
  it('maps YouTube codes to Efir languages by their primary subtag', () => {
    expect(['uz', 'tg', 'az', 'ro', 'en', 'en-US', 'ru-RU', 'az-Latn-AZ', 'uz_UZ'].map(efirLang)).toEqual(['uz', 'tg', 'az', 'ro', 'en', 'en', 'ru', 'az', 'uz']);
    expect(['de', 'fr-CA', '', null, 'zxx'].map(efirLang)).toEqual([null, null, null, null, null]);
  });

  it('keeps the default language as the title, prefers the bare code, drops other languages', () => {
    expect(
      mapLocalizations(
        { 'en-GB': { title: 'GB', description: '' }, en: { title: 'EN', description: 'd' }, ru: { title: 'RU', description: '' }, 'ro-RO': { title: 'RO', description: '' }, de: { title: 'DE', description: '' } },
        'ru-RU'
      )
    ).toEqual({ ro: { title: 'RO', description: '' }, en: { title: 'EN', description: 'd' } });
    expect(mapLocalizations({ 'en-GB': { title: 'GB' }, 'en-US': { title: 'US' } }, 'ru')).toEqual({ en: { title: 'GB', description: '' } });
    expect(mapLocalizations(undefined, 'ru')).toEqual({});
  });
});

describe('small parsers', () => {
  it('ISO-8601 durations', () => {
    expect(parseDuration('PT1H2M3S')).toBe(3723);
    expect(parseDuration('PT45S')).toBe(45);
    expect(parseDuration('P1DT1S')).toBe(86401);
    expect(parseDuration('P0D')).toBe(0);
    expect(parseDuration('1:02')).toBeNull();
    expect(parseDuration(undefined)).toBeNull();
  });

  it('the largest thumbnail', () => {
    expect(bestThumbnail({ default: { url: 'd' }, medium: { url: 'm' }, maxres: { url: 'x' } })).toBe('x');
    expect(bestThumbnail({ default: { url: 'd' }, medium: { url: 'm' } })).toBe('m');
    expect(bestThumbnail({})).toBeNull();
  });

  it('a hash independent of key order', () => {
    expect(stableHash({ a: 1, b: { c: [1, 2], d: null } })).toBe(stableHash({ b: { d: null, c: [1, 2] }, a: 1 }));
    expect(stableHash({ a: 1 })).not.toBe(stableHash({ a: 2 }));
    expect(stableHash({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('mapVideo', () => {
  it('keeps what Efir shows', () => {
    const m = mapVideo(video() as never)!;
    expect(m).toMatchObject({ youtubeId: 'abc', title: 'Патент', description: 'Описание', duration: 3723, publishedAt: '2024-01-01T10:00:00Z', i18n: { uz: { title: 'Patent', description: '' } } });
    expect(m.youtube).toMatchObject({ privacyStatus: 'public', liveBroadcastContent: 'none', thumbnailUrl: 'https://i.ytimg.com/vi/abc/hqdefault.jpg', channelId: 'UCx', scheduledStartTime: null });
  });

  it('the hash moves with kept fields only', () => {
    const base = mapVideo(video() as never)!.youtube.hash;
    expect(mapVideo(video({ statistics: { viewCount: '99' } }) as never)!.youtube.hash).toBe(base);
    expect(mapVideo({ ...video(), etag: 'other' } as never)!.youtube.hash).toBe(base);
    for (const changed of [
      video({ snippet: { title: 'Патент 2' } }),
      video({ snippet: { description: 'x' } }),
      video({ localizations: { uz: { title: 'Patent 2', description: '' } } }),
      video({ contentDetails: { duration: 'PT1H2M4S' } }),
      video({ status: { privacyStatus: 'private' } }),
      video({ snippet: { liveBroadcastContent: 'upcoming' } }),
      video({ liveStreamingDetails: { scheduledStartTime: '2026-01-01T00:00:00Z' } }),
      video({ snippet: { thumbnails: { maxres: { url: 'new' } } } })
    ]) {
      expect(mapVideo(changed as never)!.youtube.hash).not.toBe(base);
    }
  });

  it('an upcoming broadcast has no duration yet; a resource without id or snippet is refused', () => {
    expect(mapVideo(video({ snippet: { liveBroadcastContent: 'upcoming' }, contentDetails: { duration: 'P0D' } }) as never)!.duration).toBeNull();
    expect(mapVideo({ id: 'x' } as never)).toBeNull();
    expect(mapVideo({ snippet: {} } as never)).toBeNull();
  });
});

describe('playlist items and playlists', () => {
  it("reads YouTube's placeholders for private and deleted videos", () => {
    expect(mapUploadItem({ snippet: { title: 'Deleted video', resourceId: { videoId: 'd1' } }, contentDetails: { videoId: 'd1' } } as never)).toMatchObject({ videoId: 'd1', privacyStatus: 'privacyStatusUnspecified' });
    expect(mapUploadItem({ snippet: { title: 'Private video' }, contentDetails: { videoId: 'p1' }, status: { privacyStatus: 'private' } } as never)).toMatchObject({ privacyStatus: 'private' });
    expect(mapUploadItem({ snippet: { title: 'x' } } as never)).toBeNull();
    const a = mapUploadItem({ snippet: { title: 'A' }, contentDetails: { videoId: 'v' }, status: { privacyStatus: 'public' } } as never)!;
    const b = mapUploadItem({ snippet: { title: 'B' }, contentDetails: { videoId: 'v' }, status: { privacyStatus: 'public' } } as never)!;
    expect(a.itemHash).not.toBe(b.itemHash);
  });

  it('maps a playlist with its translations and item count', () => {
    const p = mapPlaylist({ id: 'PL1', etag: 'e', snippet: { title: 'Серия', description: '', defaultLanguage: 'ru' }, status: { privacyStatus: 'public' }, contentDetails: { itemCount: 3 }, localizations: { tg: { title: 'Силсила', description: '' } } } as never)!;
    expect(p).toMatchObject({ playlistId: 'PL1', title: 'Серия', itemCount: 3, i18n: { tg: { title: 'Силсила', description: '' } } });
    const more = mapPlaylist({ id: 'PL1', etag: 'e', snippet: { title: 'Серия', description: '' }, status: { privacyStatus: 'public' }, contentDetails: { itemCount: 4 }, localizations: { tg: { title: 'Силсила', description: '' } } } as never)!;
    expect(more.youtube.hash).not.toBe(p.youtube.hash);
  });
});
