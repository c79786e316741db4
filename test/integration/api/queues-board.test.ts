/**
 * bull-board at /admin/queues: every one of its routes carries the admin role (so the auth plugin
 * refuses the others before bull-board runs), admins see the media, pipeline and live queues, and a
 * state-changing call must come from this origin (the board cannot send Efir's CSRF header).
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { api, signIn, viewer, type Session } from './helpers.ts';
import { QUEUE } from '../../../jobs/queues.ts';
import { bullConnection } from '../../../jobs/redis.ts';
import { YOUTUBE_QUEUE } from '../../../server/youtube/queue.ts';

let t: TestEfir;
let admin: Session;
beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  admin = await signIn(t, 'admin');
});
afterAll(async () => t?.close());

test('every route of the board is registered with the admin role', () => {
  const board = t.app.routeTable.filter((r) => r.url.startsWith('/admin/queues'));
  expect(board.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['GET /admin/queues', 'GET /admin/queues/api/queues', 'PUT /admin/queues/api/queues/:queueName/pause']));
  expect(board.length).toBeGreaterThan(20);
  expect(board.filter((r) => r.role !== 'admin')).toEqual([]);
});

test('viewers, producers and moderators get 403 from the page, its API and its static files', async () => {
  const paths = ['/admin/queues', '/admin/queues/queue/media', '/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png'];
  for (const s of [await viewer(t), await signIn(t, 'producer'), await signIn(t, 'moderator')]) {
    for (const p of paths) expect((await api(t, s, 'GET', p)).status, p).toBe(403);
    const pause = await api(t, s, 'PUT', '/admin/queues/api/queues/media/pause', undefined, { 'sec-fetch-site': 'same-origin' });
    expect(pause.status).toBe(403);
  }
});

test('an admin sees the board and the four queues (the workers\' three and the web process\'s youtube)', async () => {
  const page = await api(t, admin, 'GET', '/admin/queues');
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(page.body).toContain('/admin/queues');
  // Its script and styles come from the same guarded prefix (relative to <base href="/admin/queues/">) and load for an admin.
  expect(page.body).toContain('<base href="/admin/queues/"');
  const rel = /src="(static\/js\/[^"]+)"/.exec(page.body)?.[1];
  expect(rel).toBeTruthy();
  const asset = `/admin/queues/${rel}`;
  expect((await api(t, admin, 'GET', asset!)).status).toBe(200);
  expect((await api(t, await viewer(t), 'GET', asset!)).status).toBe(403);
  const list = await api(t, admin, 'GET', '/admin/queues/api/queues');
  expect(list.status).toBe(200);
  expect(list.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([...Object.values(QUEUE), YOUTUBE_QUEUE].sort());
});

test('a state-changing call from another site is refused; from the board’s own origin it works', async () => {
  const queue = new Queue(QUEUE.live, { connection: bullConnection(t.env.REDIS_URL), prefix: t.efir.config.queuePrefix });
  try {
    const cross = await api(t, admin, 'PUT', '/admin/queues/api/queues/live/pause', undefined, { 'sec-fetch-site': 'cross-site' });
    expect(cross.status).toBe(403);
    expect((await api(t, admin, 'PUT', '/admin/queues/api/queues/live/pause')).status).toBe(403);
    expect(await queue.isPaused()).toBe(false);
    const own = await api(t, admin, 'PUT', '/admin/queues/api/queues/live/pause', undefined, { origin: t.baseUrl });
    expect(own.status).toBeLessThan(300);
    expect(await queue.isPaused()).toBe(true);
  } finally {
    await queue.resume();
    await queue.close();
  }
});
