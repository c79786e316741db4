// The adaptive bitrate ladder: which renditions to make from a source, at what size and bitrate,
// and whether the top one can simply be remuxed. Pure, so every decision is unit-tested.
//
// Viewers are on phones with weak, metered connections, so the low rungs matter most: they get
// relatively more bits per pixel (small pictures fall apart first) and small audio.

import { AAC_LC_CODEC, avcCodecString, h264Level, profileFromProbe, type H264Profile } from './h264.js';
import type { ProbeResult } from './probe.js';

/** Seconds per HLS segment for VOD: short enough to switch rungs quickly on a flaky link. */
export const SEGMENT_DURATION = 4;

export interface LadderRow {
  /** Length of the picture's shorter side: 720 for 1280x720 and for portrait 720x1280. */
  p: number;
  /** Bits per pixel per frame for H.264 at this size. */
  bpp: number;
  audioBitrate: number;
}

/**
 * Bitrates come from this table, not per-rung constants: target = bpp * width * height * fps,
 * so a 4:3 or portrait source gets bits for the pixels it really has.
 */
export const LADDER_TABLE: readonly LadderRow[] = [
  { p: 1080, bpp: 0.07, audioBitrate: 128_000 },
  { p: 720, bpp: 0.08, audioBitrate: 128_000 },
  { p: 480, bpp: 0.09, audioBitrate: 96_000 },
  { p: 360, bpp: 0.1, audioBitrate: 64_000 },
  { p: 240, bpp: 0.12, audioBitrate: 64_000 }
];

/**
 * Frames above 30 fps are cheaper than the first 30 (consecutive frames differ less), so the fps
 * that is billed is capped at 30 * this factor: 60 fps costs 1.5x of 30 fps, not 2x.
 */
export const HIGH_FPS_BITRATE_FACTOR = 1.5;
/** -maxrate relative to -b:v: a tight VBV so a segment never spikes far above the average. */
export const MAXRATE_FACTOR = 1.07;
/** -bufsize relative to -b:v. */
export const BUFSIZE_FACTOR = 1.5;
/** A source this much above the rung's target is re-encoded: remuxing it would waste data. */
export const REMUX_MAX_BITRATE_FACTOR = 1.5;
/**
 * We only know a remuxed stream's average bitrate, not its peaks; assume peaks this much higher
 * so the master playlist's BANDWIDTH does not lure players onto a rung they cannot sustain.
 */
export const REMUX_PEAK_FACTOR = 1.5;

export interface Rung {
  name: string;
  width: number;
  height: number;
  /** bit/s; for a remuxed rung, the source's measured bitrate. */
  videoBitrate: number;
  maxrate: number;
  bufsize: number;
  /** bit/s; 0 when the source has no audio. */
  audioBitrate: number;
  /** Remux the source's video instead of re-encoding it. */
  copy: boolean;
  /** H.264 profile to encode with (or the source's, when copied). */
  profile: H264Profile;
  /** level_idc, e.g. 31; passed to x264 so CODECS stays truthful. */
  level: number;
  /** RFC 6381 list for the HLS CODECS attribute, e.g. 'avc1.64001f,mp4a.40.2'. */
  codecs: string;
}

/**
 * The audio-only rendition ("listen only", issue 13): the sound of the ladder without a picture, for
 * viewers who want the debate, not its pixels, on a metered connection. Written by the same ffmpeg
 * as the video rungs (one more variant of the same HLS muxer, so its segments are cut at the same
 * segment boundaries, to within one AAC frame), into `audio/index.m3u8` beside the rungs' folders,
 * and listed last in the master playlist.
 */
export interface AudioOnlyRendition {
  /** The variant's folder name: `audio/index.m3u8`. No video rung is called this (rungs are `NNNp` or `source`). */
  name: string;
  /** bit/s of the AAC stream. */
  bitrate: number;
  channels: number;
  /** RFC 6381 list for the HLS CODECS attribute: AAC-LC only. */
  codecs: string;
}

/**
 * Mono AAC-LC at 48 kbit/s, not stereo at 64. Debates are speech, whose stereo image carries
 * nothing, and ffmpeg's native AAC encoder low-passes by the bits per channel: 48 kbit/s in one
 * channel keeps sound up to 15 kHz, 64 kbit/s over two only to 9.5 kHz (its AAC_CUTOFF_FROM_BITRATE),
 * so the mono stream sounds clearer for a quarter less data (21.6 MB an hour instead of 28.8).
 * HE-AAC would do better still at these rates, but Debian's ffmpeg has no HE-AAC encoder.
 */
export const AUDIO_ONLY: Readonly<AudioOnlyRendition> = {
  name: 'audio',
  bitrate: 48_000,
  channels: 1,
  codecs: AAC_LC_CODEC
};

/** The audio-only rendition of a ladder: one whenever the source has sound, none for a silent one. */
export function audioOnlyRendition(hasAudio: boolean): AudioOnlyRendition | null {
  return hasAudio ? { ...AUDIO_ONLY } : null;
}

export interface LadderPlan {
  rungs: Rung[];
  fps: number;
  /** Frames between keyframes: fps * segmentDuration, so every segment starts on one. */
  gop: number;
  segmentDuration: number;
  hasAudio: boolean;
  /**
   * The audio-only rendition, null without audio. Absent (read as null) in plans stored before it
   * existed: those revisions have no audio/ folder, and a subtitle-only run on them adds none.
   */
  audioOnly?: AudioOnlyRendition | null;
}

export interface LadderOptions {
  /** Never produce a rung whose shorter side exceeds this (e.g. 720 to save storage). */
  maxHeight?: number;
  /**
   * Seconds between the source's keyframes, if the caller measured it (a format probe cannot).
   * A remuxed rung keeps the source's GOP, so segments can only be cut where the source has
   * keyframes; unless they fall on every segment boundary the copied rung's segments would not
   * line up with the encoded ones and switching rungs would stutter. Undefined means unknown,
   * and unknown means re-encode.
   */
  sourceKeyframeInterval?: number;
  segmentDuration?: number;
}

/** bit/s for a picture of this size at this frame rate, rounded to whole kbit/s for ffmpeg. */
export function targetVideoBitrate(width: number, height: number, fps: number, bpp: number): number {
  const billedFps = Math.min(fps, 30 * HIGH_FPS_BITRATE_FACTOR);
  return roundKbps(bpp * width * height * billedFps);
}

export function roundKbps(bps: number): number {
  return Math.max(1000, Math.round(bps / 1000) * 1000);
}

// x264 with yuv420p needs even dimensions.
const roundEven = (x: number): number => Math.max(2, Math.round(x / 2) * 2);
const floorEven = (x: number): number => Math.max(2, Math.floor(x / 2) * 2);

/** Size of a rung whose shorter side is `p`, keeping the source's aspect ratio. */
export function rungSize(srcWidth: number, srcHeight: number, p: number): { width: number; height: number } {
  const shortSide = Math.min(srcWidth, srcHeight);
  // At the source's own size we never round up, not even by one pixel.
  if (p >= shortSide) return { width: floorEven(srcWidth), height: floorEven(srcHeight) };
  const scale = p / shortSide;
  return srcWidth >= srcHeight
    ? { width: roundEven(srcWidth * scale), height: p }
    : { width: p, height: roundEven(srcHeight * scale) };
}

/** Why the top rung cannot be remuxed, or null if it can. Returned as text for job logs. */
export function remuxBlocker(
  probe: ProbeResult,
  rung: Pick<Rung, 'width' | 'height' | 'videoBitrate'>,
  sourceKeyframeInterval: number | undefined,
  segmentDuration: number
): string | null {
  const v = probe.video;
  if (!v) return 'no video';
  if (v.codec !== 'h264') return `codec ${v.codec} is not h264`;
  if (v.pixFmt !== 'yuv420p') return `pixel format ${v.pixFmt ?? 'unknown'} is not yuv420p`;
  if (profileFromProbe(v.profile) === null) return `profile ${v.profile ?? 'unknown'} is not widely decodable`;
  // MPEG-TS has no display-matrix: a rotated source would play sideways unless re-encoded.
  if (v.rotation !== 0) return `rotated ${v.rotation} degrees`;
  if (v.width !== rung.width || v.height !== rung.height) {
    return `size ${v.width}x${v.height} is not the rung's ${rung.width}x${rung.height}`;
  }
  if (v.bitRate === null) return 'source bitrate unknown';
  if (v.bitRate > rung.videoBitrate * REMUX_MAX_BITRATE_FACTOR) {
    return `bitrate ${v.bitRate} above ${REMUX_MAX_BITRATE_FACTOR}x the target ${rung.videoBitrate}`;
  }
  if (sourceKeyframeInterval === undefined) return 'keyframe interval unknown';
  const perSegment = segmentDuration / sourceKeyframeInterval;
  if (
    !(sourceKeyframeInterval > 0) ||
    sourceKeyframeInterval > segmentDuration ||
    Math.abs(perSegment - Math.round(perSegment)) > 0.01
  ) {
    return `keyframe interval ${sourceKeyframeInterval}s does not divide the ${segmentDuration}s segment`;
  }
  return null;
}

export function planLadder(probe: ProbeResult, opts: LadderOptions = {}): LadderPlan {
  const v = probe.video;
  if (!v) throw new Error('planLadder needs a probe with a video stream');
  const segmentDuration = opts.segmentDuration ?? SEGMENT_DURATION;
  const hasAudio = probe.audio !== null;
  const fps = v.fps;
  const shortSide = Math.min(v.width, v.height);
  const cap = Math.min(shortSide, opts.maxHeight ?? Infinity);

  // Never upscale: rungs above the source add bytes, not detail.
  let rows: { p: number; row: LadderRow }[] = LADDER_TABLE.filter((r) => r.p <= cap).map((row) => ({
    p: row.p,
    row
  }));
  if (rows.length === 0) {
    // Smaller than the smallest rung: one rendition at (at most) its own size, with the bpp and
    // audio of the smallest row.
    rows = [{ p: cap, row: LADDER_TABLE[LADDER_TABLE.length - 1] }];
  }

  const rungs = rows.map(({ p, row }, i): Rung => {
    const { width, height } = rungSize(v.width, v.height, p);
    const videoBitrate = targetVideoBitrate(width, height, fps, row.bpp);
    const encoded = encodedRung(`${Math.min(width, height)}p`, width, height, fps, videoBitrate, row, hasAudio);
    if (i > 0) return encoded;
    const blocker = remuxBlocker(probe, encoded, opts.sourceKeyframeInterval, segmentDuration);
    return blocker === null ? copiedRung(encoded, probe, fps) : encoded;
  });

  return {
    rungs,
    fps,
    // Rounded up so x264's own GOP limit never lands a keyframe just before the forced one.
    gop: Math.ceil(fps * segmentDuration - 1e-6),
    segmentDuration,
    hasAudio,
    audioOnly: audioOnlyRendition(hasAudio)
  };
}

export function codecsFor(video: string, hasAudio: boolean): string {
  return hasAudio ? `${video},${AAC_LC_CODEC}` : video;
}

/** A rung x264 encodes (also the live ladder's, media/live.ts). */
export function encodedRung(
  name: string,
  width: number,
  height: number,
  fps: number,
  videoBitrate: number,
  row: LadderRow,
  hasAudio: boolean
): Rung {
  // High profile compresses ~10% better; older/cheaper decoders are only certain of Main, and
  // the small rungs are exactly what those phones will pick.
  const profile: H264Profile = Math.min(width, height) >= 720 ? 'high' : 'main';
  const maxrate = roundKbps(videoBitrate * MAXRATE_FACTOR);
  const bufsize = roundKbps(videoBitrate * BUFSIZE_FACTOR);
  const level = h264Level(width, height, fps, maxrate, bufsize, profile);
  return {
    name,
    width,
    height,
    videoBitrate,
    maxrate,
    bufsize,
    audioBitrate: hasAudio ? row.audioBitrate : 0,
    copy: false,
    profile,
    level,
    codecs: codecsFor(avcCodecString(profile, level), hasAudio)
  };
}

function copiedRung(encoded: Rung, probe: ProbeResult, fps: number): Rung {
  const v = probe.video!;
  const profile = profileFromProbe(v.profile)!;
  const videoBitrate = roundKbps(v.bitRate!);
  const maxrate = roundKbps(videoBitrate * REMUX_PEAK_FACTOR);
  const bufsize = roundKbps(videoBitrate * BUFSIZE_FACTOR);
  // The level the source declares is what decoders will see; compute one only if it is missing.
  const level = v.level ?? h264Level(v.width, v.height, fps, maxrate, bufsize, profile);
  return {
    ...encoded,
    videoBitrate,
    maxrate,
    bufsize,
    copy: true,
    profile,
    level,
    codecs: codecsFor(avcCodecString(profile, level), probe.audio !== null)
  };
}

// ------------------------------------------------------------------ watchable first (issue 15)
//
// A new upload is published as soon as one phone-sized rendition (and the audio-only one) exists;
// the other rungs are encoded afterwards and join the same revision. Which rungs go first is
// decided here, so the worker only runs what the plan says.

/** The short side of the rung a new video is first watchable at: what a phone on a weak link plays. */
export const WATCHABLE_HEIGHT = 360;

export interface LadderPasses {
  /** Encoded (or remuxed) first, with the audio-only rendition; the revision is published with these. */
  first: Rung[];
  /** Encoded afterwards in one more ffmpeg, then added to the published revision. Empty: nothing to add. */
  rest: Rung[];
}

const shortSide = (r: Pick<Rung, 'width' | 'height'>): number => Math.min(r.width, r.height);

/**
 * The two passes of a ladder. Held (`publishEarly` false: the producer waits for the full ladder)
 * or a single-rung ladder: everything in the first pass, as one ffmpeg did before. A top rung that
 * is remuxed goes first alone: copying costs seconds, so the video is watchable at its best quality
 * almost at once. Otherwise the rung of WATCHABLE_HEIGHT, or, for a source smaller than that, the
 * largest rung there is (never above the source: the plan has no rung above it).
 */
export function planPasses(plan: Pick<LadderPlan, 'rungs'>, publishEarly: boolean): LadderPasses {
  const rungs = plan.rungs;
  if (rungs.length === 0) throw new Error('planPasses: the plan has no rungs');
  if (!publishEarly || rungs.length === 1) return { first: [...rungs], rest: [] };
  const first = rungs[0].copy ? rungs[0] : (rungs.find((r) => shortSide(r) <= WATCHABLE_HEIGHT) ?? rungs[rungs.length - 1]);
  return { first: [first], rest: rungs.filter((r) => r !== first) };
}

/**
 * The plan one pass's ffmpeg runs (media/ffmpeg-args.ts ladderArgs): the same GOP, forced
 * keyframes, segment length and frame rate as the whole ladder, so segments of rungs made in
 * separate passes start on the same frames and players switch between them cleanly; only the rungs
 * differ, and the audio-only rendition belongs to the first pass only.
 */
export function passPlan(plan: LadderPlan, rungs: Rung[], withAudioOnly: boolean): LadderPlan {
  if (rungs.length === 0) throw new Error('passPlan: a pass needs at least one rung');
  return { ...plan, rungs, audioOnly: withAudioOnly ? (plan.audioOnly ?? null) : null };
}

/** The plan's rungs named in `names`, in the plan's order (largest first). */
export function rungsNamed(plan: Pick<LadderPlan, 'rungs'>, names: readonly string[]): Rung[] {
  const wanted = new Set(names);
  return plan.rungs.filter((r) => wanted.has(r.name));
}
