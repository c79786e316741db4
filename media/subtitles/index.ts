// Subtitles: a producer's SubRip, WebVTT or ASS file in, normalised WebVTT (whole and HLS-segmented) out.
// Pure functions: no ffmpeg, no filesystem; callers read the upload and write the results.
export { SUBTITLE_LANGUAGES, LANGUAGE_NAMES, LANGUAGE_BCP47, isLang } from './languages.js';
export type { Lang } from './languages.js';
export { SubtitleError, SUBTITLE_WARNING_CODES, SUBTITLE_ERROR_CODES } from './errors.js';
export type { SubtitleProblem, SubtitleWarningCode, SubtitleErrorCode, ProblemParams } from './errors.js';
export type { Cue, ParsedSubtitles, SubtitleFormat } from './cue.js';
export { decodeSubtitleBytes } from './decode.js';
export type { SubtitleEncoding } from './decode.js';
export { detectFormat } from './detect-format.js';
export { parseSubtitles } from './parse.js';
export { toWebVtt, cuesFromWebVtt } from './webvtt-output.js';
export { segmentWebVtt, subtitlePlaylist } from './hls-segments.js';
export type { SubtitleSegment } from './hls-segments.js';
export { formatVttTimestamp } from './timestamps.js';
