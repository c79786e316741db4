/**
 * A whole Efir for an integration test: real Redis (unique queue prefix), PGlite in a temp data dir
 * or a fresh PostgreSQL database, the Fastify app listening on a free port, and optionally an
 * in-process media worker (real ffmpeg). Everything is torn down by close().
 */
import fs from 'node:fs';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../config/index.ts';
import { createEfir, type Efir } from '../../server/context.ts';
import { buildApp } from '../../server/app.ts';
import { startLiveWorker } from '../../workers/live-worker.ts';
import { startMediaWorker } from '../../workers/media-worker.ts';
import { fontsSetting } from '../../workers/steps/fonts.ts';
import { freshDatabase, tempDir, testRedisUrl, uniquePrefix } from './env.ts';

export interface TestEfir {
  efir: Efir;
  app: FastifyInstance;
  baseUrl: string;
  dataDir: string;
  env: Record<string, string>;
  /** Starts an in-process media worker (the harness starts one unless worker: false); a test may give it another disk reserve. */
  startWorker(overrides?: { diskReserveBytes?: number }): Promise<{ close(): Promise<void> }>;
  close(): Promise<void>;
}

export interface TestEfirOptions {
  pages?: boolean;
  worker?: boolean;
  /** false: no Fastify app (pipeline tests need only the services); `app`/`baseUrl` then throw. */
  http?: boolean;
  env?: Record<string, string>;
  /** Start the RTMP ingest (on a free port: efir.liveIngest.port) and a live worker. */
  live?: boolean;
}

export async function startTestEfir(opts: TestEfirOptions = {}): Promise<TestEfir> {
  const dataDir = tempDir();
  const db = await freshDatabase(dataDir);
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    QUEUE_PREFIX: uniquePrefix(),
    REDIS_URL: testRedisUrl(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    RTMP_PORT: '0',
    // Tests act as clients from other addresses through X-Forwarded-For, as from behind a local proxy.
    TRUST_PROXY: 'loopback',
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...opts.env
  };
  const config = loadConfig(env as NodeJS.ProcessEnv);
  const log = pino({ level: config.logLevel });
  const efir = await createEfir(config, { redisUrl: env.REDIS_URL, log });
  await efir.pipeline.start();
  if (opts.live) await efir.liveIngest.start();
  let app: FastifyInstance | null = null;
  let port = 0;
  if (opts.http !== false) {
    app = await buildApp(efir, { pages: opts.pages ?? false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  }
  const noHttp = (): never => {
    throw new Error('this TestEfir was started with http: false');
  };
  const workers: { close(): Promise<void> }[] = [];
  const startWorker = async (overrides: { diskReserveBytes?: number } = {}) => {
    const w = await startMediaWorker({ redisUrl: env.REDIS_URL, prefix: config.queuePrefix, concurrency: 1, log, diskReserveBytes: config.diskReserveBytes, fonts: fontsSetting(config), ...overrides });
    workers.push(w);
    return w;
  };
  if (opts.worker !== false) await startWorker();
  if (opts.live) workers.push(await startLiveWorker({ redisUrl: env.REDIS_URL, prefix: config.queuePrefix, concurrency: 2, log }));
  return {
    efir,
    get app() {
      return app ?? noHttp();
    },
    get baseUrl() {
      return app ? `http://127.0.0.1:${port}` : noHttp();
    },
    dataDir,
    env,
    startWorker,
    async close() {
      for (const w of workers) await w.close();
      await app?.close();
      await efir.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
}
