/**
 * /health (and /api/health, same answer) reports the database, Redis and the disk, and answers 503
 * naming the part that is down: here Efir runs on its own redis-server, which the test stops and
 * starts again on the same port.
 * The web app alone, without the pipeline's BullMQ workers: those are not what /health is about, and
 * a worker whose Redis went away is another matter (stopping, issue 10 finding 9).
 */
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freshDatabase, tempDir, uniquePrefix } from '../../helpers/env.ts';
import { startManagedRedis, type ManagedRedis } from '../../../scripts/lib/redis-server.ts';
import { assertRedisReachable } from '../../../server/redis.ts';
import { loadConfig } from '../../../config/index.ts';
import { createEfir, type Efir } from '../../../server/context.ts';
import { buildApp } from '../../../server/app.ts';

let t: { efir: Efir; app: FastifyInstance; baseUrl: string };
let redis: ManagedRedis;
let cleanup = async () => {};
beforeAll(async () => {
  redis = await startManagedRedis(tempDir('efir-health-redis-'), { persist: false });
  const dataDir = tempDir();
  const db = await freshDatabase(dataDir);
  const env = { DATA_DIR: dataDir, QUEUE_PREFIX: uniquePrefix(), LOG_LEVEL: 'silent', RTMP_PORT: '-1', ...(db.url ? { DATABASE_URL: db.url } : {}) };
  const efir = await createEfir(loadConfig(env), { redisUrl: redis.url, log: pino({ level: 'silent' }) });
  const app = await buildApp(efir, { pages: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t = { efir, app, baseUrl: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
  // createEfir does not wait for its Redis connection; until it is ready /health rightly answers 503.
  while (efir.redis.status !== 'ready') await new Promise((r) => setTimeout(r, 20));
  cleanup = async () => {
    await app.close();
    await efir.close();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
});
afterAll(async () => {
  await cleanup();
  await redis?.stop();
});

const health = async (url = '/health') => {
  const res = await fetch(`${t.baseUrl}${url}`);
  return { status: res.status, body: (await res.json()) as any };
};

/** A redis-server on the port the stopped one had, so Efir's connections come back. */
async function restartRedis(): Promise<void> {
  const port = new URL(redis.url).port;
  const child = spawn('redis-server', ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    try {
      await assertRedisReachable(redis.url);
      break;
    } catch (err) {
      if (i > 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  redis = { url: redis.url, child, stop: async () => void (child.exitCode === null && child.kill('SIGTERM'), await exited) };
  // Efir's own connection reconnects on its retry schedule; wait for it rather than for a time.
  while (t.efir.redis.status !== 'ready') await new Promise((r) => setTimeout(r, 50));
}

test('healthy: database, Redis and disk each checked, with their timings', async () => {
  for (const url of ['/health', '/api/health']) {
    const { status, body } = await health(url);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, db: t.efir.db.kind, checks: { db: { ok: true }, redis: { ok: true }, disk: { ok: true } } });
    expect(body.checks.disk.freeBytes).toBeGreaterThan(0);
    expect(typeof body.checks.redis.ms).toBe('number');
  }
});

test('Redis down: 503 naming Redis, the database still fine; healthy again once Redis is back', async () => {
  await redis.stop();
  for (const url of ['/health', '/api/health']) {
    const { status, body } = await health(url);
    expect(status).toBe(503);
    expect(body.ok).toBe(false);
    expect(body.checks.redis.ok).toBe(false);
    expect(body.checks.redis.error).toBeTruthy();
    expect(body.checks.db.ok).toBe(true);
  }
  await restartRedis();
  expect((await health()).status).toBe(200);
});

test('the disk below HEALTH_MIN_FREE fails the check', async () => {
  const saved = t.efir.config.healthMinFreeBytes;
  (t.efir.config as { healthMinFreeBytes: number }).healthMinFreeBytes = Number.MAX_SAFE_INTEGER;
  try {
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.checks.disk).toMatchObject({ ok: false });
    expect(body.checks.disk.error).toMatch(/HEALTH_MIN_FREE/);
  } finally {
    (t.efir.config as { healthMinFreeBytes: number }).healthMinFreeBytes = saved;
  }
});
