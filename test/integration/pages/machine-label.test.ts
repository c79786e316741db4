/**
 * The watch page (built SvelteKit pages: run `npx vite build` first) labels a machine-translated
 * track (video_subtitles.machine_cues > 0) in the viewer's language, and only that one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HANDLER_PATH } from '../../../server/plugins/sveltekit.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { api, createDraft, fakePublishedRevision, signIn } from '../api/helpers.ts';

const FIXTURES = path.join(import.meta.dirname, '../../unit/subtitles/fixtures');

let t: TestEfir;
let id: string;
beforeAll(async () => {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" first`);
  t = await startTestEfir({ pages: true, worker: false });
  const p = await signIn(t, 'producer');
  id = await createDraft(t, p, 'Патент');
  const dir = await fakePublishedRevision(t, id);
  fs.writeFileSync(path.join(dir, 'subs/tg.vtt'), 'WEBVTT\n\n00:00.000 --> 00:01.000\nСалом\n');
  const put = await api(t, p, 'PUT', `/api/studio/videos/${id}/subtitles/tg`, new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'tg.vtt'))), { 'x-file-name': 'tg.vtt' });
  expect(put.status).toBe(200);
  // As a draft leaves it (test/integration/api/subtitle-draft.test.ts makes one through the API).
  await t.efir.db.query(`update video_subtitles set machine_cues = 3 where video_id = $1 and lang = 'tg'`, [id]);
});
afterAll(async () => t?.close());

const page = (lang: string) => fetch(`${t.baseUrl}/watch/${id}`, { headers: { cookie: `efir_lang=${lang}`, accept: 'text/html' } });

test.each([
  ['ru', 'машинный перевод'],
  ['tg', 'тарҷумаи мошинӣ'],
  ['en', 'machine-translated']
])('in %s the Tajik track is labelled “%s”, the others are not', async (lang, label) => {
  const res = await page(lang);
  expect(res.status).toBe(200);
  const html = (await res.text()).replace(/<!--.*?-->/g, ''); // Svelte's hydration markers
  const labels = [...html.matchAll(/<span lang="(\w+)">[^<]*<\/span>(?:&nbsp;|\u00a0|\s)<span class="muted[^"]*" data-testid="machine-label">\(([^)]*)\)<\/span>/g)].map((m) => [m[1], m[2]]);
  expect(labels).toEqual([['tg', label]]);
  expect(html).toContain('<span lang="ru">Русский</span>');
});
