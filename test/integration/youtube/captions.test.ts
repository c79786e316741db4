/**
 * The channel's own caption tracks (server/youtube/captions.ts) against the fake Data API with OAuth:
 * a backlog bigger than a day's caption budget (YOUTUBE_DAILY_UNITS - YOUTUBE_SYNC_RESERVE_UNITS) is
 * spread over quota days on a clock the test moves, never overspending a day nor touching the sync's
 * reserve; captions.list only for videos new or changed since their last listing; ASR tracks and a
 * language a producer already uploaded are not downloaded; a track edited on YouTube comes back.
 * Mirrored videos are rows the test writes (the sync is another test's subject).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { startFakeYoutube, type FakeYoutube, addChannel, makeVideo, upload } from '../../helpers/fake-youtube/index.ts';
import { installFakeOAuth, type FakeOAuth } from '../../helpers/fake-youtube/oauth.ts';
import { addCaption, installFakeCaptions } from '../../helpers/fake-youtube/captions.ts';
import type { Youtube } from '../../../server/youtube/index.ts';
import { quotaDay } from '../../../server/youtube/quota.ts';

const CHANNEL = 'UCcaptionsTestChannel01';
let t: TestEfir;
let fake: FakeYoutube;
let oauth: FakeOAuth;
let yt: Youtube;
let clock = new Date('2026-03-10T18:00:00Z');

/** A mirrored video as the sync leaves it (origin youtube, no file of its own yet). */
async function mirrored(id: string, youtubeId: string, publishedAt: string, hash: string) {
  await t.efir.db.query(
    `insert into videos (id, title, origin, state, published_at, youtube_id, youtube)
     values ($1, $2, 'youtube', 'ready', $3, $4, $5::jsonb)`,
    [id, `Mirrored ${youtubeId}`, publishedAt, youtubeId, JSON.stringify({ hash, liveBroadcastContent: 'none', privacyStatus: 'public' })]
  );
}

const dayUnits = async (purpose: string) =>
  (
    await t.efir.db.query<{ day: string; units: number }>(
      `select to_char(quota_day, 'YYYY-MM-DD') as day, sum(units)::int as units from youtube_api_calls where purpose = $1 group by quota_day order by quota_day`,
      [purpose]
    )
  ).map((r) => [r.day, r.units]);

const captionStates = async () =>
  Object.fromEntries(
    (await t.efir.db.query<{ k: string; state: string }>(`select video_id || '/' || lang as k, state from youtube_captions order by 1`)).map((r) => [r.k, r.state])
  );

beforeAll(async () => {
  fake = await startFakeYoutube();
  const channel = addChannel(fake.model, CHANNEL);
  upload(fake.model, CHANNEL, makeVideo('ytOlder0001', channel, { publishedAt: '2025-05-01T10:00:00Z' }));
  upload(fake.model, CHANNEL, makeVideo('ytNewer0002', channel, { publishedAt: '2025-06-01T10:00:00Z' }));
  oauth = installFakeOAuth(fake, { channelId: CHANNEL });
  installFakeCaptions(fake);
  // The newer video: three tracks Efir serves, an auto-generated one, and one in a language it does not.
  for (const language of ['ru', 'en-US', 'uz']) addCaption(fake.model, 'ytNewer0002', { language });
  addCaption(fake.model, 'ytNewer0002', { language: 'ru', trackKind: 'ASR' });
  addCaption(fake.model, 'ytNewer0002', { language: 'de' });
  // The older one: Russian, and English that a producer already uploaded to Efir.
  for (const language of ['ru', 'en']) addCaption(fake.model, 'ytOlder0001', { language });

  t = await startTestEfir({
    worker: false,
    http: false,
    env: {
      YOUTUBE_API_ROOT: fake.url,
      YOUTUBE_API_KEY: 'test-key',
      YOUTUBE_CHANNEL_ID: CHANNEL,
      // 500 units a day for captions: a listing (50) and two downloads (2 × 200), not a third
      YOUTUBE_DAILY_UNITS: '700',
      YOUTUBE_SYNC_RESERVE_UNITS: '200',
      YOUTUBE_OAUTH_CLIENT_ID: oauth.clientId,
      YOUTUBE_OAUTH_CLIENT_SECRET: oauth.clientSecret,
      YOUTUBE_OAUTH_AUTH_URL: oauth.authUrl,
      YOUTUBE_OAUTH_TOKEN_URL: oauth.tokenUrl,
      YOUTUBE_TOKEN_KEY: crypto.randomBytes(32).toString('hex')
    }
  });
  // efir.youtube on a clock this test moves.
  yt = t.efir.youtube;
  yt.useClock(() => clock);
  yt.api.retryDelaysMs = [];
  // The consent, as the admin page's round trip leaves it (the pages test walks it through the pages).
  const consent = await fetch(await yt.oauth.begin(), { redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!);
  await yt.oauth.complete({ code: back.searchParams.get('code'), state: back.searchParams.get('state') });

  await mirrored('vOlder', 'ytOlder0001', '2025-05-01T10:00:00Z', 'h-older-1');
  await mirrored('vNewer', 'ytNewer0002', '2025-06-01T10:00:00Z', 'h-newer-1');
  const admin = await t.efir.auth.createUser({ email: 'captions-admin@example.test', displayName: 'Admin', role: 'admin', password: 'a long test password 1' });
  await t.efir.studio.attachSubtitle(admin, 'vOlder', 'en', 'english-by-hand.srt', Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nBy hand\n'));
});

afterAll(async () => {
  await t?.close();
  await fake?.close();
});

test('a caption backlog is spread over quota days within the captions budget, the sync reserve untouched', async () => {
  expect(await yt.captions.counts()).toMatchObject({ waiting: 0, unlisted: 2 });

  // Day 1: the newest video is listed (50), two of its three tracks fit (2 × 200); the third waits.
  const day1 = await yt.captions.run();
  expect(day1).toMatchObject({ listed: 1, found: 3, fetched: 2, units: 450, stoppedBy: 'youtube_quota' });
  expect(await yt.captions.counts()).toMatchObject({ waiting: 1, fetched: 2, unlisted: 1 });
  expect(await yt.ledger.remaining('sync')).toBe(250);
  // Same day again: nothing more is spent.
  expect(await yt.captions.run()).toMatchObject({ fetched: 0, listed: 0, units: 0, stoppedBy: 'youtube_quota' });

  // Day 2: the waiting track, then the older video: its English is the producer's own (no download), Russian comes in.
  clock = new Date(clock.getTime() + 24 * 3600_000);
  const day2 = await yt.captions.run();
  expect(day2).toMatchObject({ listed: 1, fetched: 2, skipped: 1, units: 450 });
  expect(day2.stoppedBy).toBeUndefined();
  expect(await captionStates()).toEqual({ 'vNewer/en': 'fetched', 'vNewer/ru': 'fetched', 'vNewer/uz': 'fetched', 'vOlder/en': 'skipped', 'vOlder/ru': 'fetched' });
  expect(await yt.captions.counts()).toMatchObject({ waiting: 0, fetched: 4, skipped: 1, unlisted: 0 });

  // Nothing changed: a pass costs nothing (no video is listed again).
  expect(await yt.captions.run()).toMatchObject({ listed: 0, fetched: 0, units: 0 });

  expect(await dayUnits('captions')).toEqual([
    [quotaDay(new Date('2026-03-10T18:00:00Z')), 450],
    [quotaDay(clock), 450]
  ]);
  // Never the auto-generated track, the German one, or the producer's language.
  expect(fake.callsOf('captions.download').map((c) => c.status)).toEqual([200, 200, 200, 200]);
  expect(fake.callsOf('captions.list')).toHaveLength(2);

  // Each track is an Efir subtitle track now, through the studio's path; the producer's file stays.
  const subs = await t.efir.subtitles.list('vNewer');
  expect(subs.map((s) => [s.lang, s.fileName, s.format, s.cueCount]).sort()).toEqual([
    ['en', 'youtube-en.vtt', 'vtt', 2],
    ['ru', 'youtube-ru.vtt', 'vtt', 2],
    ['uz', 'youtube-uz.vtt', 'vtt', 2]
  ]);
  const stored = fs.readFileSync(path.resolve(t.efir.config.dataDir, subs.find((s) => s.lang === 'uz')!.storedPath), 'utf8');
  expect(stored).toContain('uz ytNewer0002');
  expect((await t.efir.subtitles.list('vOlder')).map((s) => [s.lang, s.fileName]).sort()).toEqual([
    ['en', 'english-by-hand.srt'],
    ['ru', 'youtube-ru.vtt']
  ]);
});

test('a track edited on YouTube comes back when the mirror sees its video change', async () => {
  clock = new Date(clock.getTime() + 24 * 3600_000); // a new quota day
  addCaption(fake.model, 'ytNewer0002', { language: 'ru', lastUpdated: '2026-03-11T09:00:00.000Z', vtt: 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nИсправлено\n' });
  // Until the sync records a change, the video is not listed again.
  expect(await yt.captions.run()).toMatchObject({ listed: 0, units: 0 });
  await t.efir.db.query(`update videos set youtube = youtube || '{"hash": "h-newer-2"}'::jsonb where id = 'vNewer'`);
  expect(await yt.captions.counts()).toMatchObject({ unlisted: 1 });
  const again = await yt.captions.run();
  expect(again).toMatchObject({ listed: 1, found: 1, fetched: 1, units: 250 });
  const ru = (await t.efir.subtitles.list('vNewer')).find((s) => s.lang === 'ru')!;
  expect(fs.readFileSync(path.resolve(t.efir.config.dataDir, ru.storedPath), 'utf8')).toContain('Исправлено');
  expect(await yt.captions.counts()).toMatchObject({ waiting: 0, fetched: 4 });
});

test('a revoked account stops the pass before any unit is spent, and the connection says reconnect', async () => {
  clock = new Date(clock.getTime() + 24 * 3600_000);
  await t.efir.db.query(`update videos set youtube = youtube || '{"hash": "h-newer-3"}'::jsonb where id = 'vNewer'`);
  oauth.revokeAll();
  yt.oauth.tokens.invalidate();
  const before = fake.calls.length;
  const run = await yt.captions.run();
  expect(run).toMatchObject({ listed: 0, units: 0, stoppedBy: 'youtube_auth' });
  expect(fake.calls.length).toBe(before);
  const state = await yt.oauth.state();
  expect(state).toMatchObject({ connected: false, needsReconnect: true });
  const row = await yt.connection.read();
  expect(row).toMatchObject({ status: 'error', refreshTokenEnc: null });
  expect(row.lastError?.code).toBe('youtube_auth');
});

test('after a sync: new and changed videos are listed, their tracks come in, and the sync reports them', async () => {
  const back = await fetch(await yt.oauth.begin(), { redirect: 'manual' });
  const answer = new URL(back.headers.get('location')!).searchParams;
  await yt.oauth.complete({ code: answer.get('code'), state: answer.get('state') });
  clock = new Date(clock.getTime() + 24 * 3600_000);
  upload(fake.model, CHANNEL, makeVideo('ytRomana003', fake.model.channels[CHANNEL]!, { publishedAt: '2025-07-01T10:00:00Z' }));
  addCaption(fake.model, 'ytRomana003', { language: 'ro' });

  const lists = fake.callsOf('captions.list').length;
  const result = await yt.sync.run({ full: true });
  expect(result).toMatchObject({ added: 1, captionsFetched: 1 });
  expect(result.stoppedBy).toBeUndefined();
  // Listed: the new video, and those whose mirror record the sync rewrote; never more.
  expect(fake.callsOf('captions.list').length - lists).toBeLessThanOrEqual(1 + result.changed);
  const [added] = await t.efir.db.query<{ id: string }>(`select id from videos where youtube_id = 'ytRomana003'`);
  expect((await t.efir.subtitles.list(added!.id)).map((s) => [s.lang, s.fileName])).toEqual([['ro', 'youtube-ro.vtt']]);
  // The sync's units are the ledger's, the caption calls included.
  expect(result.units).toBe(await yt.ledger.spentToday());

  // The next sync finds nothing new: no listing, no download.
  const calls = fake.callsOf().length;
  expect(await yt.sync.run({})).toMatchObject({ added: 0, changed: 0, captionsFetched: 0 });
  expect(fake.callsOf('captions.list', calls)).toEqual([]);
});
