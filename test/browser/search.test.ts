/**
 * Issue 14 on a phone: a Tajik viewer without a Tajik keyboard types a phrase of the video's Tajik
 * subtitles with Russian letters (х for ҳ, ч for ҷ) into the header's search box; the results page
 * (390 px, no sideways scroll, accessible, all in Tajik) shows the Tajik cue with the words that
 * matched marked; its link opens the watch page at the cue, and Play starts there, not at 0.
 *
 * One Efir, one 6-second video with the six subtitle fixtures.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import { pageLeaks } from '../helpers/lang-leaks.ts';
import { CATALOGUES } from '../../web/lib/i18n/catalogues.server.ts';
import { expectAccessible } from './a11y.ts';
import { FIXTURES, collectCspViolations, launchChromium, pressPlay, producePublishedVideo, startEfirWithPages, vttCues, waitForPlayer } from './helpers.ts';

const TITLE = 'Патент: первые шаги';
/** The Tajik fixture's second cue: "Ҳуҷҷатҳоро дар давоми 30 рӯз …", 4.0 s to 7.5 s. */
const CUE = vttCues(path.join(FIXTURES, 'tg.vtt'))[1]!;
/** Its first words as a Russian keyboard writes them: ҳ → х, ҷ → ч. */
const QUERY = 'хуччатхоро дар давоми';

let t: TestEfir;
let browser: Browser;
let videoId: string;

beforeAll(async () => {
  t = await startEfirWithPages();
  browser = await launchChromium();
  videoId = await producePublishedVideo(t, TITLE);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('finds a Tajik cue typed with Russian letters at 390 px, and its link plays from the cue', async () => {
  expect(CUE.text).toMatch(/^Ҳуҷҷатҳоро дар давоми/);
  expect(QUERY).not.toMatch(/[ҳҷӣӯқғ]/); // the query has none of the Tajik letters

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'ru-RU' });
  await context.addCookies([{ name: 'efir_lang', value: 'tg', url: t.baseUrl }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  collectCspViolations(page, errors);

  // The header's box, on the home page: labelled in Tajik.
  await page.goto(`${t.baseUrl}/`);
  const box = page.getByRole('searchbox', { name: CATALOGUES.tg.search.label });
  await box.fill(QUERY);
  await box.press('Enter');
  await page.waitForURL(/\/search\?q=/);
  expect(new URL(page.url()).searchParams.get('q')).toBe(QUERY); // the URL to share
  await page.waitForLoadState('networkidle');

  const hit = page.getByTestId('search-hit').first();
  await expect.poll(() => hit.count()).toBe(1);
  expect(await hit.getAttribute('href')).toBe(`/watch/${videoId}?t=${Math.floor(CUE.start)}`);
  // The cue in Tajik, in its language, with the typed words marked in its own spelling.
  const text = hit.locator('.text [lang="tg"]');
  expect(await text.textContent()).toContain('Ҳуҷҷатҳоро дар давоми');
  expect((await hit.locator('mark').allTextContents()).join(' ')).toContain('Ҳуҷҷатҳоро');
  expect(await hit.textContent()).toContain('Тоҷикӣ');
  expect(await hit.textContent()).toContain('0:04');

  // A phone's width, no sideways scroll; accessible; nothing of another language.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(page, 'search results [tg]');
  expect(pageLeaks('tg', await page.content(), [TITLE, QUERY, CUE.text, 'A browser test video'])).toEqual([]);

  // The hit opens the watch page at the cue; Play starts there.
  await hit.click();
  await page.waitForURL(`**/watch/${videoId}?t=${Math.floor(CUE.start)}`);
  await pressPlay(page);
  // The player's time when it first plays, and where the played stretch begins once it has one.
  const first = await waitForPlayer(page, (p) => (!p.paused && p.time > 0 ? p.time : undefined), 'playback');
  expect(Math.abs(first - CUE.start), `first playing at ${first}, the cue starts at ${CUE.start}`).toBeLessThan(1);
  await expect.poll(() => page.evaluate(() => document.querySelector('video')!.played.length), { timeout: 10_000 }).toBeGreaterThan(0);
  const playedFrom = await page.evaluate(() => document.querySelector('video')!.played.start(0));
  expect(Math.abs(playedFrom - CUE.start), `played from ${playedFrom}, the cue starts at ${CUE.start}`).toBeLessThan(1);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
