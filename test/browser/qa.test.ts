/**
 * Two Chromium pages on a real Efir with the built pages: a viewer asks on /live/[id] (the
 * question shows as waiting, to them alone), a moderator approves it on /console/[id], and the
 * viewer's page shows it approved — text as typed, markup shown as text.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestEfir, type TestEfir } from '../helpers/harness.ts';
import { HANDLER_PATH } from '../../server/plugins/sveltekit.ts';
import fs from 'node:fs';
import { launchChromium, PASSWORD, collectCspViolations } from './helpers.ts';
import { expectAccessible } from './a11y.ts';
import { pageLeaks } from '../helpers/lang-leaks.ts';

let t: TestEfir;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" before the browser tests`);
  t = await startTestEfir({ pages: true, worker: false });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/**
 * Leaks of the hydrated pages in files another branch of issue 13 is fixing (the console and the Q&A
 * panel: the moderator pages' branch); the integrator deletes each as its fix lands.
 */
const QA_KNOWN_LEAKS: string[] = [];

test('a viewer asks, a moderator approves, the viewer sees it', async () => {
  const producer = await t.efir.auth.createUser({ email: `p${Date.now()}@example.test`, displayName: 'P', role: 'producer', password: PASSWORD });
  const modEmail = `m${Date.now()}@example.test`;
  await t.efir.auth.createUser({ email: modEmail, displayName: 'Модератор', role: 'moderator', password: PASSWORD });
  const b = await t.efir.qa.service.createBroadcast(producer, { title: 'Амнистия мигрантов: вопросы' });
  await t.efir.qa.service.setBroadcastState(producer, b.id, 'live');

  const errors: string[] = [];
  const viewerCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'uz-UZ', extraHTTPHeaders: { 'accept-language': 'uz' } });
  const viewer = await viewerCtx.newPage();
  viewer.on('pageerror', (e) => errors.push(String(e)));
  collectCspViolations(viewer, errors);
  await viewer.goto(`${t.baseUrl}/live/${b.id}`);
  const send = viewer.getByTestId('qa-send');
  await expect.poll(() => send.isEnabled(), { timeout: 20_000 }).toBe(true);
  const text = 'Patentni qanday uzaytiraman? <b>muhim</b>';
  await viewer.getByTestId('qa-text').fill(text);
  await send.click();
  const mine = viewer.locator('[data-testid="qa-list"] li[data-state="pending"]');
  await expect.poll(() => mine.count(), { timeout: 10_000 }).toBe(1);
  await expectAccessible(viewer, 'live, with its Q&A');
  expect(await mine.getByTestId('qa-question-text').textContent()).toBe(text);
  expect(await mine.textContent()).toContain('Moderator tekshiruvini kutmoqda');

  // The moderator signs in by themselves and lands on their home: the live broadcasts, each with
  // its console (issue 13: it used to be the studio's 403).
  const modCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en' } });
  const mod = await modCtx.newPage();
  mod.on('pageerror', (e) => errors.push(String(e)));
  collectCspViolations(mod, errors);
  await mod.goto(`${t.baseUrl}/login`);
  await mod.fill('#email', modEmail);
  await mod.fill('#password', PASSWORD);
  await mod.click('form button[type=submit]');
  await mod.waitForURL(/\/console$/);
  const item = mod.locator('[data-testid="console-live"] [data-testid="console-item"]', { hasText: 'Амнистия мигрантов' });
  expect(await item.count()).toBe(1);
  expect(await mod.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(mod, 'console, the moderator’s list of broadcasts');
  await item.getByRole('link', { name: 'Moderate' }).click();
  await mod.waitForURL(`**/console/${b.id}`);
  expect(await mod.getByTestId('console-state').textContent()).toBe('Live');
  // The viewer and the moderator are connected; counted through Redis.
  await expect.poll(() => mod.getByTestId('console-watching').textContent(), { timeout: 20_000 }).toBe('Watching: 2');
  const incoming = mod.locator('[data-testid="mod-incoming"] li');
  await expect.poll(() => incoming.count(), { timeout: 20_000 }).toBe(1);
  expect(await incoming.getByTestId('qa-question-text').textContent()).toBe(text);
  await expectAccessible(mod, 'console, with a question to moderate');
  await incoming.getByTestId('mod-approve').click();

  const approved = viewer.locator('[data-testid="qa-list"] li[data-state="approved"]');
  await expect.poll(() => approved.count(), { timeout: 10_000 }).toBe(1);
  expect(await approved.getByTestId('qa-question-text').textContent()).toBe(text);
  expect(await approved.locator('b').count()).toBe(0);
  await expect.poll(() => mod.locator('[data-testid="mod-published"] li').count(), { timeout: 10_000 }).toBe(1);

  // Both hydrated pages in their language only (issue 13): the viewer's in Uzbek, the console (which
  // the moderator switches to Azerbaijani) in Azerbaijani.
  await modCtx.addCookies([{ name: 'efir_lang', value: 'az', url: t.baseUrl }]);
  await mod.reload();
  await expect.poll(() => mod.locator('[data-testid="mod-published"] li').count(), { timeout: 10_000 }).toBe(1);
  const people = [text, b.title, 'Модератор'];
  const leaks = [
    ...pageLeaks('uz', await viewer.content(), people).map((l) => `live [uz]: ${l}`),
    ...pageLeaks('az', await mod.content(), people).map((l) => `console [az]: ${l}`)
  ];
  expect(leaks.filter((l) => !QA_KNOWN_LEAKS.includes(l))).toEqual([]);
  expect(QA_KNOWN_LEAKS.filter((l) => !leaks.includes(l)), 'fixed: delete from QA_KNOWN_LEAKS').toEqual([]);
  expect(errors).toEqual([]);
  await viewerCtx.close();
  await modCtx.close();
});
