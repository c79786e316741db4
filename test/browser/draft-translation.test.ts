/**
 * "Draft translation" in the cue editor (issue 12) on a 390 px screen, against the local stand-in of
 * Cloud Translation v2 (test/helpers/fake-translate.ts) at TRANSLATE_API_ROOT: a language with no
 * track is filled from the Russian cues, timing kept, every cue marked machine-made; when the service
 * refuses the key, the editor shows the error with the service's reason and the cues stay as they were.
 * The video is a draft with subtitles only: the editor needs no processed video, and no worker runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import { FAKE_TRANSLATE_KEY, fakeTranslation, startFakeTranslate, type FakeTranslate } from '../helpers/fake-translate.ts';
import type { User } from '../../server/repositories/users.ts';
import { formatCueTime, parseCueTime } from '../../media/subtitles/cue-checks.ts';
import { FIXTURES, PASSWORD, createProducer, launchChromium, startEfirWithPages } from './helpers.ts';

const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 200 });

/** The Russian fixture's cues (start, text), as the editor shows them. */
const RU = fs
  .readFileSync(path.join(FIXTURES, 'ru.srt'), 'utf8')
  .split(/\r?\n\r?\n/)
  .map((b) => b.trim().split(/\r?\n/))
  .filter((l) => l.length >= 3)
  .map((l) => ({ start: formatCueTime(parseCueTime(l[1]!.split(' --> ')[0]!)), text: l.slice(2).join('\n') }));

let fake: FakeTranslate;
let t: TestEfir;
let browser: Browser;
let owner: { user: User; email: string };
let videoId: string;

beforeAll(async () => {
  fake = await startFakeTranslate();
  t = await startEfirWithPages({ worker: false, env: { TRANSLATE_API_KEY: FAKE_TRANSLATE_KEY, TRANSLATE_API_ROOT: fake.url } });
  browser = await launchChromium();
  owner = await createProducer(t);
  const draft = await t.efir.studio.createDraft(owner.user, { title: 'Патент', description: 'A browser test video' });
  videoId = draft.id;
  await t.efir.studio.attachSubtitle(owner.user, videoId, 'ru', 'ru.srt', fs.readFileSync(path.join(FIXTURES, 'ru.srt')));
  // Tajik has one cue a person wrote (over the first Russian cue): the rest would be drafted.
  await t.efir.studio.attachSubtitle(owner.user, videoId, 'tg', 'tg.vtt', Buffer.from('WEBVTT\n\n00:00:00.500 --> 00:00:03.500\nСалом! Ин матни одам аст.\n'));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await fake?.close();
});

/** The editor for `lang` on a phone, signed in as the owner; page errors are collected into the returned list. */
async function editor(lang: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en' } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const url = `/studio/videos/${videoId}/subtitles?lang=${lang}`;
  await page.goto(`${t.baseUrl}${url}`);
  await page.waitForURL('**/login?**');
  await page.fill('#email', owner.email);
  await page.fill('#password', PASSWORD);
  await page.click('form button[type=submit]');
  await page.waitForURL(`**${url}`);
  await page.locator('.ref-cues li').first().waitFor({ timeout: 10_000 });
  return { page, errors };
}

const texts = (page: Page) => page.locator('li.cue textarea').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
const starts = (page: Page) => page.locator('li.cue input[name=start]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
const draftButton = (page: Page) => page.getByTestId('draft-translation').getByRole('button', { name: 'Draft translation' });

describe('Draft translation in the cue editor', () => {
  it('fills a language with no track from the Russian cues, timing kept, every cue marked machine-made', async () => {
    fake.requests.length = 0;
    const { page, errors } = await editor('uz');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.locator('li.cue').count()).toBe(0);

    await draftButton(page).click();
    await poll(() => page.getByTestId('draft-done').innerText().catch(() => '')).toMatch(new RegExp(`^Done: ${RU.length} translated, 0 kept as they were\\.`));
    await poll(() => page.locator('li.cue').count()).toBe(RU.length);

    expect(await texts(page)).toEqual(RU.map((c) => fakeTranslation(c.text, 'uz')));
    expect(await starts(page)).toEqual(RU.map((c) => c.start));
    // Every cue carries the machine mark until a person edits or accepts it.
    expect(await page.locator('li.cue.machine').count()).toBe(RU.length);
    expect(await page.locator('li.cue .machine-mark').first().innerText()).toMatch(/Machine-translated/);
    await expect(page.locator('.version-list li[data-version="1"]').innerText()).resolves.toMatch(/current.*machine draft/s);
    // What was asked of the service: the Russian cues, from Russian into Uzbek, with Efir's key.
    expect(fake.requests.flatMap((r) => r.q)).toEqual(RU.map((c) => c.text));
    for (const r of fake.requests) expect(r).toMatchObject({ key: FAKE_TRANSLATE_KEY, source: 'ru', target: 'uz', status: 200 });
    expect((await t.efir.subtitles.get(videoId, 'uz'))!.version).toBe(1);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a key the service refuses: the error names the reason, and the cues stay as they were', async () => {
    const { page, errors } = await editor('tg');
    const before = { texts: await texts(page), starts: await starts(page) };
    expect(before.texts).toEqual(['Салом! Ин матни одам аст.']);
    const version = (await t.efir.subtitles.get(videoId, 'tg'))!.version;

    // The key was revoked at Google: 400 INVALID_ARGUMENT with ErrorInfo API_KEY_INVALID.
    fake.keys.delete(FAKE_TRANSLATE_KEY);
    fake.requests.length = 0;
    try {
      await draftButton(page).click();
      const alert = page.getByTestId('draft-problem');
      await alert.waitFor();
      expect(await alert.innerText()).toBe('Machine translation failed (API_KEY_INVALID). The cues were not changed.');
      expect(fake.requests.map((r) => r.status)).toEqual([400]);
    } finally {
      fake.keys.add(FAKE_TRANSLATE_KEY);
    }
    expect(await page.getByTestId('draft-done').count()).toBe(0);
    expect({ texts: await texts(page), starts: await starts(page) }).toEqual(before);
    expect(await page.locator('li.cue.machine').count()).toBe(0);
    // Nothing written: the same version, no draft in the list.
    expect((await t.efir.subtitles.get(videoId, 'tg'))!.version).toBe(version);
    expect(await page.locator('.version-list li').count()).toBe(version);
    await expect(page.locator('.version-list').innerText()).resolves.not.toMatch(/machine draft/);
    // The button is there to try again.
    expect(await draftButton(page).isEnabled()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
