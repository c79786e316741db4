/**
 * 1,000 random and malformed frames (seeded: a failure names its seed) from a viewer and from a
 * moderator: every one gets exactly one reply (ack, error or pong), none crashes anything, and the
 * server still serves new clients afterwards.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { QaClient } from './helpers.ts';
import { startQaWorld, type QaWorld } from './setup.ts';

let w: QaWorld;
const clients: QaClient[] = [];
beforeAll(async () => {
  w = await startQaWorld();
  // The per-connection rate limits are tested elsewhere; here every frame should be read.
  Object.assign(w.t.efir.qa.limits, { messagesPerSecond: 100_000, messageBurst: 100_000, inFlightPerConnection: 10_000 });
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await w?.t.close();
});

/** mulberry32 */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['hello', 'ping', 'ask', 'vote', 'approve', 'reject', 'hide', 'restore', 'answer', 'edit', 'merge', 'pin', 'timeout', 'ban', 'unban', 'settings', 'shout', '', 'ASK', '__proto__', 'constructor'];
const WEIRD: unknown[] = [null, true, 0, -1, 1e308, NaN, '', 'x', '\u0000', '\uD800', '😀'.repeat(50), [], {}, [1, 'a'], { $ref: '#' }, 'ru', 'post', 86_400, 9, 'q'];

function frame(r: () => number, ids: string[]): { data: string | Buffer; binary: boolean } {
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const str = (n: number) => Array.from({ length: n }, () => String.fromCodePoint(pick([0, 7, 10, 32, 65, 0x202e, 0x441, 0x2bb, 0x259, 0x219, 0x1f600, Math.floor(r() * 0xd7ff)]))).join('');
  switch (Math.floor(r() * 8)) {
    case 0: // random bytes as a binary frame, or random characters as a text frame
      // (a text frame that is not UTF-8 makes ws fail the connection with 1007, as RFC 6455 says:
      // tested on its own below)
      return r() < 0.5
        ? { data: Buffer.from(Array.from({ length: 1 + Math.floor(r() * 200) }, () => Math.floor(r() * 256))), binary: true }
        : { data: str(1 + Math.floor(r() * 100)), binary: false };
    case 1: // broken JSON
      return { data: JSON.stringify({ type: pick(TYPES), text: str(10) }).slice(0, Math.floor(r() * 30)), binary: false };
    case 2: // a JSON value that is not an object
      return { data: JSON.stringify(pick(WEIRD)) ?? 'undefined', binary: false };
    case 3: // over the application's frame limit (under ws's hard one)
      return { data: JSON.stringify({ type: 'ask', ref: 'big', text: 'a'.repeat(9000 + Math.floor(r() * 20_000)), lang: 'ru' }), binary: false };
    default: {
      // a message of a real type with random, missing, extra or wrong fields
      const m: Record<string, unknown> = { type: pick(TYPES) };
      const fields = ['ref', 'v', 'since', 'text', 'lang', 'name', 'questionId', 'up', 'into', 'seconds', 'reason', 'sanctionId', 'open', 'mode', 'slowModeSeconds', 'blockedWords', 't', 'csrf', 'extra'];
      const good: Record<string, () => unknown> = {
        ref: () => `f${Math.floor(r() * 1e9)}`,
        v: () => 1,
        text: () => str(1 + Math.floor(r() * 80)),
        lang: () => pick(['ru', 'uz', 'tg', 'az', 'ro', 'en']),
        questionId: () => pick(ids.length ? ids : ['none']),
        up: () => r() < 0.5,
        into: () => pick(ids.length ? ids : ['none']),
        seconds: () => 10 + Math.floor(r() * 100),
        sanctionId: () => 'nope',
        mode: () => pick(['pre', 'post']),
        slowModeSeconds: () => Math.floor(r() * 3)
      };
      for (const f of fields) {
        const roll = r();
        if (roll < 0.35 && good[f]) m[f] = good[f]!();
        else if (roll < 0.42) m[f] = pick(WEIRD);
      }
      return { data: JSON.stringify(m), binary: false };
    }
  }
}

async function fuzz(c: QaClient, seed: number, n: number, ids: string[]): Promise<void> {
  const r = rng(seed);
  const replies = () => c.messages.filter((m) => m.type === 'ack' || m.type === 'error' || m.type === 'pong').length;
  const start = replies();
  for (let i = 0; i < n; i++) {
    const f = frame(r, ids);
    c.ws.send(f.data, { binary: f.binary });
    if (i % 50 === 49) await c.waitFor(() => replies() - start >= i + 1, 5_000, true).catch(() => {});
    if (c.closeCode !== null) throw new Error(`seed ${seed}: closed ${c.closeCode} after frame ${i}: ${String(f.data).slice(0, 200)}`);
  }
  await c.waitFor(() => replies() - start >= n, 5_000, true).catch(() => {});
  // One reply per frame: none silently dropped, none answered twice.
  expect(replies() - start, `seed ${seed}`).toBe(n);
  for (const m of c.messages) if (m.type === 'ack' && m.id) ids.push(m.id);
}

test('1,000 random and malformed frames, then the server still serves', async () => {
  const id = await w.newBroadcast();
  const viewer = await QaClient.connect(w.t.baseUrl, id, { session: await w.viewer() });
  const mod = await QaClient.connect(w.t.baseUrl, id, { session: w.moderator });
  clients.push(viewer, mod);
  const ids: string[] = [];
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
  await fuzz(viewer, seed, 600, ids);
  await fuzz(mod, seed + 1, 400, ids);
  for (const c of [viewer, mod]) {
    expect(c.closeCode, `seed ${seed}`).toBe(null);
    expect(c.schemaErrors, `seed ${seed}`).toEqual([]);
    expect(c.gaps, `seed ${seed}`).toEqual([]);
  }
  const codes = new Set(viewer.messages.filter((m) => m.type === 'error').map((m) => m.code));
  for (const code of ['bad_json', 'binary_frame', 'frame_too_large', 'unknown_type', 'invalid_field']) expect(codes, `seed ${seed}`).toContain(code);
  expect(viewer.messages.some((m) => m.type === 'error' && m.code === 'internal'), `seed ${seed}`).toBe(false);
  expect(mod.messages.some((m) => m.type === 'error' && m.code === 'internal'), `seed ${seed}`).toBe(false);

  // Still serving: a new client joins, asks, a moderator approves, everyone sees it.
  await mod.request({ type: 'settings', open: true, mode: 'pre', slowModeSeconds: 0, blockedWords: [] });
  const fresh = await QaClient.connect(w.t.baseUrl, id, { session: await w.viewer() });
  clients.push(fresh);
  const q = await fresh.ask('После фаззинга всё работает?');
  expect(q.type).toBe('ack');
  expect((await mod.request({ type: 'approve', questionId: q.id })).type).toBe('ack');
  await viewer.waitEvent((e) => e.question?.id === q.id && e.question.state === 'approved');
  const health = await fetch(`${w.t.baseUrl}/api/broadcasts/${id}`);
  expect(health.status).toBe(200);
});

test('a text frame that is not UTF-8 fails that connection (1007) and nothing else', async () => {
  const id = await w.newBroadcast();
  const bad = await QaClient.connect(w.t.baseUrl, id, { session: await w.viewer() });
  const good = await QaClient.connect(w.t.baseUrl, id, { session: await w.viewer() });
  clients.push(bad, good);
  bad.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
  expect(await bad.closed).toBe(1007);
  expect((await good.ask('Я всё ещё здесь')).type).toBe('ack');
});
