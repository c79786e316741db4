/**
 * npm run variants -- VIDEO_ID [LANG...]
 * Makes the subtitled MP4s for messengers of one video (every track's when no LANG is given) in one
 * batch (one ffmpeg decodes the source once), waits, and prints one JSON line per file:
 *   {"lang":"tg","path":"/abs/…/variants/<id>/tg-v1-<batch>.mp4","bytes":…,"seconds":…}
 * or {"lang":…,"error":…} for a language that failed (exit code 1). A variant already made and
 * current is printed as it is, not made again. Unknown video or language: a message, exit code 1.
 *
 * With the embedded database and Efir running on this DATA_DIR, the running web process does it
 * (its control socket, op `variants`; its workers make the files). Otherwise (Efir stopped, or
 * PostgreSQL) this process opens the database and runs its own media worker, as `npm run import` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config/index.ts';
import { controlSocketPath, requestControlOp } from '../server/backup/control.ts';
import { createEfir } from '../server/context.ts';
import { makeVariants, type VariantLine } from '../server/variants/cli.ts';
import { isEfirError } from '../server/errors.ts';
import { startMediaWorker } from '../workers/media-worker.ts';
import { fontsSetting } from '../workers/steps/fonts.ts';
import { chooseRedis } from './lib/redis-choice.ts';

class UsageError extends Error {}
/** A refusal to show as it is (unknown video or language, said by the running Efir): exit code 1, no stack. */
class CliError extends Error {}

const USAGE = 'usage: npm run variants -- VIDEO_ID [LANG...]   (LANG: ru uz tg az ro en; none: every track)';

/** The whole command; returns the exit code. `print` gets each JSON line (stdout in the script). */
export async function main(args: string[], print: (line: VariantLine) => void, config: Config = loadConfig()): Promise<number> {
  const [videoId, ...langs] = args.filter((a) => a !== '--');
  if (!videoId || videoId.startsWith('-')) throw new UsageError(USAGE);
  let failed = 0;
  const count = (line: VariantLine) => {
    if (line.error) failed++;
    print(line);
  };
  if (!config.databaseUrl && fs.existsSync(controlSocketPath(config.dataDir))) {
    try {
      await requestControlOp(config.dataDir, { op: 'variants', videoId, langs }, (line) => count(line as VariantLine));
      return failed ? 1 : 0;
    } catch (err) {
      // A socket file without a listener is left by an Efir that was killed: do it here instead.
      if (!/ECONNREFUSED|ENOENT/.test((err as Error).message)) throw new CliError((err as Error).message);
    }
  }
  const redis = await chooseRedis(config);
  const efir = await createEfir(config, { redisUrl: redis.url });
  let worker: { close(): Promise<void> } | null = null;
  try {
    await efir.pipeline.start();
    worker = await startMediaWorker({
      redisUrl: redis.url,
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      log: efir.log,
      diskReserveBytes: config.diskReserveBytes,
      fonts: fontsSetting(config)
    });
    return (await makeVariants(efir, videoId, langs, count)) ? 1 : 0;
  } finally {
    await worker?.close();
    await efir.close();
    await redis.managed?.stop();
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  main(process.argv.slice(2), (line) => process.stdout.write(`${JSON.stringify(line)}\n`)).then(
    (code) => process.exit(code),
    (err) => {
      const known = err instanceof ConfigError || err instanceof UsageError || err instanceof CliError || isEfirError(err);
      console.error(known ? err.message : `[variants] ${err?.stack ?? err}`);
      process.exit(err instanceof UsageError ? 2 : 1);
    }
  );
}
