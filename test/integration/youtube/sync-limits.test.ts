/**
 * The sync within its budget and against bad input (one Efir for the file, no HTTP app, no worker;
 * the clock injected): the day's budget never exceeded, the sync stopping mid-way and finishing after
 * the next Pacific midnight, YouTube's own quotaExceeded, and a wrong key, an unknown channel, the
 * network down, malformed and truncated answers, a playlist item whose video is gone: each leaves a
 * clear state on the connection, loses nothing already mirrored, and the next sync carries on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { seedChannel, startFakeYoutube, type FakeYoutube } from '../../helpers/fake-youtube/index.ts';
import { nextQuotaReset, quotaDay } from '../../../server/youtube/quota.ts';

const CHANNEL = 'UClimitsTestChannel01';
const BUDGET = 10;
let fake: FakeYoutube;
let t: TestEfir;
let clock = new Date('2026-03-07T20:00:00Z'); // the day before daylight saving starts in California

const mirrored = async () => Number((await t.efir.db.query<{ n: number }>("select count(*) as n from videos where origin = 'youtube' and hidden_at is null"))[0]!.n);
const nextDay = () => {
  clock = new Date(nextQuotaReset(clock).getTime() + 60_000);
};

beforeAll(async () => {
  fake = await startFakeYoutube();
  // 160 videos: a full sync is channels 1 + 4 pages + 4 videos.list + playlists 1 = 10 units
  seedChannel(fake.model, { channelId: CHANNEL, videos: 160, playlists: 0, localize: false });
  t = await startTestEfir({
    http: false,
    worker: false,
    env: {
      YOUTUBE_API_KEY: 'test-key',
      YOUTUBE_CHANNEL_ID: CHANNEL,
      YOUTUBE_API_ROOT: fake.url,
      YOUTUBE_SYNC_MINUTES: '15', // the queue is not started here: only next_sync_at reads it
      YOUTUBE_DAILY_UNITS: String(BUDGET),
      YOUTUBE_SYNC_RESERVE_UNITS: '0',
      YOUTUBE_FULL_SYNC_HOURS: '48'
    }
  });
  t.efir.youtube.useClock(() => clock);
  t.efir.youtube.api.retryDelaysMs = [0, 0, 0];
});

afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('the budget', () => {
  it('stops mid-sync when the day is spent, never beyond it, and finishes after the Pacific midnight', async () => {
    const { ledger } = t.efir.youtube;
    // 4 units of the day already gone (a caption download, say): 6 left for the sync
    for (let i = 0; i < 4; i++) await ledger.reserve('videos.list', 1, 'captions');
    const r = await t.efir.youtube.sync.run();
    expect(r).toMatchObject({ stoppedBy: 'quota', units: 6, added: 100, full: true });
    expect(r.error?.code).toBe('youtube_quota');
    expect(await ledger.spentToday()).toBe(BUDGET);
    expect(r.pausedUntil).toBe(nextQuotaReset(clock).toISOString());
    expect(r.pausedUntil).toBe('2026-03-08T08:00:00.000Z');
    const state = await t.efir.youtube.connection.read();
    expect(state).toMatchObject({ status: 'paused', lastFullSyncAt: null });
    expect(state.nextSyncAt?.toISOString()).toBe(r.pausedUntil); // the admin page's next sync: after the pause
    expect(state.lastError?.code).toBe('youtube_quota');

    // later the same day: no call at all
    const calls = fake.calls.length;
    clock = new Date(clock.getTime() + 3_600_000);
    const again = await t.efir.youtube.sync.run();
    expect(again).toMatchObject({ stoppedBy: 'quota', units: 0 });
    expect(fake.calls.length).toBe(calls);

    nextDay();
    expect(quotaDay(clock)).toBe('2026-03-08');
    const resumed = await t.efir.youtube.sync.run();
    expect(resumed.stoppedBy).toBeUndefined();
    expect(resumed).toMatchObject({ full: true, added: 60, units: 9 }); // the uploads playlist is known: no channels.list
    expect(await mirrored()).toBe(160);
    const after = await t.efir.youtube.connection.read();
    expect(after).toMatchObject({ status: 'ok', lastError: null, pausedUntil: null });
    expect(after.nextSyncAt!.getTime() - clock.getTime()).toBe(15 * 60_000);
  });

  it("YouTube's quotaExceeded stops every call until its reset, and the sync resumes the next day", async () => {
    nextDay();
    fake.model.videos.v0000000001!.snippet.title = 'Changed, but not seen today';
    fake.quotaLimit = fake.dayUnits + 2; // YouTube lets 2 more calls through today: the first page and its videos
    const r = await t.efir.youtube.sync.run({ full: true });
    expect(r).toMatchObject({ stoppedBy: 'quota', hidden: 0, changed: 0, units: 3 });
    expect(r.error?.message).toMatch(/quota/);
    const paused = (await t.efir.youtube.connection.read()).pausedUntil!;
    expect(paused.toISOString()).toBe(nextQuotaReset(clock).toISOString()); // 07:00Z: daylight time now
    expect(paused.getUTCHours()).toBe(7);
    expect(await mirrored()).toBe(160);
    // the next Pacific day YouTube's quota is back
    fake.newDay();
    fake.quotaLimit = null;
    nextDay();
    const resumed = await t.efir.youtube.sync.run();
    expect(resumed.stoppedBy).toBeUndefined();
    expect(resumed).toMatchObject({ full: true, added: 0, hidden: 0, changed: 1 });
  });
});

describe('bad input', () => {
  async function expectStopped(code: string, opts: { full?: boolean } = {}) {
    nextDay();
    const before = await mirrored();
    const r = await t.efir.youtube.sync.run(opts);
    expect(r.stoppedBy).toBe('error');
    expect(r.error?.code).toBe(code);
    const state = await t.efir.youtube.connection.read();
    expect(state.status).toBe('error');
    expect(state.lastError).toMatchObject({ code });
    expect(await mirrored()).toBe(before);
    return r;
  }
  async function expectRecovered() {
    nextDay();
    const r = await t.efir.youtube.sync.run({ full: true });
    expect(r.stoppedBy).toBeUndefined();
    expect(await t.efir.youtube.connection.read()).toMatchObject({ status: 'ok', lastError: null });
    expect(await mirrored()).toBe(160);
    return r;
  }

  it('a wrong API key', async () => {
    fake.model.keys = new Set(['another-key']);
    const r = await expectStopped('youtube_key_invalid');
    expect(r.error?.message).toMatch(/API key/);
    fake.model.keys = new Set(['test-key']);
    await expectRecovered();
  });

  it('a channel that does not exist', async () => {
    await t.efir.youtube.connection.update({ channelId: 'UCdoesNotExist000000' });
    const r = await expectStopped('youtube_not_found');
    expect(r.error?.message).toMatch(/UCdoesNotExist000000/);
    await t.efir.youtube.connection.update({ channelId: null });
    await expectRecovered();
  });

  it('the network down (after retries)', async () => {
    fake.failNext('*', 'network', undefined, 1000);
    const r = await expectStopped('youtube_unavailable');
    expect(r.units).toBe(4); // the first call and its three retries, all booked
    fake.clearFailures();
    await expectRecovered();
  });

  it('backendError is retried and the sync completes', async () => {
    nextDay();
    fake.model.videos.v0000000159!.snippet.title = 'Retitled';
    fake.failNext('videos.list', 'backendError', undefined, 2);
    const r = await t.efir.youtube.sync.run();
    expect(r.stoppedBy).toBeUndefined();
    expect(r.changed).toBe(1);
    // uploads page 1 + videos.list three times (two backendErrors, each booked) + playlists page 1 (304)
    expect(r.units).toBe(5);
  });

  it('malformed and truncated answers', async () => {
    fake.failNext('playlistItems.list', 'malformed');
    await expectStopped('youtube_bad_answer', { full: true });
    fake.failNext('videos.list', 'truncated');
    await expectStopped('youtube_bad_answer', { full: true });
    await expectRecovered();
  });

  it('a playlist item whose video is gone by the time its details are read', async () => {
    nextDay();
    let once = true;
    fake.route('GET', '/youtube/v3/videos', () => {
      if (once) {
        once = false;
        delete fake.model.videos.v0000000159; // the newest upload, deleted between the two calls
      }
      return false;
    });
    const r = await t.efir.youtube.sync.run({ full: true });
    expect(r.stoppedBy).toBeUndefined();
    expect(r.hidden).toBe(1);
    expect(await mirrored()).toBe(159);
    const [row] = await t.efir.db.query<any>("select hidden_at from videos where youtube_id = 'v0000000159'");
    expect(row.hidden_at).not.toBeNull();
  });

  it('no settings: unconfigured, no call', async () => {
    const { connection } = t.efir.youtube;
    const calls = fake.calls.length;
    const settings = connection.settings.bind(connection);
    connection.settings = async () => ({ ...(await settings()), apiKey: null });
    try {
      const r = await t.efir.youtube.sync.run();
      expect(r).toMatchObject({ stoppedBy: 'unconfigured', units: 0 });
      expect((await connection.read()).status).toBe('unconfigured');
      expect(fake.calls.length).toBe(calls);
    } finally {
      connection.settings = settings;
    }
  });
});
