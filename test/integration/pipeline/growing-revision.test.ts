/**
 * Watchable first, complete later (issue 15), through real Redis, a real media worker and ffmpeg:
 * a 6 s 1280x720 upload is published at 360p (with the audio-only rendition, subtitles and
 * thumbnails) before its other rungs exist; they join the same revision and its master grows.
 * Also: a video held for the full ladder, a subtitle change while the ladder grows (its run waits
 * for the growth and then links every rung), and a video deleted while it grows (nothing comes back).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../../server/pipeline/index.ts';
import { bullConnection } from '../../../jobs/redis.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { testRedisUrl } from '../../helpers/env.ts';
import { FIXTURES_DIR, attachSubtitle, insertVideo, inode, makeClip, parseM3u8, segmentEnds, videoRow, videoStartPts } from './helpers.ts';

const SECONDS = 6;
let t: TestEfir;
let clip: string;
const events: RunEvent[] = [];

/** What a viewer could load the moment grow started: read synchronously in the event, before grow's ffmpeg can have finished. */
interface Snapshot {
  master: string;
  rungDirs: string[];
  row: Promise<{ current_rev: number | null; state: string; published_at: Date | null; ladder: any }>;
}
const atGrowStart = new Map<string, Snapshot>();
/** Called (once per video) when its grow step starts. */
const onGrowStart = new Map<string, () => Promise<void>>();
const growHooks: Promise<void>[] = [];

beforeAll(async () => {
  t = await startTestEfir({ http: false });
  t.efir.pipeline.onEvent((e) => {
    events.push(e);
    if (e.state === 'active' && e.step === 'grow' && !atGrowStart.has(e.videoId)) {
      const dir = path.join(t.dataDir, 'media', e.videoId, String(revOf(e.runId)));
      atGrowStart.set(e.videoId, {
        master: fs.existsSync(path.join(dir, 'master.m3u8')) ? fs.readFileSync(path.join(dir, 'master.m3u8'), 'utf8') : '',
        rungDirs: fs.existsSync(path.join(dir, 'video')) ? fs.readdirSync(path.join(dir, 'video')).sort() : [],
        row: videoRow(t.efir, e.videoId) as never
      });
      const hook = onGrowStart.get(e.videoId);
      if (hook) growHooks.push(hook());
    }
  });
  clip = await makeClip(path.join(t.dataDir, 'clip.mp4'), { seconds: SECONDS, width: 1280, height: 720 });
});

afterAll(async () => {
  await t?.close();
});

const revs = new Map<string, number>();
const revOf = (runId: string) => revs.get(runId) ?? 0;

async function upload(o: { hold?: boolean } = {}): Promise<string> {
  const source = path.join(t.dataDir, `clip-${Math.random().toString(36).slice(2)}.mp4`);
  fs.copyFileSync(clip, source);
  const id = await insertVideo(t.efir, { sourcePath: source, sourceName: 'clip.mp4', duration: SECONDS });
  if (o.hold) await t.efir.db.query('update videos set hold_full_ladder = true where id = $1', [id]);
  await attachSubtitle(t.efir, t.dataDir, id, 'ru', path.join(FIXTURES_DIR, 'ru.srt'));
  return id;
}

async function start(id: string): Promise<{ runId: string; rev: number }> {
  // The rev is known before any event of the run can arrive: create() numbers it as max + 1.
  const [{ next }] = await t.efir.db.query<{ next: number }>(
    'select coalesce(max(rev), 0) + 1 as next from processing_runs where video_id = $1',
    [id]
  );
  const started = t.efir.pipeline.startFullRun(id);
  const { runId, rev } = await started;
  expect(rev).toBe(next);
  revs.set(runId, rev);
  return { runId, rev };
}

const listed = (master: string) => master.split('\n').filter((l) => l.endsWith('index.m3u8'));

describe('published early, grown after', () => {
  let id: string;
  let rev: number;
  let revDir: string;

  beforeAll(async () => {
    id = await upload();
    const started = await start(id);
    rev = started.rev;
    revDir = path.join(t.dataDir, 'media', id, String(rev));
    expect(await t.efir.pipeline.waitForRun(started.runId, 120_000)).toEqual({ state: 'completed', error: null });
  }, 150_000);

  it('was published and watchable at 360p (with the audio-only rendition and subtitles) before its higher rungs existed', async () => {
    const snap = atGrowStart.get(id)!;
    expect(snap).toBeDefined();
    expect(listed(snap.master)).toEqual(['video/360p/index.m3u8', 'audio/index.m3u8']);
    expect(snap.master).toContain('URI="subs/ru.m3u8"');
    expect(snap.rungDirs).toEqual(['360p']);
    const row = await snap.row;
    expect(row.current_rev).toBe(rev);
    expect(row.state).toBe('ready');
    expect(row.published_at).not.toBeNull();
    expect(row.ladder.rungs.map((r: { name: string }) => r.name)).toEqual(['360p']);
    expect(row.ladder.pending).toEqual(['720p', '480p', '240p']);
  });

  it('grew the same revision: every rung in the master, largest first, each playlist complete, the ladder stored', async () => {
    const master = fs.readFileSync(path.join(revDir, 'master.m3u8'), 'utf8');
    expect(listed(master)).toEqual(['video/720p/index.m3u8', 'video/480p/index.m3u8', 'video/360p/index.m3u8', 'video/240p/index.m3u8', 'audio/index.m3u8']);
    for (const uri of listed(master)) expect(parseM3u8(path.join(revDir, uri)).endList).toBe(true);
    const v = await videoRow(t.efir, id);
    expect(v.current_rev).toBe(rev);
    expect((v.ladder as any).rungs.map((r: { name: string }) => r.name)).toEqual(['720p', '480p', '360p', '240p']);
    expect((v.ladder as any).pending).toEqual([]);
    expect(fs.existsSync(path.join(t.dataDir, 'work', id))).toBe(false);
    const [run] = await t.efir.db.query<{ state: string; step: string; progress: number }>('select * from processing_runs where video_id = $1', [id]);
    expect(run).toMatchObject({ state: 'completed', step: 'join', progress: 1 });
  });

  it('cut every rung, from either pass, at the same segment boundaries', () => {
    const ends = ['720p', '480p', '360p', '240p'].map((r) => segmentEnds(parseM3u8(path.join(revDir, 'video', r, 'index.m3u8'))));
    for (const e of ends.slice(1)) {
      expect(e).toHaveLength(ends[0].length);
      e.forEach((end, i) => expect(end).toBeCloseTo(ends[0][i], 2));
    }
  });

  it('keeps the subtitles in time with the rungs made later (their first PTS is the offset the WebVTT map carries)', async () => {
    const seg0 = fs.readFileSync(path.join(revDir, 'subs', 'ru', 'seg0.vtt'), 'utf8');
    const mapped = Number(/X-TIMESTAMP-MAP=MPEGTS:(\d+)/.exec(seg0)![1]);
    for (const rung of ['360p', '720p', '240p']) {
      const first = parseM3u8(path.join(revDir, 'video', rung, 'index.m3u8')).segments![0].uri;
      const pts = await videoStartPts(path.join(revDir, 'video', rung, first));
      expect(Math.abs(pts - mapped)).toBeLessThanOrEqual(90_000 / 30);
    }
  });

  it('reported grow with its rate (seconds left) and ended completed at join', () => {
    const mine = events.filter((e) => e.videoId === id);
    const steps = [...new Set(mine.map((e) => e.step).filter(Boolean))];
    expect(steps).toEqual(['probe', 'ladder', 'subtitles', 'thumbnails', 'publish', 'grow', 'join']);
    expect(mine.filter((e) => e.state === 'completed')).toHaveLength(1);
    expect(mine.at(-1)).toMatchObject({ state: 'completed', step: 'join', progress: 1 });
    const progress = mine.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(mine.some((e) => e.step === 'grow' && typeof e.stepFraction === 'number')).toBe(true);
  });
});

describe('held for the full ladder', () => {
  it('publishes with every rung at once; grow has nothing to add', async () => {
    const id = await upload({ hold: true });
    const { runId, rev } = await start(id);
    expect(await t.efir.pipeline.waitForRun(runId, 120_000)).toEqual({ state: 'completed', error: null });
    const snap = atGrowStart.get(id)!;
    expect(listed(snap.master)).toEqual(['video/720p/index.m3u8', 'video/480p/index.m3u8', 'video/360p/index.m3u8', 'video/240p/index.m3u8', 'audio/index.m3u8']);
    expect((await snap.row).ladder.pending).toEqual([]);
    const master = fs.readFileSync(path.join(t.dataDir, 'media', id, String(rev), 'master.m3u8'), 'utf8');
    expect(master).toBe(snap.master);
    const [run] = await t.efir.db.query<{ publish_early: boolean }>('select publish_early from processing_runs where id = $1', [runId]);
    expect(run.publish_early).toBe(false);
  }, 150_000);
});

describe('a subtitle change while the ladder grows', () => {
  it('waits for the growth, then its own revision links every rung', async () => {
    const id = await upload();
    const corrected = path.join(t.dataDir, 'ru-fixed.srt');
    fs.writeFileSync(corrected, fs.readFileSync(path.join(FIXTURES_DIR, 'ru.srt'), 'utf8').replace('Здравствуйте!', 'Добрый день!'));
    let startedDuringGrowth: unknown = 'not asked';
    onGrowStart.set(id, async () => {
      await attachSubtitle(t.efir, t.dataDir, id, 'ru', corrected, 'ru-fixed.srt');
      startedDuringGrowth = await t.efir.pipeline.startSubtitleRun(id);
    });
    const { runId, rev } = await start(id);
    expect(await t.efir.pipeline.waitForRun(runId, 120_000)).toEqual({ state: 'completed', error: null });
    await Promise.all(growHooks);
    expect(startedDuringGrowth).toBeNull(); // a full run is open: the subtitle run waits for it

    // join started the subtitle-only run it owed.
    let subRun: { id: string; rev: number } | undefined;
    await vi.waitFor(
      async () => {
        [subRun] = await t.efir.db.query<{ id: string; rev: number }>(`select id, rev from processing_runs where video_id = $1 and kind = 'subtitles'`, [id]);
        expect(subRun).toBeDefined();
      },
      { timeout: 10_000, interval: 100 }
    );
    expect(subRun!.rev).toBe(rev + 1);
    expect(await t.efir.pipeline.waitForRun(subRun!.id, 60_000)).toEqual({ state: 'completed', error: null });
    const grown = path.join(t.dataDir, 'media', id, String(rev));
    const next = path.join(t.dataDir, 'media', id, String(rev + 1));
    expect(listed(fs.readFileSync(path.join(next, 'master.m3u8'), 'utf8'))).toEqual([
      'video/720p/index.m3u8',
      'video/480p/index.m3u8',
      'video/360p/index.m3u8',
      'video/240p/index.m3u8',
      'audio/index.m3u8'
    ]);
    // Hard links of the grown revision's rungs, the higher ones included.
    for (const rung of ['720p', '360p']) {
      expect(inode(path.join(next, 'video', rung, 'index.m3u8'))).toBe(inode(path.join(grown, 'video', rung, 'index.m3u8')));
    }
    expect(fs.readFileSync(path.join(next, 'subs', 'ru.vtt'), 'utf8')).toContain('Добрый день!');
    expect((await videoRow(t.efir, id)).current_rev).toBe(rev + 1);
  }, 200_000);
});

describe('a video deleted while it grows', () => {
  it('does not come back: nothing is moved into media/, the staging folder goes', async () => {
    const id = await upload();
    onGrowStart.set(id, async () => {
      // What StudioService.delete does: the row first, then the files.
      await t.efir.db.query('delete from videos where id = $1', [id]);
      for (const dir of ['media', 'sources', 'work']) fs.rmSync(path.join(t.dataDir, dir, id), { recursive: true, force: true });
    });
    const { runId } = await start(id);
    const queue = new Queue('pipeline', { connection: bullConnection(testRedisUrl()), prefix: t.efir.config.queuePrefix });
    try {
      await vi.waitFor(
        async () => {
          const job = await queue.getJob(`${runId}-join`);
          expect(await job?.getState()).toMatch(/completed|failed/);
        },
        { timeout: 120_000, interval: 250 }
      );
    } finally {
      await queue.close();
    }
    await Promise.all(growHooks);
    expect(fs.existsSync(path.join(t.dataDir, 'media', id))).toBe(false);
    expect(fs.existsSync(path.join(t.dataDir, 'work', id))).toBe(false);
  }, 150_000);
});
