/**
 * Bans and time-outs hit the right person: a ban holds in its broadcast unless the moderator chose
 * all broadcasts; the address match catches only a fresh cookie (an identity first seen after the
 * sanction), for QA_BAN_IP_HOURS, never a viewer already known behind the same address (a dormitory
 * behind one NAT); a time-out also catches a fresh cookie from its address, for as long as it lasts.
 * Real ws clients; the address is each client's x-forwarded-for (the test Efir trusts its proxy).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api } from '../api/helpers.ts';
import { startQaWorld, type QaWorld } from './setup.ts';

let w: QaWorld;
const ok = (r: any) => {
  expect(r.type, JSON.stringify(r)).toBe('ack');
  return r;
};

beforeAll(async () => {
  w = await startQaWorld();
});
afterAll(async () => {
  await w?.close();
});

/** A viewer with a cookie of their own, from `ip`, in broadcast `id`. */
const newViewer = async (id: string, ip: string) => w.open(id, { session: await w.viewer(), ip });
/** The viewer id inside a signed viewer cookie (value.signature). */
const viewerIdOf = (cookie: string) => decodeURIComponent(/efir_viewer=([^;]+)/.exec(cookie)![1]!).replace(/\.[^.]*$/, '');
const started = async (title: string) => {
  const id = await w.newBroadcast(title);
  await api(w.t, w.producer, 'POST', `/api/broadcasts/${id}/start`);
  return id;
};

test('a ban holds in its own broadcast unless the moderator chose all broadcasts', async () => {
  const a = await started('Бан: эфир А');
  const b = await started('Бан: эфир Б');
  const m = await w.open(a, { session: w.moderator });

  // Banned in A (no scope: a version 1 console): still welcome in B, with the same cookie and address.
  const session = await w.viewer();
  const inA = await w.open(a, { session, ip: '10.40.0.1' });
  const inB = await w.open(b, { session, ip: '10.40.0.1' });
  const q = ok(await inA.ask('Спам в эфире А'));
  const ban = ok(await m.request({ type: 'ban', questionId: q.id, reason: 'спам' }));
  expect((await inA.ask('Снова в А')).code).toBe('banned');
  ok(await inB.ask('А в эфире Б можно?'));
  const event = await m.waitEvent((e) => e.type === 'sanction' && e.sanction.id === ban.id);
  expect(event.sanction).toMatchObject({ kind: 'ban', scope: 'broadcast' });

  // "All broadcasts": refused in B too, and in a broadcast made afterwards.
  const session2 = await w.viewer();
  const inA2 = await w.open(a, { session: session2, ip: '10.40.0.2' });
  const inB2 = await w.open(b, { session: session2, ip: '10.40.0.2' });
  const q2 = ok(await inA2.ask('Спам везде'));
  expect((await m.request({ type: 'ban', questionId: q2.id, scope: 'everywhere' })).code).toBe('invalid_field');
  const banAll = ok(await m.request({ type: 'ban', questionId: q2.id, scope: 'all' }));
  expect((await m.waitEvent((e) => e.type === 'sanction' && e.sanction.id === banAll.id)).sanction.scope).toBe('all');
  expect((await inB2.ask('В Б')).code).toBe('banned');
  const c = await started('Бан: эфир В');
  expect((await (await w.open(c, { session: session2, ip: '10.40.0.3' })).ask('В новом эфире')).code).toBe('banned');
});

test('the address match catches a fresh cookie within QA_BAN_IP_HOURS, never a viewer known there before; after the window, not even a fresh one', async () => {
  const id = await started('Общежитие за одним NAT');
  const m = await w.open(id, { session: w.moderator });
  ok(await m.request({ type: 'settings', mode: 'post' })); // questions votable at once
  const dorm = '10.50.0.1';
  const bad = await newViewer(id, dorm);
  // Known before the ban: one watching without having asked, one who came earlier and left.
  const neighbour = await newViewer(id, dorm);
  const earlierSession = await w.viewer();
  await (await w.open(id, { session: earlierSession, ip: dorm })).close();
  // The earlier visit is on record (written in batches, a second at most after the hello).
  const earlierId = viewerIdOf(earlierSession.cookie);
  for (let i = 0; !(await w.t.efir.db.query('select 1 from qa_viewers where viewer_id = $1', [earlierId])).length; i++) {
    if (i > 100) throw new Error('the earlier visit was never recorded');
    await new Promise((r) => setTimeout(r, 100));
  }

  const spam = ok(await bad.ask('Реклама'));
  const ban = ok(await m.request({ type: 'ban', questionId: spam.id }));
  expect((await bad.ask('Ещё реклама')).code).toBe('banned');

  // Neighbours in good standing ask and vote as before.
  const theirs = ok(await neighbour.ask('Как продлить регистрацию?'));
  ok(await neighbour.request({ type: 'vote', questionId: theirs.id, up: true }));
  const back = await w.open(id, { session: earlierSession, ip: dorm });
  ok(await back.ask('Я тут был и раньше'));

  // A fresh cookie from the banned address: caught (the banned viewer clearing cookies).
  const fresh = await newViewer(id, dorm);
  expect((await fresh.ask('Новая кука')).code).toBe('banned');
  expect((await fresh.request({ type: 'vote', questionId: theirs.id, up: true })).code).toBe('banned');
  // Another address is not touched.
  ok(await (await newViewer(id, '10.50.0.2')).ask('Из другой сети'));

  // A day later (the ban made 25 h ago): a fresh cookie from that address is free; the banned identity is not.
  await w.t.efir.db.query("update qa_sanctions set created_at = now() - interval '25 hours' where id = $1", [ban.id]);
  ok(await (await newViewer(id, dorm)).ask('Новый жилец общежития'));
  expect((await bad.ask('Прошли сутки')).code).toBe('banned');
});

test('a time-out also holds a fresh cookie from its address for its duration, not a known neighbour, and ends', async () => {
  const id = await started('Тайм-аут');
  const m = await w.open(id, { session: w.moderator });
  const ip = '10.60.0.1';
  const loud = await newViewer(id, ip);
  const neighbour = await newViewer(id, ip);
  const q = ok(await loud.ask('Флуд'));
  const to = ok(await m.request({ type: 'timeout', questionId: q.id, seconds: 600, reason: 'флуд' }));
  expect((await loud.ask('Флуд 2')).code).toBe('timed_out');

  // Dodging it with a fresh cookie from the same address does not work…
  const dodge = await newViewer(id, ip);
  const refused = await dodge.ask('Я новый, честно');
  expect(refused.code).toBe('timed_out');
  expect(refused.retryAfter).toBeGreaterThan(500);
  expect(refused.retryAfter).toBeLessThanOrEqual(600);
  // …while the neighbour who was there before is not held.
  ok(await neighbour.ask('А мне можно?'));

  // Its time is up (moved to the past): the fresh cookie and the viewer ask again.
  await w.t.efir.db.query("update qa_sanctions set expires_at = now() - interval '1 second' where id = $1", [to.id]);
  ok(await dodge.ask('Теперь можно'));
  ok(await loud.ask('И мне'));
});
