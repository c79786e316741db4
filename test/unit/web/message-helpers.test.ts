/**
 * The helpers that word what the server answers (a refusal's code, a wait, a size, a track's label)
 * from the catalogues, through the server's Translator of each language.
 */
import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../../web/lib/i18n/catalogues.server.ts';
import { UI_LANGS } from '../../../web/lib/i18n/index.ts';
import { admError } from '../../../web/lib/admin/messages.ts';
import { ytError } from '../../../web/lib/admin/youtube-messages.ts';
import { throttledMessage } from '../../../web/lib/auth/messages.ts';
import { lmError } from '../../../web/lib/library/messages.ts';
import { mtError, trackLabel } from '../../../web/lib/library/mt-messages.ts';
import { FINAL_UPLOAD_CODES, retriesUpload, runProblem, uploadProblem } from '../../../web/lib/studio/upload-messages.ts';
import { publishProblem } from '../../../web/lib/studio/youtube-messages.ts';
import { megabytes, vmError } from '../../../web/lib/variants/messages.ts';
import { ERROR_STATUS } from '../../../server/errors.ts';
import { MACHINE_SUFFIX, trackName } from '../../../media/subtitles/machine-label.ts';
import { SUBTITLE_LANGUAGES } from '../../../media/subtitles/index.ts';

const [ru, uz, tg, az, ro, en] = [translatorFor('ru'), translatorFor('uz'), translatorFor('tg'), translatorFor('az'), translatorFor('ro'), translatorFor('en')] as const;

describe('one translate function', () => {
  it('fills placeholders, and shows a key it does not know rather than nothing', () => {
    expect(en.t('live.st_rotated_at', { time: '10:00' })).toBe('Key issued 10:00');
    expect(ru.t('live.home_live_now')).toBe('Сейчас в эфире');
    expect(tg.t('live.live_ended')).toBe('Эфир ба охир расид');
    expect(tg.t('library.next_in', { title: 'Патент' })).toBe('Баъдӣ дар маҷмӯаи «Патент»');
    expect(ro.t('studio_youtube.publish_uploading', { percent: 40 })).toBe('Se încarcă pe YouTube: 40%');
    expect(en.t('admin_youtube.quota_spent', { spent: 120, budget: 10000 })).toBe('120 of 10000 units');
    expect(en.t('qa.no_such_key' as never)).toBe('qa.no_such_key');
    expect(en.has('qa.qa_title')).toBe(true);
    expect(en.has('qa.no_such_key')).toBe(false);
  });
});

describe('Q&A', () => {
  it('after a broadcast says questions are closed, never invites a first one', () => {
    expect(en.t('qa.qa_closed_ended')).toMatch(/closed/);
    for (const lang of UI_LANGS) expect(translatorFor(lang).t('qa.qa_none_answered')).not.toBe(translatorFor(lang).t('qa.qa_empty'));
  });
});

describe('admin', () => {
  it('translates the accounts service’s error codes, and only those', () => {
    expect(admError(en, 'own_account')).toMatch(/your own account/);
    expect(admError(uz, 'weak_password')).toMatch(/8/);
    expect(admError(en, 'no_such_code')).toBeNull();
  });

  it('translates every youtube_* error code', () => {
    const codes = Object.keys(ERROR_STATUS).filter((c) => c.startsWith('youtube_'));
    expect(codes.length).toBeGreaterThanOrEqual(8);
    for (const code of codes) for (const lang of UI_LANGS) expect(ytError(translatorFor(lang), code), `${lang} ${code}`).not.toBeNull();
    expect(ytError(en, 'youtube_auth')).toMatch(/connect the account again/);
    expect(ytError(en, 'no_such_code')).toBeNull();
  });
});

describe('signing in', () => {
  it('says the wait in seconds under a minute and in whole minutes (rounded up) from a minute on', () => {
    expect(throttledMessage(en, 12)).toBe('Too many sign-in attempts. Try again in 12 s.');
    expect(throttledMessage(en, 61)).toBe('Too many sign-in attempts. Try again in 2 min.');
    expect(throttledMessage(tg, 600)).toMatch(/10 дақиқа/);
    expect(throttledMessage(ru, 0)).toMatch(/через 1 с\.$/);
  });
});

describe('collections', () => {
  it('translates the collections service’s refusals; another code gets the general words, never the server’s English', () => {
    expect(lmError(en, { code: 'invalid_state', message: 'x' })).toMatch(/on YouTube only/);
    expect(lmError(uz, { code: 'invalid_field', message: 'title: must not be empty', params: { field: 'title', rule: 'required' } })).toBe('Nomi: bu maydonni toʻldiring.');
    expect(lmError(ru, { code: 'no_such_code', message: 'as is' })).toMatch(/^На сервере произошла ошибка/);
  });
});

describe('machine translation', () => {
  it('labels a machine-translated track in the viewer’s language and leaves others alone', () => {
    expect(trackLabel({ name: 'Тоҷикӣ', machine: true }, ru)).toBe('Тоҷикӣ (машинный перевод)');
    expect(trackLabel({ name: 'Тоҷикӣ', machine: true }, en)).toBe('Тоҷикӣ (machine-translated)');
    expect(trackLabel({ name: 'Română' }, ro)).toBe('Română');
  });

  it('translates the draft’s refusals with the service’s reason', () => {
    expect(mtError(en, { code: 'translation_failed', message: 'Machine translation failed (API_KEY_INVALID, HTTP 400): …' })).toBe(
      'Machine translation failed (API_KEY_INVALID). The cues were not changed.'
    );
    expect(mtError(tg, { code: 'translation_failed', message: 'x', reason: 'timeout' })).toContain('(timeout)');
    expect(mtError(az, { code: 'translation_unavailable', message: 'x' })).toBe(az.t('mt.err_translation_unavailable'));
    // Other codes in the language's words from the errors namespace, never the server's English.
    expect(mtError(ru, { code: 'subtitle_conflict', message: 'as is' })).toBe('Пока вы правили, кто-то сохранил другую версию субтитров.');
  });

  it('names machine-translated HLS tracks in their own language', () => {
    for (const lang of SUBTITLE_LANGUAGES) expect(MACHINE_SUFFIX[lang]).toBeTruthy();
    expect(trackName('tg', true)).toBe('Тоҷикӣ (тарҷумаи мошинӣ)');
    expect(trackName('uz', true)).toBe('Oʻzbekcha (mashina tarjimasi)');
    expect(trackName('ro', false)).toBe('Română');
  });
});

describe('uploads', () => {
  it('has words for every code the upload refuses with for good, and none for others', () => {
    for (const code of FINAL_UPLOAD_CODES) expect(uploadProblem(en, code, 'a.mp4'), code).not.toBeNull();
    expect(uploadProblem(uz, 'quota_exceeded', 'dars.mp4')).toMatch(/^dars\.mp4: bu fayl/);
    expect(uploadProblem(ru, 'bad_media', 'a.mp4')).toBeNull();
    expect(uploadProblem(ru, null, 'a.mp4')).toBeNull();
  });

  it('retries a lost connection, a server error and tus’s own 409/423, never a refusal the server coded', () => {
    expect(retriesUpload(0, null)).toBe(true); // no answer: the connection
    expect(retriesUpload(500, 'internal')).toBe(true);
    expect(retriesUpload(409, null)).toBe(true); // tus: Upload-Offset out of step
    expect(retriesUpload(423, null)).toBe(true); // tus: locked by a request still ending
    expect(retriesUpload(507, 'disk_full')).toBe(false);
    expect(retriesUpload(404, null)).toBe(false);
    // The draft got its file meanwhile (the earlier upload finished after all): said at once, and in words.
    expect(retriesUpload(409, 'has_file')).toBe(false);
    expect(uploadProblem(en, 'has_file', 'a.mp4')).toMatch(/^a\.mp4: this video already has its file/);
    expect(retriesUpload(409, 'conflict')).toBe(false);
    expect(retriesUpload(409, 'upload_in_progress')).toBe(false);
  });

  it('translates a run stopped by the disk reserve, and leaves other errors as the server wrote them', () => {
    expect(runProblem(ro, "disk_full: the server's disk is nearly full (1 GB free, 4 GB must stay free)")).toMatch(/^Procesarea s-a oprit/);
    expect(runProblem(en, 'clip.mp4: audio only: no video stream')).toBe('clip.mp4: audio only: no video stream');
    expect(runProblem(en, null)).toBeNull();
  });

  it('translates the publish refusals, and only those', () => {
    expect(publishProblem(en, 'youtube_quota')).toMatch(/quota/);
    expect(publishProblem(uz, 'youtube_not_connected')).toMatch(/OAuth/);
    expect(publishProblem(en, 'no_such_code')).toBeNull();
  });
});

describe('variants', () => {
  it('translates the variant service’s refusals; another code gets the general words', () => {
    expect(vmError(tg, { code: 'no_subtitles', message: 'x' })).toBe('Ин видео бо ин забон субтитр надорад.');
    expect(vmError(en, { code: 'no_such_code', message: 'disk on fire' })).toMatch(/^The video could not be prepared: Something went wrong on the server/);
    expect(megabytes(ru, 16_000_000)).toBe('16 МБ');
    expect(megabytes(en, 4_240_000)).toBe('4.2 MB');
    expect(megabytes(ro, 4_240_000)).toBe('4,2 MB');
  });
});
