/**
 * Moderators curate together: every action reaches every console at once, goes into the audit log,
 * and does to viewers' lists what it says.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, signIn } from '../api/helpers.ts';
import { QaClient, questionsOf } from './helpers.ts';
import { startQaWorld, type QaWorld } from './setup.ts';

let w: QaWorld;
const open: QaWorld['open'] = (id, opts) => w.open(id, opts);
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

test('two moderators see each other\'s actions; edit keeps the original, merge joins votes, one question on air, answered with its time', async () => {
  const id = await w.newBroadcast();
  await api(w.t, w.producer, 'POST', `/api/broadcasts/${id}/start`);
  const m1 = await open(id, { session: w.moderator });
  const m2 = await open(id, { session: await signIn(w.t, 'moderator') });
  const viewers = await Promise.all([0, 1, 2].map(async (i) => open(id, { session: await w.viewer(), ip: `10.2.0.${i}` })));
  const [a, b, c] = viewers as [QaClient, QaClient, QaClient];

  const q1 = ok(await a.ask('Как получить патен?', { lang: 'ru' }));
  const q2 = ok(await b.ask('Как получить патент в 2025 году?', { lang: 'ru' }));
  const q3 = ok(await c.ask('Qanday qilib patent olsa boʻladi?', { lang: 'uz' }));
  const q4 = ok(await c.ask('Реклама: дешёвые регистрации', { lang: 'ru' }));
  // Both consoles see the question the moment it arrives.
  for (const m of [m1, m2]) await m.waitEvent((e) => e.type === 'question' && e.question.id === q4.id);

  for (const q of [q1, q2, q3]) ok(await m1.request({ type: 'approve', questionId: q.id }));
  const seenBy2 = await m2.waitEvent((e) => e.type === 'question' && e.question.id === q3.id && e.question.state === 'approved');
  expect(seenBy2.by).toMatchObject({ action: 'approve' });
  ok(await m2.request({ type: 'reject', questionId: q4.id }));
  await m1.waitEvent((e) => e.question?.id === q4.id && e.question.state === 'rejected');

  // edit: the text changes, the original is kept for moderators
  ok(await m1.request({ type: 'edit', questionId: q1.id, text: 'Как получить патент?' }));
  const edited = await m2.waitEvent((e) => e.question?.id === q1.id && e.question.text === 'Как получить патент?');
  expect(edited.question.originalText).toBe('Как получить патен?');

  // votes, then merge q1 into q2: a voter of both counts once
  ok(await a.request({ type: 'vote', questionId: q2.id, up: true }));
  ok(await b.request({ type: 'vote', questionId: q1.id, up: true }));
  ok(await c.request({ type: 'vote', questionId: q1.id, up: true }));
  ok(await c.request({ type: 'vote', questionId: q2.id, up: true }));
  const merged = ok(await m2.request({ type: 'merge', questionId: q1.id, into: q2.id }));
  expect(merged.votes).toBe(3);
  const [row] = await w.t.efir.db.query<any>('select state, merged_into from qa_questions where id = $1', [q1.id]);
  expect(row).toEqual({ state: 'merged', merged_into: q2.id });
  await a.waitFor((m) => m.type === 'events' && m.to >= merged.seq, 5000, true);
  const seenByA = questionsOf(a);
  expect(seenByA.get(q1.id)).toMatchObject({ state: 'merged', mergedInto: q2.id, mine: true });
  await c.waitFor((m) => m.type === 'events' && m.to >= merged.seq, 5000, true);
  expect(questionsOf(c).has(q1.id)).toBe(false);
  expect(questionsOf(c).get(q2.id).votes).toBe(3);

  // on air: one at a time
  ok(await m1.request({ type: 'pin', questionId: q2.id }));
  expect((await m1.request({ type: 'pin', questionId: q4.id })).code).toBe('invalid_state');
  const pin3 = ok(await m2.request({ type: 'pin', questionId: q3.id }));
  await c.waitFor((m) => m.type === 'events' && m.to >= pin3.seq, 5000, true);
  const onair = c.events.filter((e) => e.type === 'onair').map((e) => e.questionId);
  expect(onair).toEqual([q2.id, q3.id]);

  // answered: stores the time into the broadcast, takes it off air
  const answered = ok(await m1.request({ type: 'answer', questionId: q3.id }));
  await c.waitFor((m) => m.type === 'events' && m.to >= answered.seq, 5000, true);
  const q3seen = questionsOf(c).get(q3.id);
  expect(q3seen.state).toBe('answered');
  expect(q3seen.answeredOffset).toBeGreaterThanOrEqual(0);
  expect(Date.parse(q3seen.answeredAt)).toBeGreaterThan(Date.now() - 60_000);
  expect(c.events.filter((e) => e.type === 'onair').at(-1).questionId).toBe(null);

  // hide an approved one; restore it and a rejected one
  ok(await m2.request({ type: 'hide', questionId: q2.id }));
  expect((await m2.request({ type: 'hide', questionId: q2.id })).code).toBe('invalid_state');
  const restored = ok(await m1.request({ type: 'restore', questionId: q2.id }));
  expect(restored.state).toBe('approved');
  expect(ok(await m1.request({ type: 'restore', questionId: q4.id })).state).toBe('approved');
  expect((await m1.request({ type: 'approve', questionId: 'missing' })).code).toBe('unknown_question');

  // After the broadcast: readable, answered first with their times.
  ok(await m1.request({ type: 'answer', questionId: q4.id }));
  await api(w.t, w.producer, 'POST', `/api/broadcasts/${id}/end`);
  expect((await a.ask('Опоздал')).code).toBe('qa_closed');
  const read = await api(w.t, null, 'GET', `/api/broadcasts/${id}/questions`);
  expect(read.body.broadcast.state).toBe('ended');
  expect(read.body.questions.map((q: any) => [q.id, q.state])).toEqual([
    [q3.id, 'answered'],
    [q4.id, 'answered'],
    [q2.id, 'approved']
  ]);

  // The audit log: who, what, when, before and after.
  const audit = (await api(w.t, w.moderator, 'GET', `/api/broadcasts/${id}/audit`)).body.items;
  const actions = audit.map((x: any) => x.action).reverse();
  expect(actions).toEqual(['start', 'approve', 'approve', 'approve', 'reject', 'edit', 'merge', 'pin', 'pin', 'answer', 'hide', 'restore', 'restore', 'answer', 'end']);
  const edit = audit.find((x: any) => x.action === 'edit');
  expect(edit).toMatchObject({ actorId: w.moderator.userId, targetId: q1.id, before: { text: 'Как получить патен?' }, after: { text: 'Как получить патент?' } });
  for (const x of [m1, m2, a, b, c]) {
    expect(x.gaps).toEqual([]);
    expect(x.schemaErrors).toEqual([]);
  }
});

test('settings: pre/post moderation, blocked words held even in post, slow mode, timeout and ban by identity and address', async () => {
  const id = await w.newBroadcast();
  const m = await open(id, { session: w.moderator });
  const v = await open(id, { session: await w.viewer(), ip: '10.3.0.1' });
  ok(await m.request({ type: 'settings', mode: 'post', blockedWords: ['Мошенн*', 'кот', 'кот', ' '] }));
  const qa = await v.waitEvent((e) => e.type === 'qa');
  expect(qa.qa).toEqual({ open: true, mode: 'post', slowModeSeconds: 0 });
  expect(m.events.find((e) => e.type === 'qa').qa.blockedWords).toEqual(['мошенн*', 'кот']);

  expect(ok(await v.ask('Про котлеты можно?')).state).toBe('approved');
  const held = ok(await v.ask('Это МОШЕННИКИ?'));
  expect(held.state).toBe('pending');
  const heldSeen = await m.waitEvent((e) => e.question?.id === held.id);
  expect(heldSeen.question).toMatchObject({ heldFor: 'blocked_word', blockedWords: ['мошенн*'] });

  ok(await m.request({ type: 'settings', slowModeSeconds: 30 }));
  const slowed = await v.ask('Ещё один');
  expect(slowed).toMatchObject({ type: 'error', code: 'slow_mode' });
  expect(slowed.retryAfter).toBeGreaterThan(25);
  ok(await m.request({ type: 'settings', slowModeSeconds: 0 }));

  // timeout: this identity only, for the given time
  const t1 = ok(await v.ask('Перед таймаутом'));
  expect((await m.request({ type: 'timeout', questionId: t1.id, seconds: 5 })).code).toBe('invalid_field');
  const to = ok(await m.request({ type: 'timeout', questionId: t1.id, seconds: 60, reason: 'флуд' }));
  const timedOut = await v.ask('Во время таймаута');
  expect(timedOut.code).toBe('timed_out');
  expect(timedOut.retryAfter).toBeGreaterThan(50);
  ok(await m.request({ type: 'unban', sanctionId: to.id }));
  expect((await m.request({ type: 'unban', sanctionId: to.id })).code).toBe('unknown_sanction');

  // ban: questions hidden, new ones refused, a fresh cookie from the same address too
  const other = await open(id, { session: await w.viewer(), ip: '10.3.0.9' });
  const before = ok(await v.ask('До бана'));
  await other.waitEvent((e) => e.question?.id === before.id);
  const ban = ok(await m.request({ type: 'ban', questionId: before.id, reason: 'спам' }));
  await other.waitFor((mm) => mm.type === 'events' && mm.to >= ban.seq, 5000, true);
  expect(questionsOf(other).has(before.id)).toBe(false);
  const [{ n }] = await w.t.efir.db.query<any>(
    `select count(*)::int as n from qa_questions q join qa_questions b on b.viewer_id = q.viewer_id
      where b.id = $1 and q.state in ('approved', 'pending')`,
    [before.id]
  );
  expect(n).toBe(0);
  expect((await v.ask('После бана')).code).toBe('banned');
  expect((await v.request({ type: 'vote', questionId: before.id, up: true })).code).toBe('banned');
  const fresh = await open(id, { session: await w.viewer(), ip: '10.3.0.1' });
  expect((await fresh.ask('Новая кука, тот же адрес')).code).toBe('banned');
  // …while the sanction shows on the console with its author key
  expect(m.events.filter((e) => e.type === 'sanction').map((e) => e.sanction.kind)).toEqual(['timeout', 'timeout', 'ban']);
  expect(other.events.some((e) => e.type === 'sanction')).toBe(false);

  // back to pre-moderation
  ok(await m.request({ type: 'settings', mode: 'pre' }));
  expect(ok(await other.ask('Снова премодерация')).state).toBe('pending');
  const snapshot = (await open(id, { session: w.moderator })).welcome.snapshot;
  expect(snapshot.sanctions.map((s: any) => s.kind)).toEqual(['ban']);
  expect(snapshot.broadcast.qa).toEqual({ open: true, mode: 'pre', slowModeSeconds: 0, blockedWords: ['мошенн*', 'кот'] });
});

test('the number watching counts every socket of the broadcast', async () => {
  const id = await w.newBroadcast();
  const a = await open(id, { session: await w.viewer() });
  await open(id, { session: await w.viewer() });
  await open(id, { session: await w.viewer() });
  const p = await a.waitFor((m) => m.type === 'presence' && m.watching === 3, 8000, true);
  expect(p.watching).toBe(3);
});
