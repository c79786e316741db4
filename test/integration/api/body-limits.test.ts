/**
 * Request bodies (issue 10): JSON routes take 64 KB unless they say otherwise, and nesting deeper
 * than JSON_MAX_DEPTH is refused before the body is parsed, each with a coded error.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { nestedDeeperThan } from '../../../server/json-body.ts';
import { api, signIn, type Session } from './helpers.ts';

let t: TestEfir;
let producer: Session;

beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  producer = await signIn(t, 'producer');
});
afterAll(async () => {
  await t?.close();
});

async function raw(path: string, body: string, s: Session | null = null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (s) Object.assign(headers, { cookie: s.cookie, 'x-csrf-token': s.csrf! });
  const res = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.json() };
}

test('a deeply nested body is refused with 400 too_deep, before it is parsed', async () => {
  const deep = '['.repeat(30_000) + ']'.repeat(30_000); // under the 64 KB limit
  const res = await raw('/api/auth/login', deep);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'too_deep', field: 'body' });
  expect(res.body.error.message).toContain('nested deeper than 32 levels');
  const objects = `{"email":"a@b.c","password":"x","extra":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
  expect((await raw('/api/auth/login', objects)).body.error.code).toBe('too_deep');
});

test('a JSON body over 64 KB is refused with 413 body_too_large; a broadcast in six languages still fits its own limit', async () => {
  const big = JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(70 * 1024) });
  const res = await raw('/api/auth/login', big);
  expect(res.status).toBe(413);
  expect(res.body.error.code).toBe('body_too_large');

  const tr = { title: 'Т'.repeat(200), description: 'Д'.repeat(5000) };
  const created = await api(t, producer, 'POST', '/api/broadcasts', {
    title: 'Т'.repeat(200),
    description: 'Д'.repeat(5000),
    i18n: { uz: tr, tg: tr, az: tr, ro: tr, en: tr }
  });
  expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
});

test('the depth check reads strings as strings', () => {
  expect(nestedDeeperThan('{"a":"[[[[[[[[[[[[","b":"\\"[[[["}', 2)).toBe(false);
  expect(nestedDeeperThan('[[[1]]]', 2)).toBe(true);
  expect(nestedDeeperThan('[[1],[2],[3]]', 2)).toBe(false);
});
