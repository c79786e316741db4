// The one place that builds ffmpeg argument lists (with its neighbours for whole features: the live
// ladder in live.ts, subtitled variants in variants.ts). Pure: every function returns a string[] for
// child_process.spawn (no shell, so no shell quoting; only ffmpeg's own filter escaping applies).
//
// HLS output uses MPEG-TS segments rather than fMP4: every phone HLS stack plays TS, including
// old Android builds whose fMP4 support is patchy. The cost: MPEG-TS timestamps do not start at
// zero (ffmpeg's muxer offsets them by 2 x -muxdelay, 1.4 s by default), so WebVTT subtitle
// playlists must carry `X-TIMESTAMP-MAP=MPEGTS:<first PTS>,LOCAL:00:00:00.000` with that offset
// or captions drift by it (see MPEGTS_TIMESTAMP_OFFSET in playlists.ts).

import path from 'node:path';
import type { LadderPlan, Rung } from './ladder.js';
import { levelArg } from './h264.js';
import { LIVE_FORMATS, LIVE_PROTOCOLS, UPLOAD_FORMATS, acceptedDemuxer } from './formats.js';

export const X264_PRESET = 'veryfast';

// Quiet, machine-readable: errors only on stderr (we keep its tail for the job log), progress as
// key=value blocks on stdout.
const COMMON = ['-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y'];

const kbps = (bps: number): string => `${Math.round(bps / 1000)}k`;

/**
 * How ffmpeg (or ffprobe) opens one input: its input options, then `-i` and the input. Made by
 * sourceInput or liveInput only, so no source is read without the whitelists of formats.ts.
 */
export interface MediaInput {
  readonly args: readonly string[];
}

/**
 * A local source file. `-protocol_whitelist file` and `-format_whitelist` keep ffmpeg to this one
 * file in a container a camera or an editor writes (also inside any demuxer it would nest); the
 * `file:` prefix stops a name starting with '-' or looking like 'http:' being read as an option or
 * another protocol. `formatName` (the probe's, e.g. `mov,mp4,m4a,3gp,3g2,mj2`) becomes `-f`, so
 * ffmpeg reads the file as what the probe accepted instead of guessing again; without it (the probe
 * itself) ffmpeg guesses, within the whitelist.
 */
export function sourceInput(file: string, formatName?: string): MediaInput {
  const args = ['-protocol_whitelist', 'file', '-format_whitelist', UPLOAD_FORMATS.join(',')];
  if (formatName !== undefined) {
    const demuxer = acceptedDemuxer(formatName);
    if (demuxer === null) throw new Error(`sourceInput: ${formatName} is not an accepted source format`);
    args.push('-f', demuxer);
  }
  args.push('-i', `file:${path.resolve(file)}`);
  return { args };
}

/**
 * A live stream the ingest serves over RTMP: that protocol (over TCP) and FLV only.
 * `readTimeoutSeconds`: give up when no data comes for that long (a probe; the live ladder sets its own).
 */
export function liveInput(url: string, readTimeoutSeconds?: number): MediaInput {
  return {
    args: [
      '-protocol_whitelist', LIVE_PROTOCOLS.join(','),
      '-format_whitelist', LIVE_FORMATS.join(','),
      ...(readTimeoutSeconds === undefined ? [] : ['-rw_timeout', String(Math.round(readTimeoutSeconds * 1_000_000))]),
      '-i', url
    ]
  };
}

/**
 * ffprobe's description of an input as JSON (probe.ts reads it). Warnings are kept on stderr:
 * "detected only with low score" is what tells a renamed text file from a damaged MP4
 * (describeProbeFailure), and "Format not on whitelist" names a refused format.
 */
export function formatProbeArgs(input: MediaInput): string[] {
  return ['-hide_banner', '-loglevel', 'warning', '-print_format', 'json', '-show_format', '-show_streams', ...input.args];
}

/**
 * Escape a value for use inside a filter's options within a -vf/-filter_complex graph. Two
 * levels, as ffmpeg parses twice: first the option value (`\ ' :`), then the graph (`\ ' [ ] , ;`).
 * Needed for file paths (Windows drive colons, commas, quotes) and force_style's commas.
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, '\\$&');
  return optionLevel.replace(/[\\'[\],;]/g, '\\$&');
}

/**
 * Encoder options for one rung; `s` is the stream specifier suffix (':v:2') or '' for single-output
 * commands. The live ladder (media/live.ts) passes its own preset and x264's zerolatency tune.
 */
export function videoEncodeArgs(rung: Rung, plan: LadderPlan, s: string, o: { preset?: string; tune?: string } = {}): string[] {
  if (rung.copy) return [`-c${s}`, 'copy'];
  return [
    `-c${s}`, 'libx264',
    `-preset${s}`, o.preset ?? X264_PRESET,
    ...(o.tune ? [`-tune${s}`, o.tune] : []),
    `-profile${s}`, rung.profile,
    // Pinned so the CODECS attribute we write in the master playlist is what x264 signals.
    `-level${s}`, levelArg(rung.level),
    `-pix_fmt${s}`, 'yuv420p',
    `-b${s}`, kbps(rung.videoBitrate),
    `-maxrate${s}`, kbps(rung.maxrate),
    `-bufsize${s}`, kbps(rung.bufsize),
    // Fixed GOP, no scene-cut keyframes, and a forced keyframe at every segment boundary: every
    // rendition then starts each segment on the same frame, so players can switch between them
    // at any segment without a glitch.
    `-g${s}`, String(plan.gop),
    `-keyint_min${s}`, String(plan.gop),
    `-sc_threshold${s}`, '0',
    `-force_key_frames${s}`, `expr:gte(t,n_forced*${plan.segmentDuration})`
  ];
}

function hlsArgs(plan: LadderPlan, segmentPattern: string, playlist: string): string[] {
  return [
    '-f', 'hls',
    '-hls_time', String(plan.segmentDuration),
    '-hls_playlist_type', 'vod',
    '-hls_segment_type', 'mpegts',
    // Each segment starts with a keyframe; lets players decode any segment on its own.
    '-hls_flags', 'independent_segments',
    '-hls_segment_filename', segmentPattern,
    playlist
  ];
}

const scaleFilter = (rung: Rung): string => `scale=${rung.width}:${rung.height},setsar=1`;

/**
 * The filter graph of the encoded rungs (largest first): a cascade, each rung scaled from the one
 * above it rather than from the source, so the smaller scalers read a 720p picture instead of a
 * 1080p one (a third less scaling work for a 1080p ladder; bicubic steps of at most
 * 1.5x lose nothing visible). Each intermediate picture is `split` to its encoder and to the
 * next scaler: [0:v:0]scale[c0]; [c0]split=2[v0][n0]; [n0]scale[c1]; ... -> [v0]..[vK-1].
 */
export function ladderGraph(encoded: Rung[]): string {
  const parts: string[] = [];
  let from = '[0:v:0]';
  encoded.forEach((rung, k) => {
    const last = k === encoded.length - 1;
    if (last) {
      parts.push(`${from}${scaleFilter(rung)}[v${k}]`);
    } else {
      parts.push(`${from}${scaleFilter(rung)},split=2[v${k}][n${k}]`);
      from = `[n${k}]`;
    }
  });
  return parts.join(';');
}

/**
 * The audio outputs of a ladder, after its video maps: the source's sound once per rung (every TS
 * variant carries its own audio: a separate audio group would cost players an extra request per
 * segment), then once more for the audio-only rendition when the plan has one. Channels are set per
 * output stream, never by a bare `-ac` that a later per-stream one would have to override.
 */
export function audioMapArgs(plan: LadderPlan): string[] {
  if (!plan.hasAudio) return [];
  const n = plan.rungs.length + (plan.audioOnly ? 1 : 0);
  return Array.from({ length: n }, () => ['-map', '0:a:0']).flat();
}

/** AAC-LC for every audio output of audioMapArgs: stereo at each rung's bitrate, the audio-only one at its own. */
export function audioEncodeArgs(plan: LadderPlan): string[] {
  if (!plan.hasAudio) return [];
  const args = ['-c:a', 'aac'];
  plan.rungs.forEach((rung, i) => args.push(`-b:a:${i}`, kbps(rung.audioBitrate), `-ac:a:${i}`, '2'));
  if (plan.audioOnly) {
    const i = plan.rungs.length;
    args.push(`-b:a:${i}`, kbps(plan.audioOnly.bitrate), `-ac:a:${i}`, String(plan.audioOnly.channels));
  }
  return args;
}

/**
 * -var_stream_map: video i with audio i, named by rung, then the audio-only variant alone (its own
 * playlist in the same HLS muxer: the same -hls_time cuts, the same DVR window and discontinuities
 * on a live restart).
 */
export function varStreamMap(plan: LadderPlan): string {
  const variants = plan.rungs.map((rung, i) => (plan.hasAudio ? `v:${i},a:${i},name:${rung.name}` : `v:${i},name:${rung.name}`));
  if (plan.hasAudio && plan.audioOnly) variants.push(`a:${plan.rungs.length},name:${plan.audioOnly.name}`);
  return variants.join(' ');
}

/**
 * The whole ladder in ONE ffmpeg process: the source is decoded once and feeds a cascade of one
 * scaler per encoded rung (ladderGraph), instead of decoding it again for every rendition (the benchmark compares).
 * A copied rung maps the source video untouched. Output: outDir/<rung>/index.m3u8 and
 * outDir/<rung>/seg00000.ts..., and the audio-only rendition in outDir/audio/ (the ladder step
 * moves it beside video/); ffmpeg creates the folders. The master playlist is
 * written by masterPlaylist(), not ffmpeg (-master_pl_name in 5.1 cannot add subtitles, and
 * its BANDWIDTH/CODECS are guesses).
 */
export function ladderArgs(input: MediaInput, plan: LadderPlan, outDir: string): string[] {
  if (plan.rungs.length === 0) throw new Error('ladderArgs: the plan has no rungs');
  const args = [...COMMON, ...input.args];

  const encoded = plan.rungs.filter((r) => !r.copy);
  if (encoded.length > 0) args.push('-filter_complex', ladderGraph(encoded));

  // Video outputs in plan order, then the audio outputs: var_stream_map pairs v:i with a:i.
  let k = 0;
  for (const rung of plan.rungs) args.push('-map', rung.copy ? '0:v:0' : `[v${k++}]`);
  args.push(...audioMapArgs(plan));

  plan.rungs.forEach((rung, i) => args.push(...videoEncodeArgs(rung, plan, `:v:${i}`)));
  args.push(...audioEncodeArgs(plan));

  args.push('-var_stream_map', varStreamMap(plan));
  args.push(...hlsArgs(plan, `${outDir}/%v/seg%05d.ts`, `${outDir}/%v/index.m3u8`));
  return args;
}

/**
 * One rendition per process: decodes the source again for every rung. Only for the benchmark
 * that shows why ladderArgs does not do this. It still goes through -var_stream_map with one
 * variant, because ffmpeg 5.1 creates the rung's folder only for %v paths; with a plain path it
 * logs "Failed to open file" and yet exits 0.
 */
export function singleRenditionArgs(input: MediaInput, plan: LadderPlan, rung: Rung, outDir: string): string[] {
  const args = [...COMMON, ...input.args, '-map', '0:v:0'];
  if (plan.hasAudio) args.push('-map', '0:a:0');
  if (!rung.copy) args.push('-vf', scaleFilter(rung));
  args.push(...videoEncodeArgs(rung, plan, ':v:0'));
  if (plan.hasAudio) args.push('-c:a', 'aac', '-b:a:0', kbps(rung.audioBitrate), '-ac:a:0', '2');
  args.push('-var_stream_map', plan.hasAudio ? `v:0,a:0,name:${rung.name}` : `v:0,name:${rung.name}`);
  args.push(...hlsArgs(plan, `${outDir}/%v/seg%05d.ts`, `${outDir}/%v/index.m3u8`));
  return args;
}

/** A JPEG poster `width` pixels wide (height keeps the aspect ratio, even). */
export function posterArgs(input: MediaInput, atSeconds: number, outFile: string, width: number): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    // -ss before -i seeks in the demuxer: instant, instead of decoding up to that point.
    '-ss', String(Math.max(0, atSeconds)),
    ...input.args,
    '-map', '0:v:0',
    '-frames:v', '1',
    '-vf', `scale=${width}:-2`,
    '-q:v', '3',
    outFile
  ];
}

export interface SpriteLayout {
  columns: number;
  rows: number;
  tileWidth: number;
  /** Omit to keep the aspect ratio; planSprite() gives one so the VTT map matches exactly. */
  tileHeight?: number;
  interval: number;
}

/**
 * One sprite image: a frame every `interval` seconds, scaled to a tile, laid out in a grid.
 * `duration` only checks the grid has room for every tile.
 */
export function spriteArgs(input: MediaInput, duration: number, outFile: string, layout: SpriteLayout): string[] {
  const { columns, rows, tileWidth, tileHeight, interval } = layout;
  const needed = Math.max(1, Math.ceil(duration / interval - 1e-6));
  if (needed > columns * rows) {
    throw new Error(`spriteArgs: ${needed} tiles do not fit a ${columns}x${rows} grid`);
  }
  return [
    '-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y',
    // Decode keyframes only: seek previews do not need the exact frame, and skipping the rest
    // makes a long video's sprite many times faster (phones key every 1-2 s anyway).
    '-skip_frame', 'nokey',
    ...input.args,
    '-map', '0:v:0',
    '-vf', `fps=1/${interval},scale=${tileWidth}:${tileHeight ?? -2},setsar=1,tile=${columns}x${rows}`,
    '-frames:v', '1',
    '-q:v', '5',
    outFile
  ];
}

export interface SyntheticClipOptions {
  duration: number;
  width: number;
  height: number;
  fps?: number;
  /** libx264 (default) gives a source the ladder may remux; mpeg4 forces a full re-encode. */
  videoCodec?: 'libx264' | 'mpeg4';
  /**
   * x264 preset of the clip: ultrafast (default) is quickest to make; the transcode benchmark asks
   * for veryfast, whose CABAC and B-frames cost a decoder what a camera's or an editor's file does.
   */
  preset?: 'ultrafast' | 'veryfast';
  /** Seconds between the clip's keyframes (default 2). One that does not divide the 4 s segment keeps the ladder from remuxing it. */
  keyframeSeconds?: number;
}

/**
 * A test-pattern clip with a tone from ffmpeg's lavfi sources: the demo content, the benchmarks and
 * the tests make their media this way instead of shipping video files.
 */
export function syntheticClipArgs(outFile: string, o: SyntheticClipOptions): string[] {
  const fps = o.fps ?? 30;
  const codec = o.videoCodec ?? 'libx264';
  return [
    ...COMMON,
    '-f', 'lavfi', '-i', `testsrc2=size=${o.width}x${o.height}:rate=${fps}:duration=${o.duration}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${o.duration}`,
    '-c:v', codec,
    ...(codec === 'libx264'
      ? ['-preset', o.preset ?? 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(Math.round(fps * (o.keyframeSeconds ?? 2)))]
      : ['-q:v', '4']),
    '-c:a', 'aac', '-b:a', '96k',
    '-shortest',
    outFile
  ];
}

/**
 * Joins a live recording's parts (MPEG-TS, one per uninterrupted publish) into the replay's source
 * without re-encoding: ffmpeg's concat demuxer over a list file (`file '<path>'` lines, written by
 * concatList). The pipeline then treats it as any upload.
 */
export function recordingConcatArgs(listFile: string, outFile: string): string[] {
  // Efir's own list of its own recording parts (absolute paths, hence -safe 0): the concat demuxer
  // and the MPEG-TS parts it opens, local files only.
  return [...COMMON, '-protocol_whitelist', 'file', '-format_whitelist', 'concat,mpegts', '-f', 'concat', '-safe', '0', '-i', listFile, '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-f', 'mpegts', outFile];
}

/** The concat demuxer's list: one quoted path per line (a quote in a path is escaped as '\''). */
export function concatList(files: string[]): string {
  return files.map((f) => `file '${f.replace(/'/g, "'\\''")}'`).join('\n') + '\n';
}
