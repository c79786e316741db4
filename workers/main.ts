/**
 * `npm run worker`: one worker process: media steps (media-worker.ts) and live transcodes (live-worker.ts). Needs REDIS_URL, the same QUEUE_PREFIX and the same
 * DATA_DIR (as the same path) as the web process; never the database.
 *
 * SIGTERM/SIGINT stop taking jobs and wait for the running ones to finish, then exit 0. If it is
 * killed instead, its jobs are picked up again by another worker (see media-worker.ts).
 */
import pino from 'pino';
import { ConfigError, loadConfig } from '../server/config.ts';
import { startMediaWorker } from './media-worker.ts';
import { startLiveWorker } from './live-worker.ts';

/** Optional whole-millisecond setting; the kill test shortens these to take over a job in seconds. */
function msFromEnv(name: string, min: number, max: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError([`${name}=${JSON.stringify(raw)}: expected a whole number of milliseconds from ${min} to ${max}`]);
  }
  return n;
}

async function main() {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, base: { process: 'worker', pid: process.pid } });
  if (!config.redisUrl) {
    throw new ConfigError(['REDIS_URL: required by the worker (the Redis the web process uses, e.g. redis://127.0.0.1:6379)']);
  }
  const lockDuration = msFromEnv('WORKER_LOCK_DURATION_MS', 1000, 3_600_000);
  const stalledInterval = msFromEnv('WORKER_STALLED_INTERVAL_MS', 500, 3_600_000);

  const worker = await startMediaWorker({
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    concurrency: config.workerConcurrency,
    log,
    lockDuration,
    stalledInterval,
    diskReserveBytes: config.diskReserveBytes
  });

  // Live transcodes run beside the media steps; LIVE_CONCURRENCY=0 makes a media-only worker.
  const liveConcurrency = Number(process.env.LIVE_CONCURRENCY ?? 2);
  if (!Number.isInteger(liveConcurrency) || liveConcurrency < 0 || liveConcurrency > 64) {
    throw new ConfigError([`LIVE_CONCURRENCY=${JSON.stringify(process.env.LIVE_CONCURRENCY)}: expected a whole number from 0 to 64`]);
  }
  const live = liveConcurrency > 0 ? await startLiveWorker({ redisUrl: config.redisUrl, prefix: config.queuePrefix, concurrency: liveConcurrency, log }) : null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing the jobs in hand');
    await Promise.all([worker.close(), live?.close()]);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
