/**
 * A viewer on a phone: library → watch page, where nothing but the poster and Play loads (no player
 * script, playlist, segment or subtitle file) → Play → touch-sized controls with the time → Тоҷикӣ in
 * the subtitle menu → a lower quality in the quality menu (remembered) → the video plays, at the
 * chosen rendition, and the Tajik cue active at each moment is the one the source file gives for
 * that moment; a double tap seeks. And the UI language preselects the subtitle track; a slow
 * connection starts at the lowest rung and says so; subtitles are readable; a language switch
 * reaches video.js's own words.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { TestEfir } from '../helpers/harness.ts';
import { expectAccessible } from './a11y.ts';
import { findAudioRendition } from '../../web/lib/player/audio-rendition.ts';
import { FIXTURES, launchChromium, pressPlay, producePublishedVideo, startEfirWithPages, vttCues, waitForPlayer, collectCspViolations } from './helpers.ts';

/** A playlist, a segment or a subtitle file. */
const MEDIA = /\.(m3u8|ts|m4s|mp4|vtt)$/;
/** Strings only video.js's and hls.js's code holds: a script carrying either is a player chunk. */
const PLAYER_CODE = /VIDEOJS_NO_DYNAMIC_STYLE|hlsManifestParsed/;

const TITLE = 'Патент: первые шаги';
const TG_CUES = vttCues(path.join(FIXTURES, 'tg.vtt'));
/** Cue boundaries are only checked this far from a start or an end (the tolerance). */
const TOLERANCE = 0.25;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

let t: TestEfir;
let browser: Browser;
let videoId: string;

beforeAll(async () => {
  t = await startEfirWithPages();
  browser = await launchChromium();
  videoId = await producePublishedVideo(t, TITLE);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A phone: narrow, touch, Russian browser. */
function phone(extra: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'ru-RU',
    extraHTTPHeaders: { 'accept-language': 'ru-RU,ru;q=0.9' },
    ...extra
  });
}

describe('watch page', () => {
  it('plays with Tajik subtitles at a lower quality chosen from the menus', async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    collectCspViolations(page, errors);

    // Every request, and the scripts' text: which ones came before Play.
    const requests: string[] = [];
    const scripts = new Map<string, Promise<string>>();
    page.on('response', (r) => {
      requests.push(new URL(r.url()).pathname);
      if (r.request().resourceType() === 'script') scripts.set(r.url(), r.text().catch(() => ''));
    });
    const playerScripts = async (urls: string[]) => (await Promise.all(urls.map(async (u) => (PLAYER_CODE.test(await scripts.get(u)!) ? u : null)))).filter(Boolean);

    await page.goto(`${t.baseUrl}/`);
    await expectAccessible(page, 'home');
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`**/watch/${videoId}`);

    // Before Play: the poster and a real, thumb-sized, labelled button; nothing of the player.
    const play = page.getByTestId('player-play');
    await play.waitFor();
    expect(await play.getAttribute('aria-label')).toBe(`Смотреть: ${TITLE}`);
    const box = (await play.boundingBox())!;
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((u) => MEDIA.test(u)), 'playlists, segments, subtitles before Play').toEqual([]);
    const scriptsBefore = [...scripts.keys()];
    expect(await playerScripts(scriptsBefore), 'player scripts before Play').toEqual([]);
    expect(requests.filter((u) => /video-js/.test(u)), 'video.js’s stylesheet before Play').toEqual([]);
    expect(await page.locator('.video-js').count()).toBe(0);
    await expectAccessible(page, 'watch, before Play');

    await pressPlay(page);
    await waitForPlayer(page, (p) => (p.tracks.length === 6 && p.time > 0.2 ? true : undefined), 'six subtitle tracks and playback');
    // The tap loaded the player (so the check above could see one) and it played from there.
    expect((await playerScripts([...scripts.keys()].filter((u) => !scriptsBefore.includes(u)))).length).toBeGreaterThan(0);
    expect(requests.some((u) => /\.m3u8$/.test(u))).toBe(true);
    // The control bar fades out after two idle seconds; a viewer's touch brings it back.
    const touch = () => page.evaluate(() => (document.querySelector('.video-js') as any).player.userActive(true));

    // Phone controls: 44 px targets, elapsed and remaining time, a wide seek bar, no volume slider.
    await touch();
    for (const sel of ['.vjs-play-control', '.vjs-mute-control', '.vjs-fullscreen-control', '.vjs-subs-caps-button > button', '.vjs-quality-button > button']) {
      const b = (await page.locator(sel).boundingBox())!;
      expect(Math.min(b.width, b.height), sel).toBeGreaterThanOrEqual(44);
    }
    expect(await page.locator('.vjs-current-time').isVisible()).toBe(true);
    expect(await page.locator('.vjs-remaining-time').isVisible()).toBe(true);
    expect((await page.locator('.vjs-progress-control').boundingBox())!.width).toBeGreaterThan(250);
    expect(await page.locator('.vjs-volume-control').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Subtitles: the Russian UI preselected Русский; choose Тоҷикӣ from the menu.
    await touch();
    await page.locator('.vjs-subs-caps-button > button').click();
    await page.locator('.vjs-subs-caps-button .vjs-menu-item', { hasText: 'Тоҷикӣ' }).click();

    // Quality: a phone started at 360p; choose the lowest rung.
    const qualityButton = page.locator('.vjs-quality-button > button');
    await touch();
    await qualityButton.click();
    const items = page.locator('.vjs-quality-button .vjs-menu-item');
    const labels = page.locator('.vjs-quality-button .vjs-menu-item-text');
    await poll(() => labels.allInnerTexts()).toEqual(['360p', '240p', 'Авто (360p)']);
    await items.filter({ hasText: '240p' }).click();
    await poll(() => page.locator('.vjs-quality-button .vjs-icon-placeholder').innerText()).toBe('240p');
    // Remembered for the next video.
    expect(await page.evaluate(() => localStorage.getItem('efir.quality'))).toBe('240');

    const tg = await waitForPlayer(page, (p) => p.tracks.find((x) => x.language === 'tg' && x.mode === 'showing'), 'Тоҷикӣ showing');
    expect(tg.label).toBe('Тоҷикӣ');
    const showing = (await waitForPlayer(page, (p) => p, 'player')).tracks.filter((x) => x.mode === 'showing');
    expect(showing.map((x) => x.language)).toEqual(['tg']);

    // From the start again: it plays, at 240 lines.
    await page.evaluate(() => {
      const p = (document.querySelector('.video-js') as any).player;
      p.currentTime(0);
      return p.play();
    });
    await waitForPlayer(page, (p) => (p.videoHeight === 240 ? true : undefined), 'the 240p rendition');
    await waitForPlayer(page, (p) => (p.time > 0.6 && !p.paused ? true : undefined), 'playback past 0.6 s');

    // The active Tajik cue matches the source file's timing, sampled while playing and after a seek.
    let checked = 0;
    const sample = async () => {
      const p = await waitForPlayer(page, (x) => x, 'player');
      const track = p.tracks.find((x) => x.language === 'tg')!;
      const near = TG_CUES.some((c) => Math.abs(p.time - c.start) < TOLERANCE || Math.abs(p.time - c.end) < TOLERANCE);
      if (near) return;
      const expected = TG_CUES.filter((c) => c.start <= p.time && p.time < c.end).map((c) => c.text);
      expect(track.activeCues, `active Tajik cues at ${p.time.toFixed(2)} s`).toEqual(expected);
      checked++;
    };
    for (let i = 0; i < 10; i++) {
      await sample();
      await page.waitForTimeout(250);
    }
    await page.evaluate(() => (document.querySelector('.video-js') as any).player.currentTime(4.6));
    await waitForPlayer(page, (p) => (p.time >= 4.6 && p.time < 5.5 ? true : undefined), 'the seek to 4.6 s');
    await sample();
    const afterSeek = await waitForPlayer(page, (p) => p, 'player');
    expect(afterSeek.tracks.find((x) => x.language === 'tg')!.activeCues).toContain(TG_CUES[1].text);
    expect(checked).toBeGreaterThanOrEqual(4);

    // A double tap on the left third of the picture goes back 10 s (here: to the start).
    const video = (await page.locator('.vjs-tech').boundingBox())!;
    await page.evaluate(() => (document.querySelector('.video-js') as any).player.pause());
    const at = (await waitForPlayer(page, (p) => p, 'player')).time;
    await page.touchscreen.tap(video.x + 30, video.y + video.height / 3);
    await page.touchscreen.tap(video.x + 30, video.y + video.height / 3);
    await waitForPlayer(page, (p) => (p.time < at - 3 ? true : undefined), 'the double tap’s seek back');

    // The next visit starts at the quality chosen last time, held there (not Auto).
    await page.reload();
    await pressPlay(page);
    await waitForPlayer(page, (p) => (p.videoHeight === 240 && p.time > 0.3 ? true : undefined), 'the remembered 240p');
    await poll(() => page.locator('.vjs-quality-button .vjs-icon-placeholder').innerText()).toBe('240p');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('preselects the subtitle track of the UI language (tg, ru after switching); a slow connection plays the lowest rung', async () => {
    const context = await phone({ locale: 'tg-TJ', extraHTTPHeaders: { 'accept-language': 'tg-TJ,tg;q=0.9,ru;q=0.5' } });
    // A metered connection, as an Android phone's browser reports it.
    await context.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true, effectiveType: '4g' } }));
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/watch/${videoId}`);
    expect(await page.getAttribute('html', 'lang')).toBe('tg');
    // Said before Play, and the switch shows it on.
    await poll(() => page.getByTestId('data-saver-note').innerText()).toContain('сифати пасттарин');
    expect(await page.getByTestId('data-saver').getAttribute('aria-pressed')).toBe('true');
    await pressPlay(page);
    await waitForPlayer(page, (p) => (p.videoHeight === 240 && p.time > 0.3 ? true : undefined), 'the lowest rung (240p)');
    await poll(() => page.getByTestId('data-saver-note').innerText()).toContain('240p');
    // Readable subtitles on a 390 px phone: at least 16 px, on a background.
    await poll(() =>
      page.evaluate(() => {
        const cue = document.querySelector('.vjs-text-track-display .vjs-text-track-cue') as HTMLElement | null;
        return cue ? parseFloat(getComputedStyle(cue).fontSize) : 0;
      })
    ).toBeGreaterThanOrEqual(16);
    // The subtitle menu's "off" item in the UI language.
    const off = page.locator('.vjs-subs-caps-button .vjs-menu-item-text').first();
    await poll(() => off.textContent()).toBe('Бе субтитр');
    // The viewer's own switch wins over the connection, and is remembered.
    await page.getByTestId('data-saver').click();
    expect(await page.getByTestId('data-saver').getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('data-saver-note').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('efir.dataSaver'))).toBe('off');
    const shown = async () =>
      (await waitForPlayer(page, (p) => (p.tracks.length === 6 ? p : undefined), 'six tracks')).tracks
        .filter((x) => x.mode === 'showing')
        .map((x) => x.language);
    await poll(shown).toEqual(['tg']);
    // The player speaks the UI language to screen readers.
    await poll(() => page.locator('.vjs-subs-caps-button > button .vjs-control-text').textContent()).toBe('Субтитрҳо');

    // The header's switcher: the page changes language in place, and the subtitles follow.
    await page.selectOption('#ui-lang', 'ru');
    await poll(() => page.getAttribute('html', 'lang')).toBe('ru');
    await poll(shown).toEqual(['ru']);
    // video.js's own words follow the switch, the menu's "off" item too.
    await poll(() => off.textContent()).toBe('Без субтитров');
    await poll(() => page.locator('.vjs-subs-caps-button > button .vjs-control-text').textContent()).toBe('Субтитры');

    // Remembered (cookie) over the browser's Accept-Language on the next visit.
    await page.reload();
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    await pressPlay(page);
    await poll(shown).toEqual(['ru']);

    // An unknown video: 404, said in the UI language.
    const missing = await page.goto(`${t.baseUrl}/watch/nope404`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('.error').innerText()).toContain('Такого видео нет');

    // The library's collections, in the language just chosen.
    await page.goto(`${t.baseUrl}/collections`);
    await expectAccessible(page, 'collections');
    await context.close();
  });

  it('listen only: the audio rendition alone, with the poster, and back to the picture at the same moment', async () => {
    // The ladder's own audio-only rendition (media/ladder.ts), not one made for the test.
    const videoDir = path.join(t.efir.paths.media, videoId);
    const rev = fs.readdirSync(videoDir).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a))[0];
    expect(findAudioRendition(fs.readFileSync(path.join(videoDir, rev, 'master.m3u8'), 'utf8'), 'http://x/master.m3u8')).toBeTruthy();
    const context = await phone();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${t.baseUrl}/watch/${videoId}`);
    await pressPlay(page);
    await waitForPlayer(page, (p) => (p.time > 0.3 && p.videoHeight > 0 ? true : undefined), 'the picture playing');
    const listen = page.getByTestId('listen-only');
    await listen.waitFor();
    await page.evaluate(() => (document.querySelector('.video-js') as any).player.pause());
    const at = (await waitForPlayer(page, (p) => p, 'player')).time;

    const segments: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url()).pathname;
      if (/\.(ts|m4s)$/.test(u)) segments.push(u);
    });
    await listen.click();
    expect(await listen.getAttribute('aria-pressed')).toBe('true');
    await page.evaluate(() => (document.querySelector('.video-js') as any).player.play());
    await waitForPlayer(page, (p) => (!p.paused && p.time > at + 0.3 ? true : undefined), 'listening on from the same moment');
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.filter((u) => !u.includes('/audio/')), 'video segments while listening').toEqual([]);
    expect(await page.locator('.video-js').getAttribute('class')).toContain('vjs-audio-poster-mode');
    // What it saves, in the UI language: "≈ 29 МБ в час вместо … МБ".
    expect(await page.getByTestId('listen-note').innerText()).toMatch(/≈ \d+ МБ в час вместо \d+ МБ/);

    const back = (await waitForPlayer(page, (p) => p, 'player')).time;
    await listen.click();
    await waitForPlayer(page, (p) => (p.videoHeight > 0 && p.time >= back - 0.5 && !p.paused ? true : undefined), 'the picture again, from there');
    expect(await page.locator('.video-js').getAttribute('class')).not.toContain('vjs-audio-poster-mode');
    expect(errors).toEqual([]);
    await context.close();
  });
});

