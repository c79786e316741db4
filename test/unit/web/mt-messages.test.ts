import { describe, expect, it } from 'vitest';
import { checkMessageRows } from './message-rows.ts';
import { MT_MESSAGE_ROWS, mt, mtError, trackLabel } from '../../../web/lib/library/mt-messages.ts';
import { MACHINE_SUFFIX, trackName } from '../../../media/subtitles/machine-label.ts';
import { SUBTITLE_LANGUAGES } from '../../../media/subtitles/index.ts';

describe('machine-translation messages', () => {
  checkMessageRows(MT_MESSAGE_ROWS);

  it('labels a machine-translated track in the viewer’s language and leaves others alone', () => {
    expect(trackLabel({ name: 'Тоҷикӣ', machine: true }, 'ru')).toBe('Тоҷикӣ (машинный перевод)');
    expect(trackLabel({ name: 'Тоҷикӣ', machine: true }, 'en')).toBe('Тоҷикӣ (machine-translated)');
    expect(trackLabel({ name: 'Română' }, 'ro')).toBe('Română');
  });

  it('translates the draft’s refusals with the service’s reason', () => {
    expect(mtError('en', { code: 'translation_failed', message: 'Machine translation failed (API_KEY_INVALID, HTTP 400): …' })).toBe(
      'Machine translation failed (API_KEY_INVALID). The cues were not changed.'
    );
    expect(mtError('tg', { code: 'translation_failed', message: 'x', reason: 'timeout' })).toContain('(timeout)');
    expect(mtError('az', { code: 'translation_unavailable', message: 'x' })).toBe(mt('az', 'err_translation_unavailable'));
    // Other codes in the language's words from the error table, never the server's English.
    expect(mtError('ru', { code: 'subtitle_conflict', message: 'as is' })).toBe('Пока вы правили, кто-то сохранил другую версию субтитров.');
  });

  it('names machine-translated HLS tracks in their own language', () => {
    for (const lang of SUBTITLE_LANGUAGES) expect(MACHINE_SUFFIX[lang]).toBeTruthy();
    expect(trackName('tg', true)).toBe('Тоҷикӣ (тарҷумаи мошинӣ)');
    expect(trackName('uz', true)).toBe('Oʻzbekcha (mashina tarjimasi)');
    expect(trackName('ro', false)).toBe('Română');
  });
});
