import { describe, expect, it } from 'vitest';
import { chooseTracks, type CaptionTrack } from '../../../server/youtube/captions.ts';
import { efirLang } from '../../../server/youtube/mapping.ts';

const track = (id: string, language: string, over: Partial<CaptionTrack> = {}): CaptionTrack => ({
  id,
  language,
  trackKind: 'standard',
  name: '',
  lastUpdated: '2026-01-01T00:00:00Z',
  isDraft: false,
  status: 'serving',
  ...over
});

describe('caption tracks to bring in', () => {
  it('maps YouTube language tags to Efir languages by their primary subtag', () => {
    expect(efirLang('ru')).toBe('ru');
    expect(efirLang('ru-RU')).toBe('ru');
    expect(efirLang('uz-Latn')).toBe('uz');
    expect(efirLang('en_GB')).toBe('en');
    expect(efirLang('mo')).toBe('ro');
    expect(efirLang('de')).toBeNull();
    expect(efirLang('')).toBeNull();
  });

  it('takes one track per language: standard before forced, newest on a tie; never ASR, drafts or tracks not serving', () => {
    const chosen = chooseTracks([
      track('ru-asr', 'ru', { trackKind: 'asr' }),
      track('ru-forced', 'ru', { trackKind: 'forced', lastUpdated: '2026-05-01T00:00:00Z' }),
      track('ru-std', 'ru-RU'),
      track('en-old', 'en'),
      track('en-new', 'en-US', { lastUpdated: '2026-03-01T00:00:00Z' }),
      track('uz-draft', 'uz', { isDraft: true }),
      track('tg-failed', 'tg', { status: 'failed' }),
      track('az-asr', 'az', { trackKind: 'ASR' }),
      track('de', 'de'),
      track('ro-forced', 'ro', { trackKind: 'forced' })
    ]);
    expect(Object.fromEntries([...chosen].map(([lang, t]) => [lang, t.id]))).toEqual({ ru: 'ru-std', en: 'en-new', ro: 'ro-forced' });
  });
});
