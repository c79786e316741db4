/**
 * One `transcode` job of the live queue (workers/live-worker.ts): as long as the publish lasts, run
 * the ladder's ffmpeg, restarting it when it dies while the publisher is still sending.
 *
 * Two outputs, chosen per job (LiveTranscodeData.lowLatency, from LIVE_LOW_LATENCY):
 * - MPEG-TS (lowLatency false): ffmpeg's hls muxer writes 1 s segments and the playlists itself
 *   (media/live.ts liveLadderArgs); a restart appends to them after a discontinuity.
 * - LL-HLS: ffmpeg writes one fragmented MP4 per variant to a pipe (media/live-ll.ts) and
 *   ll-output.ts makes the parts, segments and playlists and publishes each new part on Redis.
 *
 * Both record the publisher's stream untouched (recording/part-*.ts) for the replay.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { livePartsChannel, livePublisherKey, type LiveProgress, type LiveTranscodeData, type LiveTranscodeResult } from '../../jobs/queues.ts';
import { exists, writeAtomically } from '../../jobs/staging.ts';
import { probeStream, runFfmpeg } from '../../media/ffmpeg.ts';
import { liveInput } from '../../media/ffmpeg-args.ts';
import type { LadderPlan } from '../../media/ladder.ts';
import { LIVE_READ_TIMEOUT_SECONDS, liveLadderArgs, liveMasterPlaylist, planLiveLadder } from '../../media/live.ts';
import { liveLlArgs } from '../../media/live-ll.ts';
import { LL_SEGMENT_DURATION, llTiming } from '../../media/llhls/timing.ts';
import { LlOutput } from './ll-output.ts';
import { watchReady } from './ready.ts';
import { addPart, setPartDuration } from './recording.ts';
import { WriterLock } from './writer-lock.ts';

/** A crash loop is not a broadcast: after this many restarts in a minute the job gives up. */
const MAX_RESTARTS_PER_MINUTE = 5;

export interface TranscodeDeps {
  redis: Redis;
  prefix: string;
  log: Logger;
  signal: AbortSignal;
}

/** Why the watchdog stopped ffmpeg: its input went silent (not the end of the publish). */
class StalledInput extends Error {
  override name = 'StalledInput';
}

export async function transcode(job: Job<LiveTranscodeData>, deps: TranscodeDeps): Promise<LiveTranscodeResult> {
  const d = job.data;
  const lowLatency = d.lowLatency === true;
  const log = deps.log.child({ broadcastId: d.broadcastId, run: d.run, lowLatency });
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
  // Progress: ready once every variant lists a segment; the copied rung's keyframe interval when too long.
  let ready = false;
  let keyframeInterval: number | undefined;
  const report = async () => {
    if (!ready) return;
    const progress: LiveProgress = { broadcastId: d.broadcastId, run: d.run, ready: true, ...(keyframeInterval ? { keyframeInterval } : {}) };
    await job.updateProgress(progress as unknown as object).catch(() => {});
  };
  let ll: { key: string; output: LlOutput } | null = null;
  try {
    await fs.mkdir(d.outDir, { recursive: true });
    await fs.mkdir(d.recordingDir, { recursive: true });
    for (;;) {
      if (!(await stillPublishing())) return { parts };
      const probe = await probeStream(d.input, name);
      // A stream with no picture (or an unreadable one) fails the job; its reason reaches the producer.
      const plan = planLiveLadder(probe, lowLatency ? { segmentDuration: LL_SEGMENT_DURATION } : {});
      const firstPlaylist = path.join(d.outDir, plan.rungs[0]!.name, 'index.m3u8');
      const restart = await exists(firstPlaylist);
      const recordingFile = path.join(d.recordingDir, `part-${Date.now()}.ts`);
      await addPart(d.recordingDir, { file: path.basename(recordingFile), startedAt: new Date().toISOString(), duration: null });
      parts++;
      // The master first (written whole, renamed into place): players find every rung listed in it.
      await writeAtomically(path.join(d.outDir, 'master.m3u8'), liveMasterPlaylist(plan, { lowLatency }));
      const variants = [...plan.rungs.map((r) => r.name), ...(plan.audioOnly ? [plan.audioOnly.name] : [])];
      const stop = new AbortController();
      const onAbort = () => stop.abort(deps.signal.reason);
      deps.signal.addEventListener('abort', onAbort);
      // The audio-only rendition too: the master lists it, so the listen-only switch must find segments in it.
      const readyWatch = watchReady(d.outDir, variants, stop.signal).then(async (ok) => {
        if (ok && !ready) {
          ready = true;
          await report();
        }
      });
      let lastSignOfLife = Date.now();
      let alive = false;
      const onProgressBlock = () => {
        lastSignOfLife = Date.now();
        alive = true;
      };
      // Once a second: keep the writer lock, and stop as soon as this publish is over (the
      // broadcast ended, or the publisher came back as a new publish with a job of its own). Also
      // the watchdog LIVE_READ_TIMEOUT_SECONDS describes: RTMP input that stalls without closing
      // keeps ffmpeg waiting; no progress block (and in LL mode no fragment) for that long ends this
      // ffmpeg (the playlists simply stopped advancing meanwhile) and the loop decides what follows.
      // Before its first block ffmpeg is still probing its input: twice as long then.
      const watch = setInterval(() => {
        void (async () => {
          if (!(await stillPublishing()) || !(await writer.refresh())) stop.abort(new Error('publish over'));
          const quiet = Date.now() - Math.max(lastSignOfLife, lowLatency ? (ll?.output.lastFragmentAt ?? 0) : 0);
          if (quiet > (alive ? 1 : 2) * LIVE_READ_TIMEOUT_SECONDS * 1000) stop.abort(new StalledInput(`no media for ${Math.round(quiet / 1000)} s`));
        })().catch(() => {});
      }, 1000);
      log.info({ rungs: plan.rungs.map((r) => r.name), restart }, 'live transcode started');
      let failure: unknown = null;
      try {
        if (lowLatency) {
          ll = await llOutputFor(ll, plan, variants, d, deps, log, (s) => {
            keyframeInterval = s;
            log.warn({ keyframeInterval: s }, 'the publisher\'s keyframe interval exceeds the segment target');
            void report();
          });
          const cmd = liveLlArgs(liveInput(d.input), plan, llTiming(plan.fps, plan.hasAudio), recordingFile);
          const pipes = ll.output.startEpoch(cmd.outputs);
          try {
            await runFfmpeg(cmd.args, { signal: stop.signal, pipes, onProgressBlock });
          } finally {
            await ll.output.drain();
          }
        } else {
          const args = liveLadderArgs(liveInput(d.input), plan, { outDir: d.outDir, recordingFile, dvrSegments: d.dvrSegments, startNumber: 0, restart });
          await runFfmpeg(args, { signal: stop.signal, onProgressBlock });
        }
      } catch (err) {
        failure = err;
      } finally {
        clearInterval(watch);
        deps.signal.removeEventListener('abort', onAbort);
      }
      // Stopped by us (publish over, worker stopping, or the watchdog), or ffmpeg ended by itself.
      const stoppedByUs = stop.signal.aborted;
      const stalled = stop.signal.reason instanceof StalledInput;
      if (!stoppedByUs) stop.abort(new Error('ffmpeg ended')); // ends the ready watch
      await readyWatch.catch(() => {});
      await setPartDuration(d.recordingDir, path.basename(recordingFile));
      if (deps.signal.aborted || (stoppedByUs && !stalled) || !(await stillPublishing())) {
        log.info('publish over: live transcode done');
        return { parts };
      }
      if (stalled) failure = stop.signal.reason;
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
    if (ll && ll.output.overlongParts() > 0) log.warn({ parts: ll.output.overlongParts() }, 'LL-HLS parts longer than PART-TARGET (an irregular copied stream)');
  }
}

/**
 * The LL-HLS output for this plan: the same one across ffmpeg restarts of the job while the ladder
 * is the same; a new one (resuming what is on disk) for a new job or a ladder that changed.
 */
async function llOutputFor(
  current: { key: string; output: LlOutput } | null,
  plan: LadderPlan,
  variants: string[],
  d: LiveTranscodeData,
  deps: TranscodeDeps,
  log: Logger,
  onKeyframeInterval: (seconds: number) => void
): Promise<{ key: string; output: LlOutput }> {
  const timing = llTiming(plan.fps, plan.hasAudio);
  const key = JSON.stringify([variants, timing.partTarget]);
  if (current?.key === key) return current;
  const channel = livePartsChannel(deps.prefix, d.broadcastId);
  const output = new LlOutput({
    outDir: d.outDir,
    variants,
    timing,
    dvrSegments: d.dvrSegments,
    audioVariant: plan.audioOnly?.name ?? null,
    copiedVariant: plan.rungs.find((r) => r.copy)?.name ?? null,
    onKeyframeInterval,
    log,
    notify: async (note) => {
      await deps.redis.publish(channel, JSON.stringify({ run: d.run, ...note }));
    }
  });
  await output.resume();
  return { key, output };
}

