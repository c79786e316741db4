import { describe, expect, it } from 'vitest';
import { rangeEnd } from '../../../server/youtube/resumable-upload.ts';
import { videoResource, youtubeDescription, youtubeTitle } from '../../../server/youtube/publish.ts';

describe('publishing: what YouTube is sent', () => {
  it('reads the 308 Range header as the next byte to send', () => {
    expect(rangeEnd(null)).toBe(0);
    expect(rangeEnd('bytes=0-262143')).toBe(262144);
    expect(() => rangeEnd('bytes=5-9')).toThrow(/unexpected Range/);
  });

  it('keeps titles and descriptions within YouTube’s limits, without angle brackets', () => {
    expect(youtubeTitle('Патент <2025>')).toBe('Патент ‹2025›');
    const long = youtubeTitle('я'.repeat(150));
    expect([...long]).toHaveLength(100);
    expect(long.endsWith('…')).toBe(true);
    expect(Buffer.byteLength(youtubeDescription('ж'.repeat(4000)))).toBeLessThanOrEqual(5000);
  });

  it('puts Russian in the snippet and the other languages Efir has in localizations', () => {
    const r = videoResource(
      { title: 'Патент', description: 'Описание', i18n: { uz: { title: 'Patent', description: 'Tavsif' }, en: { title: '', description: '' }, tg: { description: 'Тавсиф' } } },
      'unlisted'
    ) as any;
    expect(r.snippet).toMatchObject({ title: 'Патент', description: 'Описание', defaultLanguage: 'ru' });
    expect(r.status.privacyStatus).toBe('unlisted');
    expect(r.localizations).toEqual({ uz: { title: 'Patent', description: 'Tavsif' }, tg: { title: 'Патент', description: 'Тавсиф' } });
  });
});
