/**
 * The cue editor (issue 12) on a phone-sized screen: a producer edits a Tajik cue, is told which cue
 * cannot be saved (it starts after the 6 s clip ends), deletes those, saves a new version, and the
 * player's Tajik track has the new text once the subtitle-only run has published, and so has a
 * freshly made Tajik variant (the edited cue's frame differs from the variant made before the edit
 * in the subtitle band only; an unchanged cue's frame is the same). Two editors saving the same
 * track from the same version: the second gets the conflict naming the first one's version.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegPaths } from '../../media/ffmpeg.ts';
import type { Browser, Page } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import type { User } from '../../server/repositories/users.ts';
import { PASSWORD, createProducer, launchChromium, producePublishedVideo, startEfirWithPages, waitForPlayer, pressPlay } from './helpers.ts';

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

/** Asks for the Tajik variant as a viewer does and waits for a file other than `not`; returns it, downloaded. */
async function freshVariant(not: string | null): Promise<{ url: string; file: string }> {
  const asked = await fetch(`${t.baseUrl}/api/videos/${videoId}/variants/tg`, { method: 'POST' });
  expect([200, 202]).toContain(asked.status);
  let v: { state: string; url: string | null; error: string | null };
  for (const until = Date.now() + 120_000; ; await new Promise((r) => setTimeout(r, 200))) {
    v = await (await fetch(`${t.baseUrl}/api/videos/${videoId}/variants/tg`)).json();
    if (v.state === 'failed') throw new Error(`the Tajik variant failed: ${v.error}`);
    if (v.state === 'ready' && v.url && v.url !== not) break;
    if (Date.now() > until) throw new Error(`no fresh Tajik variant: ${JSON.stringify(v)}`);
  }
  const res = await fetch(`${t.baseUrl}${v.url}`);
  expect(res.status).toBe(200);
  const file = path.join(t.dataDir, `check-${path.basename(v.url!)}`);
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return { url: v.url!, file };
}

const FRAME = { width: 240, height: 180 };

/** The decoded frame at `seconds`, 8-bit gray at FRAME's size (both variants are scaled alike). */
async function grayFrame(file: string, seconds: number): Promise<Buffer> {
  const { stdout } = await promisify(execFile)(
    resolveFfmpegPaths().ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-vf', `scale=${FRAME.width}:${FRAME.height}`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
    { encoding: 'buffer', maxBuffer: 1 << 20 }
  );
  expect(stdout.length).toBe(FRAME.width * FRAME.height);
  return stdout;
}

/** Mean absolute difference of two gray frames over rows [from, to) (fractions of the height). */
function meanDiff(a: Buffer, b: Buffer, from: number, to: number): number {
  const r0 = Math.floor(FRAME.height * from);
  const r1 = Math.floor(FRAME.height * to);
  let sum = 0;
  for (let i = r0 * FRAME.width; i < r1 * FRAME.width; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / ((r1 - r0) * FRAME.width);
}

describe('cue editor', () => {
  it('edits a Tajik cue, saves a version, and the player and a freshly made variant show the new text', async () => {
    // The Tajik variant before the edit: what the new one is compared with.
    const before = await freshVariant(null);
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

    const beforeRev = (await latestRun())!.rev;
    await page.click('button.save');
    await poll(() => page.locator('p.alert.success').innerText().catch(() => '')).toMatch(/Saved as version 2/);
    // Cue 2 ended at 7.5 s: its end moved to the video's end, with a warning naming it.
    await expect(page.locator('.warnings li[data-code=end_clamped]').innerText()).resolves.toMatch(/^Cue 2 \(00:04\.000\)/);
    await expect(page.locator('.version-list li[data-version="2"]').innerText()).resolves.toMatch(/current/);

    // The subtitle-only run publishes a new revision with the saved track.
    await poll(async () => {
      const r = await latestRun();
      return r && r.rev > beforeRev ? r.state : 'waiting';
    }, 120_000).toBe('completed');

    const watch = await page.context().newPage();
    await watch.goto(`${t.baseUrl}/watch/${videoId}`);
    await pressPlay(watch);
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

    // The save dropped the Tajik variant made before; asked for again, it is made from the new text.
    const after = await freshVariant(before.url);
    expect(fs.existsSync(path.join(t.dataDir, 'variants', videoId, path.basename(before.url)))).toBe(false);
    // Cue 1 (0.5 → 3.5 s) was edited: its subtitle band differs, the picture above it is the same.
    const [edited, old] = await Promise.all([grayFrame(after.file, 2), grayFrame(before.file, 2)]);
    expect(meanDiff(edited, old, 0.7, 1), 'the edited cue’s subtitle band').toBeGreaterThan(4);
    expect(meanDiff(edited, old, 0, 0.6), 'the picture above the subtitles').toBeLessThan(3);
    // Cue 2 (4 s →) kept its text: the same band, so the difference above is the edited text.
    const [kept, keptOld] = await Promise.all([grayFrame(after.file, 5), grayFrame(before.file, 5)]);
    expect(meanDiff(kept, keptOld, 0.7, 1), 'an unchanged cue’s subtitle band').toBeLessThan(3);
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
