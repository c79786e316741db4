/**
 * A player that is already playing when the revision grows (issue 15): a new upload is published at
 * 360p, a viewer presses Play, the other rungs join the revision (master.m3u8 is renamed over with
 * one that lists them) and the player keeps playing the master it loaded, without an error; a
 * reload gets the whole ladder in the quality menu.
 *
 * The grow step is held back by pausing the media queue while thumbnails (the last media step
 * before publish) runs: publish (pipeline queue) goes on, grow waits until the viewer plays.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import { testRedisUrl } from '../helpers/env.ts';
import { bullConnection } from '../../jobs/redis.ts';
import { PASSWORD, createProducer, launchChromium, makeClip, pressPlay, startEfirWithPages, waitForPlayer } from './helpers.ts';

const TITLE = 'Регистрация: пошагово';
const SECONDS = 60;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 60_000, interval: 200 });

let t: TestEfir;
let browser: Browser;
let media: Queue;

beforeAll(async () => {
  t = await startEfirWithPages();
  browser = await launchChromium();
  media = new Queue('media', { connection: bullConnection(testRedisUrl()), prefix: t.efir.config.queuePrefix });
});

afterAll(async () => {
  await media?.resume().catch(() => {});
  await media?.close();
  await browser?.close();
  await t?.close();
});

const playerError = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const p = (document.querySelector('.video-js') as any)?.player;
    const e = p?.error();
    return e ? `${e.code}: ${e.message}` : null;
  });

describe('a revision that grows while it plays', () => {
  it('keeps playing the master it loaded; a reload gets every rung', async () => {
    const { user, email } = await createProducer(t);
    const draft = await t.efir.studio.createDraft(user, { title: TITLE, description: 'watchable first', publishWhenReady: true });
    let paused: Promise<void> | null = null;
    let runId = '';
    const off = t.efir.pipeline.onEvent((e) => {
      if (e.videoId !== draft.id) return;
      runId = e.runId;
      if (e.step === 'thumbnails' && !paused) paused = media.pause();
    });
    // 640x360: published at 360p, then 240p joins (cheap, so a loaded machine still grows it while the clip plays).
    const upload = path.join(t.efir.paths.uploads, `${draft.id}-browsertest`);
    fs.renameSync(makeClip(path.join(t.dataDir, `${draft.id}.mp4`), SECONDS, '640x360'), upload);
    const outcome = await t.efir.studio.onUploadFinished(draft.id, upload, 'lesson.mp4', fs.statSync(upload).size);
    expect(outcome.ok).toBe(true);

    // Published with its first rung; grow waits in the paused queue.
    await poll(async () => (await t.efir.studio.get(user, draft.id)).published).toBe(true);
    const v = await t.efir.studio.get(user, draft.id);
    expect(v.renditions).toEqual({ made: ['360p'], pending: ['240p'] });
    const masterUrl = `${t.baseUrl}/media/${draft.id}/${v.currentRev}/master.m3u8`;
    const before = await (await fetch(masterUrl)).text();
    expect(before).not.toContain('video/240p/');

    // The producer's studio row: watchable at 360p, the other renditions on their way, a bar each.
    const studio = await browser.newContext({ locale: 'ru-RU', extraHTTPHeaders: { 'accept-language': 'ru' } });
    const desk = await studio.newPage();
    await desk.goto(`${t.baseUrl}/studio`);
    await desk.waitForURL('**/login?next=%2Fstudio');
    await desk.fill('#email', email);
    await desk.fill('#password', PASSWORD);
    await desk.click('form button[type=submit]');
    await desk.waitForURL('**/studio');
    const growth = desk.locator(`[data-video-id="${draft.id}"] [data-testid="growth"]`);
    await growth.waitFor();
    expect(await growth.locator('.headline').innerText()).toBe('Уже можно смотреть в 360p; 240p и другие качества готовятся');
    expect(await growth.getByRole('progressbar', { name: 'Готовится 240p' }).count()).toBe(1);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'ru-RU' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    let masterLoadedAt = 0;
    page.on('response', (r) => {
      if (r.url().endsWith('/master.m3u8') && masterLoadedAt === 0) masterLoadedAt = Date.now();
    });
    await page.goto(`${t.baseUrl}/watch/${draft.id}`);
    await pressPlay(page);
    await waitForPlayer(page, (p) => (p.time > 0.5 && !p.paused ? true : undefined), 'playback at 360p before the growth');

    // The rest of the ladder is made and joins the revision while the viewer watches.
    await paused;
    await media.resume();
    expect(await t.efir.pipeline.waitForRun(runId, 180_000)).toEqual({ state: 'completed', error: null });
    // The studio heard the run end and shows the video as any other.
    await growth.waitFor({ state: 'detached', timeout: 30_000 });
    await studio.close();
    off();
    const after = await (await fetch(masterUrl)).text();
    expect(after).toContain('video/240p/index.m3u8');

    // Still playing the master it loaded (on a slow machine the clip may have played to its end
    // meanwhile: then back to the start, which must work just as well).
    const now = await waitForPlayer(page, (p) => p, 'player');
    expect(now.time).toBeGreaterThan(0.5);
    if (now.time > SECONDS - 3) await page.evaluate(() => (document.querySelector('.video-js') as any).player.currentTime(1));
    await page.evaluate(() => (document.querySelector('.video-js') as any).player.play());
    const at = (await waitForPlayer(page, (p) => p, 'player')).time;
    await waitForPlayer(page, (p) => (p.time > at + 1.5 && !p.paused ? true : undefined), 'playback going on after the master grew');
    expect(await playerError(page)).toBeNull();
    expect(errors).toEqual([]);

    // A reload offers every rung once the master the browser holds is stale: it is served with
    // max-age=10, so a reload sooner may get the cached one (and does: that is the promise, within 10 s).
    const fresh = masterLoadedAt + 10_500 - Date.now();
    if (fresh > 0) await page.waitForTimeout(fresh);
    await page.reload();
    await pressPlay(page);
    await waitForPlayer(page, (p) => (p.time > 0.3 ? true : undefined), 'playback after the reload');
    // The quality menu, opened by a DOM click: the control bar fades out on its own, and a pointer
    // click on a loaded machine may come after it did.
    await poll(async () => {
      await page.evaluate(() => (document.querySelector('.vjs-quality-button > button') as HTMLButtonElement | null)?.click());
      return page.locator('.vjs-quality-button .vjs-menu-item-text').allTextContents();
    }).toEqual(expect.arrayContaining(['360p', '240p']));
    expect(await playerError(page)).toBeNull();
    await context.close();
  }, 300_000);
});
