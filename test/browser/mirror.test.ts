/**
 * A viewer on a phone, in Uzbek, and the YouTube mirror (issue 11): a mirrored video shows its Uzbek
 * title in the library; its watch page plays it in YouTube's privacy-enhanced embed (answered here by
 * a stand-in, so the test never depends on reaching YouTube) with the Uzbek transcript beside it; once
 * its original is attached and processed by the worker, the same page plays it from Efir's own HLS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import { insertMirroredVideo } from '../helpers/mirror-rows.ts';
import type { User } from '../../server/repositories/users.ts';
import { FIXTURES, collectCspViolations, launchChromium, makeClip, startEfirWithPages, waitForPlayer, pressPlay } from './helpers.ts';

const UZ_TITLE = 'Patent: birinchi qadamlar';
let t: TestEfir;
let browser: Browser;
let admin: User;

beforeAll(async () => {
  t = await startEfirWithPages();
  browser = await launchChromium();
  admin = await t.efir.auth.createUser({ email: `admin-${Date.now()}@example.test`, displayName: 'Admin', role: 'admin', password: 'correct horse battery staple' });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/**
 * The original attached as a finished upload or `npm run import -- --youtube` hands it over: the
 * mirrored video takes a file (state 'uploading', as StudioService does for one awaiting its
 * original), then the studio's upload path probes it and starts the full run.
 */
async function attachOriginal(id: string): Promise<void> {
  const staged = path.join(t.efir.paths.uploads, `${id}-original`);
  fs.renameSync(makeClip(path.join(t.dataDir, 'client', `${id}.mp4`), 3, '320x240'), staged);
  await t.efir.db.query(`update videos set state = 'uploading' where id = $1`, [id]);
  const outcome = await t.efir.studio.onUploadFinished(id, staged, 'original.mp4', fs.statSync(staged).size);
  if (!outcome.ok) throw new Error(outcome.error);
}

describe('a mirrored video', () => {
  it('shows its Uzbek title, plays in the nocookie embed with the transcript, then from Efir’s HLS once its original is processed', async () => {
    const m = await insertMirroredVideo(t, { title: 'Патент: первые шаги', i18n: { uz: { title: UZ_TITLE } } });
    await t.efir.studio.attachSubtitle(admin, m.id, 'uz', 'uz.bom.srt', fs.readFileSync(path.join(FIXTURES, 'uz.bom.srt')));

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'uz-UZ',
      extraHTTPHeaders: { 'accept-language': 'uz-UZ,uz;q=0.9' }
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    collectCspViolations(page, errors);
    // YouTube's player is not this test's business: a stand-in answers for its origin.
    const framed: string[] = [];
    await context.route('https://www.youtube-nocookie.com/**', (route) => {
      framed.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>embed</title><p>YouTube</p>' });
    });

    await page.goto(`${t.baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('uz');
    const card = page.getByRole('link', { name: UZ_TITLE });
    await card.click();
    await page.waitForURL(`**/watch/${m.id}`);
    await expect.poll(() => page.locator('h1').innerText()).toBe(UZ_TITLE);

    const frame = page.locator('iframe[data-testid="youtube-embed"]');
    const src = (await frame.getAttribute('src'))!;
    expect(src.startsWith(`https://www.youtube-nocookie.com/embed/${m.youtubeId}?`)).toBe(true);
    await expect.poll(() => framed.length).toBeGreaterThan(0);
    // It fills the phone's width, 16:9.
    const box = (await frame.boundingBox())!;
    expect(box.width).toBeGreaterThan(380);
    expect(Math.abs(box.width / box.height - 16 / 9)).toBeLessThan(0.05);
    // The Uzbek transcript: a line restarts the embed at its moment.
    const lines = page.locator('[data-testid="transcript"] li');
    expect(await lines.count()).toBeGreaterThan(0);
    await lines.nth(1).locator('button').click();
    await expect.poll(async () => new URL((await frame.getAttribute('src'))!).searchParams.get('start')).toMatch(/^\d+$/);
    expect(await page.locator('[data-testid="subtitle-files"] a[lang="uz"]').getAttribute('href')).toBe(`/api/videos/${m.id}/subtitles/uz`);
    // No sideways scrolling on the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await attachOriginal(m.id);
    await expect
      .poll(async () => (await t.efir.videos.get(m.id))?.currentRev ?? (await t.efir.videos.get(m.id))?.error, { timeout: 120_000, interval: 250 })
      .toBeTypeOf('number');

    await page.reload();
    expect(await page.locator('iframe').count()).toBe(0);
    await pressPlay(page);
    await waitForPlayer(page, (p) => (p.time > 0.2 ? true : undefined), 'playback from Efir’s HLS');
    const src2 = await page.evaluate(() => (document.querySelector('.video-js') as any).player.currentSrc());
    expect(src2).toMatch(new RegExp(`/media/${m.id}/\\d+/master\\.m3u8$`));
    await expect.poll(() => page.locator('h1').innerText()).toBe(UZ_TITLE);
    expect(errors).toEqual([]);
    await context.close();
  });
});
