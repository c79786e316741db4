/**
 * The watch page's "Download with subtitles" / "Share" (web/lib/variants/VariantPanel.svelte) in
 * Chromium, with a real worker making the MP4 (a 2 s 160x120 clip, so it stays cheap): the viewer's
 * language is preselected, choosing Тоҷикӣ and downloading shows "preparing" with progress and then
 * offers the file; Share on a phone fetches the file and hands it to the share sheet from a "Send"
 * click (navigator.share is stubbed: headless Chromium on Linux has no share sheet); where files
 * cannot be shared, the file and the link to copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import { FIXTURES, collectCspViolations, createProducer, launchChromium, makeClip, startEfirWithPages } from './helpers.ts';
import { fakePublishedRevision } from '../integration/api/helpers.ts';
import { CATALOGUES } from '../../web/lib/i18n/catalogues.server.ts';

const TITLE = 'Патент: оплата';

let t: TestEfir;
let browser: Browser;
let videoId: string;

beforeAll(async () => {
  t = await startEfirWithPages();
  browser = await launchChromium();
  const { user } = await createProducer(t);
  const draft = await t.efir.studio.createDraft(user, { title: TITLE });
  videoId = draft.id;
  for (const [lang, file] of [['ru', 'ru.srt'], ['tg', 'tg.vtt'], ['en', 'en.srt']]) {
    await t.efir.studio.attachSubtitle(user, videoId, lang!, file!, fs.readFileSync(path.join(FIXTURES, file!)));
  }
  // A published video as processing leaves it; the variant is made from its source.
  const source = makeClip(path.join(t.dataDir, 'sources', videoId, 'source.mp4'), 2, '160x120');
  await fakePublishedRevision(t, videoId);
  await t.efir.db.query(`update videos set source_path = $2, source_name = 'lesson.mp4', duration = 2, width = 160, height = 120 where id = $1`, [
    videoId,
    path.relative(t.dataDir, source)
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('subtitled variants on the watch page', () => {
  it('choose Тоҷикӣ, download: preparing with progress, then the file is offered; share offers the file and the link', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', extraHTTPHeaders: { 'accept-language': 'ru-RU,ru;q=0.9' } });
    const page = await context.newPage();
    const violations: string[] = [];
    collectCspViolations(page, violations);
    await page.goto(`${t.baseUrl}/watch/${videoId}`);

    const panel = page.getByTestId('variant-panel');
    await panel.getByRole('heading', { name: CATALOGUES.ru.variants.title }).waitFor();
    const select = panel.getByTestId('variant-lang');
    // The viewer's language (Russian) is preselected among the tracks.
    expect(await select.inputValue()).toBe('ru');
    expect(await select.locator('option').allInnerTexts()).toEqual(['Русский', 'Тоҷикӣ', 'English']);
    await select.selectOption('tg');

    await panel.getByRole('button', { name: CATALOGUES.ru.variants.download }).click();
    const preparing = panel.getByTestId('variant-preparing');
    await preparing.waitFor();
    expect(await preparing.innerText()).toMatch(/^Готовим видео… \d+%/);

    const file = panel.getByTestId('variant-file');
    await file.waitFor({ timeout: 60_000 });
    const href = (await file.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^/media/variants/${videoId}/tg-v1-\\w+\\.mp4$`));
    expect(await file.getAttribute('download')).toBe(`${TITLE} (Тоҷикӣ).mp4`);
    const res = await page.request.get(`${t.baseUrl}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('video/mp4');
    expect(res.headers()['content-disposition']).toMatch(/^attachment;/);

    // Share where the browser cannot share files: the file and the link with the chosen language.
    await panel.getByRole('button', { name: CATALOGUES.ru.variants.share }).click();
    await panel.getByText(CATALOGUES.ru.variants.no_file_share).waitFor();
    expect(await panel.getByRole('textbox', { name: CATALOGUES.ru.variants.link_label }).inputValue()).toMatch(new RegExp(`/watch/${videoId}\\?lang=tg$`));
    expect(violations).toEqual([]);
    await context.close();
  }, 90_000);

  it('on a phone, Share fetches the file and a Send click hands it to the share sheet', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
      extraHTTPHeaders: { 'accept-language': 'en-US,en;q=0.9' }
    });
    // The share sheet: what a phone's browser offers, recorded instead of shown.
    await context.addInitScript(() => {
      const nav = navigator as any;
      nav.canShare = (data: { files?: File[] }) => Array.isArray(data.files);
      nav.share = async (data: { files: File[]; title: string; url: string }) => {
        (window as any).__shared = { names: data.files.map((f) => f.name), size: data.files[0]!.size, type: data.files[0]!.type, title: data.title, url: data.url };
      };
    });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/watch/${videoId}`);
    const panel = page.getByTestId('variant-panel');
    const select = panel.getByTestId('variant-lang');
    await select.waitFor();
    expect(await select.inputValue()).toBe('en');

    await panel.getByRole('button', { name: 'Share' }).click();
    const send = panel.getByTestId('variant-send');
    await send.waitFor({ timeout: 60_000 });
    await send.click();
    await expect.poll(() => page.evaluate(() => (window as any).__shared ?? null), { timeout: 10_000 }).not.toBeNull();
    const shared = await page.evaluate(() => (window as any).__shared);
    const [row] = await t.efir.db.query<{ bytes: string }>(`select bytes from video_variants where video_id = $1 and lang = 'en'`, [videoId]);
    expect(shared).toMatchObject({ names: [`${TITLE} (English).mp4`], type: 'video/mp4', size: Number(row!.bytes), title: TITLE });
    expect(shared.url).toMatch(new RegExp(`/watch/${videoId}\\?lang=en$`));
    await context.close();
  }, 90_000);
});
