/**
 * The cue editor (issue 12) on a phone-sized screen: a producer edits a Tajik cue, is told which cue
 * cannot be saved (it starts after the 6 s clip ends), deletes those, saves a new version, and the
 * player's Tajik track has the new text once the subtitle-only run has published. Two editors saving
 * the same track from the same version: the second gets the conflict naming the first one's version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import type { User } from '../../server/repositories/users.ts';
import { PASSWORD, createProducer, launchChromium, producePublishedVideo, startEfirWithPages, waitForPlayer } from './helpers.ts';

const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 200 });

let t: TestEfir;
let browser: Browser;
let owner: { user: User; email: string };
let videoId: string;

beforeAll(async () => {
  t = await startEfirWithPages();
  browser = await launchChromium();
  owner = await createProducer(t);
  videoId = await producePublishedVideo(t, 'Патент', owner.user);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function editor(email: string, viewport = { width: 390, height: 844 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en' } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const url = `/studio/videos/${videoId}/subtitles?lang=tg`;
  await page.goto(`${t.baseUrl}${url}`);
  await page.waitForURL('**/login?**');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('form button[type=submit]');
  await page.waitForURL(`**${url}`);
  await page.locator('li.cue').first().waitFor({ timeout: 10_000 }).catch(async (err) => {
    throw new Error(`${err}\n${page.url()}\n${(await page.locator('body').innerText()).slice(0, 1500)}\n${errors.join('\n')}`);
  });
  return page;
}

const cueText = (page: Page, n: number) => page.locator(`li.cue[data-cue="${n}"] textarea`);

async function latestRun(): Promise<{ id: string; state: string; kind: string; rev: number } | undefined> {
  const [r] = await t.efir.db.query<any>('select id, state, kind, rev from processing_runs where video_id = $1 order by rev desc limit 1', [videoId]);
  return r;
}

describe('cue editor', () => {
  it('edits a Tajik cue, saves a version, and the player shows the new text', async () => {
    const page = await editor(owner.email);
    // 390 px: one column, nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.locator('li.cue').count()).toBe(6);
    // The Russian original is beside it, read-only.
    await expect(page.locator('.ref-cues li').first().innerText()).resolves.toMatch(/Здравствуйте|Привет|патент/i);

    await cueText(page, 1).fill('Салом, дӯстон! Патенти корӣ.');
    await page.locator('li.cue[data-cue="1"] input[name=start]').focus();
    // Cue 3 starts at 8 s, after the 6 s clip ends: refused before sending, naming the cue.
    await page.click('button.save');
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/Cue 3: the start must be a valid time before the end of the video/);
    await expect(page.locator('li.cue[data-cue="3"] input[name=start]').getAttribute('aria-invalid')).resolves.toBe('true');
    for (let i = 0; i < 4; i++) await page.locator('li.cue[data-cue="3"] button.danger').click();
    expect(await page.locator('li.cue').count()).toBe(2);

    const before = (await latestRun())!.rev;
    await page.click('button.save');
    await poll(() => page.locator('p.alert.success').innerText().catch(() => '')).toMatch(/Saved as version 2/);
    // Cue 2 ended at 7.5 s: its end moved to the video's end, with a warning naming it.
    await expect(page.locator('.warnings li[data-code=end_clamped]').innerText()).resolves.toMatch(/^Cue 2 \(00:04\.000\)/);
    await expect(page.locator('.version-list li[data-version="2"]').innerText()).resolves.toMatch(/current/);

    // The subtitle-only run publishes a new revision with the saved track.
    await poll(async () => {
      const r = await latestRun();
      return r && r.rev > before ? r.state : 'waiting';
    }, 120_000).toBe('completed');

    const watch = await page.context().newPage();
    await watch.goto(`${t.baseUrl}/watch/${videoId}`);
    await waitForPlayer(watch, (p) => (p.tracks.some((x) => x.language === 'tg') ? true : undefined), 'the Tajik track');
    const texts = await poll(
      () =>
        watch.evaluate(() => {
          const p = (document.querySelector('.video-js') as any).player;
          const tracks = Array.from(p.textTracks() as ArrayLike<any>);
          const tg = tracks.find((x: any) => x.language === 'tg');
          tg.mode = 'hidden'; // loads its cues without showing them
          return Array.from((tg.cues ?? []) as ArrayLike<{ text: string }>).map((c) => c.text);
        }),
      30_000
    ).toContain('Салом, дӯстон! Патенти корӣ.');
    void texts;
    await page.context().close();
  });

  it('two editors saving from the same version: the second gets the conflict and can load the first one’s', async () => {
    const other = await createProducer(t);
    // An admin manages every video: the second editor.
    const admin = await t.efir.auth.createUser({ email: `admin-${Date.now()}@example.test`, displayName: 'Admin Two', role: 'admin', password: PASSWORD });
    void other;
    const a = await editor(owner.email, { width: 1280, height: 900 });
    const b = await editor(admin.email, { width: 1280, height: 900 });
    const version = Number((await t.efir.subtitles.get(videoId, 'tg'))!.version);

    await cueText(a, 1).fill('Аввал: нусхаи A');
    await a.click('button.save');
    await poll(() => a.locator('p.alert.success').innerText().catch(() => '')).toMatch(new RegExp(`Saved as version ${version + 1}`));

    await cueText(b, 2).fill('Дуюм: нусхаи B');
    await b.click('button.save');
    const conflict = b.locator('.conflict');
    await conflict.waitFor();
    const ownerName = owner.user.displayName;
    await expect(conflict.innerText()).resolves.toMatch(new RegExp(`${ownerName} saved version ${version + 1}.*Your changes were not saved`, 's'));
    // Nothing of B's was saved.
    expect((await t.efir.subtitles.get(videoId, 'tg'))!.version).toBe(version + 1);

    await conflict.getByRole('button', { name: `Load version ${version + 1}` }).click();
    await poll(() => cueText(b, 1).inputValue()).toBe('Аввал: нусхаи A');
    await expect(b.locator('.conflict').count()).resolves.toBe(0);
  });
});
