/**
 * npm run bench:pages -- [--kbit 400] [--rtt 300] [--settle 60] [--quiet 2]
 *
 * What each main page costs a viewer on a slow phone connection before they touch anything (issue
 * 13): the home, library (/collections), watch (before Play), live (an upcoming broadcast's waiting
 * room) and studio pages, each in a fresh Chromium context (empty cache, as a first visit) at 390 ×
 * 844 px, the connection throttled through the DevTools protocol (Network.emulateNetworkConditions:
 * `--kbit` kbit/s down and up, `--rtt` ms of latency). A page is loaded, then left alone until the
 * network has been quiet for `--quiet` seconds (at most `--settle` seconds after the load event:
 * `settled: false` says a page was still downloading then).
 *
 * Bytes are what crossed the wire (encodedDataLength: compressed body and headers), with the browser
 * asking for gzip only (the built assets are served precompressed; br would be smaller), by kind:
 * JavaScript, CSS, and media split into video (HLS playlists and segments), subtitles (.vtt/.srt)
 * and images (posters, icons). Times: first contentful paint (the page is readable: the server
 * renders every page's text), DOMContentLoaded and load, from the page's own timing, in ms.
 * Targets (issue 13): watch before Play ≤ 80 KB of JavaScript and no video bytes; home ≤ 60 KB.
 *
 * Efir runs in its own process (pages/efir.ts) with the built pages (`npx vite build` first). Logs
 * on stderr; the last line on stdout is one JSON object with every figure.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { HANDLER_PATH } from '../../server/plugins/sveltekit.ts';
import { numberOption } from './options.ts';

const KBIT = numberOption('kbit', 400);
const RTT = numberOption('rtt', 300);
const SETTLE = numberOption('settle', 60);
const QUIET = numberOption('quiet', 2);
const HERE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages');
const log = (...a: unknown[]) => console.error('[bench:pages]', ...a);
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

type Kind = 'js' | 'css' | 'video' | 'subtitles' | 'images' | 'html' | 'other';

/** What a response is, from Chromium's resource type and the URL (video.js fetches HLS and text tracks by XHR). */
export function kindOf(type: string, url: string, mime: string): Kind {
  const p = new URL(url).pathname.toLowerCase();
  if (/\.(m3u8|ts|m4s|mp4|aac|m4a)$/.test(p) || type === 'Media' || /mpegurl|^video\/|^audio\//.test(mime)) return 'video';
  if (/\.(vtt|srt)$/.test(p) || type === 'TextTrack' || mime === 'text/vtt') return 'subtitles';
  if (type === 'Script' || /javascript/.test(mime)) return 'js';
  if (type === 'Stylesheet' || mime === 'text/css') return 'css';
  if (type === 'Image' || mime.startsWith('image/') || type === 'Font' || mime.startsWith('font/')) return 'images';
  if (type === 'Document') return 'html';
  return 'other';
}

interface PageFigures {
  url: string;
  kb: Record<Kind, number>;
  requests: number;
  videoRequests: number;
  subtitleRequests: number;
  fcpMs: number | null;
  domContentLoadedMs: number;
  loadMs: number;
  settled: boolean;
  jsEncodings: string[];
}

async function measurePage(browser: Browser, url: string, cookie: { name: string; value: string } | null): Promise<PageFigures> {
  // gzip, the figure the targets are in: Chromium would ask for br too, which the built
  // assets also have (about a fifth smaller). `jsEncodings` in the output shows what was sent.
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'ru-RU',
    extraHTTPHeaders: { 'accept-encoding': 'gzip, deflate' }
  });
  if (cookie) await context.addCookies([{ ...cookie, url }]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const bytesPerSecond = (KBIT * 1000) / 8;
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: RTT, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });

  const seen = new Map<string, { kind: Kind; encoding: string }>();
  const bytes: Record<Kind, number> = { js: 0, css: 0, video: 0, subtitles: 0, images: 0, html: 0, other: 0 };
  let requests = 0;
  let videoRequests = 0;
  let subtitleRequests = 0;
  let inFlight = 0;
  let lastActivity = Date.now();
  // A connection that stays open by design (the studio's progress stream, the Q&A socket) is not
  // a download under way.
  const open = new Set<string>();
  cdp.on('Network.requestWillBeSent', (e: any) => {
    if (e.type === 'EventSource' || e.type === 'WebSocket') return void open.add(e.requestId);
    inFlight++;
    lastActivity = Date.now();
  });
  cdp.on('Network.responseReceived', (e: any) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    seen.set(e.requestId, { kind: kindOf(e.type, e.response.url, e.response.mimeType ?? ''), encoding: headers['content-encoding'] ?? 'identity' });
  });
  const done = (e: any, failed: boolean) => {
    if (!open.has(e.requestId)) inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
    const r = seen.get(e.requestId);
    if (!r || failed) return;
    requests++;
    bytes[r.kind] += e.encodedDataLength ?? 0;
    if (r.kind === 'video') videoRequests++;
    if (r.kind === 'subtitles') subtitleRequests++;
  };
  cdp.on('Network.loadingFinished', (e: any) => done(e, false));
  cdp.on('Network.loadingFailed', (e: any) => done(e, true));

  await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
  const until = Date.now() + SETTLE * 1000;
  while (Date.now() < until && !(inFlight === 0 && Date.now() - lastActivity >= QUIET * 1000)) await new Promise((r) => setTimeout(r, 100));
  const settled = inFlight === 0 && Date.now() - lastActivity >= QUIET * 1000;
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { fcp: fcp ? fcp.startTime : null, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
  });
  const jsEncodings = [...new Set([...seen.values()].filter((r) => r.kind === 'js').map((r) => r.encoding))];
  await context.close();
  return {
    url: new URL(url).pathname,
    kb: Object.fromEntries(Object.entries(bytes).map(([k, v]) => [k, kb(v)])) as Record<Kind, number>,
    requests,
    videoRequests,
    subtitleRequests,
    fcpMs: timing.fcp === null ? null : Math.round(timing.fcp),
    domContentLoadedMs: Math.round(timing.dcl),
    loadMs: Math.round(timing.load),
    settled,
    jsEncodings
  };
}

async function main() {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" first`);
  const t0 = Date.now();
  const child: ChildProcess = fork(path.join(HERE, 'efir.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] });
  let browser: Browser | null = null;
  try {
    const hello = await new Promise<{ baseUrl: string; videoId: string; broadcastId: string; email: string; password: string; database: string }>((resolve, reject) => {
      child.once('exit', (c) => reject(new Error(`efir process exited (${c}) before it was ready`)));
      child.once('message', (msg: any) => resolve(msg));
    });
    log(`Efir up with a published video in ${Date.now() - t0} ms at ${hello.baseUrl}`);
    const res = await fetch(`${hello.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: hello.email, password: hello.password })
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('efir_session='));
    if (!set) throw new Error(`sign-in failed: ${res.status}`);
    const [name, value] = set.split(';')[0]!.split('=') as [string, string];

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
    });
    const pages: [string, string, boolean][] = [
      ['home', '/', false],
      ['library', '/collections', false],
      ['watch', `/watch/${hello.videoId}`, false],
      ['live', `/live/${hello.broadcastId}`, false],
      ['studio', '/studio', true]
    ];
    const figures: Record<string, PageFigures> = {};
    for (const [key, p, signedIn] of pages) {
      figures[key] = await measurePage(browser, hello.baseUrl + p, signedIn ? { name, value } : null);
      const f = figures[key]!;
      log(`${key}: JS ${f.kb.js} KB, CSS ${f.kb.css} KB, video ${f.kb.video} KB, subtitles ${f.kb.subtitles} KB, images ${f.kb.images} KB; FCP ${f.fcpMs} ms, DCL ${f.domContentLoadedMs} ms${f.settled ? '' : ' (still downloading)'}`);
    }
    const targets = {
      watchJsKb: { max: 80, got: figures.watch!.kb.js, ok: figures.watch!.kb.js <= 80 },
      watchVideoBytes: { max: 0, got: figures.watch!.kb.video, ok: figures.watch!.videoRequests === 0 },
      homeJsKb: { max: 60, got: figures.home!.kb.js, ok: figures.home!.kb.js <= 60 }
    };
    const result = {
      bench: 'pages',
      network: { kbit: KBIT, rttMs: RTT },
      viewport: '390x844',
      database: hello.database,
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '?', memGiB: Math.round(os.totalmem() / 2 ** 30) },
      chromium: browser.version(),
      pages: figures,
      targets
    };
    console.log(JSON.stringify(result));
  } finally {
    await browser?.close();
    child.send?.({ cmd: 'close' });
    await new Promise((r) => { child.once('exit', r); setTimeout(r, 20_000); });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
