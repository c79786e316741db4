/**
 * Health for load balancers and monitors: the database, Redis and the data directory's disk, each
 * with how long its check took. Any one down answers 503 with the same body, so a balancer takes the
 * instance out and a person reading the body sees which part failed.
 * `/health` is the operators' name for it; `/api/health` stays for existing monitors (same answer,
 * still with `ok` and `db` as the database's kind).
 */
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import type { Efir } from '../context.ts';

/** A check that has not answered by then counts as down (a stopped Redis never answers: ioredis queues the command). */
const CHECK_TIMEOUT_MS = 2000;

const Check = Type.Object({
  ok: Type.Boolean(),
  ms: Type.Number(),
  error: Type.Optional(Type.String()),
  freeBytes: Type.Optional(Type.Number())
});
const Health = Type.Object({
  ok: Type.Boolean(),
  db: Type.String(),
  checks: Type.Object({ db: Check, redis: Check, disk: Check })
});

export default async function healthRoutes(app: FastifyInstance) {
  for (const url of ['/health', '/api/health']) {
    app.get(url, { config: { role: 'public' }, schema: { response: { 200: Health, 503: Health } } }, async (_req, reply) => {
      const health = await checkHealth(app.efir);
      return reply.status(health.ok ? 200 : 503).header('cache-control', 'no-store').send(health);
    });
  }
}

export async function checkHealth(efir: Pick<Efir, 'db' | 'redis' | 'config'>) {
  const [db, redis, disk] = await Promise.all([
    timed(async () => void (await efir.db.query('select 1'))),
    timed(async () => {
      // Not connected: say so now rather than wait for a reconnect that may never come.
      if (efir.redis.status !== 'ready') throw new Error(`Redis connection is ${efir.redis.status}`);
      await efir.redis.ping();
    }),
    timed(() => diskCheck(efir.config.dataDir, efir.config.healthMinFreeBytes))
  ]);
  return { ok: db.ok && redis.ok && disk.ok, db: efir.db.kind, checks: { db, redis, disk } };
}

/** The data directory is writable and has at least `minFree` bytes free. */
async function diskCheck(dataDir: string, minFree: number): Promise<{ freeBytes: number }> {
  await fs.promises.access(dataDir, fs.constants.W_OK);
  const s = await fs.promises.statfs(dataDir);
  const freeBytes = s.bavail * s.bsize;
  if (freeBytes < minFree) {
    throw Object.assign(new Error(`only ${freeBytes} bytes free under DATA_DIR (HEALTH_MIN_FREE is ${minFree})`), { freeBytes });
  }
  return { freeBytes };
}

async function timed(fn: () => Promise<{ freeBytes: number } | void>): Promise<{ ok: boolean; ms: number; error?: string; freeBytes?: number }> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const ms = () => Math.round((performance.now() - start) * 10) / 10;
  try {
    const out = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      })
    ]);
    return { ok: true, ms: ms(), ...(out ?? {}) };
  } catch (err: any) {
    return { ok: false, ms: ms(), error: err?.message ?? String(err), ...(typeof err?.freeBytes === 'number' ? { freeBytes: err.freeBytes } : {}) };
  } finally {
    clearTimeout(timer);
  }
}
