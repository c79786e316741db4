/**
 * npm run import -- FILE [FILE...]
 * npm run import -- --youtube DIR
 *
 * --youtube DIR: the originals of the channel's mirrored videos, from a Google Takeout export of the
 * channel or files named by YouTube id (server/youtube/takeout.ts decides which is which). Prints one
 * JSON line per file, {"file":…,"id":…,"youtubeId":…} once processed, or {"file":…,"error":…}
 * (with id/youtubeId when the match was made but attaching or processing failed). With the embedded
 * database and Efir running, the running Efir does the work (its control socket, op import-youtube):
 * nothing needs stopping.
 *
 * FILE mode:
 * Imports the back catalogue from disk through the same flow as a studio upload (probe, ladder,
 * subtitles, thumbnails, publish), picking up sibling subtitle files NAME.LANG.srt|vtt|ass|ssa.
 * Waits for every run and prints one JSON line per video on stdout:
 *   {"file":…,"id":…,"watchUrl":…,"master":"/abs/path/master.m3u8"}
 * or, for a file that could not be imported, {"file":…,"error":…} (the exit code is then 1).
 * Videos are published as soon as they are processed, owned by the first admin.
 *
 * It runs its own media worker, so it works with Efir stopped (which PGlite requires: one process
 * holds the embedded database). With DATABASE_URL and REDIS_URL it can run beside a live Efir.
 */
import path from 'node:path';
import fs from 'node:fs';
import { loadConfig, ConfigError, type Config } from '../config/index.ts';
import { controlSocketPath, requestControlOp } from '../server/backup/control.ts';
import { importOriginals } from '../server/youtube/originals.ts';
import { createEfir, type Efir } from '../server/context.ts';
import { isEfirError } from '../server/errors.ts';
import { startMediaWorker } from '../workers/media-worker.ts';
import { fontsSetting } from '../workers/steps/fonts.ts';
import { chooseRedis } from './lib/redis-choice.ts';
import { ensureAdminFromEnv } from './lib/admin.ts';
import { IngestError, ingestFile, siblingSubtitles, titleFromFileName } from './lib/ingest.ts';

const USAGE = 'usage: npm run import -- FILE [FILE...]\n       npm run import -- --youtube DIR';
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<number> {
  const files = process.argv.slice(2).filter((a) => a !== '--');
  if (!files.length || files.some((f) => f === '-h' || f === '--help')) {
    console.error(USAGE);
    return 2;
  }
  if (files[0] === '--youtube') {
    if (files.length !== 2) {
      console.error(USAGE);
      return 2;
    }
    return importYoutube(loadConfig(), path.resolve(files[1]!));
  }
  const config = loadConfig();
  const redis = await chooseRedis(config);
  const efir = await createEfir(config, { redisUrl: redis.url });
  let worker: { close(): Promise<void> } | null = null;
  let failed = 0;
  try {
    await ensureAdminFromEnv(efir);
    const admin = (await efir.users.list()).find((u) => u.role === 'admin');
    if (!admin) throw new IngestError('no admin account: create one with `npm run user:add -- EMAIL admin` (or ADMIN_EMAIL/ADMIN_PASSWORD)');
    await efir.pipeline.start();
    worker = await ownWorker(config, redis.url, efir);

    // Everything is queued first, so a machine with more workers processes the files side by side.
    const started: { file: string; videoId?: string; runId?: string; rev?: number; error?: string }[] = [];
    for (const arg of files) {
      const file = path.resolve(arg);
      try {
        const subtitles = await siblingSubtitles(file);
        started.push({ file, ...(await ingestFile(efir, { user: admin, sourcePath: file, title: titleFromFileName(file), subtitles, publishWhenReady: true })) });
      } catch (err) {
        if (!(err instanceof IngestError) && !isEfirError(err)) throw err;
        started.push({ file, error: (err as Error).message });
      }
    }
    for (const s of started) {
      if (s.error || !s.runId) {
        failed++;
        print({ file: s.file, error: s.error });
        continue;
      }
      const outcome = await efir.pipeline.waitForRun(s.runId);
      if (outcome.state !== 'completed') {
        failed++;
        print({ file: s.file, id: s.videoId, error: outcome.error ?? 'processing failed' });
        continue;
      }
      print({
        file: s.file,
        id: s.videoId,
        watchUrl: `${config.publicUrl.replace(/\/$/, '')}/watch/${s.videoId}`,
        master: path.join(efir.paths.media, s.videoId!, String(s.rev), 'master.m3u8')
      });
    }
  } finally {
    await worker?.close();
    await efir.close();
    await redis.managed?.stop();
  }
  return failed ? 1 : 0;
}

/**
 * The originals of mirrored videos. With the embedded database, a running Efir holds it: hand the
 * folder to that process over its control socket; without one answering (or with DATABASE_URL, which
 * any number of processes may share), open the database here and run a media worker, as FILE mode does.
 */
async function importYoutube(config: Config, dir: string): Promise<number> {
  if (!config.databaseUrl && fs.existsSync(controlSocketPath(config.dataDir))) {
    let failed = 0;
    try {
      await requestControlOp(config.dataDir, { op: 'import-youtube', dir }, (line) => {
        if ((line as { error?: string }).error) failed++;
        print(line as object);
      });
      return failed ? 1 : 0;
    } catch (err) {
      // A socket file without a listener is left by an Efir that was killed: open the database here.
      if (!/ECONNREFUSED|ENOENT/.test((err as Error).message)) throw new IngestError((err as Error).message);
    }
  }
  const redis = await chooseRedis(config);
  const efir = await createEfir(config, { redisUrl: redis.url });
  let worker: { close(): Promise<void> } | null = null;
  try {
    await ensureAdminFromEnv(efir);
    await efir.pipeline.start();
    worker = await ownWorker(config, redis.url, efir);
    return (await importOriginals(efir, dir, print)) ? 1 : 0;
  } catch (err) {
    throw err instanceof Error && /no such folder|no admin account/.test(err.message) ? new IngestError(err.message) : err;
  } finally {
    await worker?.close();
    await efir.close();
    await redis.managed?.stop();
  }
}

/** The media worker this script runs itself, so imports are processed with Efir stopped too. */
function ownWorker(config: Config, redisUrl: string, efir: Efir) {
  return startMediaWorker({
    redisUrl,
    prefix: config.queuePrefix,
    concurrency: config.workerConcurrency,
    log: efir.log,
    diskReserveBytes: config.diskReserveBytes,
    fonts: fontsSetting(config)
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError || err instanceof IngestError ? err.message : `[import] ${err?.stack ?? err}`);
    process.exit(1);
  }
);
