/**
 * Who may do what to a broadcast, as the services decide it (pages and API alike): its producer and
 * admins manage it (settings, poster, stream key, start, end); moderators curate its Q&A and read its
 * audit log, and so does its own producer. docs/architecture.md and docs/qa-protocol.md say the same.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import type { User } from '../../../server/repositories/users.ts';
import { api, signIn, viewer, type Session } from './helpers.ts';

let t: TestEfir;
let owner: Session, other: Session, moderator: Session, admin: Session;
const user = async (s: Session): Promise<User> => (await t.efir.users.get(s.userId!))!;
const newBroadcast = async () => (await t.efir.live.createBroadcast(await user(owner), { title: 'Патент: вопросы' })).id;

beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  [owner, other, moderator, admin] = await Promise.all([signIn(t, 'producer'), signIn(t, 'producer'), signIn(t, 'moderator'), signIn(t, 'admin')]);
});
afterAll(async () => t?.close());

test('the audit log: moderators, admins and the broadcast\'s own producer read it; another producer and viewers do not', async () => {
  const id = await newBroadcast();
  await api(t, owner, 'POST', `/api/broadcasts/${id}/start`);
  for (const s of [owner, moderator, admin]) {
    const res = await api(t, s, 'GET', `/api/broadcasts/${id}/audit`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: any) => a.action)).toEqual(['start']);
  }
  const refused = await api(t, other, 'GET', `/api/broadcasts/${id}/audit`);
  expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
  expect((await api(t, await viewer(t), 'GET', `/api/broadcasts/${id}/audit`)).status).toBe(403);
  const unknown = await api(t, moderator, 'GET', '/api/broadcasts/nosuchbroadcast/audit');
  expect([unknown.status, unknown.body.error.code]).toEqual([404, 'unknown_broadcast']);
});

test('a moderator neither ends a broadcast nor reads or rotates its stream key; its producer and admins do', async () => {
  const id = await newBroadcast();
  for (const path of [`/api/broadcasts/${id}/end`, `/api/broadcasts/${id}/start`, `/api/broadcasts/${id}/ingest/rotate`]) {
    const res = await api(t, moderator, 'POST', path);
    expect([path, res.status, res.body.error.code]).toEqual([path, 403, 'forbidden']);
  }
  expect((await api(t, moderator, 'GET', `/api/broadcasts/${id}/ingest`)).status).toBe(403);
  // Another producer: refused by the service, past the route's role check.
  const end = await api(t, other, 'POST', `/api/broadcasts/${id}/end`);
  expect([end.status, end.body.error.code]).toEqual([403, 'forbidden']);
  expect((await api(t, other, 'GET', `/api/broadcasts/${id}/ingest`)).status).toBe(403);
  expect((await t.efir.live.repo.get(id))!.state).toBe('scheduled');
  expect((await api(t, admin, 'GET', `/api/broadcasts/${id}/ingest`)).status).toBe(200);
  expect((await api(t, owner, 'POST', `/api/broadcasts/${id}/end`)).body.state).toBe('ended');
});

test('the services refuse a moderator whatever calls them (the pages call them directly)', async () => {
  const id = await newBroadcast();
  const mod = await user(moderator);
  const before = (await t.efir.live.repo.get(id))!;
  for (const call of [
    () => t.efir.live.getMine(mod, id),
    () => t.efir.live.ingestInfo(mod, id),
    () => t.efir.live.rotateKey(mod, id),
    () => t.efir.live.updateBroadcast(mod, id, { title: 'Taken over' }),
    () => t.efir.live.setPoster(mod, id, { bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0]), fileName: 'p.jpg' }),
    () => t.efir.live.createBroadcast(mod, { title: 'Mine now' }),
    () => t.efir.live.listMine(mod),
    () => t.efir.qa.service.createBroadcast(mod, { title: 'Mine now' }),
    () => t.efir.qa.service.setBroadcastState(mod, id, 'ended')
  ]) {
    await expect(call()).rejects.toMatchObject({ code: 'forbidden' });
  }
  const after = (await t.efir.live.repo.get(id))!;
  expect([after.title, after.stream_key, after.state, after.poster_path]).toEqual([before.title, before.stream_key, before.state, before.poster_path]);
  // Moderating the Q&A stays theirs: the audit log is readable.
  await expect(t.efir.qa.service.audit(mod, id)).resolves.toEqual([]);
});
