/**
 * Two server instances on one Redis and one database: a question asked on A reaches viewers on B
 * and moderators on both, in order, while both take writes at once.
 * With PostgreSQL each instance is a whole Efir with its own pool, as in production. PGlite is one
 * connection in one process, so on PGlite instance B shares A's database object and has its own
 * Redis connections, Q&A service, rooms and Fastify app: the fan-out under test (Redis) is real in
 * both cases; only the database connection is shared.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app.ts';
import { loadConfig } from '../../../config/index.ts';
import { createEfir, type Efir } from '../../../server/context.ts';
import { createRedis } from '../../../server/redis.ts';
import { Qa } from '../../../server/qa/index.ts';
import { QaClient } from './helpers.ts';
import { GENEROUS, startQaWorld, type QaWorld } from './setup.ts';

let w: QaWorld;
let b: { efir: Efir; app: FastifyInstance; baseUrl: string; close(): Promise<void> };
const clients: QaClient[] = [];

async function secondInstance(): Promise<typeof b> {
  const t = w.t;
  const log = pino({ level: 'warn' });
  let efir: Efir;
  let closeEfir: () => Promise<void>;
  if (t.env.DATABASE_URL) {
    efir = await createEfir(loadConfig(t.env as NodeJS.ProcessEnv), { redisUrl: t.env.REDIS_URL!, log });
    closeEfir = () => efir.close();
  } else {
    const redis = createRedis(t.env.REDIS_URL!, 'efir-test-b');
    const qa = new Qa({ db: t.efir.db, redis, redisUrl: t.env.REDIS_URL!, prefix: t.efir.config.queuePrefix, secret: t.efir.secret, log });
    efir = Object.assign(Object.create(t.efir), { redis, qa, log }) as Efir;
    closeEfir = async () => {
      await qa.close();
      await redis.quit();
    };
  }
  Object.assign(efir.qa.limits, GENEROUS);
  const app = await buildApp(efir, { pages: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return {
    efir,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await closeEfir();
    }
  };
}

beforeAll(async () => {
  w = await startQaWorld();
  b = await secondInstance();
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await b?.close();
  await w?.t.close();
});

test('a question asked on A reaches viewers on B and moderators on both, in order', async () => {
  const id = await w.newBroadcast();
  const A = w.t.baseUrl;
  const B = b.baseUrl;
  const open = async (url: string, opts: Parameters<typeof QaClient.connect>[2]) => {
    const c = await QaClient.connect(url, id, opts);
    clients.push(c);
    return c;
  };
  const modA = await open(A, { session: w.moderator });
  const modB = await open(B, { session: w.moderator });
  const viewerB = await open(B, { session: await w.viewer() });
  const askerA = await open(A, { session: await w.viewer() });

  const q = await askerA.ask('Вопрос с инстанса A');
  expect(q.type).toBe('ack');
  await modB.waitEvent((e) => e.question?.id === q.id && e.question.state === 'pending');
  const approved = await modB.request({ type: 'approve', questionId: q.id });
  expect(approved.type).toBe('ack');
  const onB = await viewerB.waitEvent((e) => e.question?.id === q.id);
  expect(onB.question.state).toBe('approved');
  await modA.waitEvent((e) => e.question?.id === q.id && e.question.state === 'approved');

  // Both instances take writes at once: every client sees one order, with no gap.
  const post = await modA.request({ type: 'settings', mode: 'post' });
  const askers = await Promise.all(
    Array.from({ length: 8 }, async (_, i) => open(i % 2 ? A : B, { session: await w.viewer(), ip: `10.4.0.${i}` }))
  );
  const acks = (await Promise.all(askers.map(async (c, i) => {
    const out = [];
    for (let k = 0; k < 5; k++) out.push(await c.ask(`Вопрос ${i}.${k}`));
    return out;
  }))).flat();
  expect(acks.every((a) => a.type === 'ack')).toBe(true);
  const last = Math.max(...acks.map((a) => a.seq));
  const everyone = [modA, modB, viewerB, askerA, ...askers];
  await Promise.all(everyone.map((c) => c.waitFor((m) => m.type === 'events' && m.to >= last, 10_000, true)));
  const orderOf = (c: QaClient) => c.events.filter((e) => e.type === 'question' && e.seq > post.seq).map((e) => `${e.seq}:${e.question.id}`);
  expect(modA.seqs).toEqual(modB.seqs);
  expect(modA.seqs).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  for (const c of everyone) {
    expect(c.gaps).toEqual([]);
    expect(orderOf(c)).toEqual(orderOf(viewerB));
  }
  expect(orderOf(viewerB).length).toBe(40);
  // The count of watchers adds both instances up.
  const p = await viewerB.waitFor((m) => m.type === 'presence' && m.watching === everyone.length, 8000, true);
  expect(p.watching).toBe(everyone.length);
});
