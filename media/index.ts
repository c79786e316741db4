// Public surface of the media layer. Everything except ffmpeg.ts is pure.

export {
  MediaInputError,
  interpretProbe,
  describeProbeFailure,
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
  planLadder,
  remuxBlocker,
  rungSize,
  targetVideoBitrate,
  type LadderRow,
  type LadderPlan,
  type LadderOptions,
  type Rung
} from './ladder.js';
export { h264Level, avcCodecString, AAC_LC_CODEC, type H264Profile } from './h264.js';
export {
  ladderArgs,
  ladderGraph,
  singleRenditionArgs,
  posterArgs,
  spriteArgs,
  burnInArgs,
  syntheticClipArgs,
  escapeFilterValue,
  X264_PRESET,
  type SpriteLayout,
  type BurnInOptions,
  type SyntheticClipOptions
} from './ffmpeg-args.js';
export { planSprite, spriteVtt, MAX_SPRITE_TILES, type SpritePlan } from './sprite.js';
export { parseProgress } from './progress.js';
export {
  masterPlaylist,
  parseMediaPlaylistDurations,
  peakBandwidth,
  averageBandwidth,
  MPEGTS_TIMESTAMP_OFFSET,
  BANDWIDTH_OVERHEAD,
  type SubtitleTrack,
  type MasterPlaylistInput
} from './playlists.js';
export {
  resolveFfmpegPaths,
  probeFile,
  probeKeyframeInterval,
  runFfmpeg,
  FfmpegError,
  type FfmpegPaths,
  type RunFfmpegOptions
} from './ffmpeg.js';
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
