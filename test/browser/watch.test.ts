/**
 * A viewer on a phone: library → watch page → Тоҷикӣ in the subtitle menu → a lower quality in the
 * quality menu → the video plays, at the chosen rendition, and the Tajik cue active at each moment is
 * the one the source file gives for that moment. And the UI language preselects the subtitle track.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import { expectAccessible } from './a11y.ts';
import { FIXTURES, launchChromium, producePublishedVideo, startEfirWithPages, vttCues, waitForPlayer, collectCspViolations } from './helpers.ts';

const TITLE = 'Патент: первые шаги';
const TG_CUES = vttCues(path.join(FIXTURES, 'tg.vtt'));
/** Cue boundaries are only checked this far from a start or an end (the tolerance). */
const TOLERANCE = 0.25;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

let t: TestEfir;
let browser: Browser;
let videoId: string;

beforeAll(async () => {
  t = await startEfirWithPages();
  browser = await launchChromium();
  videoId = await producePublishedVideo(t, TITLE);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A phone: narrow, touch, Russian browser. */
function phone(extra: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'ru-RU',
    extraHTTPHeaders: { 'accept-language': 'ru-RU,ru;q=0.9' },
    ...extra
  });
}

describe('watch page', () => {
  it('plays with Tajik subtitles at a lower quality chosen from the menus', async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    collectCspViolations(page, errors);

    await page.goto(`${t.baseUrl}/`);
    await expectAccessible(page, 'home');
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`**/watch/${videoId}`);

    await waitForPlayer(page, (p) => (p.tracks.length === 6 ? true : undefined), 'six subtitle tracks');
    await expectAccessible(page, 'watch, before Play');
    // video.js shows its control bar once playback has started.
    await page.locator('.vjs-big-play-button').click();
    await waitForPlayer(page, (p) => (p.time > 0.2 ? true : undefined), 'playback to start');
    // The control bar fades out after two idle seconds; a viewer's touch brings it back.
    const touch = () => page.evaluate(() => (document.querySelector('.video-js') as any).player.userActive(true));

    // Subtitles: the Russian UI preselected Русский; choose Тоҷикӣ from the menu.
    await touch();
    await page.locator('.vjs-subs-caps-button > button').click();
    await page.locator('.vjs-subs-caps-button .vjs-menu-item', { hasText: 'Тоҷикӣ' }).click();

    // Quality: a phone started at 360p; choose the lowest rung.
    const qualityButton = page.locator('.vjs-quality-button > button');
    await touch();
    await qualityButton.click();
    const items = page.locator('.vjs-quality-button .vjs-menu-item');
    const labels = page.locator('.vjs-quality-button .vjs-menu-item-text');
    await poll(() => labels.allInnerTexts()).toEqual(['360p', '240p', 'Авто (360p)']);
    await items.filter({ hasText: '240p' }).click();
    await poll(() => page.locator('.vjs-quality-button .vjs-icon-placeholder').innerText()).toBe('240p');

    const tg = await waitForPlayer(page, (p) => p.tracks.find((x) => x.language === 'tg' && x.mode === 'showing'), 'Тоҷикӣ showing');
    expect(tg.label).toBe('Тоҷикӣ');
    const showing = (await waitForPlayer(page, (p) => p, 'player')).tracks.filter((x) => x.mode === 'showing');
    expect(showing.map((x) => x.language)).toEqual(['tg']);

    // From the start again: it plays, at 240 lines.
    await page.evaluate(() => {
      const p = (document.querySelector('.video-js') as any).player;
      p.currentTime(0);
      return p.play();
    });
    await waitForPlayer(page, (p) => (p.videoHeight === 240 ? true : undefined), 'the 240p rendition');
    await waitForPlayer(page, (p) => (p.time > 0.6 && !p.paused ? true : undefined), 'playback past 0.6 s');

    // The active Tajik cue matches the source file's timing, sampled while playing and after a seek.
    let checked = 0;
    const sample = async () => {
      const p = await waitForPlayer(page, (x) => x, 'player');
      const track = p.tracks.find((x) => x.language === 'tg')!;
      const near = TG_CUES.some((c) => Math.abs(p.time - c.start) < TOLERANCE || Math.abs(p.time - c.end) < TOLERANCE);
      if (near) return;
      const expected = TG_CUES.filter((c) => c.start <= p.time && p.time < c.end).map((c) => c.text);
      expect(track.activeCues, `active Tajik cues at ${p.time.toFixed(2)} s`).toEqual(expected);
      checked++;
    };
    for (let i = 0; i < 10; i++) {
      await sample();
      await page.waitForTimeout(250);
    }
    await page.evaluate(() => (document.querySelector('.video-js') as any).player.currentTime(4.6));
    await waitForPlayer(page, (p) => (p.time >= 4.6 && p.time < 5.5 ? true : undefined), 'the seek to 4.6 s');
    await sample();
    const afterSeek = await waitForPlayer(page, (p) => p, 'player');
    expect(afterSeek.tracks.find((x) => x.language === 'tg')!.activeCues).toContain(TG_CUES[1].text);
    expect(checked).toBeGreaterThanOrEqual(4);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('preselects the subtitle track of the UI language: tg from the browser, ru after switching', async () => {
    const context = await phone({ locale: 'tg-TJ', extraHTTPHeaders: { 'accept-language': 'tg-TJ,tg;q=0.9,ru;q=0.5' } });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/watch/${videoId}`);
    expect(await page.getAttribute('html', 'lang')).toBe('tg');
    const shown = async () =>
      (await waitForPlayer(page, (p) => (p.tracks.length === 6 ? p : undefined), 'six tracks')).tracks
        .filter((x) => x.mode === 'showing')
        .map((x) => x.language);
    await poll(shown).toEqual(['tg']);
    // The player speaks the UI language to screen readers.
    await poll(() => page.locator('.vjs-subs-caps-button > button .vjs-control-text').textContent()).toBe('Субтитрҳо');

    // The header's switcher: the page changes language in place, and the subtitles follow.
    await page.selectOption('#ui-lang', 'ru');
    await poll(() => page.getAttribute('html', 'lang')).toBe('ru');
    await poll(shown).toEqual(['ru']);

    // Remembered (cookie) over the browser's Accept-Language on the next visit.
    await page.reload();
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    await poll(shown).toEqual(['ru']);

    // An unknown video: 404, said in the UI language.
    const missing = await page.goto(`${t.baseUrl}/watch/nope404`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('.error').innerText()).toContain('Такого видео нет');

    // The library's collections, in the language just chosen.
    await page.goto(`${t.baseUrl}/collections`);
    await expectAccessible(page, 'collections');
    await context.close();
  });
});
