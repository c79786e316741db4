/**
 * Typed names and payloads of every job: per queue, a map from job name to the data the job carries
 * and what it returns. The workers (workers/) and the web process (server/) agree through jobs/
 * only; neither imports the other (test/unit/boundaries.test.ts keeps it so).
 *
 * A processing run is a BullMQ flow, a chain where each child runs before its parent:
 *   full:      probe → ladder → subtitles → thumbnails → publish → grow → join
 *   subtitles: subtitles → publish
 * A full run publishes its revision as soon as the first pass of the ladder (one phone-sized rung
 * and the audio-only rendition, media/ladder.ts planPasses) has its subtitles and thumbnails; `grow`
 * then encodes the other rungs and `join` adds them to the same revision. Held for the full ladder
 * (RunJobData.publishEarly false), `ladder` makes every rung and grow and join have nothing to add.
 * The media steps run in ffmpeg workers (queue `media`); they never touch the database, only Redis
 * and the data directory, so a worker machine needs no database credentials. `publish` runs in the
 * web process (queue `pipeline`), which owns the database and makes the run visible atomically.
 */
import { Queue, UnrecoverableError, type Job, type JobsOptions, type QueueOptions } from 'bullmq';
import type { LadderPlan, MediaLimits, ProbeResult, Rung } from '../media/index.ts';

/** One kind of job: the data it is added with and what its handler returns. */
export interface JobSpec<Data, Result> {
  data: Data;
  result: Result;
}

/** The ffmpeg steps of a processing run (workers/media-worker.ts). Every step gets the run's data. */
export type MediaJobs = {
  probe: JobSpec<RunJobData, RunResults>;
  ladder: JobSpec<RunJobData, RunResults>;
  subtitles: JobSpec<RunJobData, RunResults>;
  thumbnails: JobSpec<RunJobData, RunResults>;
  /** The rungs the first pass left (LadderResult.pending), after the revision was published. */
  grow: JobSpec<RunJobData, RunResults>;
  /** Subtitled MP4s for messengers (issue 12): one ffmpeg decodes the source once for every language of the batch. */
  variants: JobSpec<VariantsJobData, VariantsResult>;
};

/** The last step of a run, in the web process that owns the database (server/pipeline/publish.ts). */
export type PipelineJobs = {
  publish: JobSpec<RunJobData, RunResults>;
  /** Moves grow's rungs into the published revision, rewrites its master.m3u8 and completes the run (server/pipeline/join.ts). */
  join: JobSpec<RunJobData, RunResults>;
  /** The parent of a `variants` job: records its files in video_variants (server/variants/). */
  'variants-record': JobSpec<VariantsJobData, VariantsResult>;
};

/** Live broadcasts (workers/live-worker.ts); added by server/live/ingest-service.ts. */
export type LiveJobs = {
  transcode: JobSpec<LiveTranscodeData, LiveTranscodeResult>;
  finish: JobSpec<LiveFinishData, LiveFinishResult>;
};

/** Every queue by name. */
export type Queues = {
  media: MediaJobs;
  pipeline: PipelineJobs;
  live: LiveJobs;
};
export type QueueName = keyof Queues;

export const QUEUE: { readonly [Q in QueueName]: Q } = { media: 'media', pipeline: 'pipeline', live: 'live' };

type AnyJobs = Record<string, JobSpec<unknown, unknown>>;
export type JobName<Jobs> = keyof Jobs & string;
/** A BullMQ job of one name, with its data and result types. */
export type JobOf<Jobs extends AnyJobs, N extends JobName<Jobs>> = Job<Jobs[N]['data'], Jobs[N]['result'], N>;

/**
 * A worker's handlers, one per job name of its queue: a name without a handler, or a handler that
 * takes or returns the wrong thing, fails to compile.
 */
export type Handlers<Jobs extends AnyJobs> = { [N in JobName<Jobs>]: (job: JobOf<Jobs, N>) => Promise<Jobs[N]['result']> };

/** The processor of a BullMQ Worker: the job's handler by its name; a name no handler knows fails at once, never retried. */
export function dispatch<Jobs extends AnyJobs>(
  queue: QueueName,
  handlers: Handlers<Jobs>
): (job: Job<Jobs[JobName<Jobs>]['data'], Jobs[JobName<Jobs>]['result']>) => Promise<Jobs[JobName<Jobs>]['result']> {
  return (job) => {
    const handler = Object.hasOwn(handlers, job.name) ? (handlers[job.name] as (job: Job) => Promise<Jobs[JobName<Jobs>]['result']>) : undefined;
    if (!handler) throw new UnrecoverableError(`unknown ${queue} job ${JSON.stringify(job.name)}`);
    return handler(job);
  };
}

/** A queue whose add() takes only its own job names, each with its own data. */
export type TypedQueue<Jobs extends AnyJobs> = Omit<Queue, 'add'> & {
  add<N extends JobName<Jobs>>(name: N, data: Jobs[N]['data'], opts?: JobsOptions): Promise<JobOf<Jobs, N>>;
};

export function openQueue<Q extends QueueName>(name: Q, opts: QueueOptions): TypedQueue<Queues[Q]> {
  return new Queue(name, opts) as unknown as TypedQueue<Queues[Q]>;
}

/** The steps of a processing run (a `variants` batch is not one: it has its own flow). */
export type MediaStep = Exclude<JobName<MediaJobs>, 'variants'>;
export type PipelineStep = Exclude<JobName<PipelineJobs>, 'variants-record'>;
export type Step = MediaStep | PipelineStep;

/**
 * Share of a run's time each step takes, for one progress bar across the chain: published early,
 * the ladder's first pass (one small rung) is about a fifth of the encoding and grow the rest;
 * held, the ladder step does all of it and grow nothing.
 */
export const STEP_WEIGHTS: Record<Step, number> = { probe: 0.02, ladder: 0.8, subtitles: 0.03, thumbnails: 0.1, publish: 0.05, grow: 0, join: 0 };
export const EARLY_STEP_WEIGHTS: Record<Step, number> = { probe: 0.02, ladder: 0.18, subtitles: 0.02, thumbnails: 0.06, publish: 0.02, grow: 0.67, join: 0.03 };
export const FULL_STEPS: Step[] = ['probe', 'ladder', 'subtitles', 'thumbnails', 'publish', 'grow', 'join'];
export const SUBTITLE_STEPS: Step[] = ['subtitles', 'publish'];

export interface SubtitleInput {
  lang: string;
  /** The producer's original file as stored under sources/. */
  storedPath: string;
  fileName: string;
  /** Some cues are machine-translated (video_subtitles.machine_cues > 0): the track's HLS NAME says so. */
  machine?: boolean;
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
  /**
   * Publish after the ladder's first pass and add the other rungs to the revision afterwards (the
   * default); false when the producer holds publication until the full ladder (videos.hold_full_ladder).
   * Absent in runs queued before it existed: those flows end at publish and make every rung at once.
   */
  publishEarly?: boolean;
  /** media/<id>/<rev>/, where publish puts the revision: grow gives up when it is gone (video deleted or replaced). */
  revisionDir?: string;
  /**
   * The caps (config's MEDIA_MAX_*) of the web process that accepted the upload, so the probe step
   * judges the file as the upload did whatever a worker's own environment says. Absent in runs
   * queued before the caps existed (the defaults apply).
   */
  limits?: MediaLimits;
}

export interface LadderResult {
  /** The whole ladder as planned. */
  plan: LadderPlan;
  /** The rungs made and listed in the revision's master.m3u8, largest first (all of plan.rungs once complete). */
  rungs: Rung[];
  /** Start PTS of the first MPEG-TS segment, seconds; WebVTT segments carry it in X-TIMESTAMP-MAP. */
  mpegtsOffset: number;
  /** Relative to the revision directory: video/<rung>/index.m3u8 */
  variantUris: Record<string, string>;
  /**
   * Names of the plan's rungs still to be made (published early: grow makes them, join adds them to
   * `rungs`). Empty or absent: the revision has its whole ladder.
   */
  pending?: string[];
  /**
   * Relative to the revision directory: `audio/index.m3u8`, the audio-only rendition (plan.audioOnly);
   * null for a silent source, absent in ladders stored before it existed (no audio/ folder).
   */
  audioUri?: string | null;
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

/**
 * What the steps before this one returned, merged: each step returns its child's results plus its
 * own, so a chain's one child carries them all; merging every child keeps it right for any flow.
 */
export async function childResults(job: Job<RunJobData, RunResults>): Promise<RunResults> {
  return Object.assign({}, ...Object.values(await job.getChildrenValues<RunResults>()));
}

// ------------------------------------------------------------ subtitled variants (issue 12)
//
// A batch is one BullMQ flow: `variants` on the media queue (a worker runs one ffmpeg that decodes
// the source once and writes one MP4 per language, each with its subtitles burned in), then its
// parent `variants-record` on the pipeline queue (the web process records the files). Job ids:
// `vb-<batchId>-make` and `vb-<batchId>-record`.

export interface VariantTarget {
  lang: string;
  /** The track's version the subtitles come from (video_variants.subtitle_version). */
  subtitleVersion: number;
  /** WebVTT Efir wrote from the track's cleaned cues (never the producer's file): what libass renders. */
  vttPath: string;
  /** Where the finished MP4 goes (the worker writes `<outPath>.part` and renames it). */
  outPath: string;
}

export interface VariantsJobData {
  videoId: string;
  batchId: string;
  /** The video's revision the batch belongs to (video_variants.source_rev). */
  sourceRev: number;
  sourcePath: string;
  /** The probe's container format, passed as -f (media/ffmpeg-args.ts sourceInput). */
  sourceFormat: string | null;
  duration: number;
  /** Output height (media/variants.ts planVariant: never above the source) and bitrates for every target. */
  height: number;
  videoKbps: number;
  audioKbps: number;
  targets: VariantTarget[];
}

export interface VariantFile {
  lang: string;
  subtitleVersion: number;
  path: string;
  bytes: number;
  seconds: number;
}

export interface VariantsResult {
  files: VariantFile[];
}

/** Progress of a batch as the worker reports it with job.updateProgress (0..1 for the whole batch). */
export interface VariantsProgress {
  videoId: string;
  batchId: string;
  fraction: number;
}

/** Progress as workers report it with job.updateProgress; the web process adds the step weights. */
export interface StepProgress {
  videoId: string;
  runId: string;
  step: Step;
  /** 0..1 within the step */
  fraction: number;
  /** Seconds the step still needs at the speed it has gone so far; absent before it has a rate. */
  etaSeconds?: number;
}

// ------------------------------------------------------------------ live broadcasts (queue `live`)
//
// One `transcode` job per publish: a worker reads the stream back from the ingest over RTMP and
// runs the live ladder (media/live.ts) into data/live/<broadcast>/<run>/ for as long as the
// publisher sends, restarting ffmpeg if it dies while the publisher is still there. After the end
// one `finish` job joins the recording's parts into the replay's source.

export type LiveJobName = JobName<LiveJobs>;

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
  /**
   * Low-Latency HLS (config.liveLowLatency when queued): fMP4 segments split into parts, packaged by
   * the worker (media/llhls/); false: ffmpeg's hls muxer writes 1 s MPEG-TS segments as before.
   * Absent in jobs queued before it existed: false.
   */
  lowLatency: boolean;
}

export interface LiveTranscodeResult {
  /** Recording parts this job wrote (one per ffmpeg it started). */
  parts: number;
}

/** Reported as job progress once the master playlist and a first segment of every rung exist. */
export interface LiveProgress {
  broadcastId: string;
  run: string;
  ready: true;
  /**
   * Seconds: the longest gap between keyframes seen in a copied top rung, reported (again, with the
   * rest) when it exceeds the live segment target, so the studio can tell the producer to set a 1 s
   * keyframe interval while the broadcast plays on. Absent while the keyframes are fine.
   */
  keyframeInterval?: number;
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

/**
 * Redis pub/sub channel of a broadcast's Low-Latency HLS updates: after every playlist rename the
 * live worker publishes a LivePartsMessage naming the newest part that playlist lists, and the web
 * process wakes the blocking reloads and held part requests waiting for it.
 */
export const livePartsChannel = (prefix: string, broadcastId: string) => `${prefix}:live-parts:${broadcastId}`;

/** The message on livePartsChannel: `part` counts from 0 within segment `msn`. */
export interface LivePartsMessage {
  run: string;
  rung: string;
  msn: number;
  part: number;
}
