/**
 * `npm run youtube:sync` with Efir stopped (the script opens the database itself) and while Efir runs
 * (with PGlite the running web process syncs, asked over its control socket, through its youtube
 * queue), printing one JSON line with the units from the ledger. And the queue itself: the
 * repeatable sync, one job at a time, a job without a handler failing at once.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { freshDatabase, tempDir, testRedisUrl, uniquePrefix } from '../../helpers/env.ts';
import { seedChannel, startFakeYoutube, type FakeYoutube } from '../../helpers/fake-youtube/index.ts';
import { ROOT } from '../../../scripts/lib/processes.ts';
import { requestYoutubeSync, startControlSocket, type ControlSocket } from '../../../server/backup/control.ts';

const CHANNEL = 'UCcliTestChannel000001';
let fake: FakeYoutube;
let t: TestEfir;
let control: ControlSocket | null = null;

function runSync(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'youtube-sync.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, LOG_LEVEL: 'warn', ...env }
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

const youtubeEnv = () => ({ YOUTUBE_API_KEY: 'test-key', YOUTUBE_CHANNEL_ID: CHANNEL, YOUTUBE_API_ROOT: fake.url });

beforeAll(async () => {
  fake = await startFakeYoutube();
  seedChannel(fake.model, { channelId: CHANNEL, videos: 60, playlists: 2, localize: false });
});

afterAll(async () => {
  await control?.close();
  await t?.close();
  await fake?.close();
});

describe('npm run youtube:sync', () => {
  it('with Efir stopped: opens the database, syncs, prints one JSON line', async () => {
    const dataDir = tempDir();
    const db = await freshDatabase(dataDir);
    try {
      const env = { DATA_DIR: dataDir, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: uniquePrefix(), ...(db.url ? { DATABASE_URL: db.url } : {}), ...youtubeEnv() };
      const before = fake.unitsSpent;
      const r = await runSync(env);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const lines = r.out.trim().split('\n');
      expect(lines).toHaveLength(1);
      const result = JSON.parse(lines[0]!);
      // channels 1 + 2 uploads pages + 2 videos.list + playlists 1 + 2 playlists' items
      expect(result).toMatchObject({ videosSeen: 60, added: 60, changed: 0, hidden: 0, playlists: 2, captionsFetched: 0, units: 8, full: true });
      expect(fake.unitsSpent - before).toBe(8);
    } finally {
      await db.drop();
    }
  });

  it('while Efir runs: the running web process syncs through its queue (control socket with PGlite)', async () => {
    // no repeatable sync here (its first run would come first); the next test checks the schedule
    t = await startTestEfir({ http: false, worker: false, env: { ...youtubeEnv(), YOUTUBE_SYNC_MINUTES: '0' } });
    t.efir.youtube.api.retryDelaysMs = [0, 0, 0];
    await t.efir.youtube.start();
    // what server/main.ts does (null on PostgreSQL: there the script opens the database beside Efir)
    control = await startControlSocket({
      dataDir: t.dataDir,
      db: t.efir.db,
      log: t.efir.log,
      youtubeSync: ({ full }) => t.efir.youtube.queue.syncNow({ full, reason: 'cli' })
    });
    const r = await runSync(t.env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out.trim());
    expect(result).toMatchObject({ added: 60, units: 8 });
    expect(await t.efir.youtube.ledger.spentToday()).toBe(8);
    // the socket's client, in-process this time (a second script start would only cost time)
    const again = control ? await requestYoutubeSync(t.dataDir, false) : await t.efir.youtube.queue.syncNow({ reason: 'cli' });
    expect(again).toMatchObject({ added: 0, full: false, units: 2 });
    expect((await t.efir.youtube.connection.read()).lastResult).toMatchObject({ added: 0, units: 2 });
  });

  it('the queue: a repeatable sync every YOUTUBE_SYNC_MINUTES, one job at a time, jobs without a handler fail at once', async () => {
    const { Queue, QueueEvents } = await import('bullmq');
    const { YoutubeQueue } = await import('../../../server/youtube/queue.ts');
    const { bullConnection } = await import('../../../jobs/redis.ts');
    const prefix = uniquePrefix();
    const yq = new YoutubeQueue({ redisUrl: testRedisUrl(), prefix, log: t.efir.log, syncIntervalMinutes: 15 });
    let syncs = 0;
    yq.handle('sync', async () => {
      syncs++;
      return {} as never;
    });
    const queue = new Queue('youtube', { connection: bullConnection(testRedisUrl()), prefix });
    const events = new QueueEvents('youtube', { connection: bullConnection(testRedisUrl()), prefix });
    try {
      await yq.start();
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.name, s.every])).toEqual([['youtube-sync', 'sync', 15 * 60_000]]);
      expect(await queue.getGlobalConcurrency()).toBe(1);
      await events.waitUntilReady();
      const job = await yq.add('publish', { videoId: 'nothing' });
      await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow(/no handler for youtube job "publish"/);
      expect(await yq.syncNow({ reason: 'admin' })).toEqual({});
      expect(syncs).toBeGreaterThanOrEqual(1);
    } finally {
      await events.close();
      await yq.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
