/**
 * What the browser tests share: Debian's chromium through playwright-core, a real Efir serving the
 * built pages with an in-process media worker, lavfi clips, and a video produced through the studio
 * service (the same calls the API and the tus plugin make) with the subtitle fixtures.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HANDLER_PATH } from '../../server/plugins/sveltekit.ts';
import { startTestEfir, type TestEfir } from '../helpers/harness.ts';
import type { User } from '../../server/repositories/users.ts';

export const FIXTURES = fileURLToPath(new URL('../unit/subtitles/fixtures', import.meta.url));
export const SUBTITLE_FIXTURES = [
  { lang: 'ru', file: 'ru.srt' },
  { lang: 'uz', file: 'uz.bom.srt' },
  { lang: 'tg', file: 'tg.vtt' },
  { lang: 'az', file: 'az.ass' },
  { lang: 'ro', file: 'ro.crlf.srt' },
  { lang: 'en', file: 'en.srt' }
];
export const PASSWORD = 'correct horse battery staple';

/** `env`: settings a test needs (e.g. the translation stand-in); `worker: false` when nothing is processed. */
export async function startEfirWithPages(opts: { env?: Record<string, string>; worker?: boolean } = {}): Promise<TestEfir> {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" before the browser tests`);
  return startTestEfir({ pages: true, worker: opts.worker ?? true, env: opts.env });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
  });
}

/** A clip from ffmpeg's lavfi sources: 480x360 gives a 360p and a 240p rendition. */
export function makeClip(file: string, seconds = 6, size = '480x360'): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', '-shortest', file
  ]);
  return file;
}

let counter = 0;
export async function createProducer(t: TestEfir): Promise<{ user: User; email: string }> {
  const email = `producer${++counter}-${Date.now()}@example.test`;
  const user = await t.efir.auth.createUser({ email, displayName: `Producer ${counter}`, role: 'producer', password: PASSWORD });
  return { user, email };
}

/** Polls the studio service until the video is ready (or failed, which throws with its error). */
export async function waitUntilReady(t: TestEfir, user: User, id: string, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await t.efir.studio.get(user, id);
    if (v.state === 'ready' && v.currentRev !== null) return;
    if (v.state === 'failed') throw new Error(`processing failed: ${v.error}`);
    if (Date.now() > until) throw new Error(`video ${id} not ready after ${timeoutMs} ms (state ${v.state})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Waits until the video has no processing run open: the rungs published after the first one have joined. */
export async function waitUntilComplete(t: TestEfir, id: string, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (await t.efir.runs.hasOpenRun(id)) {
    if (Date.now() > until) throw new Error(`video ${id} still processing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Draft → six subtitle files → the uploaded file handed over as tus would → processed → published. */
export async function producePublishedVideo(t: TestEfir, title: string, owner?: User): Promise<string> {
  const user = owner ?? (await createProducer(t)).user;
  const draft = await t.efir.studio.createDraft(user, { title, description: 'A browser test video' });
  for (const f of SUBTITLE_FIXTURES) {
    await t.efir.studio.attachSubtitle(user, draft.id, f.lang, f.file, fs.readFileSync(path.join(FIXTURES, f.file)));
  }
  // Where tus would have left the finished upload (uploads/<videoId>-<random>).
  const upload = path.join(t.efir.paths.uploads, `${draft.id}-browsertest`);
  fs.renameSync(makeClip(path.join(t.dataDir, `${draft.id}.mp4`)), upload);
  const outcome = await t.efir.studio.onUploadFinished(draft.id, upload, 'lesson.mp4', fs.statSync(upload).size);
  if (!outcome.ok) throw new Error(outcome.error);
  await waitUntilReady(t, user, draft.id);
  // Watchable at its first rendition is not yet the whole ladder (issue 15): the tests that use this
  // video want it complete (every rung in the quality menu, a subtitle change running at once, no
  // encoding left to compete with the page for the CPU).
  await waitUntilComplete(t, draft.id);
  await t.efir.studio.publish(user, draft.id);
  return draft.id;
}

/** The cues of a WebVTT fixture: what the player must show, and when. */
export function vttCues(file: string): { start: number; end: number; text: string }[] {
  const time = (s: string) => {
    const [h, m, rest] = s.trim().split(':');
    return Number(h) * 3600 + Number(m) * 60 + Number(rest);
  };
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n\r?\n/)
    .map((block) => block.split(/\r?\n/))
    .filter((lines) => lines.some((l) => l.includes('-->')))
    .map((lines) => {
      const i = lines.findIndex((l) => l.includes('-->'));
      const [a, b] = lines[i].split('-->');
      return { start: time(a), end: time(b.trim().split(/\s/)[0]), text: lines.slice(i + 1).join('\n') };
    });
}

/** What the video.js player on the page says about time, rendition and subtitle tracks. */
export interface PlayerProbe {
  time: number;
  paused: boolean;
  videoHeight: number;
  tracks: { language: string; label: string; mode: string; activeCues: string[] }[];
}

export function probePlayer(page: Page): Promise<PlayerProbe | null> {
  return page.evaluate(() => {
    const el = document.querySelector('.video-js') as (HTMLElement & { player?: any }) | null;
    const p = el?.player;
    if (!p) return null;
    const video = el!.querySelector('video') as HTMLVideoElement;
    return {
      time: p.currentTime(),
      paused: p.paused(),
      videoHeight: video.videoHeight,
      tracks: Array.from(p.textTracks() as ArrayLike<any>).map((t: any) => ({
        language: t.language,
        label: t.label,
        mode: t.mode,
        activeCues: Array.from((t.activeCues ?? []) as ArrayLike<{ text: string }>).map((c) => c.text)
      }))
    };
  });
}

/**
 * The watch page shows only the poster and a Play button until the viewer presses it (no player
 * script, playlist or subtitle file before): this presses it, and the player loads and plays.
 */
export async function pressPlay(page: Page): Promise<void> {
  await page.getByTestId('player-play').click();
}

/** Polls until `check` returns a value (not undefined), or fails with the last probe. */
export async function waitForPlayer<T>(page: Page, check: (p: PlayerProbe) => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: PlayerProbe | null = null;
  for (;;) {
    last = await probePlayer(page);
    if (last) {
      const value = check(last);
      if (value !== undefined) return value;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; player: ${JSON.stringify(last)}`);
    await page.waitForTimeout(100);
  }
}

/**
 * Records what the pages' Content-Security-Policy blocked (Chromium reports each refusal on the
 * console): a player or script the policy stops fails the test that watches for errors.
 */
export function collectCspViolations(page: Page, into: string[]): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) into.push(`CSP: ${msg.text()}`);
  });
}
