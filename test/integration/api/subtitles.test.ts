/**
 * Subtitle files per language over PUT /api/studio/videos/:id/subtitles/:lang: every fixture format and
 * encoding is accepted, a bad file is refused with its name and line and nothing is stored, a second
 * file replaces the first, and on a processed video a change starts a subtitle-only run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { api, createDraft, fakePublishedRevision, signIn, type Session } from './helpers.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../unit/subtitles/fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const SUBTITLE_LIMIT = 64 * 1024;

let t: TestEfir;
let p: Session;
beforeAll(async () => {
  t = await startTestEfir({ worker: false, env: { SUBTITLE_MAX_BYTES: String(SUBTITLE_LIMIT) } });
  p = await signIn(t, 'producer');
});
afterAll(async () => t?.close());

function put(id: string, lang: string, bytes: Uint8Array, fileName?: string, s: Session = p, contentType?: string) {
  const headers: Record<string, string> = {};
  if (fileName !== undefined) headers['x-file-name'] = encodeURIComponent(fileName);
  if (contentType) headers['content-type'] = contentType;
  return api(t, s, 'PUT', `/api/studio/videos/${id}/subtitles/${lang}`, bytes, headers);
}
const storedFiles = (id: string) => {
  const dir = path.join(t.efir.paths.sources, id, 'subtitles');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};
const subtitlesOf = async (id: string) => (await api(t, p, 'GET', `/api/studio/videos/${id}`)).body.subtitles;

test('every fixture (SRT, WebVTT, ASS; UTF-8 with and without BOM, Windows-1251; CRLF and LF) is accepted', async () => {
  const id = await createDraft(t, p);
  const files: [string, string, string, string][] = [
    ['ru', 'ru.cp1251.srt', 'srt', 'windows-1251'],
    ['uz', 'uz.bom.srt', 'srt', 'utf-8'],
    ['tg', 'tg.vtt', 'vtt', 'utf-8'],
    ['az', 'az.ass', 'ass', 'utf-8'],
    ['ro', 'ro.crlf.srt', 'srt', 'utf-8'],
    ['en', 'en.srt', 'srt', 'utf-8']
  ];
  for (const [lang, file, format, encoding] of files) {
    const res = await put(id, lang, fixture(file), file);
    expect(res.status, `${file}: ${JSON.stringify(res.body)}`).toBe(200);
    expect(res.body.subtitle).toMatchObject({ lang, fileName: file, format, encoding, cueCount: 6, warnings: [] });
    // A draft has no revision yet: its first run will include the file, no run now.
    expect(res.body.run).toBeNull();
  }
  const listed = await subtitlesOf(id);
  expect(listed.map((s: any) => [s.lang, s.name])).toEqual([
    ['az', 'Azərbaycanca'],
    ['en', 'English'],
    ['ro', 'Română'],
    ['ru', 'Русский'],
    ['tg', 'Тоҷикӣ'],
    ['uz', 'Oʻzbekcha']
  ]);
  // The original bytes are kept, named by language and format.
  expect(storedFiles(id)).toEqual(['az.ass', 'en.srt', 'ro.srt', 'ru.srt', 'tg.vtt', 'uz.srt']);
  expect(fs.readFileSync(path.join(t.efir.paths.sources, id, 'subtitles', 'ru.srt')).equals(fixture('ru.cp1251.srt'))).toBe(true);
});

test('UTF-16 files and any Content-Type (or none) are read from the raw bytes', async () => {
  const id = await createDraft(t, p);
  const text = fixture('en.srt').toString('utf8');
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const res = await put(id, 'en', utf16le, 'en.utf16.srt', p, 'text/plain; charset=utf-8');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.subtitle).toMatchObject({ cueCount: 6, encoding: expect.stringMatching(/utf-16/i) });
  for (const ct of [undefined, 'application/x-subrip', 'application/octet-stream', 'application/json']) {
    const again = await put(id, 'ru', fixture('ru.srt'), 'ru.srt', p, ct);
    expect(again.status, `${ct}: ${JSON.stringify(again.body)}`).toBe(200);
  }
});

test('the original file name comes from x-file-name (URL-encoded), without any directory part', async () => {
  const id = await createDraft(t, p);
  const res = await put(id, 'tg', fixture('tg.vtt'), 'C:\\Переводы\\Дарс 1 — тоҷикӣ.vtt');
  expect(res.body.subtitle.fileName).toBe('Дарс 1 — тоҷикӣ.vtt');
  const bad = await api(t, p, 'PUT', `/api/studio/videos/${id}/subtitles/tg`, fixture('tg.vtt'), { 'x-file-name': '%E0%A4%A' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe('x-file-name');
});

describe('a bad file is refused with its name (and line), and nothing is stored', () => {
  let id: string;
  beforeAll(async () => {
    id = await createDraft(t, p);
    expect((await put(id, 'ru', fixture('ru.srt'), 'ru.srt')).status).toBe(200);
  });

  async function expectRefused(lang: string, bytes: Uint8Array, fileName: string) {
    const res = await put(id, lang, bytes, fileName);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    // Nothing changed: the earlier Russian file is still the one stored, nothing else was added.
    expect(storedFiles(id)).toEqual(['ru.srt']);
    expect(fs.readFileSync(path.join(t.efir.paths.sources, id, 'subtitles', 'ru.srt')).equals(fixture('ru.srt'))).toBe(true);
    expect((await subtitlesOf(id)).map((s: any) => [s.lang, s.fileName])).toEqual([['ru', 'ru.srt']]);
    return res.body.error;
  }

  test('broken timing lines: the line of the first one', async () => {
    const error = await expectRefused('ru', Buffer.from('1\n00:00:01.000 -> 00:00:02.000\nOne\n\n2\n0:0:3 --> 0:0:4\nTwo\n'), 'урок.srt');
    expect(error).toMatchObject({ code: 'bad_subtitles', file: 'урок.srt', line: 2 });
    expect(error.message).toMatch(/^урок\.srt: line 2: no valid cue found/);
  });

  test('an encoding that cannot be read', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00, 0x80, 0x81, 0x00, 0x00, 0x9f, 0x00]);
    const error = await expectRefused('uz', bytes, 'uz.srt');
    expect(error).toMatchObject({ code: 'bad_subtitles', file: 'uz.srt' });
    expect(error.message).toBe('uz.srt: cannot be read: not UTF-8, UTF-16 or Windows-1251');
  });

  test('no valid cue at all', async () => {
    const error = await expectRefused('en', Buffer.from('This is a transcript, not subtitles.\nSecond line.\n'), 'notes.srt');
    expect(error.file).toBe('notes.srt');
    expect(error.message).toMatch(/no valid cue found/);
  });

  test('an empty file', async () => {
    const error = await expectRefused('en', new Uint8Array(0), 'empty.srt');
    expect(error).toMatchObject({ file: 'empty.srt', message: 'empty.srt: file is empty (0 bytes)' });
  });

  test('a language outside the six', async () => {
    const error = await expectRefused('de', fixture('en.srt'), 'de.srt');
    expect(error).toMatchObject({ code: 'unsupported_language', field: 'lang' });
    expect(error.message).toBe('Subtitle language "de" is not supported; use one of: ru, uz, tg, az, ro, en');
  });

  test('a file over SUBTITLE_MAX_BYTES: 413', async () => {
    const big = Buffer.concat([fixture('en.srt'), Buffer.alloc(SUBTITLE_LIMIT, 0x20)]);
    const res = await put(id, 'en', big, 'big.srt');
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/over the limit of 65536 bytes/);
    expect(storedFiles(id)).toEqual(['ru.srt']);
  });
});

test('a second file for a language replaces the first, even in another format; DELETE removes it', async () => {
  const id = await createDraft(t, p);
  await put(id, 'tg', fixture('en.srt'), 'first.srt');
  const res = await put(id, 'tg', fixture('tg.vtt'), 'tg.vtt');
  expect(res.body.subtitle).toMatchObject({ lang: 'tg', fileName: 'tg.vtt', format: 'vtt' });
  expect(storedFiles(id)).toEqual(['tg.vtt']);
  expect((await subtitlesOf(id)).length).toBe(1);

  const del = await api(t, p, 'DELETE', `/api/studio/videos/${id}/subtitles/tg`);
  expect(del.status).toBe(200);
  expect(storedFiles(id)).toEqual([]);
  expect(await subtitlesOf(id)).toEqual([]);
  const again = await api(t, p, 'DELETE', `/api/studio/videos/${id}/subtitles/tg`);
  expect(again.status).toBe(404);
  expect(again.body.error.message).toMatch(/has no tg subtitles/);
  const wrong = await api(t, p, 'DELETE', `/api/studio/videos/${id}/subtitles/xx`);
  expect(wrong.status).toBe(400);
  expect(wrong.body.error.field).toBe('lang');
});

test('on a processed video, replacing one language starts a subtitle-only run and keeps it published', async () => {
  const id = await createDraft(t, p);
  await fakePublishedRevision(t, id, 1);
  // What the ladder step recorded; a subtitle-only run reuses it instead of transcoding.
  await t.efir.db.query(`update videos set ladder = '{"rungs": []}'::jsonb where id = $1`, [id]);
  const res = await put(id, 'ru', fixture('ru.srt'), 'ru.srt');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.run).toMatchObject({ rev: 2 });
  const runs = await t.efir.db.query<{ kind: string; rev: number }>('select kind, rev from processing_runs where video_id = $1', [id]);
  expect(runs).toEqual([{ kind: 'subtitles', rev: 2 }]);
  const v = (await api(t, p, 'GET', `/api/studio/videos/${id}`)).body;
  expect(v).toMatchObject({ state: 'ready', published: true, currentRev: 1, run: { kind: 'subtitles', state: 'queued' } });
  expect((await api(t, null, 'GET', `/api/videos/${id}`)).status).toBe(200);
});

test('someone else\'s or an unknown video: 404', async () => {
  const id = await createDraft(t, p);
  const other = await signIn(t, 'producer');
  expect((await put(id, 'ru', fixture('ru.srt'), 'ru.srt', other)).status).toBe(404);
  expect((await put('NoSuchVideo', 'ru', fixture('ru.srt'), 'ru.srt')).status).toBe(404);
  expect(storedFiles(id)).toEqual([]);
});
