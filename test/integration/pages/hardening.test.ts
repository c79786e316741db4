/**
 * The pages as an attacker pokes them: redirect targets that leave the site, numbers and characters
 * that used to make a 500, a client claiming https through X-Forwarded-Proto without a trusted proxy,
 * and the security headers on pages and API answers. Efir here trusts no proxy (TRUST_PROXY=false).
 */
import http from 'node:http';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HANDLER_PATH } from '../../../server/plugins/sveltekit.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { PASSWORD, signIn, type Session } from '../api/helpers.ts';

let t: TestEfir;
let producer: Session;
let email: string;

beforeAll(async () => {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" first`);
  t = await startTestEfir({ pages: true, worker: false, env: { TRUST_PROXY: 'false' } });
  producer = await signIn(t, 'producer');
  email = (await t.efir.users.get(producer.userId!))!.email;
});
afterAll(async () => t?.close());

const get = (path: string, s: Session | null = null, headers: Record<string, string> = {}) =>
  fetch(`${t.baseUrl}${path}`, { headers: { ...(s ? { cookie: s.cookie } : {}), accept: 'text/html', ...headers }, redirect: 'manual' });

function login(next: string, headers: Record<string, string> = {}) {
  return fetch(`${t.baseUrl}/login`, {
    method: 'POST',
    headers: { origin: t.baseUrl, accept: 'text/html', ...headers },
    body: new URLSearchParams({ email, password: PASSWORD, next }),
    redirect: 'manual'
  });
}

describe('redirects stay on this site', () => {
  const OFFSITE = ['/%09/evil.example', '/%0a/evil.example', '/%0d%0aSet-Cookie:%20x=1', '//evil.example', '/%5Cevil.example', 'https://evil.example/'];

  test('a signed-in visit to /login?next=… goes to the studio, never elsewhere', async () => {
    for (const next of OFFSITE) {
      const res = await get(`/login?next=${next}`, producer);
      expect([next, res.status, res.headers.get('location')]).toEqual([next, 303, '/studio']);
    }
    const local = await get(`/login?next=${encodeURIComponent('/studio/broadcasts?x=1')}`, producer);
    expect(local.headers.get('location')).toBe('/studio/broadcasts?x=1');
  });

  test('signing in with a next= that leaves the site lands in the studio', async () => {
    for (const next of ['/\t/evil.example', '/\n/evil.example', '/\\evil.example']) {
      const res = await login(next);
      expect([JSON.stringify(next), res.status, res.headers.get('location')]).toEqual([JSON.stringify(next), 303, '/studio']);
    }
  });

  test('the language switcher goes back only to a page of this site', async () => {
    const res = await fetch(`${t.baseUrl}/lang`, {
      method: 'POST',
      headers: { origin: t.baseUrl },
      body: new URLSearchParams({ lang: 'en', next: '/\t/evil.example' }),
      redirect: 'manual'
    });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/']);
  });
});

test('a page number that is no page number goes to the first page, not to a 500', async () => {
  for (const page of ['1e308', '1e3', '0x10', '99999999999999999999', '-1', '1.5', '']) {
    const res = await get(`/?page=${page}`);
    expect([page, res.status, res.headers.get('location')]).toEqual([page, 307, '/']);
  }
  expect((await get('/?page=1')).status).toBe(200);
  // The API names the problem instead.
  const api = await fetch(`${t.baseUrl}/api/videos?page=1e308`);
  expect(api.status).toBe(400);
  expect(await api.json()).toMatchObject({ error: { code: 'invalid_request', field: 'page' } });
});

test('the sign-in cookie is Secure only when Fastify says https: a client\'s X-Forwarded-Proto is not believed', async () => {
  const res = await login('/studio', { 'x-forwarded-proto': 'https' });
  expect(res.status).toBe(303);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('efir_session='));
  expect(cookie).toBeDefined();
  expect(cookie).not.toMatch(/;\s*Secure/i);
  // Nor does the header make a form from https://<this host> count as this site.
  const forged = await login('/studio', { 'x-forwarded-proto': 'https', origin: t.baseUrl.replace('http:', 'https:') });
  expect(forged.status).toBe(403);
});

describe('security headers', () => {
  test('pages carry a Content-Security-Policy with a nonce for SvelteKit\'s own script, and no framing', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('media-src')).toEqual(expect.arrayContaining(["'self'", 'blob:']));
    expect(directives.get('worker-src')).toEqual(expect.arrayContaining(["'self'", 'blob:']));
    const scriptSrc = directives.get('script-src') ?? [];
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce).toBeTruthy();
    // Every inline script of the page carries it (else the browser would refuse to start the app).
    const html = await res.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);
    for (const [name, value] of [['x-content-type-options', 'nosniff'], ['referrer-policy', 'strict-origin-when-cross-origin'], ['x-frame-options', 'DENY']]) {
      expect(res.headers.get(name!), name).toBe(value);
    }
  });

  test('each page answer gets a fresh nonce', async () => {
    const nonce = async () => /'nonce-([^']+)'/.exec((await get('/live')).headers.get('content-security-policy') ?? '')?.[1];
    expect(await nonce()).not.toBe(await nonce());
  });

  test('API answers, refusals and errors included, are not sniffed, framed or run', async () => {
    for (const path of ['/api/videos', '/api/studio/videos', '/api/no-such-route']) {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });
});

test('pages and their data come gzipped to a client that takes gzip, and whole to one that does not', async () => {
  const zipped = await get('/', null, { 'accept-encoding': 'gzip' });
  expect(zipped.status).toBe(200);
  expect(zipped.headers.get('content-encoding')).toBe('gzip');
  expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
  const html = await zipped.text(); // fetch undoes the gzip
  expect(html).toContain('</html>');
  const data = await get('/__data.json', null, { 'accept-encoding': 'gzip' });
  expect(data.headers.get('content-encoding')).toBe('gzip');
  expect(JSON.parse(await data.text())).toHaveProperty('type');
  // Without Accept-Encoding: node:http, which does not send one, reads the page as it is.
  const plain = await new Promise<{ encoding: string | undefined; body: string }>((resolve, reject) => {
    http.get(`${t.baseUrl}/`, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c) => (body += c)).on('end', () => resolve({ encoding: res.headers['content-encoding'], body }));
    }).on('error', reject);
  });
  expect(plain.encoding).toBeUndefined();
  expect(plain.body).toContain('</html>');
});
