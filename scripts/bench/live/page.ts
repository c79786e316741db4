/**
 * The viewer of bench:live: a page with hls.js (the light build, as web/lib/player/LivePlayer.svelte
 * loads) configured exactly as the product's live player (hlsLiveConfig), muted autoplay; and a
 * tiny HTTP server that serves it and proxies /media/* to Efir, so the page and the HLS are one
 * origin (Efir sends no CORS headers) and the player sees Efir's own headers (cache-control too).
 *
 * In the page, window.__bench collects:
 * - samples, once a second: hls.latency (hls.js's estimate of the distance to the live edge, s),
 *   hls.playingDate (the EXT-X-PROGRAM-DATE-TIME of the playback position), the level, the buffer;
 * - waiting: when the video element stalled (its `waiting` events); stalls: each stall after playback
 *   started, from `waiting` to the next `playing` (stallOpen: one not over yet); hlsStalls: hls.js's
 *   bufferStalledError reports;
 * - parts / frags: partial and whole segments hls.js loaded; blockingReloads: playlist requests
 *   carrying _HLS_msn;
 * - frames, about 4 a second: the barcode of the frame being presented (requestVideoFrameCallback,
 *   the frame drawn to a canvas and its cells read) with the wall-clock time of the callback.
 */
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { BARCODE_BITS } from './source.ts';
import { LIVE_SYNC_SECONDS, liveTargetLatency } from '../../../web/lib/player/hls-config.ts';
import { liveCatchUp } from '../../../web/lib/player/live-catch-up.ts';

export function pageHtml(src: string, config: unknown): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench:live</title>
<style>html,body{margin:0;background:#000}video{width:100vw;height:100vh;display:block}</style></head>
<body><video muted playsinline autoplay></video>
<script src="/hls.js"></script>
<script>
const BITS = ${BARCODE_BITS};
const b = (window.__bench = { samples: [], frames: [], errors: [], levels: [], waiting: [], stalls: [], stallOpen: null, hlsStalls: [], parts: 0, frags: 0, blockingReloads: 0, playingAt: null });
const video = document.querySelector('video');
video.muted = true;
const hls = new Hls(${JSON.stringify(config)});
hls.on(Hls.Events.ERROR, (_, d) => {
  if (d.details === 'bufferStalledError') b.hlsStalls.push(Date.now());
  else b.errors.push({ t: Date.now(), type: d.type, details: d.details, fatal: d.fatal });
});
// As the product's player (hls-wiring.ts): the distance from the edge follows the first playlist.
let latencySet = false;
hls.on(Hls.Events.LEVEL_LOADED, (_, d) => {
  if (latencySet || !d.details.live) return;
  latencySet = true;
  const target = (${liveTargetLatency.toString()})(d.details, ${LIVE_SYNC_SECONDS});
  if (hls.targetLatency !== target) hls.targetLatency = target;
});
// As the product's live page (LivePlayer.svelte): back to the edge once a second when drifted behind
// (no viewer here to seek away). Jumps are counted.
b.catchUps = [];
const catchUp = ${liveCatchUp.toString()};
setInterval(() => { if (catchUp(hls, false)) b.catchUps.push(Date.now()); }, 1000);
hls.on(Hls.Events.LEVEL_LOADING, (_, d) => { if (/[?&]_HLS_msn=/.test(d.url)) b.blockingReloads++; });
hls.on(Hls.Events.FRAG_LOADED, (_, d) => { if (d.part) b.parts++; else b.frags++; });
hls.on(Hls.Events.LEVEL_SWITCHED, (_, d) => b.levels.push({ t: Date.now(), level: d.level, height: hls.levels[d.level] && hls.levels[d.level].height }));
hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch((e) => b.errors.push({ t: Date.now(), play: String(e) })));
video.addEventListener('waiting', () => {
  b.waiting.push(Date.now());
  if (b.playingAt !== null && b.stallOpen === null) b.stallOpen = Date.now();
});
video.addEventListener('playing', () => {
  if (b.playingAt === null) b.playingAt = Date.now();
  if (b.stallOpen !== null) b.stalls.push({ start: b.stallOpen, end: Date.now() });
  b.stallOpen = null;
});
hls.loadSource(${JSON.stringify(src)});
hls.attachMedia(video);

const canvas = document.createElement('canvas');
canvas.width = BITS * 4;
canvas.height = 1;
const ctx = canvas.getContext('2d', { willReadFrequently: true });
let last = 0;
function onFrame(now, meta) {
  const wall = Date.now();
  if (now - last >= 250 && video.videoWidth) {
    last = now;
    const w = video.videoWidth, h = video.videoHeight;
    // The middle half of the barcode strip, squeezed to 4 pixels per cell; cells read at their middle.
    ctx.drawImage(video, 0, h / 96, w, h / 48, 0, 0, BITS * 4, 1);
    const px = ctx.getImageData(0, 0, BITS * 4, 1).data;
    let n = 0;
    for (let i = 0; i < BITS; i++) {
      const l = (px[(i * 4 + 1) * 4] + px[(i * 4 + 2) * 4] + px[(i * 4 + 1) * 4 + 1] + px[(i * 4 + 2) * 4 + 1]) / 4;
      n = n * 2 + (l > 128 ? 1 : 0);
    }
    b.frames.push({ wall, expected: performance.timeOrigin + meta.expectedDisplayTime, n, mediaTime: meta.mediaTime, height: h });
  }
  video.requestVideoFrameCallback(onFrame);
}
video.requestVideoFrameCallback(onFrame);

setInterval(() => {
  const ct = video.currentTime;
  let ahead = 0;
  for (let i = 0; i < video.buffered.length; i++) if (video.buffered.start(i) <= ct && ct <= video.buffered.end(i)) ahead = video.buffered.end(i) - ct;
  b.samples.push({
    t: Date.now(),
    latency: hls.latency,
    targetLatency: hls.targetLatency,
    playingDate: hls.playingDate ? hls.playingDate.getTime() : null,
    currentTime: ct,
    level: hls.currentLevel,
    height: video.videoHeight,
    paused: video.paused,
    rate: video.playbackRate,
    bufferAhead: ahead
  });
}, 1000);
</script></body></html>`;
}

/** Serves the page at /, hls.js at /hls.js, and proxies /media/* to `efir` (http://host:port). */
export async function startViewerServer(efir: string, html: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const require = createRequire(import.meta.url);
  const hlsFile = require.resolve('hls.js/dist/hls.light.min.js');
  const upstream = new URL(efir);
  const server = http.createServer((req, res) => {
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(html());
    }
    if (req.url === '/hls.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      return fs.createReadStream(hlsFile).pipe(res);
    }
    if (req.url?.startsWith('/media/')) {
      const p = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      p.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      return req.pipe(p);
    }
    res.writeHead(req.url === '/favicon.ico' ? 204 : 404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      })
  };
}
