// Public surface of the media layer. Everything except ffmpeg.ts is pure.

export {
  MediaInputError,
  interpretProbe,
  describeProbeFailure,
  probeFailureOf,
  type ProbeResult,
  type ProbeVideo,
  type ProbeAudio
} from './probe.js';
export {
  SEGMENT_DURATION,
  LADDER_TABLE,
  HIGH_FPS_BITRATE_FACTOR,
  MAXRATE_FACTOR,
  BUFSIZE_FACTOR,
  REMUX_MAX_BITRATE_FACTOR,
  REMUX_PEAK_FACTOR,
  AUDIO_ONLY,
  audioOnlyRendition,
  planLadder,
  planPasses,
  passPlan,
  rungsNamed,
  WATCHABLE_HEIGHT,
  type LadderPasses,
  remuxBlocker,
  rungSize,
  targetVideoBitrate,
  type LadderRow,
  type LadderPlan,
  type LadderOptions,
  type AudioOnlyRendition,
  type Rung
} from './ladder.js';
export { h264Level, avcCodecString, AAC_LC_CODEC, type H264Profile } from './h264.js';
export {
  ladderArgs,
  ladderGraph,
  singleRenditionArgs,
  posterArgs,
  spriteArgs,
  syntheticClipArgs,
  escapeFilterValue,
  sourceInput,
  liveInput,
  formatProbeArgs,
  type MediaInput,
  X264_PRESET,
  type SpriteLayout,
  type SyntheticClipOptions
} from './ffmpeg-args.js';
export { planSprite, spriteVtt, MAX_SPRITE_TILES, type SpritePlan } from './sprite.js';
export { parseProgress } from './progress.js';
export {
  masterPlaylist,
  parseMediaPlaylistDurations,
  peakBandwidth,
  averageBandwidth,
  audioOnlyBandwidth,
  AUDIO_ONLY_OVERHEAD,
  MPEGTS_TIMESTAMP_OFFSET,
  BANDWIDTH_OVERHEAD,
  type SubtitleTrack,
  type MasterPlaylistInput
} from './playlists.js';
export {
  resolveFfmpegPaths,
  useFfmpegSettings,
  probeFile,
  probeStream,
  probeKeyframeInterval,
  probeStartTime,
  runFfmpeg,
  runFfprobe,
  FfmpegError,
  PROBE_TIMEOUT_MS,
  type FfmpegPaths,
  type FfmpegSettings,
  type RunFfmpegOptions,
  type ProbeFileOptions
} from './ffmpeg.js';
export { UPLOAD_FORMATS, LIVE_FORMATS, LIVE_PROTOCOLS, acceptedDemuxer, formatRefusal, notWhitelistedFormat } from './formats.js';
export { DEFAULT_MEDIA_LIMITS, checkMediaLimits, clockTime, type MediaLimits } from './limits.js';
export { startTimeProbeArgs, parseStartTime } from './start-time.js';
export { keyframeProbeArgs, parseKeyframeTimes, regularKeyframeInterval, KEYFRAME_SAMPLE_SECONDS } from './keyframes.js';
export {
  LIVE_SEGMENT_DURATION,
  LIVE_MAX_SHORT_SIDE,
  LIVE_LOWER_RUNGS,
  LIVE_READ_TIMEOUT_SECONDS,
  MIN_LIVE_PLAYLIST_SEGMENTS,
  planLiveLadder,
  livePassthroughBlocker,
  liveFps,
  liveGraph,
  liveLadderArgs,
  liveMasterPlaylist,
  segmentsForDvr,
  nextStartNumber,
  type LiveOutput
} from './live.js';
export {
  MAX_CHAPTER_TITLE,
  CHAPTER_END_MARGIN,
  cleanChapterTitle,
  replayTime,
  chaptersFromAnswers,
  withOpening,
  chaptersVtt,
  type RecordingPart,
  type Chapter
} from './chapters.js';
export {
  MP4_OVERHEAD,
  CAP_SAFETY,
  SUBTITLE_STYLE,
  planVariant,
  variantsArgs,
  singleVariantArgs,
  libassFontProblems,
  outputNamesOf,
  subtitlesFilterName,
  type VariantPlan,
  type VariantPlanSettings,
  type VariantEncoding,
  type VariantOutput,
  type FontProblem
} from './variants.js';
