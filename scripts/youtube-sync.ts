/**
 * npm run youtube:sync [-- --full]
 * Runs one sync of the YouTube channel's mirror (server/youtube/sync.ts) and prints one JSON line:
 *   {"videosSeen":…,"added":…,"changed":…,"hidden":…,"unhidden":…,"linked":…,"playlists":…,
 *    "captionsFetched":…,"posters":…,"units":…,"full":…,"ms":…[,"stoppedBy":…,"error":{code,message},"pausedUntil":…]}
 * `units` are the quota units the sync spent, from the ledger. Exit code 0 when the sync finished or
 * waits for the quota (stoppedBy "quota"), 1 on an error (the line says which), 2 on bad arguments.
 *
 * With the embedded database and Efir running on this DATA_DIR, the running web process does the
 * sync (its control socket, op youtube-sync, through its youtube queue); otherwise (Efir stopped, or
 * PostgreSQL) this process opens the database and syncs itself (a Redis lease keeps it from running
 * beside another sync).
 */
import fs from 'node:fs';
import { ConfigError, loadConfig } from '../config/index.ts';
import { createEfir } from '../server/context.ts';
import { controlSocketPath, requestYoutubeSync } from '../server/backup/control.ts';
import { chooseRedis } from './lib/redis-choice.ts';

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.some((a) => a !== '--full')) {
    console.error('usage: npm run youtube:sync [-- --full]');
    return 2;
  }
  const full = args.includes('--full');
  const config = loadConfig();
  let result: Record<string, unknown> | null = null;
  if (!config.databaseUrl && fs.existsSync(controlSocketPath(config.dataDir))) {
    try {
      result = await requestYoutubeSync(config.dataDir, full);
    } catch (err) {
      // A socket file without a listener is left by an Efir that was killed: sync here instead.
      if (!/ECONNREFUSED|ENOENT/.test((err as Error).message)) throw err;
    }
  }
  if (!result) {
    const redis = await chooseRedis(config);
    const efir = await createEfir(config, { redisUrl: redis.url });
    try {
      result = (await efir.youtube.sync.run({ full })) as unknown as Record<string, unknown>;
    } finally {
      await efir.close();
      await redis.managed?.stop();
    }
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result.stoppedBy && result.stoppedBy !== 'quota' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : `[youtube:sync] ${err?.stack ?? err}`);
    process.exit(1);
  }
);
