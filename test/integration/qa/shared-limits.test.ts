/**
 * The Q&A's limits across instances (issue 10): question rates and sockets per address are counted
 * in Redis, so two Efir instances behind a balancer give no more than one; a question that the
 * repository runs again (a stale broadcast row) is charged once; a socket that never says hello is
 * closed, and one that stops answering pings is dropped.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { uniquePrefix } from '../../helpers/env.ts';
import { api, signIn, viewer } from '../api/helpers.ts';
import { QaClient } from './helpers.ts';
import { GENEROUS } from './setup.ts';
import { CLOSE } from '../../../server/qa/protocol.ts';

let a: TestEfir;
let b: TestEfir;
const clients: QaClient[] = [];

beforeAll(async () => {
  // Instances of one Efir share the Redis prefix and the secret (viewer cookies, address hashes).
  const env = { QUEUE_PREFIX: uniquePrefix(), SESSION_SECRET: crypto.randomBytes(32).toString('hex') };
  a = await startTestEfir({ worker: false, env });
  b = await startTestEfir({ worker: false, env });
  for (const t of [a, b]) Object.assign(t.efir.qa.limits, GENEROUS, { helloTimeoutMs: 1500, pingIntervalMs: 1000 });
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await b?.close();
  await a?.close();
});

/** A broadcast on this instance (each test Efir has its own database; the limits are per address, not per broadcast). */
async function broadcast(t: TestEfir): Promise<string> {
  const producer = await signIn(t, 'producer');
  const res = await api(t, producer, 'POST', '/api/broadcasts', { title: 'Лимиты на двух серверах' });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function open(t: TestEfir, id: string, ip: string, hello = true): Promise<QaClient> {
  const c = await QaClient.connect(t.baseUrl, id, { session: await viewer(t), ip, hello });
  clients.push(c);
  return c;
}

test('questions per address are counted over both instances', async () => {
  for (const t of [a, b]) Object.assign(t.efir.qa.limits, { askBurstPerIp: 3, asksPerMinutePerIp: 0 });
  try {
    const [idA, idB] = [await broadcast(a), await broadcast(b)];
    const onA = await open(a, idA, '10.20.0.1');
    const onB = await open(b, idB, '10.20.0.1');
    expect((await onA.ask('Первый с A')).type).toBe('ack');
    expect((await onB.ask('Первый с B')).type).toBe('ack');
    expect((await onA.ask('Второй с A')).type).toBe('ack');
    const refused = await onB.ask('Второй с B');
    expect(refused).toMatchObject({ type: 'error', code: 'rate_limited' });
    expect(refused.message).toContain('questions from your network');
    // Another address is not held back.
    expect((await (await open(b, idB, '10.20.0.2')).ask('С другого адреса')).type).toBe('ack');
  } finally {
    for (const t of [a, b]) Object.assign(t.efir.qa.limits, GENEROUS);
  }
});

test('sockets per address are counted over both instances, and a closed one frees its place', async () => {
  for (const t of [a, b]) t.efir.qa.limits.connectionsPerIp = 2;
  try {
    const [idA, idB] = [await broadcast(a), await broadcast(b)];
    const first = await open(a, idA, '10.30.0.1');
    await open(b, idB, '10.30.0.1');
    const third = await open(a, idA, '10.30.0.1', false);
    expect((await third.waitFor((m) => m.type === 'error', 5000, true)).code).toBe('too_many_connections');
    expect(await third.closed).toBe(CLOSE.flood);
    await first.close();
    const again = await open(b, idB, '10.30.0.1');
    expect(again.welcome).toBeTruthy();
  } finally {
    for (const t of [a, b]) t.efir.qa.limits.connectionsPerIp = GENEROUS.connectionsPerIp;
  }
});

test('a question the repository runs again (a stale broadcast row) is charged once', async () => {
  Object.assign(a.efir.qa.limits, { askBurst: 2, asksPerMinute: 0 });
  const repo = a.efir.qa.service.repo;
  const insert = repo.insertQuestion;
  let runs = 0;
  // The first run changes a field the question decided on, inside its own transaction: the
  // repository sees the row changed under it, rolls back and runs the question again.
  repo.insertQuestion = async function (tx, q) {
    if (++runs === 1) await tx.query('update broadcasts set slow_mode_seconds = slow_mode_seconds + 7 where id = $1', [q.broadcast_id]);
    return insert.call(this, tx, q);
  };
  try {
    const id = await broadcast(a);
    const c = await open(a, id, '10.40.0.1');
    expect((await c.ask('Спросили один раз, записали со второго')).type).toBe('ack');
    expect(runs).toBe(2);
    expect((await c.ask('Второй вопрос: второй жетон')).type).toBe('ack');
    expect((await c.ask('Третий: жетонов нет')).code).toBe('rate_limited');
  } finally {
    repo.insertQuestion = insert;
    Object.assign(a.efir.qa.limits, GENEROUS);
  }
});

test('a socket that never says hello is closed', async () => {
  const id = await broadcast(a);
  const silent = await open(a, id, '10.50.0.1', false);
  expect(await silent.closed).toBe(CLOSE.helloTimeout);
});

test('a socket that stops answering pings is dropped; one that answers stays', async () => {
  const id = await broadcast(a);
  const answering = await open(a, id, '10.60.0.1');
  let pings = 0;
  answering.ws.on('ping', () => pings++);
  const deaf = new WebSocket(`${a.baseUrl.replace(/^http/, 'ws')}/api/broadcasts/${id}/qa`, { autoPong: false });
  const closed = new Promise<number>((resolve) => deaf.once('close', (code) => resolve(code)));
  deaf.once('open', () => deaf.send(JSON.stringify({ type: 'hello', v: 1 })));
  expect(await closed).toBe(1006); // terminated: no close frame
  expect(pings).toBeGreaterThan(0);
  expect(answering.ws.readyState).toBe(WebSocket.OPEN);
});
