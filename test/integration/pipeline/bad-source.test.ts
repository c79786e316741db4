/**
 * Sources that are not usable video. Uploads are probed before a run starts, but the pipeline must
 * stand on its own (imports, files damaged after upload, a probe that let one through): each run
 * fails at once, without retries, with an error naming the file and the problem; nothing is shown
 * and the worker goes on to the next job.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIdOf } from '../../../server/pipeline/flows.ts';
import type { Step } from '../../../jobs/queues.ts';
import { readCoded, type CodedMessage } from '../../../media/coded-message.ts';
import { bullConnection } from '../../../jobs/redis.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { insertVideo, makeClip, truncatedCopy, videoRow } from './helpers.ts';

let t: TestEfir;
let mediaQueue: Queue;
let clipsDir: string;

beforeAll(async () => {
  t = await startTestEfir({ http: false });
  mediaQueue = new Queue('media', { connection: bullConnection(t.env.REDIS_URL), prefix: t.env.QUEUE_PREFIX });
  clipsDir = path.join(t.dataDir, 'clips');
  fs.mkdirSync(clipsDir, { recursive: true });
});

afterAll(async () => {
  await mediaQueue?.close();
  await t?.close();
});

/** Runs the file through a full run and checks it failed cleanly in `step`; returns the error, its code split off. */
async function failedRun(file: string, name: string, step: Step): Promise<CodedMessage> {
  const videoId = await insertVideo(t.efir, { sourcePath: file, sourceName: name, duration: 4 });
  const { runId } = await t.efir.pipeline.startFullRun(videoId);
  const outcome = await t.efir.pipeline.waitForRun(runId, 60_000);
  expect(outcome.state).toBe('failed');
  const job = await mediaQueue.getJob(jobIdOf(runId, step));
  expect(job?.attemptsMade, 'bad input is not retried').toBe(1);
  expect(await videoRow(t.efir, videoId)).toMatchObject({ state: 'failed', error: outcome.error, current_rev: null });
  // failRun writes the failure, then removes the staging folder; waitForRun's database poll may see
  // the first before the second is done.
  await expect.poll(() => fs.existsSync(path.join(t.dataDir, 'work', videoId)), { timeout: 5_000, interval: 50 }).toBe(false);
  expect(fs.existsSync(path.join(t.dataDir, 'media', videoId))).toBe(false);
  expect((await t.efir.library.listLibrary({ limit: 100 })).items.map((i) => i.id)).not.toContain(videoId);
  return readCoded(outcome.error!);
}

describe('a source that is not a usable video', () => {
  it('a PDF renamed .mp4', async () => {
    const file = path.join(clipsDir, 'leaflet.mp4');
    fs.writeFileSync(file, `%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n${'0'.repeat(4000)}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`);
    expect(await failedRun(file, 'leaflet.mp4', 'probe')).toEqual({ message: 'leaflet.mp4: not a video file', code: 'bad_media', params: { file: 'leaflet.mp4', problem: 'not_video' } });
  });

  it('a zero-byte file', async () => {
    const file = path.join(clipsDir, 'empty.mp4');
    fs.writeFileSync(file, '');
    expect(await failedRun(file, 'empty.mp4', 'probe')).toEqual({ message: 'empty.mp4: empty file (0 bytes)', code: 'bad_media', params: { file: 'empty.mp4', problem: 'empty_file' } });
  });

  it('an MP4 cut off before its index (moov at the end)', async () => {
    const whole = await makeClip(path.join(clipsDir, 'whole.mp4'), { seconds: 4, width: 320, height: 180 });
    const file = truncatedCopy(whole, path.join(clipsDir, 'cut.mp4'), 0.5);
    expect(await failedRun(file, 'cut.mp4', 'probe')).toEqual({ message: 'cut.mp4: truncated or damaged file (moov atom not found)', code: 'bad_media', params: { file: 'cut.mp4', problem: 'damaged_file' } });
  });

  it('an MP4 cut off in the middle of its data (index at the front): probes whole, fails in the ladder', async () => {
    const whole = await makeClip(path.join(clipsDir, 'whole-fs.mp4'), { seconds: 4, width: 320, height: 180, faststart: true });
    const file = truncatedCopy(whole, path.join(clipsDir, 'cut-fs.mp4'), 0.5);
    expect(await failedRun(file, 'cut-fs.mp4', 'ladder')).toMatchObject({
      message: expect.stringMatching(/^cut-fs\.mp4: truncated or damaged file: the video stops at \d\.\d s of 4\.0 s$/),
      code: 'bad_media',
      params: { file: 'cut-fs.mp4', problem: 'damaged_file' }
    });
  });

  it('leaves the worker running: a good video after them is processed', async () => {
    const file = await makeClip(path.join(clipsDir, 'good.mp4'), { seconds: 2, width: 320, height: 180 });
    const videoId = await insertVideo(t.efir, { sourcePath: file, sourceName: 'good.mp4', duration: 2 });
    const { runId } = await t.efir.pipeline.startFullRun(videoId);
    expect(await t.efir.pipeline.waitForRun(runId, 60_000)).toEqual({ state: 'completed', error: null });
  });
});
