/**
 * A viewer's page through a whole broadcast, in Chromium, without a reload: the waiting room, the
 * live player once ffmpeg publishes over RTMP (as OBS would) and its picture advancing, the end
 * after the publisher stays away past the grace period, then the replay link once it is published.
 * The broadcast is Low-Latency HLS (LIVE_LOW_LATENCY's default): hls.js plays parts near the edge,
 * with blocking playlist reloads, and the page says how far behind live it is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestEfir, type TestEfir } from '../helpers/harness.ts';
import { HANDLER_PATH } from '../../server/plugins/sveltekit.ts';
import { expectAccessible } from './a11y.ts';
import { launchChromium, PASSWORD, waitForPlayer, collectCspViolations } from './helpers.ts';

let t: TestEfir;
let browser: Browser;
let publisher: ChildProcess | null = null;

beforeAll(async () => {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" before the browser tests`);
  t = await startTestEfir({ pages: true, worker: true, live: true, env: { INGEST_GRACE_SECONDS: '3' } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  publisher?.kill('SIGKILL');
  await browser?.close();
  await t?.close();
});

test('waiting room → live player (playing) → ended → replay, on one page load', async () => {
  const producer = await t.efir.auth.createUser({ email: `live${Date.now()}@example.test`, displayName: 'P', role: 'producer', password: PASSWORD });
  const b = await t.efir.live.createBroadcast(producer, {
    title: 'Регистрация по месту пребывания',
    i18n: { tg: { title: 'Бақайдгирӣ дар ҷои будубош' } },
    scheduledAt: new Date(Date.now() + 3600_000).toISOString()
  });
  const { streamKey } = await t.efir.live.ingestInfo(producer, b.id);

  const errors: string[] = [];
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'tg-TJ', extraHTTPHeaders: { 'accept-language': 'tg' } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  // What the player asks the server for: LL parts, and playlist reloads the server holds.
  const asked = { parts: 0, blocking: 0 };
  page.on('request', (r) => {
    const url = r.url();
    if (/\/part\d{6}\.\d+\.m4s$/.test(url)) asked.parts++;
    if (/index\.m3u8\?.*_HLS_msn=/.test(url)) asked.blocking++;
  });
  collectCspViolations(page, errors);
  await page.goto(`${t.baseUrl}/live/${b.id}`);
  await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
  const stage = () => page.getByTestId('live-stage').getAttribute('data-stage');
  expect(await stage()).toBe('waiting');
  expect(await page.locator('h1').textContent()).toContain('Бақайдгирӣ');
  await expectAccessible(page, 'live, waiting room');

  publisher = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '40', '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', '30', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-f', 'flv', `rtmp://127.0.0.1:${t.efir.liveIngest.port}/live/${streamKey}`
  ], { stdio: 'ignore' });

  await expect.poll(stage, { timeout: 40_000 }).toBe('live');
  const t1 = await waitForPlayer(page, (p) => (p.time > 1 ? p.time : undefined), 'the live picture to play', 40_000);
  const t2 = await waitForPlayer(page, (p) => (p.time > t1 + 2 ? p.time : undefined), 'the live picture to advance', 20_000);
  expect(t2).toBeGreaterThan(t1);
  // LL-HLS at the edge: parts fetched, reloads blocking, and "таъхир 0,8 с" (Tajik: "0.8 s behind
  // live") beside the LIVE badge, near PART-HOLD-BACK rather than the 2 s of MPEG-TS.
  expect(asked.parts).toBeGreaterThan(3);
  expect(asked.blocking).toBeGreaterThan(3);
  const latency = page.getByTestId('live-latency');
  await expect.poll(async () => ((await latency.getAttribute('hidden')) === null ? await latency.textContent() : ''), { timeout: 10_000 }).toMatch(/^таъхир \d+(,\d)? с$/);
  const label = (await latency.textContent()) ?? '';
  expect(Number(/\d+(,\d)?/.exec(label)![0].replace(',', '.'))).toBeLessThan(3);

  // The publisher stops and stays away: the page says it ended, then offers the replay.
  publisher.kill('SIGKILL');
  await expect.poll(stage, { timeout: 40_000 }).toMatch(/^(ended|replay)$/);
  // The Q&A panel no longer invites a first question: closed, and the answered ones (none here).
  await expect.poll(() => page.getByTestId('qa-closed').textContent()).toContain('қабули саволҳо баста шуд');
  expect(await page.getByTestId('qa-empty').textContent()).toBe('Дар ин эфир ба ягон савол ҷавоб дода нашуд.');
  expect(await page.getByTestId('qa-panel').textContent()).not.toContain('Аввалин шуда пурсед');
  await expect.poll(stage, { timeout: 150_000, interval: 1000 }).toBe('replay');
  const href = await page.getByTestId('live-replay').getAttribute('href');
  expect(href).toMatch(/^\/watch\/[\w-]+$/);
  expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true); // never reloaded
  expect(errors).toEqual([]);
  await ctx.close();
}, 300_000);
