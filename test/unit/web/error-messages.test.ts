/**
 * Every error and warning a person can meet has its words in the six UI languages
 * (the `errors` namespace of web/lib/i18n/catalogues): each server code, each kind of refused video and subtitle file, each
 * subtitle warning; and the words keep the file, line and field the server named.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUES, translatorFor } from '../../../web/lib/i18n/catalogues.server.ts';
import { errorText, storedErrorText, warningText } from '../../../web/lib/i18n/errors.ts';
import { UI_LANGS } from '../../../web/lib/i18n/index.ts';
import { ERROR_CODES } from '../../../server/errors.ts';
import { MEDIA_REFUSAL_CODES } from '../../../media/probe.ts';
import { SUBTITLE_ERROR_CODES, SUBTITLE_WARNING_CODES } from '../../../media/subtitles/errors.ts';
import { parseSubtitles } from '../../../media/subtitles/index.ts';
import { withCode } from '../../../media/coded-message.ts';

const keys = new Set(Object.keys(CATALOGUES.ru.errors));
const ERROR_ROWS = Object.fromEntries([...keys].map((k) => [k, UI_LANGS.map((l) => (CATALOGUES[l].errors as Record<string, string>)[k]!)]));
/** Words that are spelled the same in two languages. */
const SAME_WORD = new Set(['field.text ro']);

describe('error and warning messages', () => {
  it('has a row for every code of the error family, every refused video and subtitle file, every warning', () => {
    for (const code of ERROR_CODES) expect(keys.has(code), code).toBe(true);
    for (const code of MEDIA_REFUSAL_CODES) expect(keys.has(`bad_media.${code}`), code).toBe(true);
    for (const code of SUBTITLE_ERROR_CODES) expect(keys.has(`bad_subtitles.${code}`), code).toBe(true);
    for (const code of SUBTITLE_WARNING_CODES) expect(keys.has(`sub.${code}`), code).toBe(true);
    for (const code of ['overlap', 'too_fast', 'line_too_long', 'ass_tags', 'html_tags', 'empty', 'end_clamped']) expect(keys.has(`cue_${code}`), code).toBe(true);
  });

  it('leaves no language in Russian or English: each row differs from both unless it is only names', () => {
    for (const [key, row] of Object.entries(ERROR_ROWS)) {
      if (key.startsWith('at.')) continue;
      for (let i = 1; i < 5; i++) {
        if (SAME_WORD.has(`${key} ${UI_LANGS[i]}`)) continue;
        expect(row[i], `${key} ${UI_LANGS[i]}`).not.toBe(row[0]);
        expect(row[i], `${key} ${UI_LANGS[i]}`).not.toBe(row[5]);
      }
    }
  });

  it('keeps the file and line in front of a subtitle file refused for a broken timestamp', () => {
    const bytes = new TextEncoder().encode('1\n00:00:01,000 -> 00:00:02,000\nПривет\n');
    let err: any;
    try {
      parseSubtitles(bytes, 'broken.uz.srt');
    } catch (e) {
      err = e;
    }
    expect(err.code).toBe('no_valid_cue');
    const params = { file: err.fileName, line: err.line, problem: err.code, ...err.params };
    expect(errorText(translatorFor('uz'), { code: 'bad_subtitles', params })).toBe(
      'broken.uz.srt, 2-qator: birorta ham replikani oʻqib boʻlmadi. «00:00:01,000 -> 00:00:02,000» vaqt qatori notoʻgʻri yozilgan (HH:MM:SS,mmm --> HH:MM:SS,mmm kerak); replika tashlab ketildi.'
    );
  });

  it('words a subtitle warning in each language with its values', () => {
    const bytes = new TextEncoder().encode('1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:03,000 -> 00:00:04\nB\n');
    const { warnings } = parseSubtitles(bytes, 'x.srt');
    expect(warnings).toMatchObject([{ line: 6, code: 'malformed_timing' }]);
    expect(warningText(translatorFor('ro'), warnings[0]!)).toBe('rândul de timp „00:00:03,000 -> 00:00:04” este greșit (se așteaptă HH:MM:SS,mmm --> HH:MM:SS,mmm); replica a fost omisă.');
    expect(warningText(translatorFor('az'), { line: 3, message: 'old English' })).toBe('old English');
  });

  it('words a form field by its label and rule', () => {
    expect(errorText(translatorFor('ru'), { code: 'invalid_request', message: 'title: must not be empty', field: 'title', params: { field: 'title', rule: 'required' } })).toBe('Название: заполните это поле.');
    expect(errorText(translatorFor('tg'), { code: 'invalid_field', params: { field: 'i18n.uz.title', rule: 'too_long', max: 200 } })).toBe('Ном: на зиёда аз 200 аломат.');
  });

  it('words a refused video from its stored text, and a step failure without English', () => {
    const stored = withCode('bad.mp4: a still image, not a video', 'bad_media', { file: 'bad.mp4', problem: 'still_image' });
    expect(storedErrorText(translatorFor('az'), stored)).toBe('bad.mp4: bu şəkildir, video deyil.');
    expect(storedErrorText(translatorFor('en'), "disk_full: the server's disk is nearly full")).toMatch(/^The server’s disk is almost full/);
    expect(storedErrorText(translatorFor('ru'), 'ladder: ENOTDIR: not a directory')).toBe('Обработка не удалась на шаге «перекодирование видео». Попробуйте ещё раз; если повторится, сообщите администратору.');
    expect(storedErrorText(translatorFor('ru'), null)).toBeNull();
    // Stored before codes: an old refusal still names its file, an unknown failure says so in the language.
    expect(storedErrorText(translatorFor('uz'), 'bad.mp4: not a video file')).toBe('bad.mp4: Bu faylni video sifatida qabul qilib boʻlmadi.');
    expect(storedErrorText(translatorFor('en'), 'ENOSPC somewhere', null, 'thumbnails')).toMatch(/^Processing failed at the “poster and thumbnails” step/);
  });

  it('words a video over a cap by what is over, with the limit as people read it', () => {
    expect(errorText(translatorFor('ru'), { code: 'bad_media', params: { file: 'long.mp4', problem: 'over_limit', kind: 'duration', max: '6:00:00', setting: 'MEDIA_MAX_DURATION_SECONDS' } })).toBe(
      'long.mp4: видео длиннее, чем разрешает сервер (не больше 6:00:00). Сократите его или попросите администратора.'
    );
  });

  it('falls back to a sentence of the language for a code it does not know', () => {
    expect(errorText(translatorFor('uz'), { code: 'no_such_code', message: 'English' })).toMatch(/^Serverda xato/);
  });
});
