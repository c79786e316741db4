/**
 * A producer in the studio: signs in, uploads a clip over tus with subtitle files (one of them broken:
 * its row shows the server's error naming file and line), watches it process live and publish itself,
 * replaces the broken language, and a viewer then finds all six languages. And an upload cut off
 * mid-way continues into the same draft after a page reload.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import { expectAccessible } from './a11y.ts';
import { FIXTURES, PASSWORD, SUBTITLE_FIXTURES, createProducer, launchChromium, makeClip, startEfirWithPages, waitForPlayer, pressPlay, collectCspViolations } from './helpers.ts';
import { pageLeaks } from '../helpers/lang-leaks.ts';

let t: TestEfir;
let browser: Browser;
let clip: string;
let broken: string;
/**
 * The Tajik watch page's leaks, all video.js's own English (web/lib/player: the player branch of
 * issue 13 gives video.js every language); the integrator deletes them as that branch lands.
 */
const WATCH_KNOWN_LEAKS: string[] = [];
let timestampTypo: string;
const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

beforeAll(async () => {
  t = await startEfirWithPages();
  browser = await launchChromium();
  clip = makeClip(path.join(t.dataDir, 'client', 'lesson.mp4'));
  broken = path.join(t.dataDir, 'client', 'lesson.broken.srt');
  fs.writeFileSync(broken, 'hello\nworld\n');
  timestampTypo = path.join(t.dataDir, 'client', 'lesson.typo.uz.srt');
  fs.writeFileSync(timestampTypo, '1\n00:00:01,000 --> 00:00:02,000\nSalom\n\n2\n00:00:03,000 -> 00:00:04,000\nXayr\n');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(page: Page): Promise<void> {
  const { email } = await createProducer(t);
  await page.goto(`${t.baseUrl}/studio`);
  await page.waitForURL('**/login?next=%2Fstudio');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('form button[type=submit]');
  await page.waitForURL('**/studio');
}

describe('studio', () => {
  it('uploads with subtitles, shows progress and per-file errors, publishes, replaces a language', async () => {
    const context = await browser.newContext({ locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en' } });
    const page = await context.newPage();
    await signIn(page);

    await page.setInputFiles('#video-file', clip);
    // The file's name suggests the title; the producer's own replaces it.
    await poll(() => page.inputValue('#video-title')).toBe('Lesson');
    await page.fill('#video-title', 'Registration in 30 days');
    // Translations go with the upload too (collapsed, as in the broadcast form).
    await page.getByText('Translations (optional)').click();
    await page.fill('#video-i18n-uz-title', 'Roʻyxatdan oʻtish 30 kunda');
    await page.check('input[name=publishWhenReady]');
    // Five languages sorted by their file names, and a broken file for Russian in its own row.
    await page.setInputFiles('#sub-many', SUBTITLE_FIXTURES.filter((f) => f.lang !== 'ru').map((f) => path.join(FIXTURES, f.file)));
    await page.setInputFiles('#sub-ru', broken);
    for (const f of SUBTITLE_FIXTURES) {
      await expect(await page.locator(`#sub-${f.lang}-name`).innerText()).toBe(f.lang === 'ru' ? 'lesson.broken.srt' : f.file);
    }
    await page.click('form button[type=submit]');

    // Worded in the page's language from the refusal's code, naming the file and the line.
    const error = page.locator('#sub-ru-error');
    await poll(() => error.innerText()).toMatch(/^lesson\.broken\.srt, line 1: not a single cue could be read\. Text outside any cue was ignored: “hello”\./);

    // Upload, then live processing progress, then ready and published by itself.
    await page.getByText('Upload finished. Processing has started.').waitFor({ timeout: 60_000 });
    const item = page.locator('article[data-video-id]');
    await item.locator('progress').waitFor({ timeout: 60_000 });
    await poll(() => item.getAttribute('data-state'), 180_000).toBe('ready');
    await poll(() => item.locator('.badge.published').count()).toBe(1);
    const videoId = (await item.getAttribute('data-video-id'))!;

    // Five languages attached; Russian is added now from the video's row (a subtitle-only run).
    await item.locator('summary').click();
    const ruRow = item.locator('tr[data-lang=ru]');
    await expect(await ruRow.locator('td.file').innerText()).toContain('none');
    await ruRow.locator('input[type=file]').setInputFiles(path.join(FIXTURES, 'ru.srt'));
    await poll(() => ruRow.locator('td.file').innerText()).toContain('ru.srt');
    // A broken replacement is refused in its row, naming file and line; nothing else changes.
    const enRow = item.locator('tr[data-lang=en]');
    await enRow.locator('input[type=file]').setInputFiles(broken);
    await poll(() => enRow.locator('.alert.error').innerText()).toMatch(/^lesson\.broken\.srt, line 1: /);
    await expect(await enRow.locator('td.file').innerText()).toContain('en.srt');
    await expectAccessible(page, 'studio, a video with its subtitle rows open');
    // A file with one broken timestamp is accepted without that cue: its row says so openly, in the
    // producer's language, with the line, and the file is replaced from right there.
    const uzRow = item.locator('tr[data-lang=uz]');
    await uzRow.locator('td.actions input[type=file]').setInputFiles(timestampTypo);
    const warning = uzRow.locator('[data-testid=subtitle-warnings]');
    await poll(() => warning.innerText()).toContain('Line 6: the timing line “00:00:03,000 -> 00:00:04,000” is malformed');
    await warning.locator('input[type=file]').setInputFiles(path.join(FIXTURES, SUBTITLE_FIXTURES.find((f) => f.lang === 'uz')!.file));
    await poll(() => uzRow.locator('[data-testid=subtitle-warnings]').count()).toBe(0);

    // Its title in Tajik, from the video's texts page (the translations as the broadcast form has them).
    await item.getByRole('link', { name: 'Title and translations' }).click();
    await page.waitForURL(`**/studio/videos/${videoId}`);
    // Open already: the upload's Uzbek title is there.
    expect(await page.inputValue('#vt-i18n-uz-title')).toBe('Roʻyxatdan oʻtish 30 kunda');
    await page.fill('#vt-i18n-tg-title', 'Бақайдгирӣ дар 30 рӯз');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').waitFor();

    // A viewer gets all six languages once the subtitle run has published its revision.
    const viewer = await browser.newContext({ extraHTTPHeaders: { 'accept-language': 'tg' } });
    const watch = await viewer.newPage();
    await poll(async () => {
      await watch.goto(`${t.baseUrl}/watch/${videoId}`);
      await pressPlay(watch);
      const p = await waitForPlayer(watch, (x) => (x.tracks.length > 0 ? x : undefined), 'tracks');
      return p.tracks.map((x) => x.language).sort();
    }, 120_000).toEqual(['az', 'en', 'ro', 'ru', 'tg', 'uz']);
    await expect(await watch.locator('h1').innerText()).toBe('Бақайдгирӣ дар 30 рӯз');
    // The watch page, its player up, in Tajik only (issue 13): video.js's own labels included.
    const leaks = pageLeaks('tg', await watch.content(), ['Registration in 30 days', 'Бақайдгирӣ дар 30 рӯз']);
    expect(leaks.filter((l) => !WATCH_KNOWN_LEAKS.includes(l))).toEqual([]);
    expect(WATCH_KNOWN_LEAKS.filter((l) => !leaks.includes(l)), 'fixed: delete from WATCH_KNOWN_LEAKS').toEqual([]);
    await viewer.close();
    await context.close();
  });

  it('continues an upload cut off by a dropped connection after a page reload, into the same draft', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'accept-language': 'en' } });
    const page = await context.newPage();
    await signIn(page);

    // The connection drops: every PATCH (the file's bytes) fails; tus keeps retrying.
    await page.route('**/api/uploads/**', (route) => (route.request().method() === 'PATCH' ? route.abort('connectionreset') : route.continue()));
    await page.setInputFiles('#video-file', clip);
    await page.fill('#video-title', 'Cut off');
    await page.click('form button[type=submit]');
    await page.getByText('The connection dropped. Retrying…').waitFor({ timeout: 30_000 });
    await poll(() => page.locator('article[data-video-id]').count()).toBe(1);
    const draftId = await page.locator('article[data-video-id]').getAttribute('data-video-id');

    // The viewer gives up and reloads; then the connection is back. Not the other way round: the old
    // page retries every few seconds, and a retry between the two sent the whole file just as the page
    // reloaded, so there was nothing left to continue (the last test covers that case).
    await page.reload();
    await page.unroute('**/api/uploads/**');
    const tusRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/uploads/')) tusRequests.push(r.method());
    });
    await page.getByText('Unfinished uploads').waitFor();
    await page.setInputFiles('#video-file', clip);
    await page.getByText('Continuing the earlier upload of this file.').waitFor();
    await page.click('form button[type=submit]');
    await page.getByText('Upload finished. Processing has started.').waitFor({ timeout: 60_000 });

    // Resumed from the stored upload URL (HEAD for the offset, then PATCH), not created anew (POST).
    expect(tusRequests).not.toContain('POST');
    expect(tusRequests).toContain('HEAD');
    // No second draft: the file went into the first one, which now processes.
    const items = page.locator('article[data-video-id]');
    await poll(() => items.count()).toBe(1);
    expect(await items.getAttribute('data-video-id')).toBe(draftId);
    await poll(() => items.getAttribute('data-state'), 180_000).toBe('ready');
    await context.close();
  });
  it('says at once that a draft has its file when the upload it offers to continue finished in another tab', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'accept-language': 'en' } });
    const page = await context.newPage();
    await signIn(page);
    await page.route('**/api/uploads/**', (route) => (route.request().method() === 'PATCH' ? route.abort('connectionreset') : route.continue()));
    await page.setInputFiles('#video-file', clip);
    await page.fill('#video-title', 'Two tabs');
    await page.click('form button[type=submit]');
    await page.getByText('The connection dropped. Retrying…').waitFor({ timeout: 30_000 });
    await poll(() => page.locator('article[data-video-id]').count()).toBe(1);

    // A second tab (or this one, reloaded) offers to continue the unfinished upload…
    const other = await context.newPage();
    await other.goto(`${t.baseUrl}/studio`);
    await other.setInputFiles('#video-file', clip);
    await other.getByText('Continuing the earlier upload of this file.').waitFor();
    // …while the first tab, back online, sends the file after all.
    await page.unroute('**/api/uploads/**');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.getByText('Upload finished. Processing has started.').waitFor({ timeout: 60_000 });

    // Continuing finds the draft with its file: said in words at once, not retried for minutes as a
    // dropped connection (tus's fallback, a new upload into the draft, is refused with has_file).
    const statuses: string[] = [];
    other.on('response', (r) => {
      if (r.url().includes('/api/uploads')) statuses.push(`${r.request().method()} ${r.status()}`);
    });
    await other.click('form button[type=submit]');
    await other.getByText('lesson.mp4: this video already has its file').waitFor({ timeout: 30_000 });
    expect(await other.getByText('The connection dropped. Retrying…').count()).toBe(0);
    expect(statuses.filter((s) => s.startsWith('POST'))).toEqual(['POST 409']);
    await other.reload();
    expect(await other.locator('article[data-video-id]').count()).toBe(1);
    await context.close();
  });
  it('schedules a broadcast and shows its stream key only on request; rotating gives a new one', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Asia/Tashkent', extraHTTPHeaders: { 'accept-language': 'ru' } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    collectCspViolations(page, errors);
    page.on('dialog', (d) => void d.accept()); // "rotate the key?"
    await signIn(page);
    await page.goto(`${t.baseUrl}/studio/broadcasts`);
    // Hydrated: the zone hint shows the browser's zone instead of the server's Moscow.
    await poll(() => page.locator('#new-scheduledLocal-zone').textContent()).toContain('Asia/Tashkent');
    // The title first, then the start time: setting the time used to empty the title (issue 13).
    await page.fill('input[name=title]', 'Эфир: штрафы и амнистия');
    await page.fill('#new-scheduledLocal', '2030-05-01T19:00');
    expect(await page.inputValue('input[name=title]')).toBe('Эфир: штрафы и амнистия');
    await page.click('form button[type=submit]');
    await page.waitForURL(/\/studio\/broadcasts\/[\w-]+$/);
    const id = page.url().split('/').pop()!;
    const row = (await t.efir.live.repo.get(id))!;
    expect(row.title).toBe('Эфир: штрафы и амнистия');
    expect(new Date(row.scheduled_at!).toISOString()).toBe('2030-05-01T14:00:00.000Z'); // 19:00 in Tashkent (UTC+5)
    const streamKey = row.stream_key!;

    // Hidden until asked for, and never in the page's text before that.
    await page.getByTestId('stream-key-hidden').waitFor();
    expect(await page.textContent('body')).not.toContain(streamKey);
    await page.getByRole('button', { name: /Показать|Show/ }).click();
    expect(await page.getByTestId('stream-key').textContent()).toBe(streamKey);
    expect(await page.getByTestId('rtmp-url').textContent()).toMatch(/^rtmp:\/\/.+\/live$/);
    await expectAccessible(page, 'studio, a broadcast');

    await page.locator('form[action="?/rotate"] button[type=submit]').click();
    await poll(async () => (await t.efir.live.repo.get(id))!.stream_key).not.toBe(streamKey);
    expect(errors).toEqual([]);
    await context.close();
  });
});
