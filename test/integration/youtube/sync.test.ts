/**
 * The channel's mirror against the fake Data API (one Efir for the file, no HTTP app, no worker):
 * a full sync, a sync that finds nothing (a few units, the first page only, 304), a change sync,
 * hiding and showing again, playlists as collections, an Efir upload published to YouTube linked
 * rather than added twice, posters fetched once, and the units a sync reports equal to the ledger's.
 * The tests run in order on one channel, each starting from what the one before left.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { addChannel, addPlaylist, makeVideo, startFakeYoutube, upload, type FakeChannel, type FakeYoutube } from '../../helpers/fake-youtube/index.ts';

const CHANNEL = 'UCmirrorTestChannel01';
let fake: FakeYoutube;
let t: TestEfir;
let channel: FakeChannel;
let clock = new Date('2026-05-04T18:00:00Z');

async function videoRow(youtubeId: string) {
  const [row] = await t.efir.db.query<any>('select * from videos where youtube_id = $1', [youtubeId]);
  return row;
}
async function count(sql: string, params: unknown[] = []) {
  const [row] = await t.efir.db.query<{ n: number }>(sql, params);
  return Number(row!.n);
}
async function sync(full = false) {
  const before = fake.unitsSpent;
  const mark = await t.efir.youtube.ledger.lastId();
  const result = await t.efir.youtube.sync.run({ full });
  // the units a sync reports are the ledger's, and what YouTube counted
  expect(result.units).toBe(await t.efir.youtube.ledger.unitsSince(mark));
  expect(result.units).toBe(fake.unitsSpent - before);
  return result;
}

beforeAll(async () => {
  fake = await startFakeYoutube();
  t = await startTestEfir({
    http: false,
    worker: false,
    env: { YOUTUBE_API_KEY: 'test-key', YOUTUBE_CHANNEL_ID: CHANNEL, YOUTUBE_API_ROOT: fake.url, YOUTUBE_SYNC_MINUTES: '0' }
  });
  t.efir.youtube.useClock(() => clock);
  t.efir.youtube.api.retryDelaysMs = [0, 0, 0];

  const m = fake.model;
  channel = addChannel(m, CHANNEL, 'Миграция и закон');
  upload(m, CHANNEL, makeVideo('yt_old_0001', channel, { title: 'Патент 2024', publishedAt: '2024-02-01T10:00:00Z', seconds: 3723 }));
  upload(
    m,
    CHANNEL,
    makeVideo('yt_local_001', channel, {
      title: 'Регистрация',
      description: 'Как встать на учёт',
      localizations: {
        uz: { title: 'Roʻyxatdan oʻtish', description: 'Qanday qilib' },
        'en-US': { title: 'Registration (US)', description: '' },
        en: { title: 'Registration', description: 'How to register' },
        de: { title: 'Anmeldung', description: '' }
      }
    })
  );
  upload(m, CHANNEL, makeVideo('yt_private01', channel, { privacyStatus: 'private' }));
  upload(m, CHANNEL, makeVideo('yt_deleted01', channel));
  delete m.videos.yt_deleted01; // listed by the playlist as "Deleted video"
  upload(m, CHANNEL, makeVideo('yt_own_00001', channel, { title: 'Published from Efir' }));
  upload(m, CHANNEL, makeVideo('yt_plain_001', channel, { title: 'Штрафы' }));
  upload(
    m,
    CHANNEL,
    makeVideo('yt_upcoming1', channel, {
      title: 'Прямой эфир: амнистия',
      seconds: 0,
      liveBroadcastContent: 'upcoming',
      liveStreamingDetails: { scheduledStartTime: '2026-05-10T15:00:00Z' }
    })
  );
  addPlaylist(m, CHANNEL, 'PLseriesA', ['yt_plain_001', 'yt_private01', 'yt_old_0001', 'yt_local_001'], {
    title: 'Патент шаг за шагом',
    localizations: { uz: { title: 'Patent qadamma-qadam', description: '' } }
  });
  addPlaylist(m, CHANNEL, 'PLseriesB', ['yt_old_0001']);
  addPlaylist(m, CHANNEL, 'PLsecret', ['yt_old_0001'], { privacyStatus: 'private' });

  // An upload published from Efir to YouTube (H4 sets youtube_id): the mirror must link it, not add it.
  await t.efir.db.query(
    `insert into videos (id, owner_id, title, description, origin, state, youtube_id) values ('efirOwn0001', null, 'Efir title', '', 'upload', 'ready', 'yt_own_00001')`
  );
});

afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('YouTube sync', () => {
  it('a full sync mirrors the channel: public uploads, live schedule, playlists, localizations, posters', async () => {
    const r = await sync();
    expect(r).toMatchObject({ full: true, added: 4, changed: 0, hidden: 0, linked: 1, playlists: 2, videosSeen: 7, posters: 4 });
    expect(r.stoppedBy).toBeUndefined();
    // channels 1 + uploads page 1 + videos 1 + playlists 1 + two playlists' items 2
    expect(r.units).toBe(6);
    expect(fake.callsOf('search.list')).toEqual([]);

    const local = await videoRow('yt_local_001');
    expect(local).toMatchObject({ origin: 'youtube', state: 'ready', owner_id: null, current_rev: null, source_path: null, title: 'Регистрация', hidden_at: null });
    expect(local.i18n).toEqual({ uz: { title: 'Roʻyxatdan oʻtish', description: 'Qanday qilib' }, en: { title: 'Registration', description: 'How to register' } });
    expect(local.youtube).toMatchObject({ privacyStatus: 'public', liveBroadcastContent: 'none', channelId: CHANNEL });
    expect(typeof local.youtube.hash).toBe('string');
    expect((await videoRow('yt_old_0001')).duration).toBe(3723);
    expect(new Date((await videoRow('yt_old_0001')).published_at).toISOString()).toBe('2024-02-01T10:00:00.000Z');

    const upcoming = await videoRow('yt_upcoming1');
    expect(upcoming.youtube).toMatchObject({ liveBroadcastContent: 'upcoming', scheduledStartTime: '2026-05-10T15:00:00Z' });
    expect(await videoRow('yt_private01')).toBeUndefined();
    expect(await videoRow('yt_deleted01')).toBeUndefined();

    // linked: one row, Efir's own title kept
    expect(await count("select count(*) as n from videos where youtube_id = 'yt_own_00001'")).toBe(1);
    expect(await videoRow('yt_own_00001')).toMatchObject({ id: 'efirOwn0001', origin: 'upload', title: 'Efir title' });

    const collections = await t.efir.db.query<any>('select * from collections order by youtube_playlist_id');
    expect(collections.map((c) => [c.youtube_playlist_id, c.title, c.hidden_at])).toEqual([
      ['PLseriesA', 'Патент шаг за шагом', null],
      ['PLseriesB', 'Playlist PLseriesB', null]
    ]);
    expect(collections[0].i18n).toEqual({ uz: { title: 'Patent qadamma-qadam', description: '' } });
    const items = await t.efir.db.query<any>(
      `select v.youtube_id from collection_items ci join videos v on v.id = ci.video_id where ci.collection_id = $1 order by ci.position`,
      [collections[0].id]
    );
    expect(items.map((i) => i.youtube_id)).toEqual(['yt_plain_001', 'yt_old_0001', 'yt_local_001']);

    // posters: fetched once into DATA_DIR/posters/v-<id>/<sha256-16>.jpg
    expect(local.poster_path).toMatch(new RegExp(`^v-${local.id}/[0-9a-f]{16}\\.jpg$`));
    expect(fs.existsSync(path.join(t.efir.paths.posters, local.poster_path))).toBe(true);
    const state = await t.efir.youtube.connection.read();
    expect(state).toMatchObject({ status: 'ok', lastError: null, uploadsPlaylistId: `UU${CHANNEL.slice(2)}`, channelTitle: 'Миграция и закон' });
    expect(state.lastResult).toMatchObject({ added: 4, units: 6 });
  });

  it('a sync that finds nothing stops at the first page (304) and costs a few units', async () => {
    const from = fake.calls.length;
    const images = fake.imageFetches.length;
    const r = await sync();
    expect(r).toMatchObject({ full: false, added: 0, changed: 0, hidden: 0, unhidden: 0, posters: 0 });
    // uploads page 1 (304) + playlists page 1 (304) + the upcoming broadcast re-read
    expect(r.units).toBe(3);
    expect(fake.callsOf('playlistItems.list', from).map((c) => c.status)).toEqual([304]);
    expect(fake.callsOf('channels.list', from)).toEqual([]);
    expect(fake.imageFetches.length).toBe(images); // posters are not fetched again
  });

  it('a change sync adds new uploads and re-reads only changed videos', async () => {
    fake.model.videos.yt_plain_001!.snippet.title = 'Штрафы 2026';
    fake.model.videos.yt_old_0001!.localizations = { tg: { title: 'Патент 2024 (тоҷикӣ)', description: '' } }; // not in the playlist item
    upload(fake.model, CHANNEL, makeVideo('yt_new_00001', channel, { title: 'Новое видео' }));
    const from = fake.calls.length;
    const r = await sync();
    expect(r).toMatchObject({ full: false, added: 1, changed: 1, hidden: 0 });
    // details only for the new video, the retitled one and the upcoming broadcast: one videos.list of 3 ids
    expect(fake.callsOf('videos.list', from).map((c) => c.params.id!.split(',').sort())).toEqual([['yt_new_00001', 'yt_plain_001', 'yt_upcoming1']]);
    expect((await videoRow('yt_plain_001')).title).toBe('Штрафы 2026');
    expect((await videoRow('yt_old_0001')).i18n).toEqual({});

    // the daily full pass catches the edit the playlist does not show
    clock = new Date(clock.getTime() + 25 * 3_600_000);
    const fullPass = await sync();
    expect(fullPass).toMatchObject({ full: true, added: 0, changed: 1 });
    expect((await videoRow('yt_old_0001')).i18n).toEqual({ tg: { title: 'Патент 2024 (тоҷикӣ)', description: '' } });
  });

  it('the broadcast going live and ending is seen without the playlist changing', async () => {
    const v = fake.model.videos.yt_upcoming1!;
    v.snippet.liveBroadcastContent = 'none';
    v.contentDetails.duration = 'PT1H30M';
    v.liveStreamingDetails = { scheduledStartTime: '2026-05-10T15:00:00Z', actualStartTime: '2026-05-10T15:01:00Z', actualEndTime: '2026-05-10T16:31:00Z' };
    const r = await sync();
    expect(r.changed).toBe(1);
    expect(await videoRow('yt_upcoming1')).toMatchObject({ duration: 5400 });
    expect((await videoRow('yt_upcoming1')).youtube).toMatchObject({ liveBroadcastContent: 'none', actualEndTime: '2026-05-10T16:31:00Z' });
    expect((await sync()).units).toBe(2); // nothing upcoming any more: two 304s
  });

  it('hides videos that went private, were deleted or left the channel, and shows them again', async () => {
    const m = fake.model;
    m.videos.yt_plain_001!.status.privacyStatus = 'private';
    delete m.videos.yt_new_00001; // deleted: "Deleted video" in the playlist
    const r = await sync();
    expect(r).toMatchObject({ hidden: 2, unhidden: 0 });
    expect((await videoRow('yt_plain_001')).hidden_at).not.toBeNull();
    expect((await videoRow('yt_new_00001')).hidden_at).not.toBeNull();

    // gone from the uploads playlist altogether: only a complete pass concludes it
    const uploads = m.playlistItems[channel.uploadsPlaylistId]!;
    uploads.splice(uploads.indexOf('yt_old_0001'), 1);
    const gone = await sync(true);
    expect(gone.hidden).toBe(1);
    const old = await videoRow('yt_old_0001');
    expect(old.hidden_at).not.toBeNull();
    expect(await count('select count(*) as n from collection_items where video_id = $1', [old.id])).toBeGreaterThan(0); // nothing destroyed

    // back again
    m.videos.yt_plain_001!.status.privacyStatus = 'public';
    uploads.push('yt_old_0001');
    const back = await sync(true);
    expect(back).toMatchObject({ unhidden: 2, hidden: 0, added: 0 });
    expect((await videoRow('yt_plain_001')).hidden_at).toBeNull();
    expect((await videoRow('yt_old_0001')).hidden_at).toBeNull();
    // an Efir upload is never hidden by the mirror
    m.videos.yt_own_00001!.status.privacyStatus = 'private';
    await sync();
    expect((await videoRow('yt_own_00001')).hidden_at).toBeNull();
  });

  it('a playlist that goes becomes a hidden collection, and comes back', async () => {
    const b = fake.model.playlists.PLseriesB!;
    delete fake.model.playlists.PLseriesB;
    const r = await sync();
    expect(r.playlists).toBe(1);
    expect((await t.efir.db.query<any>("select hidden_at from collections where youtube_playlist_id = 'PLseriesB'"))[0].hidden_at).not.toBeNull();
    fake.model.playlists.PLseriesB = b;
    fake.model.playlistItems.PLseriesB = ['yt_local_001', 'yt_old_0001'];
    const back = await sync();
    expect(back.playlists).toBe(2);
    const items = await t.efir.db.query<any>(
      `select v.youtube_id from collections c join collection_items ci on ci.collection_id = c.id join videos v on v.id = ci.video_id
        where c.youtube_playlist_id = 'PLseriesB' and c.hidden_at is null order by ci.position`
    );
    expect(items.map((i) => i.youtube_id)).toEqual(['yt_local_001', 'yt_old_0001']);
  });

  it('a publication whose videos.insert answered, before youtube_id was set, is linked too', async () => {
    await t.efir.db.query(`insert into videos (id, owner_id, title, description, origin, state) values ('efirPub0001', null, 'Tutorial', '', 'upload', 'ready')`);
    await t.efir.db.query(`insert into youtube_publications (video_id, state, youtube_video_id) values ('efirPub0001', 'captions', 'yt_pub_00001')`);
    upload(fake.model, CHANNEL, makeVideo('yt_pub_00001', channel, { title: 'Tutorial on YouTube' }));
    const r = await sync();
    expect(r).toMatchObject({ added: 0, linked: 1 });
    expect(await videoRow('yt_pub_00001')).toMatchObject({ id: 'efirPub0001', title: 'Tutorial', origin: 'upload' });
  });
});
