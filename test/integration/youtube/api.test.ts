/**
 * YoutubeApi + ledger + connection against the fake Data API (test/helpers/fake-youtube): every call
 * booked before it is made (errors included), If-None-Match/304, errors classified, retries booked,
 * quotaExceeded pausing every call until the next Pacific midnight, the day's budget never exceeded.
 * No Efir, no HTTP app: the three objects on a fresh database.
 */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../server/db/index.ts';
import { YoutubeLedger } from '../../../server/youtube/ledger.ts';
import { YoutubeConnection } from '../../../server/youtube/connection.ts';
import { YoutubeApi, YoutubeApiError } from '../../../server/youtube/api.ts';
import { addChannel, makeVideo, startFakeYoutube, upload, type FakeYoutube } from '../../helpers/fake-youtube/index.ts';
import { freshDatabase, tempDir } from '../../helpers/env.ts';
import { dataPaths } from '../../../config/index.ts';

let fake: FakeYoutube;
let db: Db;
let drop: () => Promise<void>;
let clock = new Date('2026-03-08T06:00:00Z');
const config = { dailyUnits: 40, syncReserveUnits: 10, apiKey: 'test-key', channelId: 'UCapitest', apiRoot: '' };
let ledger: YoutubeLedger;
let connection: YoutubeConnection;
let api: YoutubeApi;

beforeAll(async () => {
  fake = await startFakeYoutube();
  config.apiRoot = fake.url;
  const dir = tempDir();
  const fresh = await freshDatabase(dir);
  drop = fresh.drop;
  db = await openDb({ databaseUrl: fresh.url, pgliteDir: dataPaths(dir).db });
  if (fresh.url) await (await import('../../../server/db/migrate.ts')).migrate(db);
  const now = () => clock;
  ledger = new YoutubeLedger({ db, config, now });
  connection = new YoutubeConnection({ db, config, now });
  api = new YoutubeApi({ config, ledger, connection, log: pino({ level: 'silent' }), now, retryDelaysMs: [0, 0, 0] });
  const channel = addChannel(fake.model, 'UCapitest');
  for (let i = 0; i < 3; i++) upload(fake.model, channel.id, makeVideo(`vid${i}`, channel));
});

afterAll(async () => {
  await db?.close();
  await drop?.();
  await fake?.close();
});

beforeEach(async () => {
  // each test starts a new quota day with nothing paused
  clock = new Date(clock.getTime() + 86_400_000);
  await connection.update({ pausedUntil: null, status: 'ok', lastError: null });
  fake.model.keys = new Set(['test-key']);
  await connection.settings();
});

describe('YoutubeApi', () => {
  it('lists through the library at rootUrl, books each call, and uses If-None-Match', async () => {
    const first = await api.list('playlistItems.list', { playlistId: ['UUapitest'] as any, part: ['snippet', 'contentDetails'], maxResults: 50 }, { purpose: 'sync' });
    expect(first.notModified).toBe(false);
    if (first.notModified) return;
    expect(first.data.items?.map((i) => i.contentDetails?.videoId)).toEqual(['vid2', 'vid1', 'vid0']);
    const again = await api.list('playlistItems.list', { playlistId: ['UUapitest'] as any, part: ['snippet', 'contentDetails'], maxResults: 50 }, { purpose: 'sync', etag: first.etag });
    expect(again.notModified).toBe(true);
    expect(await ledger.spentToday()).toBe(2);
    const [last] = await ledger.list(1);
    expect(last).toMatchObject({ method: 'playlistItems.list', units: 1, purpose: 'sync', status: 304 });
  });

  it('a wrong key is youtube_key_invalid, and the call still costs its unit', async () => {
    fake.model.keys = new Set(['another']);
    const err = await api.list('videos.list', { id: ['vid0'], part: ['snippet'] }, { purpose: 'sync' }).catch((e) => e);
    expect(err).toBeInstanceOf(YoutubeApiError);
    expect(err.code).toBe('youtube_key_invalid');
    expect(await ledger.spentToday()).toBe(1);
  });

  it('backendError is retried (each try booked), then answers', async () => {
    fake.failNext('videos.list', 'backendError', undefined, 2);
    const res = await api.list('videos.list', { id: ['vid0', 'vid1'], part: ['snippet'] }, { purpose: 'sync' });
    expect(res.notModified ? [] : res.data.items?.map((v) => v.id)).toEqual(['vid0', 'vid1']);
    expect(await ledger.spentToday()).toBe(3);
    expect((await ledger.list(3)).map((e) => e.status)).toEqual([200, 503, 503]);
  });

  it('network down, after retries, is youtube_unavailable', async () => {
    fake.failNext('videos.list', 'network', undefined, 4);
    const err = await api.list('videos.list', { id: ['vid0'], part: ['snippet'] }, { purpose: 'sync' }).catch((e) => e);
    expect(err.code).toBe('youtube_unavailable');
    expect(await ledger.spentToday()).toBe(4);
  });

  it('malformed and truncated JSON are youtube_bad_answer', async () => {
    fake.failNext('videos.list', 'malformed');
    expect((await api.list('videos.list', { id: ['vid0'], part: ['snippet'] }, { purpose: 'sync' }).catch((e) => e)).code).toBe('youtube_bad_answer');
    fake.failNext('videos.list', 'truncated');
    expect((await api.list('videos.list', { id: ['vid0'], part: ['snippet'] }, { purpose: 'sync' }).catch((e) => e)).code).toBe('youtube_bad_answer');
  });

  it('notFound and forbidden are classified', async () => {
    const err = await api.list('playlistItems.list', { playlistId: ['PLnone'] as any, part: ['snippet'] }, { purpose: 'sync' }).catch((e) => e);
    expect([err.code, err.reason]).toEqual(['youtube_not_found', 'playlistNotFound']);
    fake.failNext('channels.list', 'forbidden');
    expect((await api.list('channels.list', { id: ['UCapitest'], part: ['snippet'] }, { purpose: 'sync' }).catch((e) => e)).code).toBe('youtube_forbidden');
  });

  it('quotaExceeded pauses every call until the next Pacific midnight', async () => {
    fake.failNext('videos.list', 'quotaExceeded');
    const err = await api.list('videos.list', { id: ['vid0'], part: ['snippet'] }, { purpose: 'sync' }).catch((e) => e);
    expect(err.code).toBe('youtube_quota');
    const state = await connection.read();
    expect(state.status).toBe('paused');
    // 2026-03-09T06:00Z +1 day = 03-09 (PST, UTC-8) → paused until 03-09T... next midnight PDT (DST starts 03-08)
    expect(state.pausedUntil!.getTime()).toBeGreaterThan(clock.getTime());
    const calls = fake.calls.length;
    const refused = await api.list('videos.list', { id: ['vid0'], part: ['snippet'] }, { purpose: 'sync' }).catch((e) => e);
    expect(refused.code).toBe('youtube_quota');
    expect(fake.calls.length).toBe(calls); // not even sent
    clock = new Date(state.pausedUntil!.getTime() + 1000);
    expect((await api.list('videos.list', { id: ['vid0'], part: ['snippet'] }, { purpose: 'sync' })).notModified).toBe(false);
  });

  it('never exceeds the budget: other purposes stop at dailyUnits - syncReserveUnits', async () => {
    for (let i = 0; i < 30; i++) await api.list('videos.list', { id: ['vid0'], part: ['id'] }, { purpose: 'captions' });
    const err = await api.list('videos.list', { id: ['vid0'], part: ['id'] }, { purpose: 'captions' }).catch((e) => e);
    expect(err.code).toBe('youtube_quota');
    expect(err.details.retryAfter).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) await api.list('videos.list', { id: ['vid0'], part: ['id'] }, { purpose: 'sync' });
    expect((await api.list('videos.list', { id: ['vid0'], part: ['id'] }, { purpose: 'sync' }).catch((e) => e)).code).toBe('youtube_quota');
    expect(await ledger.spentToday()).toBe(40);
  });

  it('the budget holds under concurrent reserves from two instances (one transaction under an advisory lock)', async () => {
    const other = new YoutubeLedger({ db, config, now: () => clock });
    for (let i = 0; i < 35; i++) await ledger.reserve('videos.list', 1, 'sync');
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => (i % 2 ? ledger : other).reserve('videos.list', 1, 'sync')));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(Array(7).fill('youtube_quota'));
    expect(await ledger.spentToday()).toBe(40);
  });

  it('request() reaches routes other helpers add, with OAuth and raw statuses', async () => {
    fake.route('PUT', '/upload/youtube/v3/test', (ctx) => {
      if (!ctx.book('videos.insert', { auth: 'oauth' })) return;
      ctx.send(308, '', { range: `bytes=0-${ctx.body.length - 1}` });
    });
    fake.model.tokens.tok1 = { channelId: 'UCapitest' };
    let invalidated = 0;
    api.setAccessTokens({ get: async () => (invalidated ? 'tok1' : 'stale'), invalidate: () => void invalidated++ });
    const res = await api.request('videos.insert', 'publish', { method: 'PUT', path: 'upload/youtube/v3/test', body: Buffer.from('abcd'), units: 1, okStatuses: [308] });
    expect([res.status, res.headers.get('range'), invalidated]).toEqual([308, 'bytes=0-3', 1]);
    api.setAccessTokens(null);
  });
});
