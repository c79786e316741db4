/**
 * The live worker: a BullMQ Worker on the `live` queue (jobs/queues.ts).
 *
 * `transcode` runs for as long as one publish lasts: it reads the stream back from the ingest over
 * RTMP, plans the ladder from what the publisher sends (media/live.ts), writes the master playlist
 * and runs one ffmpeg for every rung plus the recording. If ffmpeg dies while the publisher is still
 * there (the Redis key of the publish still names this session) it is started again: the playlists
 * go on with a discontinuity and the recording gets a new part. When the publisher leaves, ffmpeg's
 * read times out or ends and the job completes; the web process decides whether the broadcast goes
 * on (a new publish, a new job, the same run folder) or ends.
 *
 * `finish` joins the recording's parts into one file for the replay.
 * Like the media worker it never touches the database.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  QUEUE,
  dispatch,
  livePublisherKey,
  type Handlers,
  type LiveFinishData,
  type LiveFinishResult,
  type LiveJobs,
  type LiveProgress,
  type LiveTranscodeData,
  type LiveTranscodeResult,
  type RecordedPart
} from '../jobs/queues.ts';
import { liveLadderArgs, liveMasterPlaylist, planLiveLadder } from '../media/live.ts';
import { probeFile, probeStream, runFfmpeg } from '../media/ffmpeg.ts';
import { concatList, liveInput, recordingConcatArgs } from '../media/ffmpeg-args.ts';
import { writeAtomically } from '../jobs/staging.ts';
import { bullConnection } from '../jobs/redis.ts';

export interface LiveWorkerOptions {
  redisUrl: string;
  prefix: string;
  /** Live transcodes this process runs at once (each takes about a core for a 1080p source). */
  concurrency: number;
  log: Logger;
}

/** A crash loop is not a broadcast: after this many restarts in a minute the job gives up. */
const MAX_RESTARTS_PER_MINUTE = 5;
const PARTS_FILE = 'parts.json';

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

interface TranscodeDeps {
  redis: Redis;
  prefix: string;
  log: Logger;
  signal: AbortSignal;
}

async function transcode(job: Job<LiveTranscodeData>, deps: TranscodeDeps): Promise<LiveTranscodeResult> {
  const d = job.data;
  const log = deps.log.child({ broadcastId: d.broadcastId, run: d.run });
  const name = `broadcast ${d.broadcastId}`; // what errors call the stream: never its URL (the key)
  const publisherKey = livePublisherKey(deps.prefix, d.broadcastId);
  // ffmpeg names its input in its errors: the input URL holds the stream key, which is never logged.
  const redact = (err: unknown) => (err instanceof Error ? err.message : String(err)).split(d.input).join(name);
  const stillPublishing = async () => (await deps.redis.get(publisherKey)) === d.publishSession;
  // One writer per live folder: a publisher that came back gets a new job, which waits here
  // until the previous one has let go of the playlists.
  const writer = new WriterLock(deps.redis, `${deps.prefix}:live:${d.broadcastId}:writer`, String(job.id));
  if (!(await writer.acquire(20_000))) throw new Error('another live transcode kept this broadcast\'s playlists for 20 s');
  const restarts: number[] = [];
  let parts = 0;
  try {
    await fs.mkdir(d.outDir, { recursive: true });
    await fs.mkdir(d.recordingDir, { recursive: true });
    for (;;) {
      if (!(await stillPublishing())) return { parts };
      const probe = await probeStream(d.input, name);
      // A stream with no picture (or an unreadable one) fails the job; its reason reaches the producer.
      const plan = planLiveLadder(probe);
      const firstPlaylist = path.join(d.outDir, plan.rungs[0]!.name, 'index.m3u8');
      const restart = await exists(firstPlaylist);
      const recordingFile = path.join(d.recordingDir, `part-${Date.now()}.ts`);
      await addPart(d.recordingDir, { file: path.basename(recordingFile), startedAt: new Date().toISOString(), duration: null });
      parts++;
      // The master first (written whole, renamed into place): players find every rung listed in it.
      await writeAtomically(path.join(d.outDir, 'master.m3u8'), liveMasterPlaylist(plan));
      const args = liveLadderArgs(liveInput(d.input), plan, { outDir: d.outDir, recordingFile, dvrSegments: d.dvrSegments, startNumber: 0, restart });
      const stop = new AbortController();
      const onAbort = () => stop.abort(deps.signal.reason);
      deps.signal.addEventListener('abort', onAbort);
      // The audio-only rendition too: the master lists it, so the listen-only switch must find segments in it.
      const variants = [...plan.rungs.map((r) => r.name), ...(plan.audioOnly ? [plan.audioOnly.name] : [])];
      const ready = watchReady(d.outDir, variants, stop.signal).then(async (ok) => {
        if (ok) await job.updateProgress({ broadcastId: d.broadcastId, run: d.run, ready: true } satisfies LiveProgress);
      });
      // Once a second: keep the writer lock, and stop as soon as this publish is over (the
      // broadcast ended, or the publisher came back as a new publish with a job of its own).
      const watch = setInterval(() => {
        void (async () => {
          if (!(await stillPublishing()) || !(await writer.refresh())) stop.abort(new Error('publish over'));
        })().catch(() => {});
      }, 1000);
      log.info({ rungs: plan.rungs.map((r) => r.name), restart }, 'live transcode started');
      let failure: unknown = null;
      try {
        await runFfmpeg(args, { signal: stop.signal });
      } catch (err) {
        failure = err;
      } finally {
        clearInterval(watch);
        deps.signal.removeEventListener('abort', onAbort);
      }
      await ready.catch(() => {});
      await setPartDuration(d.recordingDir, path.basename(recordingFile));
      if (deps.signal.aborted || stop.signal.aborted || !(await stillPublishing())) {
        log.info('publish over: live transcode done');
        return { parts };
      }
      // ffmpeg stopped while the publisher is still sending: start again, the stream goes on.
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
      log.warn({ err: redact(failure) }, 'live ffmpeg stopped while the publisher is still sending; restarting');
      if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
        throw new Error(`ffmpeg stopped ${restarts.length} times in a minute (last: ${redact(failure)}); giving up on this publish`);
      }
    }
  } finally {
    await writer.release();
  }
}

/** A Redis lock with a short lease, renewed while held: a dead worker's lock lapses in seconds. */
class WriterLock {
  private static readonly LEASE_MS = 5000;
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly owner: string
  ) {}

  async acquire(waitMs: number): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (await this.redis.set(this.key, this.owner, 'PX', WriterLock.LEASE_MS, 'NX')) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Extends the lease if it is still ours. */
  async refresh(): Promise<boolean> {
    const ok = await this.redis.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end",
      1, this.key, this.owner, String(WriterLock.LEASE_MS)
    );
    return ok === 1;
  }

  async release(): Promise<void> {
    await this.redis
      .eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, this.key, this.owner)
      .catch(() => {});
  }
}

/** Resolves true once every variant's playlist lists a segment (then players can start). */
async function watchReady(outDir: string, rungs: string[], signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (!signal.aborted && Date.now() < deadline) {
    const texts = await Promise.all(rungs.map((r) => fs.readFile(path.join(outDir, r, 'index.m3u8'), 'utf8').catch(() => '')));
    if (texts.every((t) => t.includes('#EXTINF'))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
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

// ------------------------------------------------------------------ recording/parts.json

async function readParts(dir: string): Promise<RecordedPart[]> {
  const text = await fs.readFile(path.join(dir, PARTS_FILE), 'utf8').catch(() => '[]');
  return JSON.parse(text) as RecordedPart[];
}

async function addPart(dir: string, part: RecordedPart): Promise<void> {
  await writeAtomically(path.join(dir, PARTS_FILE), JSON.stringify([...(await readParts(dir)), part], null, 1));
}

async function setPartDuration(dir: string, file: string): Promise<void> {
  const duration = await probeFile(path.join(dir, file)).then((p) => p.duration).catch(() => null);
  const parts = await readParts(dir);
  await writeAtomically(path.join(dir, PARTS_FILE), JSON.stringify(parts.map((p) => (p.file === file ? { ...p, duration } : p)), null, 1));
}

const exists = (file: string) => fs.access(file).then(() => true, () => false);
