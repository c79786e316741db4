// Live broadcasts: an RTMP stream from OBS (or a phone app) is transcoded as it arrives into a
// low-latency HLS ladder, and recorded untouched for the replay. Pure, like ladder.ts and
// ffmpeg-args.ts: the worker probes the stream, plans with planLiveLadder, and spawns ffmpeg with
// liveLadderArgs.
//
// Differences from VOD (ladder.ts), and why:
// - 1 s segments instead of 4 s: a player stays about three segments behind the live edge, so
//   the segment length is most of the latency.
// - The top rung is the publisher's own stream whenever players can decode it as is: the
//   streamer's encoder has already spent its CPU on it, and we cannot measure a live stream's
//   keyframe interval or bitrate in advance the way planLadder does for a file. Its segments are
//   cut at the publisher's keyframes, so they are only 1 s long when OBS's "Keyframe Interval"
//   is 1 s; a longer interval gives the copied rung longer segments (and more latency) than the
//   encoded ones.
// - Audio is re-encoded for every variant, the copied one included, although AAC could be copied:
//   with the same encoder on every variant, a rung switch does not change sample rate, channel
//   count or encoder delay (an audible click), and the CODECS attribute's AAC-LC is then certain
//   rather than a guess about what the publisher sends. AAC costs little CPU next to x264.
// - The audio-only rendition (listen only) is one more variant of the same HLS output,
//   `<run>/audio/index.m3u8`, listed last in the master, exactly as for VOD. It is cut by the clock
//   of its sound, the rungs by their keyframes: the same 1 s boundaries, but when a publish ends the
//   sound past the last picture may make it one more short segment, so its media sequence numbers
//   can run ahead of the rungs' after a restart. Its #EXT-X-PROGRAM-DATE-TIME lines are what to
//   align it with them by (as a copied rung with other keyframes needs anyway).

import { avcCodecString, h264Level, profileFromProbe, type H264Profile } from './h264.js';
import { audioEncodeArgs, audioMapArgs, varStreamMap, videoEncodeArgs, type MediaInput } from './ffmpeg-args.js';
import {
  audioOnlyRendition,
  BUFSIZE_FACTOR,
  codecsFor,
  encodedRung as ladderEncodedRung,
  LADDER_TABLE,
  REMUX_PEAK_FACTOR,
  roundKbps,
  rungSize,
  targetVideoBitrate,
  type LadderPlan,
  type LadderRow,
  type Rung
} from './ladder.js';
import { masterPlaylist } from './playlists.js';
import { MediaInputError, type ProbeResult } from './probe.js';

/** Seconds per live HLS segment: short segments are what makes the latency low. */
export const LIVE_SEGMENT_DURATION = 1;
/** The encoded top rung never exceeds 1080p: phones gain nothing from more. */
export const LIVE_MAX_SHORT_SIDE = 1080;
/** The rungs below the top, by their shorter side. */
export const LIVE_LOWER_RUNGS: readonly number[] = [720, 480, 360, 240];
/**
 * How long a live input may send nothing before the broadcast is treated as dropped. Passed to
 * ffmpeg as -rw_timeout, but that is NOT enough for RTMP. Measured with ffmpeg 5.1 and a publisher
 * that stops sending without closing its connection (a phone out of coverage, a frozen OBS): as
 * an RTMP listener (-listen 1) ffmpeg waited as long as the connection stayed open; playing from
 * our ingest (node-media-server) it logged an I/O error 6-9 s later, whatever -rw_timeout said,
 * and once carried on when the publisher resumed. A closed connection does end the input (exit
 * code 0). So the worker must also kill ffmpeg when its -progress blocks stop arriving for this
 * long: ffmpeg writes one every half second while packets flow, none while its input is stalled.
 */
export const LIVE_READ_TIMEOUT_SECONDS = 10;
/**
 * Players start about three segments from the end of a live playlist and must still find it there
 * after a late reload; RFC 8216 6.2.2 also forbids a playlist shorter than three target durations.
 */
export const MIN_LIVE_PLAYLIST_SEGMENTS = 6;

const FALLBACK_FPS = 30;
const MAX_LIVE_FPS = 60;
/**
 * What CODECS announces for a copied stream whose profile the probe could not read: what OBS and
 * phone apps send.
 */
const FALLBACK_PROFILE: H264Profile = 'high';

const shortSide = (r: { width: number; height: number }): number => Math.min(r.width, r.height);

/**
 * Whole frames per second for the encoders, from 1 to 60. The fps filter makes every encoded rung
 * constant frame rate (phone apps send variable rates), so the GOP is an exact number of frames per
 * segment; RTMP metadata may carry no rate at all, or a timebase such as 1000.
 */
export function liveFps(probed: number | null | undefined): number {
  if (probed === null || probed === undefined || !Number.isFinite(probed) || probed <= 0 || probed > 240) {
    return FALLBACK_FPS;
  }
  return Math.min(MAX_LIVE_FPS, Math.max(1, Math.round(probed)));
}

/** The table row whose bits per pixel and audio bitrate apply to a picture with this short side. */
function rowFor(p: number): LadderRow {
  return LADDER_TABLE.find((r) => r.p <= p) ?? LADDER_TABLE[LADDER_TABLE.length - 1];
}

/** Why the publisher's video cannot be the top rung as is, or null if it can. Text for the worker's log. */
export function livePassthroughBlocker(probe: ProbeResult): string | null {
  const v = probe.video;
  if (!v) return 'no video';
  if (v.codec !== 'h264') return `codec ${v.codec} is not h264`;
  // RTMP metadata often has no pixel format; OBS and phone apps send 8-bit 4:2:0.
  if (v.pixFmt !== null && v.pixFmt !== 'yuv420p') return `pixel format ${v.pixFmt} is not yuv420p`;
  // A profile we read but that phones cannot decode (High 10, 4:2:2...) must be re-encoded.
  if (v.profile !== null && profileFromProbe(v.profile) === null) return `profile ${v.profile} is not widely decodable`;
  // 4:2:0 chroma is subsampled in pairs of pixels: odd sizes are cropped oddities that some
  // phones' hardware decoders reject.
  if (v.width % 2 !== 0 || v.height % 2 !== 0) return `odd size ${v.width}x${v.height}`;
  // MPEG-TS has no display matrix: a rotated picture would play sideways.
  if (v.rotation !== 0) return `rotated ${v.rotation} degrees`;
  // Our audio is encoded anyway; but a publisher sending MP3, Speex or Nellymoser is a Flash-era
  // encoder, not one whose H.264 we have seen play everywhere, so its video is re-encoded too.
  if (probe.audio && probe.audio.codec !== 'aac') return `audio codec ${probe.audio.codec} is not aac`;
  return null;
}

function passthroughRung(probe: ProbeResult, fps: number, hasAudio: boolean): Rung {
  const v = probe.video!;
  const row = rowFor(shortSide(v));
  const videoBitrate = roundKbps(v.bitRate ?? targetVideoBitrate(v.width, v.height, fps, row.bpp));
  // We know the publisher's average at best, not its peaks: as for a remuxed VOD rung, assume
  // peaks REMUX_PEAK_FACTOR higher so BANDWIDTH does not lure players onto a rung they cannot hold.
  const maxrate = roundKbps(videoBitrate * REMUX_PEAK_FACTOR);
  const bufsize = roundKbps(videoBitrate * BUFSIZE_FACTOR);
  const profile = profileFromProbe(v.profile) ?? FALLBACK_PROFILE;
  // The level the stream declares is what decoders see; compute one only if it is missing.
  const level = v.level ?? h264Level(v.width, v.height, fps, maxrate, bufsize, profile);
  return {
    name: 'source',
    width: v.width,
    height: v.height,
    videoBitrate,
    maxrate,
    bufsize,
    audioBitrate: hasAudio ? row.audioBitrate : 0,
    copy: true,
    profile,
    level,
    codecs: codecsFor(avcCodecString(profile, level), hasAudio)
  };
}

function encodedRung(width: number, height: number, fps: number, hasAudio: boolean): Rung {
  const row = rowFor(Math.min(width, height));
  return ladderEncodedRung(`${Math.min(width, height)}p`, width, height, fps, targetVideoBitrate(width, height, fps, row.bpp), row, hasAudio);
}

/**
 * The live ladder: the publisher's stream as the top rung when players can decode it as is
 * (livePassthroughBlocker), else an encoded top rung at its size capped to 1080p; then the 720,
 * 480, 360 and 240 rungs that are smaller than the top. Never upscales.
 */
export function planLiveLadder(probe: ProbeResult, opts: { segmentDuration?: number } = {}): LadderPlan {
  const v = probe.video;
  if (!v) throw new MediaInputError('live stream', 'The stream has no video', 'no_video_stream');
  const segmentDuration = opts.segmentDuration ?? LIVE_SEGMENT_DURATION;
  if (!(segmentDuration > 0) || !Number.isFinite(segmentDuration)) {
    throw new Error(`planLiveLadder: segmentDuration must be positive, got ${segmentDuration}`);
  }
  const hasAudio = !!probe.audio;
  const fps = liveFps(v.fps);

  let top: Rung;
  if (livePassthroughBlocker(probe) === null) {
    top = passthroughRung(probe, fps, hasAudio);
  } else {
    const { width, height } = rungSize(v.width, v.height, Math.min(shortSide(v), LIVE_MAX_SHORT_SIDE));
    top = encodedRung(width, height, fps, hasAudio);
  }
  const lower = LIVE_LOWER_RUNGS.filter((p) => p < shortSide(top)).map((p) => {
    const { width, height } = rungSize(v.width, v.height, p);
    return encodedRung(width, height, fps, hasAudio);
  });

  return {
    rungs: [top, ...lower],
    fps,
    // Rounded up so x264's own GOP limit never lands a keyframe just before the forced one.
    gop: Math.max(1, Math.ceil(fps * segmentDuration - 1e-6)),
    segmentDuration,
    hasAudio,
    audioOnly: audioOnlyRendition(hasAudio)
  };
}

export interface LiveOutput {
  /** outDir/<rung>/index.m3u8 and outDir/<rung>/seg000000.ts...; ffmpeg creates the rung folders. */
  outDir: string;
  /**
   * The publisher's stream as received (MPEG-TS), for the replay. One file per ffmpeg process, i.e.
   * per recorded part: ffmpeg overwrites it (-y), so a restart needs a new name.
   */
  recordingFile: string;
  /** Segments kept in each live playlist (the DVR window): segmentsForDvr(). Older ones are deleted. */
  dvrSegments: number;
  /**
   * Media sequence number of the first segment, for a fresh playlist (0 for a new broadcast). On a
   * restart ffmpeg carries on from each variant's own playlist instead, and this is not passed:
   * ffmpeg 5.1 writes max(-start_number, the number it should write) as EXT-X-MEDIA-SEQUENCE, so a
   * start number past the kept segments (nextStartNumber) would renumber them, and players that
   * already played them would play them again.
   */
  startNumber: number;
  /**
   * The publisher came back after a drop: continue the existing playlists (ffmpeg's append_list)
   * with an EXT-X-DISCONTINUITY before the first new segment, keeping the DVR window.
   */
  restart: boolean;
}

// As in ffmpeg-args.ts: errors only on stderr, progress as key=value blocks on stdout.
const COMMON = ['-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y'];

/**
 * The encoded rungs' filter graph: the fps filter once, then a cascade of scalers like ladderGraph
 * in ffmpeg-args.ts, each rung scaled from the one above and `split` to its encoder and the next
 * scaler: [0:v:0]fps=30,scale[c0]; ... -> [v0]..[vK-1].
 */
export function liveGraph(encoded: Rung[], fps: number): string {
  const parts: string[] = [];
  let from = `[0:v:0]fps=${fps},`;
  encoded.forEach((rung, k) => {
    const scale = `scale=${rung.width}:${rung.height},setsar=1`;
    if (k === encoded.length - 1) {
      parts.push(`${from}${scale}[v${k}]`);
    } else {
      parts.push(`${from}${scale},split=2[v${k}][n${k}]`);
      from = `[n${k}]`;
    }
  });
  return parts.join(';');
}

/**
 * x264's preset for live rungs: one step faster than on-demand's (X264_PRESET, veryfast). A live
 * ladder must keep up with the clock or fall behind for good; bench:live measured a 1080p30
 * source's four encoded rungs at 0.59x real time with veryfast on 2 shared vCPUs (beside the
 * publisher and a browser). The bitrates stay the same; the picture at them is a little softer.
 */
export const LIVE_X264_PRESET = 'superfast';

/** Encoder options for rung i of the HLS output. */
function liveVideoEncodeArgs(rung: Rung, plan: LadderPlan, i: number): string[] {
  // zerolatency: no B-frames, no lookahead, no frame threading: x264 hands each frame out as soon
  // as it is encoded instead of holding tens of frames back.
  return videoEncodeArgs(rung, plan, `:v:${i}`, { preset: LIVE_X264_PRESET, tune: 'zerolatency' });
}

/**
 * One ffmpeg process for the whole broadcast: the input is decoded once for the encoded rungs, the
 * HLS muxer writes one live playlist per rung, and a second output records the publisher's stream
 * untouched for the replay. Options before each output file belong to that output (ffmpeg 5.1
 * resets them per output), so the recording's -map and -c copy come after the HLS playlist.
 *
 * No master playlist from ffmpeg: liveMasterPlaylist() writes it, with the real CODECS and
 * BANDWIDTH, as for VOD.
 */
export function liveLadderArgs(input: MediaInput, plan: LadderPlan, out: LiveOutput): string[] {
  if (plan.rungs.length === 0) throw new Error('liveLadderArgs: the plan has no rungs');
  if (!Number.isInteger(out.dvrSegments) || out.dvrSegments < 1) {
    throw new Error(`liveLadderArgs: dvrSegments must be a positive integer, got ${out.dvrSegments}`);
  }
  if (!Number.isInteger(out.startNumber) || out.startNumber < 0) {
    throw new Error(`liveLadderArgs: startNumber must be a non-negative integer, got ${out.startNumber}`);
  }

  const args = [
    ...COMMON,
    // Microseconds. Ends the process when the input goes silent, so the worker can end or restart
    // the broadcast (but see LIVE_READ_TIMEOUT_SECONDS: RTMP needs the worker's watchdog too).
    '-rw_timeout', String(LIVE_READ_TIMEOUT_SECONDS * 1_000_000),
    // RTMP packets from some phone apps lack timestamps on the first frames.
    '-fflags', '+genpts',
    ...input.args
  ];

  const encoded = plan.rungs.filter((r) => !r.copy);
  if (encoded.length > 0) args.push('-filter_complex', liveGraph(encoded, plan.fps));

  // Videos in plan order, then the audio outputs (one per rung, then the audio-only rendition's):
  // var_stream_map pairs v:i with a:i, and every TS variant carries its own audio (a separate
  // audio group costs an extra request per segment). The audio-only variant is one more playlist
  // of the same HLS muxer, so the DVR window, the restart's discontinuity and the segment
  // numbering below apply to it exactly as to the rungs.
  let k = 0;
  for (const rung of plan.rungs) args.push('-map', rung.copy ? '0:v:0' : `[v${k++}]`);
  args.push(...audioMapArgs(plan));

  plan.rungs.forEach((rung, i) => args.push(...liveVideoEncodeArgs(rung, plan, i)));
  // 48 kHz for every audio output, whatever the publisher's rate: a rung switch keeps the rate.
  if (plan.hasAudio) args.push(...audioEncodeArgs(plan), '-ar', '48000');

  args.push('-var_stream_map', varStreamMap(plan));

  const flags = [
    // The DVR window slides: segments that leave the playlist are deleted from disk.
    'delete_segments',
    // Wall-clock time of each segment: lets players align rungs and show "live" time, and tells
    // the replay where a restart's gap was.
    'program_date_time',
    'independent_segments',
    // ffmpeg ends a playlist when its input ends, but a publisher who dropped may come back: the
    // worker decides when the broadcast is over.
    'omit_endlist'
  ];
  // append_list alone puts EXT-X-DISCONTINUITY before the first new segment. discont_start is not
  // added: with append_list, ffmpeg 5.1 also writes it above the kept segments, marking the
  // first of them as a discontinuity that is not there.
  if (out.restart) flags.push('append_list');

  args.push(
    '-f', 'hls',
    '-hls_time', String(plan.segmentDuration),
    '-hls_list_size', String(out.dvrSegments),
    '-hls_flags', flags.join('+'),
    '-hls_segment_type', 'mpegts',
    ...(out.restart ? [] : ['-start_number', String(out.startNumber)]),
    '-hls_segment_filename', `${out.outDir}/%v/seg%06d.ts`,
    `${out.outDir}/%v/index.m3u8`
  );

  // The recording: what the publisher sent, unchanged, for the replay.
  args.push('-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-f', 'mpegts', out.recordingFile);
  return args;
}

/**
 * The master playlist for a live ladder: the same as VOD's (no ENDLIST or PLAYLIST-TYPE there).
 * `lowLatency`: an LL-HLS ladder with a copied rung does not promise independent segments for all
 * (see masterPlaylist's independentSegments).
 */
export function liveMasterPlaylist(plan: LadderPlan, opts: { lowLatency?: boolean } = {}): string {
  return masterPlaylist({
    independentSegments: !(opts.lowLatency && plan.rungs.some((r) => r.copy)),
    rungs: plan.rungs,
    subtitles: [],
    variantUri: (r) => `${r.name}/index.m3u8`,
    frameRate: plan.fps,
    audioOnly: plan.audioOnly ? { rendition: plan.audioOnly, uri: `${plan.audioOnly.name}/index.m3u8` } : null
  });
}

/** Segments a live playlist keeps so viewers can rewind `dvrSeconds`. */
export function segmentsForDvr(dvrSeconds: number, segmentDuration = LIVE_SEGMENT_DURATION): number {
  if (!Number.isFinite(dvrSeconds) || dvrSeconds < 0) throw new Error(`segmentsForDvr: bad DVR length ${dvrSeconds}`);
  if (!(segmentDuration > 0)) throw new Error(`segmentsForDvr: bad segment duration ${segmentDuration}`);
  // The epsilon keeps 60.0000001 / 1 from asking for a 61st segment.
  return Math.max(MIN_LIVE_PLAYLIST_SEGMENTS, Math.ceil(dvrSeconds / segmentDuration - 1e-6));
}

/**
 * The media sequence number the next segment gets after the segments of this media playlist:
 * EXT-X-MEDIA-SEQUENCE (0 when absent) plus the number of segments; 0 without a playlist. A
 * restarted ffmpeg (LiveOutput.restart) continues from exactly this number on its own.
 */
export function nextStartNumber(playlistText: string | null): number {
  if (!playlistText) return 0;
  let sequence = 0;
  let segments = 0;
  for (const raw of playlistText.split(/\r?\n/)) {
    const line = raw.trim();
    const m = /^#EXT-X-MEDIA-SEQUENCE:\s*(\d+)/.exec(line);
    if (m) sequence = Number(m[1]);
    else if (line.startsWith('#EXTINF:')) segments++;
  }
  return sequence + segments;
}
