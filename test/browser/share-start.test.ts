/**
 * A shared link's ?t= in Chromium: the page shows the poster and Play (nothing loads before the tap),
 * and Efir's player (hls.js) then starts the video at that moment, not at 0, and plays on from there;
 * and the page speaks the link's ?lang=.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import { collectCspViolations, launchChromium, pressPlay, producePublishedVideo, startEfirWithPages, waitForPlayer } from './helpers.ts';

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

it('?t=0m4s starts the 6-second video at 4 s on Play and plays on from there', async () => {
  const context = await browser.newContext({ locale: 'ru-RU', extraHTTPHeaders: { 'accept-language': 'ru-RU' } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  collectCspViolations(page, errors);

  await page.goto(`${t.baseUrl}/watch/${videoId}?lang=tg&t=0m4s`);
  expect(await page.locator('html').getAttribute('lang')).toBe('tg');
  expect(await page.getByTestId('player').getAttribute('data-start-time')).toBe('4');
  await pressPlay(page);
  const playing = await waitForPlayer(page, (p) => (!p.paused && p.time > 4.1 ? p : undefined), 'playback past 4 s');
  expect(playing.time).toBeGreaterThan(4);
  // It started at the shared moment: nothing before it was played.
  const playedFrom = await page.evaluate(() => document.querySelector('video')!.played.start(0));
  expect(playedFrom).toBeGreaterThan(3.5);
  expect(errors).toEqual([]);
  await context.close();
});
