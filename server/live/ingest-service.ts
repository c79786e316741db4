/**
 * What happens when OBS connects, drops and stops, on the web process's side:
 *
 *   publish with a valid key → the broadcast goes live (event to every page) and a `transcode` job
 *     starts on the `live` queue; once its first segments exist the pages get the stream's URL;
 *   the publisher drops → "reconnecting": a publish on the same key within INGEST_GRACE_SECONDS
 *     continues the same broadcast, the same live folder and the same recording (a new part);
 *   no return in time, or a producer ends it → ended; the recording's parts are joined (`finish`
 *     job) and handed to the studio as the replay, with the answered questions as chapters.
 *
 * Refused with a reason (in the producer's logs, never with the key): an unknown or rotated key, an
 * ended broadcast, a key another connection is already publishing on.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { QueueEvents } from 'bullmq';
import type { Logger } from 'pino';
import type { Efir } from '../context.ts';
import { newId } from '../ids.ts';
import {
  QUEUE,
  livePublisherKey,
  openQueue,
  type LiveJobs,
  type TypedQueue,
  type LiveFinishData,
  type LiveFinishResult,
  type LiveProgress,
  type LiveTranscodeData
} from '../../jobs/queues.ts';
import { bullConnection } from '../../jobs/redis.ts';
import { chaptersFromAnswers, OPENING_CHAPTER, withOpening } from '../../media/chapters.ts';
import { segmentsForDvr } from '../../media/live.ts';
import { RtmpIngest, type PublishRequest } from './rtmp.ts';

/** How often broadcasts whose publisher stayed away past the grace period are looked for. */
const SWEEP_MS = 5_000;

export class LiveIngestService {
  private rtmp: RtmpIngest | null = null;
  /** The port the ingest listens on (RTMP_PORT, or the free one picked for 0). */
  port: number | null = null;
  private queue: TypedQueue<LiveJobs> | null = null;
  private events: QueueEvents | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  /** Accepted publishers on this instance, by broadcast: ended broadcasts have theirs cut off. */
  private readonly publishers = new Map<string, PublishRequest>();
  private readonly finishing = new Map<string, Promise<void>>();
  private readonly log: Logger;

  constructor(private readonly efir: Efir) {
    this.log = efir.log.child({ component: 'live' });
  }

  private get prefix() {
    return this.efir.config.queuePrefix;
  }

  async start(): Promise<void> {
    const connection = bullConnection(this.efir.redisUrl);
    this.queue = openQueue(QUEUE.live, { connection, prefix: this.prefix });
    this.events = new QueueEvents(QUEUE.live, { connection, prefix: this.prefix });
    this.events.on('progress', ({ data }) => void this.onProgress(data as unknown as LiveProgress));
    this.events.on('failed', ({ jobId, failedReason }) => void this.onTranscodeFailed(jobId, failedReason));
    await this.events.waitUntilReady();
    this.efir.qa.service.onStateChange((id, state) => {
      if (state === 'ended') void this.finish(id);
    });
    // A replay's processing run ended: pages waiting for it hear so over the Q&A socket.
    this.efir.pipeline.onEvent((e) => {
      if (e.state === 'completed' || e.state === 'failed') void this.announceReplay(e.videoId);
    });
    if (this.efir.config.rtmpPort >= 0) {
      this.rtmp = new RtmpIngest({
        log: this.efir.log,
        onPublish: (req) => void this.onPublish(req),
        maxConnectionsPerIp: this.efir.config.rtmpMaxConnectionsPerIp,
        maxConnections: this.efir.config.rtmpMaxConnections
      });
      this.port = await this.rtmp.listen(this.efir.config.rtmpPort, this.efir.config.host);
      this.log.info({ port: this.port }, 'RTMP ingest listening');
      this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
      this.sweeper.unref();
      void this.sweep();
    }
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.rtmp?.close();
    // A replay being made is not waited for long: its Redis claim lapses and the next start redoes it.
    await Promise.race([Promise.allSettled([...this.finishing.values()]), new Promise((r) => setTimeout(r, 5000).unref())]);
    await this.events?.close();
    await this.queue?.close();
  }

  // ------------------------------------------------------------ publishing

  private async onPublish(req: PublishRequest): Promise<void> {
    try {
      if (req.app !== 'live') return req.refuse(`unknown application "${req.app}": publish to …/live with the stream key`);
      const b = await this.efir.live.repo.byStreamKey(req.key);
      if (!b) return req.refuse('unknown or rotated stream key');
      const log = this.log.child({ broadcastId: b.id });
      if (b.state === 'ended') return req.refuse(`broadcast ${b.id} has ended; schedule a new one`);
      if (req.alreadyPublishing || this.publishers.has(b.id)) return req.refuse(`broadcast ${b.id} already has a publisher on this key`);
      req.accept();
      this.publishers.set(b.id, req);
      req.onClose(() => void this.onPublisherGone(b.id, req));
      await this.efir.redis.set(livePublisherKey(this.prefix, b.id), req.sessionId, 'EX', 24 * 3600);
      const run = b.live_run ?? newId(8);
      if (b.state === 'scheduled') await this.efir.qa.service.setBroadcastState('system', b.id, 'live');
      await this.efir.qa.service.changeBroadcast(b.id, (tx) => this.efir.live.repo.markPublishing(tx, b.id));
      const data: LiveTranscodeData = {
        broadcastId: b.id,
        run,
        // The play token proves the worker to the ingest (server/live/rtmp.ts); it lasts as long as this publish.
        // A publish arrives only while the ingest listens, so its port is known.
        input: workerInputUrl(this.efir.config.rtmpWorkerUrl, this.port!, req.key, req.playToken),
        outDir: path.join(this.efir.paths.live, b.id, run),
        recordingDir: path.join(this.efir.paths.live, b.id, 'recording'),
        dvrSegments: segmentsForDvr(b.dvr_seconds),
        publishSession: req.sessionId,
        // LIVE_LOW_LATENCY: LL-HLS parts and blocking reloads, else today's 1 s MPEG-TS (per publish,
        // so bench:live and an operator can switch between runs).
        lowLatency: this.efir.config.liveLowLatency
      };
      await this.queue!.add('transcode', data, { jobId: `live-${b.id}-${req.sessionId}-${Date.now()}`, removeOnComplete: 100, removeOnFail: 100, attempts: 1 });
      log.info({ address: req.address, run }, 'publisher accepted');
    } catch (err) {
      this.log.error({ err }, 'publish hook failed');
      req.refuse('internal error');
    }
  }

  /**
   * The worker has the first segments of every rung: pages may start playing. Its later reports
   * may add the publisher's keyframe interval when it is longer than the segment target: the
   * producer's studio and the moderators' console say to set OBS to 1 s (the stream plays on).
   */
  private async onProgress(p: LiveProgress): Promise<void> {
    if (!p?.ready) return;
    try {
      // A report repeated (with the keyframe interval) announces nothing again.
      const b = await this.efir.live.repo.get(p.broadcastId);
      if (b?.live_run !== p.run) await this.efir.qa.service.changeBroadcast(p.broadcastId, (tx) => this.efir.live.repo.setLiveRun(tx, p.broadcastId, p.run));
      const kf = typeof p.keyframeInterval === 'number' && Number.isFinite(p.keyframeInterval) ? Math.round(p.keyframeInterval * 10) / 10 : null;
      if (kf !== null && kf > 0 && b?.ingest_keyframe_seconds !== kf) {
        await this.efir.qa.service.changeBroadcast(p.broadcastId, (tx) => this.efir.live.repo.setKeyframeInterval(tx, p.broadcastId, kf));
      }
    } catch (err) {
      this.log.warn({ err, broadcastId: p.broadcastId }, 'could not announce the live stream');
    }
  }

  /**
   * The stream could not be transcoded (no video, an unreadable stream, ffmpeg failing again and
   * again): the producer's studio shows why, and the publisher is cut off so OBS shows it too.
   */
  private async onTranscodeFailed(jobId: string, reason: string): Promise<void> {
    const job = await this.queue?.getJob(jobId).catch(() => null);
    if (!job || job.name !== 'transcode') return;
    const { broadcastId } = job.data as LiveTranscodeData;
    this.log.warn({ broadcastId, reason }, 'live transcode failed; publisher cut off');
    await this.efir.live.repo.setIngestError(broadcastId, reason);
    this.publishers.get(broadcastId)?.refuse(`the stream could not be transcoded: ${reason}`);
  }

  private async onPublisherGone(broadcastId: string, req: PublishRequest): Promise<void> {
    if (this.publishers.get(broadcastId) !== req) return;
    this.publishers.delete(broadcastId);
    const key = livePublisherKey(this.prefix, broadcastId);
    if ((await this.efir.redis.get(key)) === req.sessionId) await this.efir.redis.del(key);
    try {
      await this.efir.qa.service.changeBroadcast(broadcastId, (tx) => this.efir.live.repo.markPublisherGone(tx, broadcastId));
      this.log.info({ broadcastId, graceSeconds: this.efir.config.ingestGraceSeconds }, 'publisher gone; waiting for it to come back');
      setTimeout(() => void this.sweep(), this.efir.config.ingestGraceSeconds * 1000 + 100).unref();
    } catch (err) {
      this.log.warn({ err, broadcastId }, 'could not record the publisher leaving');
    }
  }

  private async announceReplay(videoId: string): Promise<void> {
    try {
      const b = await this.efir.live.repo.byReplayVideo(videoId);
      if (!b) return;
      await this.efir.qa.service.changeBroadcast(b.id, (tx) => this.efir.live.repo.touch(tx, b.id));
    } catch (err) {
      this.log.warn({ err, videoId }, 'could not announce the replay');
    }
  }

  /** Ends the broadcasts whose publisher stayed away longer than the grace period. */
  private async sweep(): Promise<void> {
    try {
      for (const b of await this.efir.live.repo.lostLongerThan(this.efir.config.ingestGraceSeconds)) {
        this.log.info({ broadcastId: b.id }, 'publisher did not come back in time: the broadcast ends');
        await this.efir.qa.service.setBroadcastState('system', b.id, 'ended').catch((err) => this.log.warn({ err }, 'could not end'));
      }
    } catch (err) {
      this.log.warn({ err }, 'live sweep failed');
    }
  }

  // ------------------------------------------------------------ the end and the replay

  /** After the end (any instance's listener may run it: the replay is made once, by the first). */
  finish(broadcastId: string): Promise<void> {
    let p = this.finishing.get(broadcastId);
    if (!p) {
      p = this.makeReplay(broadcastId).finally(() => this.finishing.delete(broadcastId));
      this.finishing.set(broadcastId, p);
    }
    return p;
  }

  private async makeReplay(broadcastId: string): Promise<void> {
    const log = this.log.child({ broadcastId });
    // A publisher still connected to this instance is cut off: the broadcast is over.
    this.publishers.get(broadcastId)?.refuse('the broadcast has ended');
    await this.efir.redis.del(livePublisherKey(this.prefix, broadcastId));
    await this.efir.qa.service
      .changeBroadcast(broadcastId, (tx) => this.efir.live.repo.markIngestIdle(tx, broadcastId))
      .catch(() => {});
    // Only one instance makes the replay: a Redis claim, kept for an hour.
    const claimed = await this.efir.redis.set(`${this.prefix}:live:${broadcastId}:replay`, '1', 'EX', 3600, 'NX');
    if (!claimed) return;
    try {
      await this.waitForTranscodes(broadcastId);
      const b = await this.efir.live.repo.get(broadcastId);
      if (!b || b.replay_video_id) return;
      const recordingDir = path.join(this.efir.paths.live, broadcastId, 'recording');
      if (!(await fs.stat(recordingDir).catch(() => null))) return log.info('no recording: no replay');
      const outFile = path.join(this.efir.paths.uploads, `${broadcastId}-replay.ts`);
      const job = await this.queue!.add('finish', { broadcastId, recordingDir, outFile } satisfies LiveFinishData, {
        jobId: `finish-${broadcastId}`,
        removeOnComplete: 100,
        removeOnFail: 100,
        attempts: 3,
        backoff: { type: 'exponential', delay: 2000 }
      });
      const result = (await job.waitUntilFinished(this.events!)) as LiveFinishResult;
      if (!result.file) return log.info('the recording is empty: no replay');
      const owner = b.owner_id ? await this.efir.users.get(b.owner_id) : null;
      if (!owner) return log.warn('the broadcast has no producer any more: no replay');
      // The replay speaks every language its broadcast did: the translations go with the texts.
      const draft = await this.efir.studio.createDraft(owner, {
        title: b.title,
        description: b.description,
        i18n: b.i18n ?? {},
        publishWhenReady: !b.replay_review
      });
      const answers = await this.efir.live.repo.answered(broadcastId);
      const chapters = withOpening(
        chaptersFromAnswers(
          answers.map((a) => ({ answeredAt: new Date(a.answered_at), title: a.text })),
          result.parts.map((p) => ({ startedAt: new Date(p.startedAt), duration: p.duration ?? 0 }))
        ),
        OPENING_CHAPTER
      );
      await this.efir.live.repo.markReplayVideo(draft.id, answers.length ? chapters : []);
      await this.efir.live.repo.setReplayVideo(broadcastId, draft.id);
      const size = (await fs.stat(result.file)).size;
      const outcome = await this.efir.studio.onUploadFinished(draft.id, result.file, `${b.title}.ts`, size);
      if (!outcome.ok) log.warn({ error: outcome.error }, 'the replay could not be processed');
      else log.info({ videoId: draft.id, chapters: chapters.length }, 'replay processing');
    } catch (err) {
      log.error({ err }, 'making the replay failed');
      await this.efir.redis.del(`${this.prefix}:live:${broadcastId}:replay`);
    }
  }

  /** The transcodes of a broadcast flush their last recording part when ffmpeg stops (≤ ~15 s). */
  private async waitForTranscodes(broadcastId: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const jobs = await this.queue!.getJobs(['active', 'waiting', 'delayed']);
      if (!jobs.some((j) => j?.name === 'transcode' && (j.data as LiveTranscodeData).broadcastId === broadcastId)) return;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * The URL a worker plays a publish back from: RTMP_WORKER_URL when workers run on other machines,
 * else this machine's loopback at the ingest's port. Secret like the key: never logged.
 */
export function workerInputUrl(base: string | null, port: number, key: string, playToken: string): string {
  return `${base ?? `rtmp://127.0.0.1:${port}`}/live/${encodeURIComponent(key)}?play=${encodeURIComponent(playToken)}`;
}
