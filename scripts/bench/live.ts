/**
 * npm run bench:live -- [--seconds 40] [--size 1920x1080] [--fps 30] [--viewer chromium|none] [--modes ts,ll] [--throttle-kbps N]
 *
 * The live path's latency and the live ladder's CPU, everything on this machine, in two phases one
 * after the other in the same run: today's 1 s MPEG-TS segments (`ts`, LIVE_LOW_LATENCY=false) and
 * Low-Latency HLS (`ll`: fMP4 parts of ~1/3 s, blocking playlist reloads). Each phase starts afresh:
 * - Efir (live/efir.ts, its own process, LIVE_LOW_LATENCY per phase): the app, the RTMP ingest, a
 *   live worker, whose ffmpeg transcodes the stream into the ladder (media/live.ts; LL: packaged into
 *   parts and playlists by the worker, media/llhls/);
 * - the publisher (live/source.ts): ffmpeg with -re sending a lavfi test pattern with a tone, like
 *   OBS (H.264 ultrafast zerolatency, 1 s keyframes, AAC), each frame's number burned in as a barcode
 *   (and its capture time and number as text for people);
 * - one viewer: Chromium (playwright-core) playing the live HLS with hls.js configured as the
 *   product's live player (web/lib/player/hls-config.ts hlsLiveConfig, and the distance from the
 *   edge hls-wiring.ts sets from the first playlist: liveTargetLatency), through a tiny same-origin
 *   proxy (live/page.ts).
 * After the player has played for a few seconds, `--seconds` of steady state are measured:
 *
 * segmentListedDelayMs — capture → segment listed. Every rung's media playlist is fetched from Efir
 *   every 100 ms; a segment first seen at wall time S is fetched (with its init segment for fMP4) and
 *   its first frame's barcode read (frame n0); its last frame is n0 + round(EXTINF × fps) − 1,
 *   captured at publisherStart + nLast / fps. The delay is S − that capture time. (LL: a segment is
 *   listed once complete, but its parts were listed, and played, before it: firstPartListedDelayMs
 *   is the same for each segment's first part, INDEPENDENT=YES, which starts on a keyframe.)
 *   pdtMinusCaptureMs reports how far EXT-X-PROGRAM-DATE-TIME is from the capture time.
 * hlsjsLatencyS — hls.latency sampled once a second in the page: hls.js's own estimate of how far
 *   playback is behind the live edge (the end of the last listed segment or part, extrapolated with
 *   time since the playlist was loaded); what the product's "1.4 s behind live" label shows.
 * playingDelayMs — now − hls.playingDate, once a second (as good as the PDT).
 * captureToPlayingMs — capture → display, the viewer's real delay: about four times a second, on
 *   requestVideoFrameCallback, the presented frame is drawn to a canvas and its barcode read (frame
 *   n); the delay is the callback's wall time − (publisherStart + n / fps). Glass to glass but for the
 *   real camera and screen. The target is on its p50.
 * rebuffering — the video element's stalls in the window: each `waiting` after playback started
 *   until the next `playing`; their number and total milliseconds (a stall still open at the end
 *   counts to the end), and hls.js's own bufferStalledError reports.
 * ladderCpuPercent / ladderRssMB — every ffmpeg the Efir process runs (the live ladder: one per
 *   publish): utime + stime from /proc over the window, in percent of one core; RSS at the end. The
 *   LL packaging (parts, playlists, notifications) runs in the worker's Node process, i.e. in
 *   `efirNode` beside it. Other processes' CPU is reported beside it (the machine is shared by the
 *   publisher's x264 and Chromium's decoder, which a real server is not).
 *
 * publisherStart is estimated from the publisher's -progress reports (see live/source.ts): late by
 * the encoder's per-frame time at most, so the capture-based figures err low by that (≈ tens of ms).
 *
 * Logs on stderr; the last line on stdout is one JSON object of the figures, one entry per phase.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { hlsLiveConfig } from '../../web/lib/player/hls-config.ts';
import { firstFrameNumber, publish, type Publisher } from './live/source.ts';
import { pageHtml, startViewerServer } from './live/page.ts';
import { CpuMeter, cmdline, rssMiB, tree } from './live/proc.ts';
import { numberOption, stringOption } from './options.ts';

const HERE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'live');
const log = (...a: unknown[]) => console.error('[bench:live]', ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SECONDS = numberOption('seconds', 40);
const SIZE = stringOption('size', '1920x1080');
const FPS = numberOption('fps', 30);
const WITH_VIEWER = stringOption('viewer', 'chromium') !== 'none';
/** --throttle-kbps N: the viewer's connection limited to N kbit/s down (Chromium's network emulation), for ABR on a weak connection. */
const THROTTLE_KBPS = process.argv.includes('--throttle-kbps') ? numberOption('throttle-kbps', 0) : null;
const MODES = stringOption('modes', 'ts,ll').split(',').map((x) => x.trim());
const m = /^(\d+)x(\d+)$/.exec(SIZE);
if (!m || !MODES.length || MODES.some((x) => x !== 'ts' && x !== 'll')) {
  log('usage: live.ts [--seconds 40] [--size 1920x1080] [--fps 30] [--viewer chromium|none] [--modes ts,ll] [--throttle-kbps N]');
  process.exit(2);
}
const WIDTH = Number(m[1]);
const HEIGHT = Number(m[2]);
/** Played before the window opens: the player's start (and its catch-up to the live edge) is not steady state. */
const SETTLE_MS = 6000;
/** The LL-HLS target (issue 15): capture → playing p50 at most this, with no more rebuffering than MPEG-TS. */
const LL_TARGET_P50_MS = 2000;

const result: Record<string, unknown> = {
  seconds: SECONDS,
  source: { size: `${WIDTH}x${HEIGHT}`, fps: FPS },
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  loadAverageBefore: os.loadavg().map((l) => Math.round(l * 100) / 100)
};

function pct(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : null);
  return { p50: q(50), p95: q(95), n: s.length };
}
const round = (x: number | null, d = 0) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);
const roundStats = (s: ReturnType<typeof pct>, d = 0) => ({ p50: round(s.p50, d), p95: round(s.p95, d), n: s.n });

// ------------------------------------------------------------------ playlists

interface Seg {
  /** A whole segment, or (LL) the first part of one (INDEPENDENT=YES: it starts on a keyframe). */
  kind: 'segment' | 'part';
  rung: string;
  seq: number;
  uri: string;
  duration: number;
  pdt: number | null;
  seenAt: number;
  /** fMP4: the init segment (EXT-X-MAP) then the segment; MPEG-TS: the segment. */
  bytes: Promise<Buffer | null>;
  fmp4: boolean;
}

interface Listed {
  kind: 'segment' | 'part';
  seq: number;
  uri: string;
  duration: number;
  pdt: number | null;
  map: string | null;
}

function parsePlaylist(text: string): Listed[] {
  const out: Listed[] = [];
  let seq = 0;
  let duration = 0;
  let pdt: number | null = null;
  let map: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    let mm: RegExpExecArray | null;
    if ((mm = /^#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(line))) seq = Number(mm[1]);
    else if ((mm = /^#EXT-X-MAP:.*URI="([^"]+)"/.exec(line))) map = mm[1]!;
    else if ((mm = /^#EXTINF:([\d.]+)/.exec(line))) duration = Number(mm[1]);
    else if ((mm = /^#EXT-X-PROGRAM-DATE-TIME:(.+)$/.exec(line))) pdt = Date.parse(mm[1]!);
    else if (line.startsWith('#EXT-X-PART:') && /INDEPENDENT=YES/.test(line)) {
      const uri = /URI="([^"]+)"/.exec(line)?.[1];
      const d = Number(/DURATION=([\d.]+)/.exec(line)?.[1]);
      if (uri && d > 0) out.push({ kind: 'part', seq, uri, duration: d, pdt: null, map });
    } else if (line && !line.startsWith('#')) {
      out.push({ kind: 'segment', seq, uri: line, duration, pdt, map });
      seq++;
      pdt = pdt === null ? null : pdt + duration * 1000; // PDT applies to its segment; the next one follows on
    }
  }
  return out;
}

const fetchBytes = (url: string) => fetch(url).then(async (x) => (x.ok ? Buffer.from(await x.arrayBuffer()) : null)).catch(() => null);

/** Polls one rung's playlist every 100 ms; segments listed after the first poll are recorded with when they were first seen. */
function watchRung(base: string, rung: string, segs: Seg[], stopped: () => boolean): Promise<void> {
  const known = new Set<string>();
  const inits = new Map<string, Promise<Buffer | null>>();
  let first = true;
  return (async () => {
    while (!stopped()) {
      const tick = Date.now();
      try {
        const r = await fetch(`${base}${rung}/index.m3u8`, { cache: 'no-store' });
        const text = r.ok ? await r.text() : '';
        const seenAt = Date.now();
        for (const s of parsePlaylist(text)) {
          if (known.has(s.uri)) continue;
          known.add(s.uri);
          if (first) continue; // listed before we looked: when is unknown
          const seg = fetchBytes(`${base}${rung}/${s.uri}`);
          let bytes = seg;
          if (s.map) {
            if (!inits.has(s.map)) inits.set(s.map, fetchBytes(`${base}${rung}/${s.map}`));
            const init = inits.get(s.map)!;
            bytes = Promise.all([init, seg]).then(([i, b]) => (i && b ? Buffer.concat([i, b]) : null));
          }
          segs.push({ kind: s.kind, rung, seq: s.seq, uri: s.uri, duration: s.duration, pdt: s.pdt, seenAt, bytes, fmp4: !!s.map });
        }
        if (text) first = false;
      } catch {
        /* Efir closing, or a transient error: next poll */
      }
      await sleep(Math.max(0, tick + 100 - Date.now()));
    }
  })();
}

// ------------------------------------------------------------------ one phase

function call<T>(child: ChildProcess, msg: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (c: number | null) => reject(new Error(`efir process exited (${c})`));
    child.once('exit', onExit);
    child.once('message', (r: any) => {
      child.off('exit', onExit);
      if (r?.error) reject(new Error(r.error));
      else resolve(r as T);
    });
    child.send(msg as any);
  });
}

/** What one phase holds open, for its own cleanup and for Ctrl-C. */
interface PhaseRig {
  efirChild: ChildProcess | null;
  publisher: Publisher | null;
  browser: Browser | null;
  viewer: { url: string; close(): Promise<void> } | null;
  stopPolling: boolean;
  textDir: string;
}
let current: PhaseRig | null = null;

async function cleanup(rig: PhaseRig) {
  rig.stopPolling = true;
  await rig.browser?.close().catch(() => {});
  await rig.viewer?.close().catch(() => {});
  rig.publisher?.child.kill('SIGKILL');
  const child = rig.efirChild;
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.send({ cmd: 'close' });
    await Promise.race([exited, sleep(20_000)]);
    if (child.exitCode === null) {
      log('the Efir process did not close in 20 s: killing it and its children');
      for (const p of tree(child.pid!).reverse()) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
  }
  fs.rmSync(rig.textDir, { recursive: true, force: true });
}
process.on('SIGINT', () => void (current ? cleanup(current) : Promise.resolve()).finally(() => process.exit(130)));

async function runPhase(mode: 'ts' | 'll'): Promise<Record<string, unknown>> {
  const lowLatency = mode === 'll';
  const out: Record<string, unknown> = { mode: lowLatency ? 'LL-HLS (fMP4 parts, blocking reloads)' : 'MPEG-TS 1 s segments', loadAverageBefore: os.loadavg().map((l) => Math.round(l * 100) / 100) };
  const rig: PhaseRig = { efirChild: null, publisher: null, browser: null, viewer: null, stopPolling: false, textDir: fs.mkdtempSync(path.join(os.tmpdir(), 'efir-bench-live-')) };
  current = rig;
  try {
    // ---- Efir, a broadcast, its key
    const t0 = Date.now();
    rig.efirChild = fork(path.join(HERE, 'efir.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 2, 2, 'ipc'],
      env: { ...process.env, BENCH_LIVE_LOW_LATENCY: String(lowLatency) }
    });
    const efirChild = rig.efirChild;
    const hello = await new Promise<{ baseUrl: string; rtmpUrl: string; broadcastId: string; dataDir: string; database: string }>((resolve, reject) => {
      efirChild.once('exit', (c) => reject(new Error(`efir process exited (${c}) before it was ready`)));
      efirChild.once('message', (msg: any) => resolve(msg));
    });
    out.database = hello.database;
    log(`[${mode}] Efir up in ${Date.now() - t0} ms at ${hello.baseUrl}; publishing ${WIDTH}x${HEIGHT}@${FPS}`);

    // ---- the publisher, and the broadcast going live
    const publisher = publish({ url: hello.rtmpUrl, width: WIDTH, height: HEIGHT, fps: FPS, seconds: SECONDS + 90, textFile: path.join(rig.textDir, 'text.txt') });
    rig.publisher = publisher;
    void publisher.exited.then((code) => {
      if (!rig.stopPolling) log(`[${mode}] the publisher exited (${code}): ${publisher.stderr().trim()}`);
    });
    const { run } = await call<{ run: string }>(efirChild, { cmd: 'waitLive', timeoutMs: 30_000 });
    const hlsPath = `/media/live/${hello.broadcastId}/${run}/`;
    const base = `${hello.baseUrl}${hlsPath}`;
    const timeToLiveMs = Date.now() - publisher.spawnedAt;
    log(`[${mode}] live after ${timeToLiveMs} ms from the publisher's start: ${hlsPath}master.m3u8`);
    const master = await (await fetch(`${base}master.m3u8`)).text();
    const lines = master.split('\n');
    const rungs = lines.filter((l) => l && !l.startsWith('#')).map((l) => l.replace(/\/index\.m3u8$/, ''));
    out.rungs = rungs.map((r) => {
      const line = lines[lines.findIndex((l) => l.startsWith(`${r}/`)) - 1] ?? '';
      const res = /RESOLUTION=(\d+x\d+)/.exec(line)?.[1];
      const bw = /BANDWIDTH=(\d+)/.exec(line)?.[1];
      return `${r}${res ? ` ${res}` : ''}${bw ? ` ${Math.round(Number(bw) / 1000)}k` : ''}`;
    });
    log(`[${mode}] rungs:`, (out.rungs as string[]).join(', '));

    const segs: Seg[] = [];
    const pollers = rungs.map((r) => watchRung(base, r, segs, () => rig.stopPolling));

    // The ladder: every ffmpeg the Efir process runs (its live worker's children).
    const ffmpegs = () => tree(efirChild.pid!).filter((p) => /ffmpeg$/.test(cmdline(p)[0] ?? ''));
    if (!ffmpegs().length) throw new Error('the live ladder ffmpeg was not found');
    log(`[${mode}] the ladder ffmpeg: pid ${ffmpegs().join(', ')}`);

    // ---- the viewer (--viewer none: no browser, for the ladder's CPU with nothing else drawing on
    // these 2 vCPUs; Chromium's software decode of the top rung takes a third of a core)
    let page: import('playwright-core').Page | null = null;
    if (WITH_VIEWER) {
      rig.viewer = await startViewerServer(hello.baseUrl, () => pageHtml(`${hlsPath}master.m3u8`, hlsLiveConfig(30 * 60)));
      rig.browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required']
      });
      page = await rig.browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
      if (THROTTLE_KBPS) {
        // A weak connection: ABR should settle on a rung it can carry instead of stalling.
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: (THROTTLE_KBPS * 1000) / 8, uploadThroughput: (THROTTLE_KBPS * 1000) / 8 });
        out.viewerThrottleKbps = THROTTLE_KBPS;
      }
      page.on('console', (msg) => {
        if (msg.type() === 'error') log(`[${mode}] page:`, msg.text());
      });
      page.on('pageerror', (err) => log(`[${mode}] page error:`, err.message));
      const opened = Date.now();
      await page.goto(rig.viewer.url);
      await page.waitForFunction(() => (window as any).__bench?.playingAt !== null, undefined, { timeout: 30_000 });
      const playingAt = await page.evaluate(() => (window as any).__bench.playingAt as number);
      log(`[${mode}] Chromium playing ${playingAt - opened} ms after opening the page; settling ${SETTLE_MS / 1000} s`);
    }
    await sleep(SETTLE_MS);

    // ---- the window
    const chromiumPids = () => tree(process.pid).filter((p) => /chrom/.test(cmdline(p)[0] ?? ''));
    const meters = {
      ladder: new CpuMeter(ffmpegs),
      publisher: new CpuMeter(() => [publisher.child.pid!]),
      chromium: new CpuMeter(chromiumPids),
      efir: new CpuMeter(() => [efirChild.pid!]),
      bench: new CpuMeter(() => [process.pid])
    };
    const winStart = Date.now();
    const framesAtStart = publisher.frames();
    for (const mt of Object.values(meters)) mt.start();
    let ladderRss = 0;
    log(`[${mode}] measuring ${SECONDS} s…`);
    while (Date.now() < winStart + SECONDS * 1000) {
      await sleep(1000);
      for (const mt of Object.values(meters)) mt.sample();
      ladderRss = ffmpegs().reduce((sum, p) => sum + (rssMiB(p) ?? 0), 0) || ladderRss;
      const done = Math.round((Date.now() - winStart) / 1000);
      if (done % 10 === 0) log(`[${mode}] ${done} s`);
    }
    const winEnd = Date.now();
    const framesInWindow = publisher.frames() - framesAtStart;
    for (const mt of Object.values(meters)) mt.sample();
    rig.stopPolling = true;
    await Promise.all(pollers);
    const inPage = page
      ? await page.evaluate(() => (window as any).__bench)
      : { samples: [], frames: [], waiting: [], stalls: [], stallOpen: null, errors: [], hlsStalls: [], parts: 0, frags: 0, blockingReloads: 0, catchUps: [] };
    await rig.browser?.close();
    rig.browser = null;
    publisher.child.kill('SIGKILL');

    const publisherStart = publisher.start();
    if (publisherStart === null) throw new Error('the publisher reported no progress');
    log(`[${mode}] publisherStart = spawn + ${Math.round(publisherStart - publisher.spawnedAt)} ms`);
    const captured = (n: number) => publisherStart + (n * 1000) / FPS;

    // ---- (a) capture → segment listed (decoded after the window, so not during it)
    const inWindow = segs.filter((s) => s.seenAt >= winStart && s.seenAt <= winEnd);
    log(`[${mode}] decoding the first frame of ${inWindow.length} segments and first parts…`);
    const firstFrames = new Map<Seg, number | null>();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.max(1, os.cpus().length) }, async () => {
        while (next < inWindow.length) {
          const s = inWindow[next++]!;
          const bytes = await s.bytes;
          firstFrames.set(s, bytes ? await firstFrameNumber(bytes, s.fmp4 ? 'mp4' : 'mpegts') : null);
        }
      })
    );
    const listed: number[] = [];
    const partListed: number[] = [];
    const byRung: Record<string, number[]> = {};
    const pdtOff: number[] = [];
    const bySeq = new Map<number, Set<number>>();
    let undecoded = 0;
    for (const s of inWindow) {
      const n0 = firstFrames.get(s);
      if (n0 === null || n0 === undefined) {
        undecoded++;
        continue;
      }
      const nLast = n0 + Math.round(s.duration * FPS) - 1;
      const d = s.seenAt - captured(nLast);
      if (s.kind === 'part') {
        partListed.push(d);
        continue;
      }
      bySeq.set(s.seq, (bySeq.get(s.seq) ?? new Set()).add(n0));
      listed.push(d);
      (byRung[s.rung] ??= []).push(d);
      if (s.pdt !== null) pdtOff.push(s.pdt - captured(n0));
    }
    const misaligned = [...bySeq.values()].filter((v) => v.size > 1).length;
    const durations = pct(inWindow.filter((s) => s.kind === 'segment').map((s) => s.duration * 1000));

    // ---- (b) the player
    const samples = (inPage.samples as any[]).filter((s) => s.t >= winStart && s.t <= winEnd);
    const frames = (inPage.frames as any[]).filter((f) => f.wall >= winStart && f.wall <= winEnd);
    const hlsLatency = pct(samples.filter((s) => typeof s.latency === 'number' && Number.isFinite(s.latency)).map((s) => s.latency));
    const playingDelay = pct(samples.filter((s) => s.playingDate !== null).map((s) => s.t - s.playingDate));
    // A misread barcode (a frame caught mid-scale) would show as a wild value: kept only if the
    // frame number is one the publisher had produced by then.
    const plausible = frames.filter((f) => captured(f.n) <= f.wall && f.n > 0);
    const captureToPlaying = pct(plausible.map((f) => f.wall - captured(f.n)));
    const heights = new Map<number, number>();
    for (const s of samples) heights.set(s.height, (heights.get(s.height) ?? 0) + 1);
    // Stalls overlapping the window, clipped to it (one still open at the end counts to the end).
    const stalls = [...(inPage.stalls as { start: number; end: number }[]), ...(inPage.stallOpen ? [{ start: inPage.stallOpen as number, end: winEnd }] : [])]
      .map((x) => ({ start: Math.max(x.start, winStart), end: Math.min(x.end, winEnd) }))
      .filter((x) => x.end > x.start);

    const cpu = (k: keyof typeof meters) => round(meters[k].percent(), 1);
    Object.assign(out, {
      captureToPlayingMs: roundStats(captureToPlaying),
      rebuffering: {
        stalls: stalls.length,
        totalMs: Math.round(stalls.reduce((sum, x) => sum + x.end - x.start, 0)),
        hlsjsBufferStalledErrors: (inPage.hlsStalls as number[]).filter((t) => t >= winStart && t <= winEnd).length
      },
      ladderCpuPercent: cpu('ladder'),
      ladderRssMB: round(ladderRss),
      segmentListedDelayMs: roundStats(pct(listed)),
      // LL: capture of a segment's first part's last frame → that part listed (what a player can fetch).
      ...(lowLatency ? { firstPartListedDelayMs: roundStats(pct(partListed)) } : {}),
      hlsjsLatencyS: roundStats(hlsLatency, 2),
      playingDelayMs: roundStats(playingDelay),
      // Below ~0.97 the machine could not keep up: the publisher (or the ladder) fell behind real
      // time, a backlog the capture-based delays then include (a real camera would drop frames).
      realtime: {
        publisher: round(framesInWindow / (((winEnd - winStart) / 1000) * FPS), 3),
        // Seconds of the top rung listed per second (the rungs are aligned; the audio rendition is not counted).
        ladder: round(inWindow.filter((s) => s.kind === 'segment' && s.rung === rungs[0]).reduce((sum, s) => sum + s.duration, 0) / ((winEnd - winStart) / 1000), 3)
      },
      loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100),
      details: {
        segmentListedDelayMsByRung: Object.fromEntries(Object.entries(byRung).map(([r, xs]) => [r, roundStats(pct(xs))])),
        segmentDurationMs: roundStats(durations),
        segmentsListedByRung: Object.fromEntries(rungs.map((r) => [r, inWindow.filter((s) => s.kind === 'segment' && s.rung === r).length])),
        segmentsUndecoded: undecoded,
        // Media sequence numbers whose segments do not start on the same frame on every rung.
        sequencesMisalignedAcrossRungs: misaligned,
        pdtMinusCaptureMs: roundStats(pct(pdtOff)),
        playerTargetLatencyS: round(samples.at(-1)?.targetLatency ?? null, 2),
        playerHeights: Object.fromEntries(heights),
        playerBufferAheadS: roundStats(pct(samples.map((s) => s.bufferAhead)), 2),
        // Whole run: what hls.js loaded (parts only in LL mode) and how many playlist reloads were blocking.
        playerPartsLoaded: inPage.parts,
        playerSegmentsLoaded: inPage.frags,
        playerBlockingReloads: inPage.blockingReloads,
        // Jumps back to the live edge (web/lib/player/live-catch-up.ts): whole run, and in the window.
        playerCatchUps: (inPage.catchUps ?? []).length,
        playerCatchUpsInWindow: (inPage.catchUps ?? []).filter((t: number) => t >= winStart && t <= winEnd).length,
        // When (ms from the window's start) the player stalled, switched rung, or jumped back to the edge.
        playerTimeline: [
          ...stalls.map((x) => ({ t: x.start - winStart, stallMs: x.end - x.start })),
          ...((inPage.levels ?? []) as { t: number; height: number }[]).map((x) => ({ t: x.t - winStart, height: x.height })),
          ...((inPage.catchUps ?? []) as number[]).map((t) => ({ t: t - winStart, catchUp: true }))
        ].sort((a, b) => a.t - b.t).slice(0, 30),
        playerWaitingEventsInWindow: (inPage.waiting as number[]).filter((t) => t >= winStart && t <= winEnd).length,
        playerErrors: (inPage.errors as any[]).slice(0, 10).map((e) => ({ ...e, t: e.t - winStart })),
        // The player's first seconds (ms from the window's start, negative: before it): how it started.
        playerStart: (inPage.samples as any[]).slice(0, 8).map((x) => ({ t: x.t - winStart, latency: round(x.latency, 2), ahead: round(x.bufferAhead, 2), rate: x.rate, paused: x.paused })),
        barcodeFramesRead: frames.length,
        barcodeFramesImplausible: frames.length - plausible.length,
        timeToLiveMs,
        publisherStartAfterSpawnMs: Math.round(publisherStart - publisher.spawnedAt),
        cpuPercentOfOneCore: { ladder: cpu('ladder'), publisher: cpu('publisher'), chromium: cpu('chromium'), efirNode: cpu('efir'), benchNode: cpu('bench') }
      }
    });
    log(`[${mode}] done: capture → playing p50 ${out.captureToPlayingMs && (out.captureToPlayingMs as any).p50} ms`);
  } catch (err) {
    log(`[${mode}] failed:`, err);
    out.error = String(err);
    process.exitCode = 1;
  } finally {
    await cleanup(rig);
    current = null;
  }
  return out;
}

// ------------------------------------------------------------------ run

const phases: Record<string, Record<string, unknown>> = {};
for (const mode of MODES as ('ts' | 'll')[]) phases[mode] = await runPhase(mode);
result.phases = phases;
const p50 = (mode: string) => (phases[mode]?.captureToPlayingMs as { p50: number | null } | undefined)?.p50 ?? null;
const stallsOf = (mode: string) => (phases[mode]?.rebuffering as { stalls: number; totalMs: number } | undefined) ?? null;
if (phases.ll) {
  const ll = stallsOf('ll');
  const ts = stallsOf('ts');
  result.target = {
    llP50CaptureToPlayingAtMost2s: p50('ll') !== null && p50('ll')! <= LL_TARGET_P50_MS,
    llNoMoreRebufferingThanTs: ll && ts ? ll.stalls <= ts.stalls && ll.totalMs <= Math.max(ts.totalMs, 0) : null
  };
}
result.loadAverageAfter = os.loadavg().map((l) => Math.round(l * 100) / 100);
console.log(JSON.stringify(result));
process.exit(process.exitCode ?? 0);
