/**
 * The live worker: a BullMQ Worker on the `live` queue (jobs/queues.ts).
 *
 * `transcode` runs for as long as one publish lasts: it reads the stream back from the ingest over
 * RTMP, plans the ladder from what the publisher sends (media/live.ts), writes the master playlist
 * and runs one ffmpeg for every rung plus the recording. If ffmpeg dies while the publisher is still
 * there (the Redis key of the publish still names this session) it is started again: the playlists
 * go on with a discontinuity and the recording gets a new part. When the publisher leaves, ffmpeg's
 * read times out or ends and the job completes; the web process decides whether the broadcast goes
 * on (a new publish, a new job, the same run folder) or ends. The transcode itself is
 * workers/live/transcode.ts: MPEG-TS segments from ffmpeg's hls muxer, or Low-Latency HLS
 * (job.data.lowLatency) packaged by workers/live/ll-output.ts from ffmpeg's fragmented MP4.
 *
 * `finish` joins the recording's parts into one file for the replay.
 * Like the media worker it never touches the database.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  QUEUE,
  dispatch,
  type Handlers,
  type LiveFinishData,
  type LiveFinishResult,
  type LiveJobs,
  type RecordedPart
} from '../jobs/queues.ts';
import { probeFile, runFfmpeg } from '../media/ffmpeg.ts';
import { concatList, recordingConcatArgs } from '../media/ffmpeg-args.ts';
import { bullConnection } from '../jobs/redis.ts';
import { readParts } from './live/recording.ts';
import { transcode } from './live/transcode.ts';

export interface LiveWorkerOptions {
  redisUrl: string;
  prefix: string;
  /** Live transcodes this process runs at once (each takes about a core for a 1080p source). */
  concurrency: number;
  log: Logger;
}

/** A crash loop is not a broadcast: after this many restarts in a minute the job gives up. */
const MAX_RESTARTS_PER_MINUTE = 5;

export async function startLiveWorker(opts: LiveWorkerOptions): Promise<{ close(): Promise<void> }> {
  const log = opts.log.child({ component: 'live-worker' });
  const redis = new Redis(bullConnection(opts.redisUrl));
  const controllers = new Set<AbortController>();
  const handlers: Handlers<LiveJobs> = {
    finish: (job) => finish(job.data, log),
    async transcode(job) {
      const ac = new AbortController();
      controllers.add(ac);
      try {
        return await transcode(job, { redis, prefix: opts.prefix, log, signal: ac.signal });
      } finally {
        controllers.delete(ac);
      }
    }
  };
  const worker = new Worker(
    QUEUE.live,
    dispatch(QUEUE.live, handlers),
    {
      connection: bullConnection(opts.redisUrl),
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      // A live job runs for hours; its lock is renewed while ffmpeg runs in its child process.
      lockDuration: 30_000,
      maxStalledCount: 1
    }
  );
  worker.on('failed', (job, err) => log.warn({ jobId: job?.id, name: job?.name, err: err.message }, 'live job failed'));
  return {
    async close() {
      // A live transcode has no natural end to wait for: stop ffmpeg (the recording is closed cleanly).
      for (const ac of controllers) ac.abort(new Error('worker stopping'));
      await worker.close();
      await redis.quit().catch(() => redis.disconnect());
    }
  };
}

async function finish(d: LiveFinishData, log: Logger): Promise<LiveFinishResult> {
  const parts = await readParts(d.recordingDir);
  const usable: RecordedPart[] = [];
  for (const p of parts) {
    const file = path.join(d.recordingDir, p.file);
    // A part whose publisher dropped before the first keyframe reached ffmpeg may be empty.
    const probe = await probeFile(file).catch(() => null);
    if (probe && probe.duration > 0) usable.push({ ...p, duration: p.duration ?? probe.duration });
  }
  if (!usable.length) {
    log.warn({ recordingDir: d.recordingDir }, 'the broadcast has no usable recording');
    return { file: null, duration: 0, parts: [] };
  }
  const list = path.join(d.recordingDir, 'concat.txt');
  await fs.writeFile(list, concatList(usable.map((p) => path.join(d.recordingDir, p.file))));
  await fs.mkdir(path.dirname(d.outFile), { recursive: true });
  await runFfmpeg(recordingConcatArgs(list, `${d.outFile}.part`));
  await fs.rename(`${d.outFile}.part`, d.outFile);
  const duration = (await probeFile(d.outFile)).duration;
  return { file: d.outFile, duration, parts: usable };
}
