/**
 * Workers as separate processes, stopped in the middle of the ladder: SIGKILL (the machine dies;
 * nothing is published, and a fresh worker takes the step over once its lock runs out and finishes
 * the run) and SIGTERM (the worker finishes the step in hand within STOP_GRACE_SECONDS, takes no
 * other, and exits 0; worker-stop-grace.test.ts has a step that outlasts the grace).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobIdOf } from '../../../server/pipeline/flows.ts';
import type { StepProgress } from '../../../jobs/queues.ts';
import { bullConnection } from '../../../jobs/redis.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { attachSubtitle, FIXTURES_DIR, insertVideo, makeClip, parseM3u8, videoRow } from './helpers.ts';
import { spawnWorker, type WorkerProcess } from './worker-process.ts';

// Long enough that the ladder is still running when the test has seen it start (about 2 s of work).
const SECONDS = 12;
/** Short lock and stalled check, so the killed worker's step is taken over in seconds, not 45. */
const FAST_TAKEOVER = { WORKER_LOCK_DURATION_MS: '3000', WORKER_STALLED_INTERVAL_MS: '1000' };

let t: TestEfir;
let mediaQueue: Queue;
let clip: string;
const spawned: WorkerProcess[] = [];

beforeAll(async () => {
  // No in-process worker: the only workers are the child processes below.
  t = await startTestEfir({ http: false, worker: false });
  mediaQueue = new Queue('media', { connection: bullConnection(t.env.REDIS_URL), prefix: t.env.QUEUE_PREFIX });
  clip = await makeClip(path.join(t.dataDir, 'clips', 'lecture.mp4'), { seconds: SECONDS, width: 640, height: 360 });
});

afterEach(async () => {
  for (const w of spawned.splice(0)) {
    w.killGroup();
    await w.exited;
  }
});

afterAll(async () => {
  await mediaQueue?.close();
  await t?.close();
});

async function newVideo(): Promise<string> {
  const id = await insertVideo(t.efir, { sourcePath: clip, sourceName: 'lecture.mp4', duration: SECONDS });
  await attachSubtitle(t.efir, t.dataDir, id, 'en', path.join(FIXTURES_DIR, 'en.srt'));
  return id;
}

async function worker(env: Record<string, string> = {}): Promise<WorkerProcess> {
  const w = await spawnWorker({ ...t.env, ...env });
  spawned.push(w);
  return w;
}

/** Waits until the run's ladder step is running ffmpeg (it has reported progress past 0). */
async function waitMidLadder(runId: string, w: WorkerProcess): Promise<void> {
  try {
    await expect
      .poll(
        async () => {
          const job = await mediaQueue.getJob(jobIdOf(runId, 'ladder'));
          if (!job || (await job.getState()) !== 'active') return 0;
          return Number((job.progress as unknown as StepProgress)?.fraction) || 0;
        },
        { timeout: 60_000, interval: 100 }
      )
      .toBeGreaterThan(0);
  } catch (err) {
    throw new Error(`the ladder never got going; worker output:\n${w.output()}`, { cause: err });
  }
}

async function expectNothingVisible(videoId: string): Promise<void> {
  expect((await videoRow(t.efir, videoId)).current_rev).toBeNull();
  const library = await t.efir.library.listLibrary({ limit: 100 });
  expect(library.items.map((i) => i.id)).not.toContain(videoId);
  expect(fs.existsSync(path.join(t.dataDir, 'media', videoId))).toBe(false);
}

describe('a worker killed in the middle of the ladder', () => {
  it('publishes nothing, and a fresh worker takes the step over and finishes the run', async () => {
    const videoId = await newVideo();
    const first = await worker(FAST_TAKEOVER);
    const { runId, rev } = await t.efir.pipeline.startFullRun(videoId);
    await waitMidLadder(runId, first);
    const workDir = path.join(t.dataDir, 'work', videoId, String(rev));
    expect(fs.readdirSync(workDir).some((n) => n.startsWith('video.partial-'))).toBe(true);

    first.killGroup();
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Dead but not failed: the run waits for another worker, and nothing of it is visible.
    expect((await t.efir.runs.get(runId))!.state).toMatch(/^(queued|active)$/);
    await expectNothingVisible(videoId);

    await worker(FAST_TAKEOVER);
    expect(await t.efir.pipeline.waitForRun(runId, 90_000)).toEqual({ state: 'completed', error: null });

    const ladder = (await mediaQueue.getJob(jobIdOf(runId, 'ladder')))!;
    expect(ladder.stalledCounter).toBe(1); // taken over once, not retried as a failure
    expect(ladder.attemptsStarted).toBe(2);
    const v = await videoRow(t.efir, videoId);
    expect(v).toMatchObject({ state: 'ready', current_rev: rev, error: null });
    const revDir = path.join(t.dataDir, 'media', videoId, String(rev));
    const master = parseM3u8(path.join(revDir, 'master.m3u8'));
    expect(master.playlists!.map((p) => p.uri)).toEqual(['video/360p/index.m3u8', 'video/240p/index.m3u8', 'audio/index.m3u8']);
    for (const p of master.playlists!) {
      const media = parseM3u8(path.join(revDir, p.uri));
      expect(media.endList).toBe(true);
      expect(media.segments!.reduce((sum, s) => sum + s.duration, 0)).toBeCloseTo(SECONDS, 0);
      for (const s of media.segments!) expect(fs.statSync(path.join(revDir, path.dirname(p.uri), s.uri)).size).toBeGreaterThan(0);
    }
    // The killed attempt's folder went with it.
    expect(fs.readdirSync(revDir).filter((n) => n.includes('.partial-'))).toEqual([]);
    expect(fs.existsSync(path.join(t.dataDir, 'work', videoId))).toBe(false);
  });
});

describe('a worker stopped with SIGTERM in the middle of the ladder', () => {
  it('finishes that step, takes no other, exits 0; another worker finishes the run', async () => {
    const videoId = await newVideo();
    // Grace enough for the step in hand whatever the machine's load.
    const w = await worker({ STOP_GRACE_SECONDS: '120' });
    const { runId, rev } = await t.efir.pipeline.startFullRun(videoId);
    await waitMidLadder(runId, w);

    w.child.kill('SIGTERM');
    const exit = await w.exited;
    expect(exit, w.output()).toEqual({ code: 0, signal: null });
    const ladder = (await mediaQueue.getJob(jobIdOf(runId, 'ladder')))!;
    expect(await ladder.getState()).toBe('completed');
    expect(ladder.attemptsStarted).toBe(1);
    // The next step was left for others.
    expect(await (await mediaQueue.getJob(jobIdOf(runId, 'subtitles')))!.getState()).toBe('waiting');
    await expectNothingVisible(videoId);

    await t.startWorker();
    expect(await t.efir.pipeline.waitForRun(runId, 60_000)).toEqual({ state: 'completed', error: null });
    expect(await videoRow(t.efir, videoId)).toMatchObject({ state: 'ready', current_rev: rev });
  });
});
