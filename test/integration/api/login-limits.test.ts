/**
 * Sign-in limits (issue 10, item 4): attempts are counted per address and per account in Redis, so
 * two Efir instances on one Redis give no more guesses than one; once spent, even the right
 * password is refused (429 login_throttled, Retry-After) until the window passes; the page's form
 * goes through the same limiter and says when to try again in the viewer's language; argon2 runs
 * at most PASSWORD_HASH_CONCURRENCY at once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { testRedisUrl, uniquePrefix } from '../../helpers/env.ts';
import { createRedis } from '../../../server/redis.ts';
import { LoginLimiter, addressBlock } from '../../../server/services/login-limiter.ts';
import { PASSWORD } from './helpers.ts';

const LIMITS = { LOGIN_FAILURES_PER_ACCOUNT: '3', LOGIN_FAILURES_PER_IP: '5', LOGIN_WINDOW_SECONDS: '600', PASSWORD_HASH_CONCURRENCY: '2' };
let a: TestEfir;
let b: TestEfir;
let n = 0;

beforeAll(async () => {
  // One QUEUE_PREFIX: the two instances share their Redis keys, as instances of one Efir do.
  const env = { ...LIMITS, QUEUE_PREFIX: uniquePrefix() };
  a = await startTestEfir({ worker: false, pages: true, env });
  b = await startTestEfir({ worker: false, env });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

/** The same account on both instances (each test Efir has its own database). */
async function account(): Promise<string> {
  const email = `limits${++n}-${Date.now()}@example.test`;
  for (const t of [a, b]) await t.efir.auth.createUser({ email, displayName: 'Limits', role: 'producer', password: PASSWORD });
  return email;
}

function login(t: TestEfir, email: string, password: string, ip: string) {
  return fetch(`${t.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password })
  });
}

test('an account: wrong passwords spread over two instances and addresses, then the right one is refused with Retry-After', async () => {
  const email = await account();
  const statuses = [];
  for (const [t, ip] of [[a, '198.51.100.1'], [b, '198.51.100.2'], [a, '198.51.100.3']] as const) {
    statuses.push((await login(t, email, 'wrong password', ip)).status);
  }
  expect(statuses).toEqual([401, 401, 401]);
  for (const t of [a, b]) {
    const res = await login(t, email, PASSWORD, '198.51.100.4');
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: 'login_throttled', retryAfter });
    expect(res.headers.get('set-cookie') ?? '').not.toContain('efir_session');
  }
});

test('an address: failures on several accounts over both instances spend its allowance for every account', async () => {
  const ip = '203.0.113.7';
  const emails = [await account(), await account(), await account()];
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await login(i % 2 ? b : a, emails[i % 3]!, 'wrong password', ip)).status);
  expect(statuses).toEqual([401, 401, 401, 401, 401]);
  const fresh = await account();
  const refused = await login(b, fresh, PASSWORD, ip);
  expect(refused.status).toBe(429);
  expect((await refused.json()).error.code).toBe('login_throttled');
  // Another address signs in to the same account as usual.
  expect((await login(a, fresh, PASSWORD, '203.0.113.8')).status).toBe(200);
});

test('successful sign-ins do not count: one address signs in more often than the failure limit', async () => {
  const email = await account();
  for (let i = 0; i < 7; i++) expect((await login(i % 2 ? a : b, email, PASSWORD, '192.0.2.50')).status).toBe(200);
});

test('concurrent attempts cannot overshoot the limit, and hashing runs at most PASSWORD_HASH_CONCURRENCY at once', async () => {
  const email = await account();
  const res = await Promise.all(Array.from({ length: 12 }, (_, i) => login(i % 2 ? a : b, email, `wrong ${i}`, `192.0.2.${100 + i}`)));
  const statuses = res.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 401)).toHaveLength(3);
  expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  // 16 hashes at once on one instance: the semaphore lets two run.
  await Promise.all(Array.from({ length: 16 }, (_, i) => a.efir.auth.login(`nobody${i}@example.test`, 'whatever it is', `10.9.0.${i}`)));
  expect(a.efir.auth.hashing.limit).toBe(2);
  expect(a.efir.auth.hashing.peak).toBe(2);
});

test('the login page goes through the same limiter and says when to try again in the viewer\'s language', async () => {
  const email = await account();
  const ip = '198.51.100.77';
  for (let i = 0; i < 3; i++) expect((await login(b, email, 'wrong password', ip)).status).toBe(401);
  const form = new URLSearchParams({ email, password: PASSWORD, next: '/studio' });
  const res = await fetch(`${a.baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', origin: a.baseUrl, 'accept-language': 'uz', 'x-forwarded-for': '198.51.100.78' },
    body: form
  });
  const html = await res.text();
  expect(res.status, html.slice(0, 3000)).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(res.headers.get('set-cookie') ?? '').not.toContain('efir_session');
  expect(html).toMatch(/Kirishga urinishlar juda koʻp\. \d+ daqiqadan keyin qayta urinib koʻring\./);
});

describe('the window', () => {
  test('a spent allowance comes back once its window passes (Retry-After is when)', async () => {
    const redis = createRedis(testRedisUrl(), 'efir-test-login');
    try {
      const limiter = new LoginLimiter(redis, uniquePrefix(), { windowSeconds: 1, failuresPerAccount: 2, failuresPerIp: 100 });
      expect((await limiter.take('10.0.0.1', 'w@example.test')).ok).toBe(true);
      expect((await limiter.take('10.0.0.2', 'W@example.test ')).ok).toBe(true);
      const refused = await limiter.take('10.0.0.3', 'w@example.test');
      expect(refused).toEqual({ ok: false, retryAfterSeconds: 1 });
      if (refused.ok) return;
      await new Promise((r) => setTimeout(r, refused.retryAfterSeconds * 1000 + 100));
      expect((await limiter.take('10.0.0.3', 'w@example.test')).ok).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  test('an IPv6 address counts as its /64', () => {
    expect(addressBlock('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBlock('2001:db8:1:2:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressBlock('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBlock('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });
});
