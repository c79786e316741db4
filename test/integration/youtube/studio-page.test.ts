/**
 * The studio page with the YouTube channel (built pages: `npx vite build` first): a mirrored video is
 * listed to every producer with "Attach original" and no delete/unpublish; a producer's processed
 * tutorial has the "Publish to YouTube" panel with the note that unaudited projects' uploads stay
 * private; the action, with no OAuth consent, says so with its code.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { insertMirrored } from '../../helpers/mirrored.ts';
import { createDraft, fakePublishedRevision, signIn, type Session } from '../api/helpers.ts';

let t: TestEfir;
let producer: Session;
beforeAll(async () => {
  t = await startTestEfir({ pages: true, worker: false });
  producer = await signIn(t, 'producer');
});
afterAll(async () => t?.close());

async function studioPage(s: Session): Promise<string> {
  const res = await fetch(`${t.baseUrl}/studio`, { headers: { cookie: `${s.cookie}; efir_lang=ru` } });
  expect(res.status).toBe(200);
  return res.text();
}

test('mirrored videos get Attach original; own processed videos get Publish to YouTube', async () => {
  const mirrored = await insertMirrored(t.efir.db, { youtubeId: 'dQw4w9WgXcQ', title: 'Видео канала', duration: 60 });
  const own = await createDraft(t, producer, 'Мой урок');
  await fakePublishedRevision(t, own);
  const html = await studioPage(producer);

  const item = (id: string) => html.slice(html.indexOf(`data-video-id="${id}"`), html.indexOf('</article>', html.indexOf(`data-video-id="${id}"`)));
  const mirroredItem = item(mirrored);
  expect(mirroredItem).toContain(`data-attach-original="${mirrored}"`);
  expect(mirroredItem).toContain('Прикрепить исходник');
  expect(mirroredItem).toContain('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  expect(mirroredItem).not.toContain('?/delete');
  expect(mirroredItem).not.toContain('data-publish-youtube');

  const ownItem = item(own);
  expect(ownItem).toContain(`data-publish-youtube="${own}"`);
  expect(ownItem).toContain('?/publishYoutube');
  expect(ownItem).toMatch(/остаются на YouTube закрытыми/);
  expect(ownItem).not.toContain('data-attach-original');

  // Another producer sees the channel's video too, not the first producer's own.
  const other = await studioPage(await signIn(t, 'producer'));
  expect(other).toContain(`data-attach-original="${mirrored}"`);
  expect(other).not.toContain(`data-video-id="${own}"`);
});

test('the publishYoutube action without the channel connected answers its code', async () => {
  const own = await createDraft(t, producer, 'Ещё урок');
  await fakePublishedRevision(t, own);
  await t.efir.db.query(`update videos set source_path = $2 where id = $1`, [own, `sources/${own}/source.mp4`]);
  const res = await fetch(`${t.baseUrl}/studio?/publishYoutube`, {
    method: 'POST',
    headers: { cookie: producer.cookie, origin: t.baseUrl, accept: 'application/json', 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ id: own, privacyStatus: 'public' })
  });
  const body = (await res.json()) as { type: string; status: number; data: string };
  expect(body).toMatchObject({ type: 'failure', status: 409 });
  expect(body.data, body.data).toContain('youtube_not_connected');
});

test('the channel’s videos are listed a page at a time', async () => {
  const before = (await t.efir.db.query<{ n: number }>(`select count(*)::int as n from videos where origin = 'youtube'`))[0]!.n;
  for (let i = 0; i < 25 - before; i++) {
    await insertMirrored(t.efir.db, { youtubeId: `old${String(i).padStart(8, '0')}`, title: `Старое ${i}`, duration: 60, publishedAt: new Date(Date.UTC(2020, 0, 1 + i)) });
  }
  const count = (html: string) => html.match(/data-attach-original="/g)?.length ?? 0;
  const first = await studioPage(producer);
  expect(count(first)).toBe(24);
  expect(first).toContain('href="/studio?channel=2"');
  const res = await fetch(`${t.baseUrl}/studio?channel=2`, { headers: { cookie: `${producer.cookie}; efir_lang=ru` } });
  expect(count(await res.text())).toBe(1);
});
