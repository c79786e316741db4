/**
 * `npm run worker`: one worker process: media steps (media-worker.ts) and live transcodes (live-worker.ts). Needs REDIS_URL, the same QUEUE_PREFIX and the same
 * DATA_DIR (as the same path) as the web process; never the database.
 *
 * SIGTERM/SIGINT (or `npm start` going away: the IPC channel it opened closes) stop taking jobs and
 * let the steps in hand finish for STOP_GRACE_SECONDS; steps still running then have their ffmpeg
 * stopped and are left to the stalled-job check of another worker (see media-worker.ts). Whatever
 * still hangs then (a Redis that is gone) ends with the process a few seconds later.
 */
import pino from 'pino';
import { ConfigError, loadConfig } from '../config/index.ts';
import { startMediaWorker } from './media-worker.ts';
import { fontsSetting } from './steps/fonts.ts';
import { startLiveWorker } from './live-worker.ts';
import { useFfmpegSettings } from '../media/ffmpeg.ts';

/** After the grace: time for ffmpeg to exit (runFfmpeg SIGKILLs it after 3 s) and connections to close. */
const FORCE_AFTER_GRACE_MS = 3500;

async function main() {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, base: { process: 'worker', pid: process.pid } });
  useFfmpegSettings({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });
  if (!config.redisUrl) {
    throw new ConfigError(['REDIS_URL: required by the worker (the Redis the web process uses, e.g. redis://127.0.0.1:6379)']);
  }

  const worker = await startMediaWorker({
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    concurrency: config.workerConcurrency,
    log,
    lockDuration: config.workerLockDurationMs ?? undefined,
    stalledInterval: config.workerStalledIntervalMs ?? undefined,
    diskReserveBytes: config.diskReserveBytes,
    fonts: fontsSetting(config)
  });

  // Live transcodes run beside the media steps; LIVE_CONCURRENCY=0 makes a media-only worker.
  const live =
    config.liveConcurrency > 0
      ? await startLiveWorker({ redisUrl: config.redisUrl, prefix: config.queuePrefix, concurrency: config.liveConcurrency, log })
      : null;

  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason, graceMs: config.stopGraceMs }, 'stopping: finishing the jobs in hand');
    setTimeout(() => {
      log.warn('still stopping: exiting anyway');
      process.exit(1);
    }, config.stopGraceMs + FORCE_AFTER_GRACE_MS).unref();
    await Promise.all([worker.close(config.stopGraceMs), live?.close()]);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Started by `npm start` with an IPC channel: it closes when that process is gone, even by SIGKILL.
  process.on('disconnect', () => void stop('npm start is gone'));
  log.info({ live: config.liveConcurrency }, 'worker ready');
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
