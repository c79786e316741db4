/**
 * npm run bench:sync -- [--videos 5000] [--playlists 50] [--per-playlist 50] [--db pglite|postgres]
 *
 * The YouTube mirror's quota and time on a synthetic channel served by the local Data API stand-in
 * (test/helpers/fake-youtube/): `--videos` public uploads, `--playlists` playlists of `--per-playlist`
 * videos each (dealt out in turn, so with 50 × 50 half the uploads are in a playlist, as on a real
 * channel; `--per-playlist 100` puts every one of 5,000 in exactly one). One Efir in this process
 * (PGlite in a temporary DATA_DIR, or with DATABASE_URL a new database beside it on that PostgreSQL,
 * dropped at the end; REDIS_URL or a managed Redis):
 *   1. full sync of the empty library (channels, uploads pages, videos.list, playlists, their items;
 *      and the first 2,000 posters, a sync's share, fetched from the stand-in's image server: their
 *      time is reported apart, `postersSeconds`, and included in `seconds`),
 *   2. a sync that finds nothing (the incremental path: If-None-Match, first page only),
 *   3. a full pass over the mirrored channel (the daily pass: every page and video again, nothing written).
 * Units are the ledger's (each checked against what the stand-in counted). For comparison: what
 * enumerating the same uploads with search.list would spend (100 units per page of 50; it also caps a
 * query at about 500 results, so it could not list 5,000 at all), alone and in a whole full sync, with
 * the ratios; and the floor the Data API's arithmetic allows for this channel (channels.list 1 +
 * ⌈videos/50⌉ uploads pages + ⌈videos/50⌉ videos.list + ⌈playlists/50⌉ + Σ⌈items/50⌉).
 * Logs on stderr; the last line on stdout is one JSON object with every figure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../../config/index.ts';
import { createEfir } from '../../server/context.ts';
import { searchListUnits } from '../../server/youtube/quota.ts';
import { seedChannel, startFakeYoutube } from '../../test/helpers/fake-youtube/index.ts';
import { freshDatabase } from '../../test/helpers/env.ts';
import { chooseRedis } from '../lib/redis-choice.ts';
import { numberOption } from './options.ts';

const VIDEOS = numberOption('videos', 5000);
const PLAYLISTS = numberOption('playlists', 50);
const PER_PLAYLIST = numberOption('per-playlist', 50);
const log = (...a: unknown[]) => console.error('[bench:sync]', ...a);
const seconds = (ms: number) => Math.round(ms / 10) / 100;

async function main() {
  const fake = await startFakeYoutube();
  const channelId = 'UCbenchSyntheticChannel0';
  const seeded = seedChannel(fake.model, { channelId, videos: VIDEOS, playlists: PLAYLISTS, perPlaylist: PER_PLAYLIST });
  const playlistItems = seeded.playlistIds.map((id) => fake.model.playlistItems[id]!.length);
  const floor = 1 + 2 * Math.ceil(VIDEOS / 50) + Math.ceil(PLAYLISTS / 50) + playlistItems.reduce((n, items) => n + Math.max(1, Math.ceil(items / 50)), 0);
  log(`channel: ${VIDEOS} videos, ${PLAYLISTS} playlists (${playlistItems.reduce((a, b) => a + b, 0)} items), floor ${floor} units`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-bench-sync-'));
  // never the database DATABASE_URL names itself: a new one (or a migrated PGlite) for this run
  const db = await freshDatabase(dataDir);
  const env = {
    ...process.env,
    DATABASE_URL: db.url ?? '',
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `benchsync-${crypto.randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'warn',
    YOUTUBE_API_KEY: 'test-key',
    YOUTUBE_CHANNEL_ID: channelId,
    YOUTUBE_API_ROOT: fake.url,
    YOUTUBE_SYNC_MINUTES: '0',
    YOUTUBE_DAILY_UNITS: '10000'
  };
  const config = loadConfig(env);
  const redis = await chooseRedis(config);
  const efir = await createEfir(config, { redisUrl: redis.url, log: pino({ level: 'warn' }) });
  try {
    const step = async (name: string, full: boolean) => {
      const before = fake.unitsSpent;
      const started = performance.now();
      const r = await efir.youtube.sync.run({ full });
      const ms = performance.now() - started;
      if (r.stoppedBy) throw new Error(`${name}: the sync stopped (${r.stoppedBy}: ${r.error?.message})`);
      if (r.units !== fake.unitsSpent - before) throw new Error(`${name}: ledger ${r.units} units, the stand-in counted ${fake.unitsSpent - before}`);
      log(`${name}: ${r.units} units, ${seconds(ms)} s (added ${r.added}, changed ${r.changed}, playlists ${r.playlists}; posters ${r.posters} in ${seconds(r.postersMs)} s)`);
      return { units: r.units, seconds: seconds(ms), added: r.added, changed: r.changed, playlists: r.playlists, posters: r.posters, postersSeconds: seconds(r.postersMs) };
    };
    const full = await step('full sync', false);
    const noChange = await step('no-change sync', false);
    const fullPass = await step('full pass (mirrored)', true);
    const searchEnumeration = searchListUnits(VIDEOS);
    const ownEnumeration = Math.ceil(VIDEOS / 50);
    const searchFullSync = full.units - ownEnumeration + searchEnumeration;
    const summary = {
      bench: 'sync',
      db: config.databaseUrl ? 'postgres' : 'pglite',
      videos: VIDEOS,
      playlists: PLAYLISTS,
      playlistItems: playlistItems.reduce((a, b) => a + b, 0),
      floorUnits: floor,
      full,
      noChange,
      fullPass,
      searchList: {
        enumerationUnits: searchEnumeration,
        fullSyncUnits: searchFullSync,
        enumerationRatio: Math.round((searchEnumeration / ownEnumeration) * 10) / 10,
        fullSyncRatio: Math.round((searchFullSync / full.units) * 10) / 10
      },
      targets: { fullUnitsAtMost250: full.units <= 250, noChangeUnitsAtMost5: noChange.units <= 5, fullUnder60s: full.seconds < 60 },
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), load: os.loadavg().map((l) => Math.round(l * 10) / 10) }
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await efir.close();
    await redis.managed?.stop();
    await fake.close();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error('[bench:sync]', err?.stack ?? err);
  process.exit(1);
});
