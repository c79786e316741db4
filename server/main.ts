/**
 * The web process: HTTP API, pages, media and (later) sockets on one port, plus the pipeline's
 * publish step. Started by scripts/start.ts with REDIS_URL set; can be started alone the same way.
 */
import { loadConfig, ConfigError } from '../config/index.ts';
import { createEfir } from './context.ts';
import { buildApp } from './app.ts';
import { startControlSocket } from './backup/control.ts';
import { importOriginalsOp } from './youtube/originals.ts';
import { variantsOp } from './variants/cli.ts';

async function main() {
  const config = loadConfig();
  if (!config.redisUrl) throw new ConfigError(['REDIS_URL: not set; start Efir with "npm start", which runs Redis for you']);
  const efir = await createEfir(config, { redisUrl: config.redisUrl });
  // The publish step of processing runs, and following their progress, live in this process:
  // it owns the database.
  await efir.pipeline.start();
  // RTMP ingest (RTMP_PORT, 1935; -1 on web instances that should not take streams).
  await efir.liveIngest.start();
  // The YouTube queue (the channel's sync every YOUTUBE_SYNC_MINUTES, captions, publishing) needs the database: here.
  await efir.youtube.start();
  const app = await buildApp(efir);
  await app.listen({ port: config.port, host: config.host });
  // With the embedded database, `npm run backup` asks this process for its dump (server/backup/control.ts).
  // Without it Efir still serves; only a backup while it runs is impossible (e.g. a DATA_DIR path too long for a socket).
  // `npm run import -- --youtube DIR` hands its folder here too (import-youtube), instead of opening the database.
  // `npm run variants -- ID [LANG…]` too (variants): this process queues, its workers make the files.
  const ops = { 'import-youtube': importOriginalsOp(efir), variants: variantsOp(efir) };
  const control = await startControlSocket({
    dataDir: config.dataDir,
    db: efir.db,
    log: efir.log,
    youtubeSync: ({ full }) => efir.youtube.queue.syncNow({ full, reason: 'cli' }),
    ops
  }).catch((err) => {
    efir.log.warn({ err }, 'no control socket: npm run backup needs Efir stopped');
    return null;
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    efir.log.info({ signal }, 'shutting down: no new requests, finishing the ones in flight');
    // Requests in flight get the grace; closing the database and Redis a little more. Never longer:
    // a Redis or database that is gone must not keep the process (and `npm start`) waiting.
    const force = setTimeout(() => {
      efir.log.warn('still shutting down: exiting anyway');
      process.exit(1);
    }, config.stopGraceMs + 2000).unref();
    setTimeout(() => app.server.closeAllConnections(), config.stopGraceMs).unref();
    await app.close(); // stops listening, waits for requests in flight, runs onClose hooks
    await control?.close();
    await efir.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Started by `npm start` with an IPC channel: it closes when that process is gone, even by SIGKILL.
  process.on('disconnect', () => void stop('npm start is gone'));
  process.send?.({ type: 'listening', port: (app.server.address() as any)?.port });
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
