/**
 * Typed names and payloads of every job. Workers (workers/) and the web process (server/pipeline/)
 * agree through this file only.
 *
 * A processing run is a BullMQ flow, a chain where each child runs before its parent:
 *   full:      probe → ladder → subtitles → thumbnails → publish
 *   subtitles: subtitles → publish
 * The media steps run in ffmpeg workers (queue `media`); they never touch the database, only Redis
 * and the data directory, so a worker machine needs no database credentials. `publish` runs in the
 * web process (queue `pipeline`), which owns the database and makes the run visible atomically.
 */
import type { LadderPlan, ProbeResult, Rung } from '../../media/index.ts';

export const QUEUE = { media: 'media', pipeline: 'pipeline', live: 'live' } as const;

export type MediaStep = 'probe' | 'ladder' | 'subtitles' | 'thumbnails';
export type PipelineStep = 'publish';
export type Step = MediaStep | PipelineStep;

/** Share of a full run's time each step takes, for one progress bar across the chain. */
export const STEP_WEIGHTS: Record<Step, number> = { probe: 0.02, ladder: 0.8, subtitles: 0.03, thumbnails: 0.1, publish: 0.05 };
export const FULL_STEPS: Step[] = ['probe', 'ladder', 'subtitles', 'thumbnails', 'publish'];
export const SUBTITLE_STEPS: Step[] = ['subtitles', 'publish'];

export interface SubtitleInput {
  lang: string;
  /** The producer's original file as stored under sources/. */
  storedPath: string;
  fileName: string;
}

/** Common to every job of one run. */
export interface RunJobData {
  videoId: string;
  runId: string;
  rev: number;
  kind: 'full' | 'subtitles';
  /** The staging directory work/<videoId>/<rev>/ where media steps write; publish moves it into media/. */
  workDir: string;
  sourcePath: string;
  sourceName: string;
  /** Duration from the upload-time probe; subtitle-only runs have no probe step. */
  duration: number;
  subtitles: SubtitleInput[];
  /** Ladder of the previous revision, for subtitle-only runs (MPEG-TS offset, segment length). */
  ladder: LadderResult | null;
  /** The revision whose video and thumbnails a subtitle-only run reuses. */
  baseRev: number | null;
}

export interface LadderResult {
  plan: LadderPlan;
  rungs: Rung[];
  /** Start PTS of the first MPEG-TS segment, seconds; WebVTT segments carry it in X-TIMESTAMP-MAP. */
  mpegtsOffset: number;
  /** Relative to the revision directory: video/<rung>/index.m3u8 */
  variantUris: Record<string, string>;
}

export interface SubtitlesResult {
  tracks: { lang: string; name: string; uri: string; cueCount: number; warnings: { line: number; message: string }[] }[];
}

export interface ThumbnailsResult {
  poster: string;
  sprite: string | null;
  spriteVtt: string | null;
}

/** What each step returns: everything its child returned, plus its own part. publish reads it all. */
export interface RunResults {
  probe?: ProbeResult;
  ladder?: LadderResult;
  subtitles?: SubtitlesResult;
  thumbnails?: ThumbnailsResult;
}

/** Progress as workers report it with job.updateProgress; the web process adds the step weights. */
export interface StepProgress {
  videoId: string;
  runId: string;
  step: Step;
  /** 0..1 within the step */
  fraction: number;
}

// ------------------------------------------------------------------ live broadcasts (queue `live`)
//
// One `transcode` job per publish: a worker reads the stream back from the ingest over RTMP and
// runs the live ladder (media/live.ts) into data/live/<broadcast>/<run>/ for as long as the
// publisher sends, restarting ffmpeg if it dies while the publisher is still there. After the end
// one `finish` job joins the recording's parts into the replay's source.

export type LiveJobName = 'transcode' | 'finish';

export interface LiveTranscodeData {
  broadcastId: string;
  /** The live output folder's name: a publisher that returns continues the same run. */
  run: string;
  /** rtmp://<ingest>/live/<key>?play=<token>: the worker plays the stream back from the ingest; the token (minted by the ingest for this publish) is what lets it play. Secret like the key: never logged. */
  input: string;
  /** data/live/<broadcast>/<run>/ */
  outDir: string;
  /** data/live/<broadcast>/recording/ (parts.json and part-*.ts) */
  recordingDir: string;
  dvrSegments: number;
  /** The ingest's id of this publish; the Redis key `<prefix>:live:<broadcast>:publisher` holds it while it lasts. */
  publishSession: string;
}

/** Reported as job progress once the master playlist and a first segment of every rung exist. */
export interface LiveProgress {
  broadcastId: string;
  run: string;
  ready: true;
}

export interface LiveFinishData {
  broadcastId: string;
  recordingDir: string;
  /** Where the joined recording goes (then handed to the studio as the replay's upload). */
  outFile: string;
}

/** One uninterrupted piece of the recording (recording/parts.json lists them in order). */
export interface RecordedPart {
  file: string;
  /** ISO 8601 wall-clock time of its first frame (approximately: when ffmpeg started reading). */
  startedAt: string;
  duration: number | null;
}

export interface LiveFinishResult {
  file: string | null;
  duration: number;
  parts: RecordedPart[];
}

export const livePublisherKey = (prefix: string, broadcastId: string) => `${prefix}:live:${broadcastId}:publisher`;
