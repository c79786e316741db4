/**
 * Every registered route is walked (the auth plugin's onRoute table, filled as routes register), so a
 * route added later is checked without anyone remembering to add it here: a viewer gets 403 from
 * every producer, moderator, admin and signed-in route, before its body or parameters are looked at;
 * a producer gets 403 from admin and moderator routes, a moderator from producer and admin routes.
 * A route registered without a role stops the app at start.
 */
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import authPlugin, { type RouteRole } from '../../../server/plugins/auth.ts';
import type { RoleRequirement } from '../../../server/services/auth.ts';
import { api, signIn, viewer, type Session } from './helpers.ts';

let t: TestEfir;
let routes: RouteRole[];
beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  routes = [...t.app.routeTable];
});
afterAll(async () => t?.close());

/** A concrete URL for a route pattern: any id will do, the role check comes first. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, 'Zz0123456789').replace(/\*$/, 'Zz0123456789-abcdef');
}

/** A body the route would refuse (400) if validation ran before the role check. */
const INVALID_BODY = { unexpected: true };

const guarded = () => routes.filter((r) => /^\/(api|media)(\/|$)/.test(r.url));

async function call(s: Session, r: RouteRole) {
  const withBody = !['GET', 'HEAD', 'OPTIONS'].includes(r.method);
  return api(t, s, r.method, concrete(r.url), withBody ? INVALID_BODY : undefined);
}

/** Which roles may call a route that requires `role` (admins may call everything). */
const allowed = (role: RoleRequirement, who: 'viewer' | 'producer' | 'moderator' | 'admin') =>
  role === 'public' || who === 'admin' || (who !== 'viewer' && (role === 'signed-in' || role === who));

test('the route table holds every route of the video domain, each with a declared role', () => {
  const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
  // Not vacuous: the table sees the routes this suite is about (and the tus endpoints).
  for (const k of [
    'GET /api/videos',
    'GET /api/videos/:id',
    'GET /api/studio/videos',
    'POST /api/studio/videos',
    'PATCH /api/studio/videos/:id',
    'DELETE /api/studio/videos/:id',
    'POST /api/studio/videos/:id/publish',
    'POST /api/studio/videos/:id/unpublish',
    'PUT /api/studio/videos/:id/subtitles/:lang',
    'DELETE /api/studio/videos/:id/subtitles/:lang',
    'GET /api/studio/events',
    'POST /api/uploads/*',
    'PATCH /api/uploads/*',
    'HEAD /api/uploads/*',
    'DELETE /api/uploads/*',
    'GET /api/admin/users',
    'POST /api/admin/users',
    'GET /media/:videoId/:rev/*'
  ]) {
    expect(keys, k).toContain(k);
  }
  for (const r of guarded()) expect(r.role, `${r.method} ${r.url}`).not.toBeNull();
  expect(guarded().filter((r) => r.role === 'producer').length).toBeGreaterThanOrEqual(12);
});

describe.each(['viewer', 'producer', 'moderator'] as const)('as a %s', (who) => {
  test('every route that needs another role answers 403 before reading the request', async () => {
    const s = who === 'viewer' ? await viewer(t) : await signIn(t, who);
    const refused = guarded().filter((r) => !r.websocket && !allowed(r.role!, who));
    expect(refused.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const r of refused) {
      const res = await call(s, r);
      if (res.status !== 403) wrong.push(`${r.method} ${r.url} (${r.role}): ${res.status} ${JSON.stringify(res.body)}`);
      else if (r.method !== 'HEAD') expect(res.body.error.code, `${r.method} ${r.url}`).toBe('forbidden');
    }
    expect(wrong).toEqual([]);
  });
});

test('an admin passes every role check (no route answers 403 forbidden)', async () => {
  const s = await signIn(t, 'admin');
  // Not logout (it would end this session) nor the event stream (it never ends).
  for (const r of guarded().filter((r) => !r.websocket && r.method !== 'HEAD' && !['/api/studio/events', '/api/auth/logout'].includes(r.url))) {
    const res = await call(s, r);
    expect(res.body?.error?.code, `${r.method} ${r.url}`).not.toBe('forbidden');
  }
});

test('a state-changing call from a session without its CSRF token is refused', async () => {
  const p = await signIn(t, 'producer');
  const res = await api(t, { ...p, csrf: null }, 'POST', '/api/studio/videos', { title: 'x' });
  expect(res.status).toBe(403);
  expect(res.body.error.code).toBe('csrf');
  const wrong = await api(t, { ...p, csrf: 'not-the-token' }, 'POST', '/api/studio/videos', { title: 'x' });
  expect(wrong.body.error.code).toBe('csrf');
  // Reading needs no token.
  expect((await api(t, { ...p, csrf: null }, 'GET', '/api/studio/videos')).status).toBe(200);
});

test('viewers get a signed identity cookie; a forged one is replaced', async () => {
  const v = await viewer(t);
  expect(v.cookie).toMatch(/^efir_viewer=[^.;]+\.[^;]+$/);
  const kept = await fetch(`${t.baseUrl}/api/auth/me`, { headers: { cookie: v.cookie } });
  expect(kept.headers.getSetCookie()).toEqual([]);
  const forged = await fetch(`${t.baseUrl}/api/auth/me`, { headers: { cookie: 'efir_viewer=someone-else.bad' } });
  expect(forged.headers.getSetCookie().join()).toMatch(/^efir_viewer=/);
});

describe('a route that declares no role', () => {
  async function appWith(register: (app: ReturnType<typeof Fastify>) => void) {
    const app = Fastify();
    await app.register(fp(async (i) => void i.decorate('efir', t.efir), { name: 'efir-context' }));
    await app.register(authPlugin);
    return { app, ready: app.register(async (child) => register(child)).then(() => app.ready()) };
  }

  test('stops the app at start', async () => {
    const { app, ready } = await appWith((child) => child.get('/api/forgotten', async () => 'open'));
    await expect(ready).rejects.toThrow(/GET \/api\/forgotten must declare config\.role/);
    await app.close().catch(() => {});
  });

  test('with an unknown role name also stops it', async () => {
    const { app, ready } = await appWith((child) => child.get('/media/x', { config: { role: 'editor' as any } }, async () => 'open'));
    await expect(ready).rejects.toThrow(/must declare config\.role/);
    await app.close().catch(() => {});
  });
});
