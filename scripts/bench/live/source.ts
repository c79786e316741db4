/**
 * The publisher of bench:live and how to read back which frame a picture is.
 *
 * ffmpeg publishes a lavfi testsrc2 pattern with a tone, like OBS would (H.264 zerolatency, CBR-ish,
 * 1 s keyframes and no others, AAC), with two things burned into every frame:
 * - for people: the wall-clock time the frame went through the filter (drawtext %{localtime}) and
 *   its frame number;
 * - for the benchmark: the frame number as a 16-bit barcode, 16 black or white cells across the top
 *   twelfth of the picture (most significant bit left). It survives every rung of the ladder (at
 *   240p a cell is still 26×20 pixels) and the player's scaling, so a segment's first frame and the
 *   frame Chromium shows can be named exactly: frame n was captured at publisherStart + n / fps.
 *
 * publisherStart: with -re, ffmpeg releases input frame n to its filters and encoder at
 * t0 + n / fps, t0 being when it started reading (ffmpeg 5.1 get_input_packet: a packet waits until
 * its DTS is due on the wall clock). The publisher reports `-progress` every 100 ms with the number
 * of frames handed to the encoder so far; each report, received at wall time T with `frame=N`,
 * bounds t0 ≤ T − N / fps (frame N−1 was released at t0 + (N−1)/fps, before the report). The
 * minimum over the whole run is the estimate: late by the encoder's per-frame time plus the pipe at
 * best (tens of ms with zerolatency), never early. So capture-based delays are, if anything,
 * slightly UNDER-estimated (by that much).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BARCODE_BITS = 16;

const FONTS = [
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf'
];

export interface Publisher {
  child: ChildProcess;
  /** The estimate of t0 (ms, wall clock): frame n is captured at t0 + n * 1000 / fps. */
  start(): number | null;
  /** Frames handed to the encoder so far (the last -progress report). */
  frames(): number;
  spawnedAt: number;
  exited: Promise<number | null>;
  stderr(): string;
}

export function publish(opts: { url: string; width: number; height: number; fps: number; seconds: number; textFile: string }): Publisher {
  const { width: W, height: H, fps } = opts;
  const font = FONTS.find((f) => fs.existsSync(f));
  // drawtext reads its text from a file: no filtergraph escaping of the template; the colons of
  // the strftime format are escaped for drawtext's own %{…} argument parser.
  fs.writeFileSync(opts.textFile, 'captured %{localtime:%H\\:%M\\:%S}  frame %{n}');
  const barH = Math.round(H / 12 / 2) * 2;
  const fontSize = Math.round(H / 14);
  const graph = [
    // One pixel per bit, frame number N of this source = frame number of the pattern (same rate,
    // both from 0); scaled up with hard edges to full-width cells.
    `nullsrc=size=${BARCODE_BITS}x1:rate=${fps},format=gray,geq=lum='255*mod(floor(N/pow(2,${BARCODE_BITS - 1}-X)),2)',` +
      `scale=${W}:${barH}:flags=neighbor,format=yuv420p[bar]`,
    `[0:v][bar]overlay=0:0:shortest=1,` +
      `drawtext=${font ? `fontfile=${font}:` : ''}textfile=${opts.textFile}:fontsize=${fontSize}:fontcolor=white:` +
      `box=1:boxcolor=black@0.7:boxborderw=${Math.round(fontSize / 4)}:x=(w-tw)/2:y=h-th-${Math.round(H / 10)}[v]`
  ].join(';');
  // About 0.1 bit per pixel: 6 Mbit/s at 1080p30, what OBS's presets send.
  const kbps = Math.round((W * H * fps * 0.1) / 1000);
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-stats_period', '0.1',
    '-re', '-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=${fps}`,
    '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-filter_complex', graph,
    '-map', '[v]', '-map', '1:a',
    '-t', String(opts.seconds),
    // ultrafast: the publisher stands in for OBS on the producer's own computer (often a hardware
    // encoder); on this one machine its encode competes with the ladder it feeds, so it is kept cheap.
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
    '-g', String(fps), '-keyint_min', String(fps), '-sc_threshold', '0',
    '-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps}k`,
    '-c:a', 'aac', '-b:a', '128k', '-ar', '48000',
    '-f', 'flv', opts.url
  ];
  const spawnedAt = Date.now();
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let t0: number | null = null;
  let frames = 0;
  let err = '';
  let buf = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    const at = Date.now();
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      const m = /^frame=(\d+)$/.exec(line);
      if (m) frames = Number(m[1]);
      if (line.startsWith('progress=') && frames > 0) {
        const est = at - (frames * 1000) / fps;
        if (t0 === null || est < t0) t0 = est;
      }
    }
  });
  child.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, spawnedAt, exited, start: () => t0, frames: () => frames, stderr: () => err };
}

/**
 * The frame number in the barcode of a segment's first frame. Only the keyframe is decoded
 * (-skip_frame nokey), and only the barcode strip, averaged down to one gray pixel per cell. An fMP4
 * segment comes with its init segment in front and is read from a temporary file (the mp4 demuxer
 * wants to seek); an MPEG-TS segment is piped.
 */
export async function firstFrameNumber(segment: Buffer, format: 'mpegts' | 'mp4' = 'mpegts'): Promise<number | null> {
  let tmp: string | null = null;
  if (format === 'mp4') {
    tmp = path.join(os.tmpdir(), `efir-bench-seg-${process.pid}-${Math.random().toString(36).slice(2)}.mp4`);
    fs.writeFileSync(tmp, segment);
  }
  try {
    return await new Promise((resolve) => {
      const child = spawn('ffmpeg', [
        '-hide_banner', '-loglevel', 'error', '-threads', '1', '-skip_frame', 'nokey',
        ...(tmp ? ['-i', tmp] : ['-f', 'mpegts', '-i', 'pipe:0']),
        '-map', '0:v:0', '-frames:v', '1',
        // The middle half of the strip's height, each cell's middle (the scaler averages the cell).
        '-vf', `crop=iw:ih/48:0:ih/96,scale=${BARCODE_BITS * 4}:1:flags=area`,
        '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'
      ], { stdio: ['pipe', 'pipe', 'ignore'] });
      const out: Buffer[] = [];
      child.stdout!.on('data', (d) => out.push(d));
      child.stdin!.on('error', () => {});
      child.stdin!.end(tmp ? undefined : segment);
      child.once('exit', () => {
        const px = Buffer.concat(out);
        resolve(px.length >= BARCODE_BITS * 4 ? bitsToNumber((i) => px[i * 4 + 1]! / 2 + px[i * 4 + 2]! / 2) : null);
      });
    });
  } finally {
    if (tmp) fs.rmSync(tmp, { force: true });
  }
}

/** Reads the cells (MSB first) from a luma probe for cell i (0–255). */
export function bitsToNumber(luma: (cell: number) => number): number {
  let n = 0;
  for (let i = 0; i < BARCODE_BITS; i++) n = n * 2 + (luma(i) > 128 ? 1 : 0);
  return n;
}
