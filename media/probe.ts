// What we need to know about an uploaded file, read from ffprobe's `-show_format -show_streams`
// output. Interpretation is pure so every decision about "is this a video we can publish" is
// unit-tested against recorded ffprobe samples instead of real files.
//
// The input may come from `ffprobe -print_format json` (numbers as strings, side data in
// `side_data_list`) or from fluent-ffmpeg's parser of the default format (numbers already
// parsed, side-data keys such as `rotation` flattened onto the stream, tags under `tags`), so
// every field is read tolerantly.

import { LIVE_FORMATS, UPLOAD_FORMATS, acceptedDemuxer, formatRefusal, notWhitelistedFormat } from './formats.js';

/**
 * Every kind of MediaInputError (its `code`): the studio words each in the producer's language
 * (web/lib/i18n/errors.ts, `bad_media.<code>`; a unit test checks each has its words).
 */
export const MEDIA_REFUSAL_CODES = [
  'bad_media',
  'empty_file',
  'not_video',
  'still_image',
  'audio_only',
  'no_video_stream',
  'zero_duration',
  'unsupported_video',
  'damaged_file',
  'references_other_files',
  'format_not_accepted',
  'over_limit',
  'stream_unreadable',
  'unreadable',
  'source_missing'
] as const;
export type MediaRefusalCode = (typeof MEDIA_REFUSAL_CODES)[number];

/**
 * Bad input from the uploader: retrying the job cannot help, tell the user instead. The upload
 * answers it as 422 `bad_media`; `code` says which kind (`not_video`, `references_other_files`,
 * `format_not_accepted`, `over_limit`...) and `details` what was measured against what.
 */
export class MediaInputError extends Error {
  readonly fileName: string;
  readonly reason: string;
  readonly code: MediaRefusalCode;
  readonly details: Record<string, unknown>;

  constructor(fileName: string, reason: string, code: MediaRefusalCode = 'bad_media', details: Record<string, unknown> = {}) {
    super(`${fileName}: ${reason}`);
    this.name = 'MediaInputError';
    this.fileName = fileName;
    this.reason = reason;
    this.code = code;
    this.details = details;
  }

  /** The values the studio words the refusal with: the file, `problem` (the code) and the measured details. */
  get params(): Record<string, string | number> {
    const out: Record<string, string | number> = { file: this.fileName, problem: this.code };
    for (const [k, v] of Object.entries(this.details)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    return out;
  }
}

export interface ProbeVideo {
  codec: string;
  /** ffprobe's profile name, e.g. 'High', 'Main', 'Constrained Baseline'. */
  profile: string | null;
  /**
   * ffprobe's level_idc (e.g. 31 for 3.1), needed to write a truthful CODECS attribute when the
   * stream is remuxed rather than re-encoded.
   */
  level: number | null;
  pixFmt: string | null;
  /**
   * Display size: rotation and non-square pixels already applied, because ffmpeg auto-rotates
   * when it decodes and the ladder must fit what the viewer sees.
   */
  width: number;
  height: number;
  fps: number;
  bitRate: number | null;
  /** Clockwise degrees the player must rotate the coded picture: 0, 90, 180 or 270. */
  rotation: number;
}

export interface ProbeAudio {
  codec: string;
  channels: number;
  sampleRate: number;
  bitRate: number | null;
}

export interface ProbeResult {
  formatName: string;
  duration: number;
  sizeBytes: number;
  bitRate: number | null;
  video: ProbeVideo | null;
  audio: ProbeAudio | null;
}

// Demuxers that only ever hold still pictures. `*_pipe` covers png_pipe, jpeg_pipe, webp_pipe,
// bmp_pipe, tiff_pipe, svg_pipe... which is what ffprobe picks for a single image file.
const IMAGE_FORMATS = new Set(['image2', 'image2pipe']);

// Used when the container reports no usable frame rate (some screen recorders, broken muxers):
// a plausible default keeps the GOP arithmetic sane instead of failing the upload.
const FALLBACK_FPS = 30;
const MAX_PLAUSIBLE_FPS = 240;

type Dict = Record<string, unknown>;

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** ffprobe prints numbers as strings in JSON and 'N/A' when unknown. */
function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' && v !== 'N/A' && v !== 'unknown' ? v : null;
}

/** '30000/1001' -> 29.97; '0/0' -> null. */
function ratio(v: unknown): number | null {
  if (typeof v === 'number') return v > 0 ? v : null;
  if (typeof v !== 'string') return null;
  const m = /^(\d+(?:\.\d+)?)(?:[/:](\d+(?:\.\d+)?))?$/.exec(v.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const d = m[2] === undefined ? 1 : Number(m[2]);
  return n > 0 && d > 0 ? n / d : null;
}

function positiveOrNull(v: unknown): number | null {
  const n = num(v);
  return n !== null && n > 0 ? n : null;
}

function frameRate(stream: Dict): number {
  // avg_frame_rate is what the file actually plays at; r_frame_rate is a timebase guess that is
  // often 90000/1 or doubled for variable-frame-rate phone recordings, so it is only a fallback.
  for (const key of ['avg_frame_rate', 'r_frame_rate']) {
    const fps = ratio(stream[key]);
    if (fps !== null && fps <= MAX_PLAUSIBLE_FPS) return fps;
  }
  return FALLBACK_FPS;
}

function rotationOf(stream: Dict): number {
  // Older ffmpeg exposes a clockwise `rotate` tag; ffmpeg >= 5 exposes the display matrix whose
  // `rotation` is counter-clockwise (so an upright iPhone portrait clip shows -90).
  const tags = isDict(stream.tags) ? stream.tags : {};
  let clockwise = num(tags.rotate);
  if (clockwise === null) {
    let ccw: number | null = null;
    if (Array.isArray(stream.side_data_list)) {
      for (const sd of stream.side_data_list) {
        if (isDict(sd) && num(sd.rotation) !== null) ccw = num(sd.rotation);
      }
    }
    // fluent-ffmpeg flattens [SIDE_DATA] keys onto the stream itself.
    if (ccw === null) ccw = num(stream.rotation);
    clockwise = ccw === null ? 0 : -ccw;
  }
  const quarter = Math.round(clockwise / 90);
  return (((quarter % 4) + 4) % 4) * 90;
}

function isAttachedPicture(stream: Dict): boolean {
  // Cover art in MP3/M4A shows up as an mjpeg/png "video" stream flagged attached_pic.
  const d = stream.disposition;
  return isDict(d) && num(d.attached_pic) === 1;
}

function isStillImageFormat(formatName: string): boolean {
  return formatName
    .split(',')
    .some((name) => IMAGE_FORMATS.has(name) || name.endsWith('_pipe'));
}

/**
 * `live`: a stream that is still being sent (RTMP) has no duration yet; it is 0 then, and its
 * container is one of LIVE_FORMATS rather than UPLOAD_FORMATS.
 */
export function interpretProbe(raw: unknown, fileName: string, opts: { live?: boolean } = {}): ProbeResult {
  if (!isDict(raw) || !isDict(raw.format)) {
    throw new MediaInputError(fileName, 'not a video file (unreadable probe output)', 'not_video');
  }
  const format = raw.format;
  const streams = Array.isArray(raw.streams) ? raw.streams.filter(isDict) : [];
  const formatName = str(format.format_name) ?? 'unknown';

  // Checked first: an image has a "video" stream and no duration, and the user should hear that
  // they uploaded a picture rather than a confusing "zero duration".
  if (isStillImageFormat(formatName)) {
    throw new MediaInputError(fileName, 'a still image, not a video', 'still_image');
  }
  // ffprobe runs with -format_whitelist, so this holds already; checked again because a playlist
  // accepted here would make the ladder read the files it names (formats.ts).
  if (acceptedDemuxer(formatName, opts.live ? LIVE_FORMATS : UPLOAD_FORMATS) === null) {
    const { code, reason } = formatRefusal(formatName);
    throw new MediaInputError(fileName, reason, code, { format: formatName });
  }

  const videoStream = streams.find((s) => s.codec_type === 'video' && !isAttachedPicture(s));
  const audioStream = streams.find((s) => s.codec_type === 'audio');

  if (!videoStream) {
    throw new MediaInputError(
      fileName,
      audioStream ? 'audio only: no video stream' : 'no video stream',
      audioStream ? 'audio_only' : 'no_video_stream'
    );
  }

  const duration = positiveOrNull(format.duration) ?? positiveOrNull(videoStream.duration) ?? (opts.live ? 0 : null);
  if (duration === null) {
    throw new MediaInputError(fileName, 'zero duration: the file contains no playable video', 'zero_duration');
  }

  const codec = str(videoStream.codec_name);
  const codedWidth = positiveOrNull(videoStream.width);
  const codedHeight = positiveOrNull(videoStream.height);
  if (codec === null || codedWidth === null || codedHeight === null) {
    throw new MediaInputError(
      fileName,
      `unsupported video (${codec ?? 'unknown codec'}, size ${codedWidth ?? '?'}x${codedHeight ?? '?'})`,
      'unsupported_video',
      { codec: codec ?? '?' }
    );
  }

  const rotation = rotationOf(videoStream);
  // Non-square pixels (DV, some broadcast captures): widen to the display aspect ratio.
  const sar = ratio(videoStream.sample_aspect_ratio);
  const displayWidth = sar !== null && sar !== 1 ? Math.round(codedWidth * sar) : codedWidth;
  const sideways = rotation === 90 || rotation === 270;

  const video: ProbeVideo = {
    codec,
    profile: str(videoStream.profile),
    level: positiveOrNull(videoStream.level),
    pixFmt: str(videoStream.pix_fmt),
    width: sideways ? codedHeight : displayWidth,
    height: sideways ? displayWidth : codedHeight,
    fps: frameRate(videoStream),
    bitRate: positiveOrNull(videoStream.bit_rate),
    rotation
  };

  const audio: ProbeAudio | null = audioStream
    ? {
        codec: str(audioStream.codec_name) ?? 'unknown',
        channels: positiveOrNull(audioStream.channels) ?? 0,
        sampleRate: positiveOrNull(audioStream.sample_rate) ?? 0,
        bitRate: positiveOrNull(audioStream.bit_rate)
      }
    : null;

  return {
    formatName,
    duration,
    sizeBytes: positiveOrNull(format.size) ?? 0,
    bitRate: positiveOrNull(format.bit_rate),
    video,
    audio
  };
}

/**
 * Why ffprobe could not open an uploaded file, from its stderr: a format it was told not to read
 * (-format_whitelist), else describeProbeFailure's reason; null when the failure is not about the
 * file (then it is ours, and retryable).
 */
export function probeFailureOf(stderr: string): { code: MediaRefusalCode; reason: string } | null {
  const refused = notWhitelistedFormat(stderr);
  if (refused) return formatRefusal(refused);
  const reason = describeProbeFailure(stderr);
  return reason ? { code: reason.startsWith('not a video') ? 'not_video' : 'damaged_file', reason } : null;
}

/**
 * A readable reason from ffprobe's stderr when it could not open a file, or null if the output
 * does not look like a problem with the file itself (then the failure is ours, and retryable).
 *
 * ffprobe picks the demuxer by extension when content sniffing fails, so a text file named
 * .mp4 is handed to the MP4 demuxer and also reports "moov atom not found". What tells it apart
 * from a real but truncated MP4 is the preceding "detected only with low score" warning.
 */
export function describeProbeFailure(stderr: string): string | null {
  const misdetected = /detected only with low score/i.test(stderr);
  if (/moov atom not found/i.test(stderr) && !misdetected) {
    return 'truncated or damaged file (moov atom not found)';
  }
  if (
    misdetected ||
    /Invalid data found when processing input/i.test(stderr) ||
    /could not find codec parameters/i.test(stderr) ||
    /Unknown input format|Unsupported codec/i.test(stderr)
  ) {
    return 'not a video file';
  }
  if (/End of file|Truncat/i.test(stderr)) return 'truncated or damaged file';
  return null;
}
