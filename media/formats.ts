/**
 * Which container formats Efir reads, and why the others are refused. Pure: the lists feed
 * `-format_whitelist` (ffmpeg-args.ts) and the probe's decision (probe.ts).
 *
 * Some of ffmpeg's demuxers do not just read the file they are given: they open further files or
 * URLs that the file names. An HLS playlist or an ffconcat list uploaded as `innocent.mp4` would make
 * the probe and the ladder read whatever it points at, such as another producer's unpublished media
 * under the same data directory. So the demuxers a source may use are a short list of what a camera,
 * phone, screen recorder or editor writes; ffmpeg itself refuses every other one before reading
 * anything more than the file's first bytes (and `-protocol_whitelist file` stops any URL).
 */

/**
 * Demuxers an uploaded video (and a live recording, which is MPEG-TS) may use, as ffmpeg names them.
 * A name matches a demuxer that lists it (`mov` is `mov,mp4,m4a,3gp,3g2,mj2`, `matroska` is
 * `matroska,webm`), so each entry covers a family:
 * - mov: MP4 and MOV from phones, cameras, editors and most screen recorders; 3GP from old phones
 *   (its data-reference boxes, which could name other files, stay off: the mov demuxer's
 *   enable_drefs defaults to 0 and Efir never sets it).
 * - matroska: MKV (OBS's default recording format) and WebM (browser screen recorders).
 * - mpegts: AVCHD cameras (.mts, .m2ts), OBS, and Efir's own live recordings.
 * - avi, mpeg (program streams: .mpg, .vob, DVD camcorders), dv (tape camcorders), asf (.wmv from
 *   Windows tools), flv (older screen recorders and OBS), mxf (professional cameras and editors),
 *   ogg (.ogv from Linux screen recorders).
 * Not here: playlists and lists of other files (hls, dash, concat, imf), image sequences (image2),
 * filter-graph and script inputs (lavfi, avisynth, vapoursynth), network session descriptions (sdp,
 * rtsp, rtp, sap), raw elementary streams (no container, no duration) and audio-only formats.
 */
export const UPLOAD_FORMATS = ['mov', 'matroska', 'mpegts', 'avi', 'mpeg', 'dv', 'asf', 'flv', 'mxf', 'ogg'] as const;

/** What the ingest hands a live worker over RTMP: FLV (`live_flv` is its variant for live streams). */
export const LIVE_FORMATS = ['flv', 'live_flv'] as const;
/** The network protocols a live input needs: ffmpeg's RTMP client runs over TCP. */
export const LIVE_PROTOCOLS = ['rtmp', 'tcp'] as const;

/**
 * Demuxers that open further files or URLs named inside the file: refused with a reason saying so.
 * Matching by name is only for the message; the whitelist is what stops them.
 */
const REFERENCE_FORMATS: Record<string, string> = {
  hls: 'an HLS playlist',
  applehttp: 'an HLS playlist',
  dash: 'a DASH manifest',
  concat: 'a concat list',
  imf: 'an IMF composition',
  image2: 'an image sequence pattern',
  lavfi: 'a filter graph',
  avisynth: 'an AviSynth script',
  vapoursynth: 'a VapourSynth script',
  sdp: 'a network session description',
  rtsp: 'a network session description',
  rtp: 'a network session description',
  sap: 'a network session description',
  webm_dash_manifest: 'a DASH manifest'
};

/** Audio-only formats: the uploader should hear that the file has no picture, not that the format is odd. */
const AUDIO_FORMATS = new Set(['mp3', 'wav', 'w64', 'flac', 'aac', 'ac3', 'eac3', 'aiff', 'amr', 'ape', 'au', 'caf', 'dts', 'mpc', 'opus', 'tta', 'wv', 'xwma', 'spdif']);

/** Still-image demuxers (`png_pipe`, `jpeg_pipe`...): a picture, not a video. */
const isImage = (name: string): boolean => name === 'image2' || name === 'image2pipe' || name.endsWith('_pipe');

/**
 * The entry of `accepted` that ffprobe's `format_name` (e.g. `mov,mp4,m4a,3gp,3g2,mj2`) belongs to,
 * which is also the name to give ffmpeg as `-f` so it does not guess again; null when none does.
 */
export function acceptedDemuxer(formatName: string, accepted: readonly string[] = UPLOAD_FORMATS): string | null {
  const names = formatName.split(',').map((n) => n.trim());
  return accepted.find((a) => names.includes(a)) ?? null;
}

/** Why a file of this (ffprobe-named) format is refused: what the uploader can act on. */
export function formatRefusal(formatName: string): { code: 'references_other_files' | 'still_image' | 'audio_only' | 'format_not_accepted'; reason: string } {
  const names = formatName.split(',').map((n) => n.trim());
  const reference = names.map((n) => REFERENCE_FORMATS[n]).find(Boolean);
  if (reference) {
    return {
      code: 'references_other_files',
      reason: `${reference} (${names[0]}), which refers to other files, not a video file; upload the video itself`
    };
  }
  if (names.some(isImage)) return { code: 'still_image', reason: 'a still image, not a video' };
  if (names.some((n) => AUDIO_FORMATS.has(n))) return { code: 'audio_only', reason: 'audio only: no video stream' };
  return {
    code: 'format_not_accepted',
    reason: `the ${names[0]} format is not accepted; upload a video as a camera, phone or editor saves it (MP4, MOV, MKV, WebM, AVI, MPEG-TS)`
  };
}

/**
 * The format ffmpeg refused because it is not on `-format_whitelist`, from its stderr
 * (`[hls @ 0x55d0c4e2] Format not on whitelist 'mov,…'`: the bracket names the detected demuxer), or
 * null when the failure was something else.
 */
export function notWhitelistedFormat(stderr: string): string | null {
  const m = /\[([\w,]+) @ (?:0x)?[0-9a-f]+\] Format not on whitelist/i.exec(stderr);
  return m ? m[1]! : null;
}
