/**
 * Runs that fail: bad input fails at once with the uploader's file named; a failed subtitle re-run
 * leaves the published video alone; a failure that happened while no web process listened is
 * picked up by the reconcile when one starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FlowProducer, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineService } from '../../../server/pipeline/index.ts';
import { buildRunFlow, jobIdOf } from '../../../server/pipeline/flows.ts';
import type { RunJobData } from '../../../jobs/queues.ts';
import { bullConnection } from '../../../jobs/redis.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { attachSubtitle, FIXTURES_DIR, insertVideo, makeClip, videoRow } from './helpers.ts';
import { withCode } from '../../../media/coded-message.ts';

/** A refused audio-only file's stored error: the message with its code and values (media/coded-message.ts). */
const AUDIO_ONLY = (file: string) => withCode(`${file}: audio only: no video stream`, 'bad_media', { file, problem: 'audio_only' });

let t: TestEfir;
let mediaQueue: Queue;

beforeAll(async () => {
  t = await startTestEfir({ http: false });
  mediaQueue = new Queue('media', { connection: bullConnection(t.env.REDIS_URL), prefix: t.env.QUEUE_PREFIX });
});

afterAll(async () => {
  await mediaQueue?.close();
  await t?.close();
});

async function audioOnlyVideo(name: string): Promise<string> {
  const file = await makeClip(path.join(t.dataDir, 'clips', `${name}.m4a`), { seconds: 2, width: 0, height: 0, video: false });
  return insertVideo(t.efir, { sourcePath: file, sourceName: name, duration: 2 });
}

describe('bad input', () => {
  it('fails an audio-only upload at once, naming the file, and shows nothing', async () => {
    const videoId = await audioOnlyVideo('interview.m4a');
    const started = Date.now();
    const { runId } = await t.efir.pipeline.startFullRun(videoId);
    const outcome = await t.efir.pipeline.waitForRun(runId, 30_000);

    expect(outcome.state).toBe('failed');
    expect(outcome.error).toBe(AUDIO_ONLY('interview.m4a'));
    // No retries for bad input: BullMQ's backoff alone would take 3 s.
    const probe = await mediaQueue.getJob(jobIdOf(runId, 'probe'));
    expect(probe?.attemptsMade).toBe(1);
    expect(Date.now() - started).toBeLessThan(3000);

    const v = await videoRow(t.efir, videoId);
    expect(v).toMatchObject({ state: 'failed', error: AUDIO_ONLY('interview.m4a'), current_rev: null });
    const [run] = await t.efir.db.query<{ state: string; error: string }>('select * from processing_runs where id = $1', [runId]);
    expect(run).toMatchObject({ state: 'failed', error: AUDIO_ONLY('interview.m4a') });
    await expect.poll(() => fs.existsSync(path.join(t.dataDir, 'work', videoId)), { timeout: 5_000, interval: 50 }).toBe(false);
    expect(fs.existsSync(path.join(t.dataDir, 'media', videoId))).toBe(false);
  });

  it('keeps a processed video playing when a subtitle re-run fails', async () => {
    const clip = await makeClip(path.join(t.dataDir, 'clips', 'ok.mp4'), { seconds: 2, width: 320, height: 180 });
    const videoId = await insertVideo(t.efir, { sourcePath: clip, sourceName: 'ok.mp4', duration: 2 });
    await attachSubtitle(t.efir, t.dataDir, videoId, 'en', path.join(FIXTURES_DIR, 'en.srt'));
    const first = await t.efir.pipeline.startFullRun(videoId);
    expect(await t.efir.pipeline.waitForRun(first.runId, 60_000)).toMatchObject({ state: 'completed' });

    // A file that is not subtitles at all (normally refused at upload; here it got through).
    const junk = path.join(t.dataDir, 'junk.srt');
    fs.writeFileSync(junk, 'this is not a subtitle file\nat all\n');
    await attachSubtitle(t.efir, t.dataDir, videoId, 'ru', junk, 'broken.srt');
    const rerun = await t.efir.pipeline.startSubtitleRun(videoId);
    const outcome = await t.efir.pipeline.waitForRun(rerun!.runId, 30_000);

    expect(outcome.state).toBe('failed');
    expect(outcome.error).toMatch(/^broken\.srt: /);
    const v = await videoRow(t.efir, videoId);
    expect(v).toMatchObject({ state: 'ready', error: null, current_rev: first.rev });
    expect(fs.existsSync(path.join(t.dataDir, 'media', videoId, String(first.rev), 'master.m3u8'))).toBe(true);
    expect(fs.existsSync(path.join(t.dataDir, 'media', videoId, String(rerun!.rev)))).toBe(false);
    // failRun writes the failure, then removes the staging folder; waitForRun's database poll may see
    // the first before the second is done (as in bad-source.test.ts).
    await expect.poll(() => fs.existsSync(path.join(t.dataDir, 'work', videoId)), { timeout: 5_000, interval: 50 }).toBe(false);
  });
});

describe('reconcile', () => {
  it('fails a run whose step failed while no web process was listening', async () => {
    const videoId = await audioOnlyVideo('podcast.mp3');
    // The web process is "down": no events, no publish worker. The run is queued as startFullRun would.
    await t.efir.pipeline.close();
    const run = await t.efir.runs.create(videoId, 'full');
    const data: RunJobData = {
      videoId,
      runId: run.id,
      rev: run.rev,
      kind: 'full',
      workDir: path.join(t.dataDir, 'work', videoId, String(run.rev)),
      sourcePath: (await t.efir.runs.videoForRun(videoId))!.sourcePath!,
      sourceName: 'podcast.mp3',
      duration: 2,
      subtitles: [],
      ladder: null,
      baseRev: null
    };
    const producer = new FlowProducer({ connection: bullConnection(t.env.REDIS_URL), prefix: t.env.QUEUE_PREFIX });
    await producer.add(buildRunFlow(data));
    await producer.close();
    const probe = await mediaQueue.getJob(jobIdOf(run.id, 'probe'));
    await expect.poll(() => probe!.getState(), { timeout: 20_000 }).toBe('failed');
    expect((await t.efir.runs.get(run.id))!.state).toBe('queued');

    // A web process starts again: its first reconcile finds the failure.
    const pipeline = new PipelineService(t.efir);
    try {
      await pipeline.start();
      const after = await t.efir.runs.get(run.id);
      expect(after).toMatchObject({ state: 'failed', error: AUDIO_ONLY('podcast.mp3') });
      expect(await videoRow(t.efir, videoId)).toMatchObject({ state: 'failed', error: AUDIO_ONLY('podcast.mp3') });
    } finally {
      await pipeline.close();
    }
  });
});
