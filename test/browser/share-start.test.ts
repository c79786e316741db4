/**
 * A shared link's ?t= in Chromium: Efir's player (hls.js) opens the video at that moment, before
 * the viewer presses play, and plays on from there; and the page speaks the link's ?lang=.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import { collectCspViolations, launchChromium, producePublishedVideo, startEfirWithPages, waitForPlayer } from './helpers.ts';

let t: TestEfir;
let browser: Browser;
let videoId: string;

beforeAll(async () => {
  t = await startEfirWithPages();
  browser = await launchChromium();
  videoId = await producePublishedVideo(t, 'Патент: с середины');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('?t=0m4s opens the 6-second video at 4 s and plays on from there', async () => {
  const context = await browser.newContext({ locale: 'ru-RU', extraHTTPHeaders: { 'accept-language': 'ru-RU' } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  collectCspViolations(page, errors);

  await page.goto(`${t.baseUrl}/watch/${videoId}?lang=tg&t=0m4s`);
  expect(await page.locator('html').getAttribute('lang')).toBe('tg');
  // Positioned before any play: the first frame shown is the shared moment's.
  await waitForPlayer(page, (p) => (p.paused && Math.abs(p.time - 4) < 0.5 ? true : undefined), 'the player at 4 s before play');
  await page.locator('.vjs-big-play-button').click();
  const playing = await waitForPlayer(page, (p) => (!p.paused && p.time > 4.1 ? p : undefined), 'playback past 4 s');
  expect(playing.time).toBeGreaterThan(4);
  expect(errors).toEqual([]);
  await context.close();
});
