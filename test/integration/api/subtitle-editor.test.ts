/**
 * The cue editor's API (issue 12): a save is a new version (row, file, subtitle-only run), two saves
 * from one version conflict (the later refused naming the other version), restore, bad cues refused
 * naming the cue, tags cleaned with warnings, uploads recorded as versions, access.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { api, createDraft, fakePublishedRevision, runCount, signIn, viewer, type Session } from './helpers.ts';

let t: TestEfir;
let p: Session;
beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  p = await signIn(t, 'producer');
});
afterAll(async () => t?.close());

const RU = '1\n00:00:00,500 --> 00:00:01,500\nПривет\n\n2\n00:00:02,000 --> 00:00:03,000\nКак дела?\n';
const TG = '1\n00:00:00,500 --> 00:00:01,500\nСалом\n\n2\n00:00:02,000 --> 00:00:03,000\nЧӣ хел?\n';
const base = (id: string, lang = 'tg') => `/api/studio/videos/${id}/subtitles/${lang}`;

/** A processed video (duration 4 s) with Russian and Tajik SRT files. */
async function video(): Promise<string> {
  const id = await createDraft(t, p, 'Дарс');
  await fakePublishedRevision(t, id);
  // What the ladder step recorded; a subtitle-only run reuses it instead of transcoding.
  await t.efir.db.query(`update videos set ladder = '{"rungs": []}'::jsonb where id = $1`, [id]);
  for (const [lang, text] of [['ru', RU], ['tg', TG]]) {
    const res = await api(t, p, 'PUT', `/api/studio/videos/${id}/subtitles/${lang}`, Buffer.from(text!), { 'x-file-name': `${lang}.srt` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return id;
}

test('load: the Russian reference, the target track at its version, uploads listed as versions', async () => {
  const id = await video();
  const res = await api(t, p, 'GET', `${base(id)}/cues`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.video).toMatchObject({ id, title: 'Дарс', duration: 4, masterUrl: `/media/${id}/1/master.m3u8` });
  expect(res.body.reference.cues.map((c: any) => c.text)).toEqual(['Привет', 'Как дела?']);
  expect(res.body.target).toMatchObject({ lang: 'tg', version: 1, machineCues: 0, cues: [{ start: 0.5, end: 1.5, text: 'Салом' }, { start: 2, end: 3, text: 'Чӣ хел?' }] });
  expect(res.body.versions).toEqual([expect.objectContaining({ version: 1, kind: 'upload', author: expect.stringMatching(/^producer/), current: true })]);
  // A language without a track: version 0, the first save creates it.
  const none = await api(t, p, 'GET', `${base(id, 'uz')}/cues`);
  expect(none.body.target).toEqual({ lang: 'uz', version: 0, cues: [], machineCues: 0 });
  expect((await api(t, p, 'GET', `${base(id, 'de')}/cues`)).body.error.code).toBe('unsupported_language');
});

test('save: a new version, Efir WebVTT replacing the uploaded file, the row, and a subtitle-only run', async () => {
  const id = await video();
  const runsBefore = await runCount(t, id);
  const cues = [
    { start: 0.5, end: 1.5, text: 'Салом, дӯстон' },
    { start: 2, end: 3, text: 'Чӣ хел?' }
  ];
  const res = await api(t, p, 'PUT', `${base(id)}/cues`, { baseVersion: 1, cues });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toMatchObject({ version: 2, warnings: [], run: { runId: expect.any(String) } });
  expect(await runCount(t, id)).toBe(runsBefore + 1);
  const dir = path.join(t.efir.paths.sources, id, 'subtitles');
  expect(fs.readdirSync(dir).sort()).toEqual(['ru.srt', 'tg.vtt']);
  expect(fs.readFileSync(path.join(dir, 'tg.vtt'), 'utf8')).toBe('WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nСалом, дӯстон\n\n00:00:02.000 --> 00:00:03.000\nЧӣ хел?\n');
  const [row] = await t.efir.db.query<any>('select version, format, cue_count, machine_cues, file_name from video_subtitles where video_id = $1 and lang = $2', [id, 'tg']);
  expect(row).toEqual({ version: 2, format: 'vtt', cue_count: 2, machine_cues: 0, file_name: 'tg.vtt' });
  const versions = (await api(t, p, 'GET', `${base(id)}/versions`)).body.items;
  expect(versions.map((v: any) => [v.version, v.kind, v.current])).toEqual([
    [2, 'edit', true],
    [1, 'upload', false]
  ]);
  // The editor reads the saved version back.
  expect((await api(t, p, 'GET', `${base(id)}/cues`)).body.target.cues[0].text).toBe('Салом, дӯстон');
  // An uploaded file afterwards is a version too.
  const up = await api(t, p, 'PUT', base(id), Buffer.from(TG), { 'x-file-name': 'tg.srt' });
  expect(up.status).toBe(200);
  expect((await api(t, p, 'GET', `${base(id)}/versions`)).body.items[0]).toMatchObject({ version: 3, kind: 'upload' });
});

test('two saves from the same version: the later is refused, naming the version, its author and time', async () => {
  const id = await video();
  const other = await signIn(t, 'admin');
  const first = await api(t, other, 'PUT', `${base(id)}/cues`, { baseVersion: 1, cues: [{ start: 0.5, end: 1.5, text: 'Аввал' }] });
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  const second = await api(t, p, 'PUT', `${base(id)}/cues`, { baseVersion: 1, cues: [{ start: 0.5, end: 1.5, text: 'Дуюм' }] });
  expect(second.status).toBe(409);
  expect(second.body.error).toMatchObject({
    code: 'subtitle_conflict',
    version: { number: 2, kind: 'edit', author: expect.stringMatching(/^admin/), savedAt: expect.any(String) }
  });
  expect(second.body.error.message).toMatch(/^Version 2 of the tg subtitles was saved by admin \d+ at \d{4}-\d\d-\d\dT.*after version 1/);
  // Nothing of the refused save was kept.
  const now = (await api(t, p, 'GET', `${base(id)}/cues`)).body.target;
  expect(now).toMatchObject({ version: 2, cues: [{ text: 'Аввал' }] });
  expect(fs.readFileSync(path.join(t.efir.paths.sources, id, 'subtitles', 'tg.vtt'), 'utf8')).toMatch(/Аввал/);

  // Saves racing each other (no await between them): exactly one wins.
  const racing = await Promise.all(
    ['A', 'B', 'C'].map((x) => api(t, p, 'PUT', `${base(id)}/cues`, { baseVersion: 2, cues: [{ start: 1, end: 2, text: x }] }))
  );
  expect(racing.map((r) => r.status).sort()).toEqual([200, 409, 409]);

  // A new track: two first saves (base 0) conflict too.
  const [a, b] = await Promise.all(
    ['x', 'y'].map((x) => api(t, p, 'PUT', `${base(id, 'az')}/cues`, { baseVersion: 0, cues: [{ start: 1, end: 2, text: x }] }))
  );
  expect([a!.status, b!.status].sort()).toEqual([200, 409]);
});

test('restore: an older version comes back as a new one', async () => {
  const id = await video();
  await api(t, p, 'PUT', `${base(id)}/cues`, { baseVersion: 1, cues: [{ start: 0.5, end: 1.5, text: 'Нав' }] });
  const stale = await api(t, p, 'POST', `${base(id)}/versions/1/restore`, { baseVersion: 1 });
  expect(stale.status).toBe(409);
  const res = await api(t, p, 'POST', `${base(id)}/versions/1/restore`, { baseVersion: 2 });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.version).toBe(3);
  const data = (await api(t, p, 'GET', `${base(id)}/cues`)).body;
  expect(data.target.cues.map((c: any) => c.text)).toEqual(['Салом', 'Чӣ хел?']);
  expect(data.versions[0]).toMatchObject({ version: 3, kind: 'restore', restoredFrom: 1, current: true });
  expect((await api(t, p, 'POST', `${base(id)}/versions/9/restore`, { baseVersion: 3 })).status).toBe(404);
});

describe('bad cues', () => {
  let id: string;
  beforeAll(async () => {
    id = await video();
  });

  test.each([
    [[{ start: 0.5, end: 1, text: 'a' }, { start: 2, end: 1.5, text: 'b' }], 'cues[1].end', /^cue 2 \(00:00:02\.000\): ends \(00:00:01\.500\) at or before it starts/],
    [[{ start: 4, end: 5, text: 'a' }], 'cues[0].start', /^cue 1 .*starts at or after the end of the video \(00:00:04\.000\)/],
    [[{ start: 0, end: 1, text: '   ' }], 'cues', /no cue with text/]
  ])('refused naming the cue (%#); nothing saved', async (cues, field, message) => {
    const res = await api(t, p, 'PUT', `${base(id)}/cues`, { baseVersion: 1, cues });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_cue', field });
    expect(res.body.error.message).toMatch(message);
    expect((await api(t, p, 'GET', `${base(id)}/cues`)).body.target.version).toBe(1);
  });

  test('tags cleaned, empty cues dropped, an end past the video clamped: warnings name the cue; flags too', async () => {
    const res = await api(t, p, 'PUT', `${base(id)}/cues`, {
      baseVersion: 1,
      cues: [
        { start: 0, end: 1, text: '{\\an8}<font color="red">Салом</font> <i>дӯстон</i>' },
        { start: 1, end: 2, text: '' },
        { start: 2, end: 2.5, text: 'Ин сатр барои ним сония хеле дароз аст' },
        { start: 3, end: 9, text: 'Охир' }
      ]
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.warnings.map((w: any) => [w.cue, w.code])).toEqual([
      [1, 'ass_tags'],
      [1, 'html_tags'],
      [2, 'empty'],
      [3, 'too_fast'],
      [4, 'end_clamped']
    ]);
    expect(res.body.warnings[4].message).toMatch(/^cue 4 \(00:00:03\.000\)/);
    const saved = (await api(t, p, 'GET', `${base(id)}/cues`)).body.target.cues;
    expect(saved).toEqual([
      { start: 0, end: 1, text: 'Салом <i>дӯстон</i>' },
      { start: 2, end: 2.5, text: 'Ин сатр барои ним сония хеле дароз аст' },
      { start: 3, end: 4, text: 'Охир' }
    ]);
    // The studio's subtitle table shows the same warnings (file:line).
    const sub = (await api(t, p, 'GET', `/api/studio/videos/${id}`)).body.subtitles.find((s: any) => s.lang === 'tg');
    expect(sub.warnings).toHaveLength(5);
  });
});

test('access: another producer 404, a moderator or an anonymous viewer 403', async () => {
  const id = await video();
  const stranger = await signIn(t, 'producer');
  for (const [method, url, body] of [
    ['GET', `${base(id)}/cues`, undefined],
    ['PUT', `${base(id)}/cues`, { baseVersion: 1, cues: [{ start: 0, end: 1, text: 'x' }] }],
    ['GET', `${base(id)}/versions`, undefined],
    ['POST', `${base(id)}/versions/1/restore`, { baseVersion: 1 }]
  ] as const) {
    expect((await api(t, stranger, method, url, body)).status, `${method} ${url}`).toBe(404);
    expect((await api(t, await signIn(t, 'moderator'), method, url, body)).status).toBe(403);
    expect((await api(t, await viewer(t), method, url, body)).status).toBe(403);
  }
  expect((await api(t, p, 'GET', `${base(id)}/cues`)).body.target.version).toBe(1);
});
