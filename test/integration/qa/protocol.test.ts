/**
 * The protocol against a real server: join, ask, vote, acknowledgements after the database write,
 * visibility per audience, every kind of bad input answered with its code, limits, resume.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { QaClient, questionsOf, ref } from './helpers.ts';
import { startQaWorld, type QaWorld } from './setup.ts';

let w: QaWorld;
const open: QaWorld['open'] = (id, opts) => w.open(id, opts);

beforeAll(async () => {
  w = await startQaWorld();
});
afterAll(async () => {
  await w?.close();
});

describe('asking and voting', () => {
  test('a question is acknowledged after it is stored, shown to the author and moderators only until approved', async () => {
    const id = await w.newBroadcast();
    const mod = await open(id, { session: w.moderator });
    const author = await open(id, { session: await w.viewer() });
    const other = await open(id, { session: await w.viewer() });
    expect(mod.welcome.moderator).toBe(true);
    expect(author.welcome.moderator).toBe(false);
    expect(author.welcome.snapshot.broadcast.qa).toEqual({ open: true, mode: 'pre', slowModeSeconds: 0 });

    const ack = await author.ask('  Как продлить патент,\u0000 если\u202E работодатель сменился?  ', { name: 'Dilshod' });
    expect(ack.type).toBe('ack');
    expect(ack.state).toBe('pending');
    // Durable before the ack: the row is there the moment the ack arrived.
    const [row] = await w.t.efir.db.query<any>('select text, state, author_name from qa_questions where id = $1', [ack.id]);
    expect(row).toEqual({ text: 'Как продлить патент, если работодатель сменился?', state: 'pending', author_name: 'Dilshod' });

    const seen = await author.waitEvent((e) => e.type === 'question' && e.question.id === ack.id);
    expect(seen.question).toMatchObject({ state: 'pending', mine: true });
    const modSeen = await mod.waitEvent((e) => e.type === 'question' && e.question.id === ack.id);
    expect(modSeen.question).toMatchObject({ state: 'pending', heldFor: 'premoderation', originalText: null });
    expect(modSeen.question.author).toMatch(/^[\w-]{10}$/);

    const approved = await mod.request({ type: 'approve', questionId: ack.id });
    expect(approved).toMatchObject({ type: 'ack', id: ack.id, state: 'approved' });
    const pub = await other.waitEvent((e) => e.type === 'question' && e.question.id === ack.id);
    expect(pub.question).toMatchObject({ state: 'approved', name: 'Dilshod', votes: 0 });
    expect(pub.question).not.toHaveProperty('author');
    expect(pub.question).not.toHaveProperty('originalText');
    // The other viewer never saw it pending: its first event about the question is the approval.
    expect(other.events.filter((e) => e.question?.id === ack.id).map((e) => e.question.state)).toEqual(['approved']);
    for (const c of [mod, author, other]) {
      expect(c.gaps).toEqual([]);
      expect(c.schemaErrors).toEqual([]);
    }
  });

  test('text is stored as typed (NFC, no controls) and markup stays text', async () => {
    const id = await w.newBroadcast();
    await w.t.efir.qa.service.repo.db.query(`update broadcasts set qa_mode = 'post' where id = $1`, [id]);
    const v = await open(id, { session: await w.viewer() });
    const decomposed = 'Ro\u0219ia: c\u0103s\u0103tori\u0301e? o\u02BBzbek <b>bold</b> <script>x</script>';
    const ack = await v.ask(decomposed.normalize('NFD'), { lang: 'ro' });
    expect(ack.state).toBe('approved');
    const [row] = await w.t.efir.db.query<any>('select text from qa_questions where id = $1', [ack.id]);
    expect(row.text).toBe(decomposed.normalize('NFC'));
    expect(row.text).toContain('<script>x</script>');
  });

  test('votes: one per viewer, can be taken back, counts right under concurrent votes, never on pending ones', async () => {
    const id = await w.newBroadcast();
    const mod = await open(id, { session: w.moderator });
    const author = await open(id, { session: await w.viewer() });
    const q = await author.ask('Сколько стоит патент в Москве?');
    const early = await author.request({ type: 'vote', questionId: q.id, up: true });
    expect(early).toMatchObject({ type: 'error', code: 'not_votable', field: 'questionId' });
    expect((await author.request({ type: 'vote', questionId: 'nope', up: true })).code).toBe('unknown_question');
    await mod.request({ type: 'approve', questionId: q.id });

    const voters = await Promise.all(Array.from({ length: 12 }, async (_, i) => open(id, { session: await w.viewer(), ip: `10.1.0.${i}` })));
    const acks = await Promise.all(voters.flatMap((v) => [v.request({ type: 'vote', questionId: q.id, up: true }), v.request({ type: 'vote', questionId: q.id, up: true })]));
    expect(acks.every((a) => a.type === 'ack' && a.voted === true)).toBe(true);
    const [{ votes }] = await w.t.efir.db.query<any>('select votes from qa_questions where id = $1', [q.id]);
    const [{ n }] = await w.t.efir.db.query<any>('select count(*)::int as n from qa_votes where question_id = $1', [q.id]);
    expect(votes).toBe(12);
    expect(n).toBe(12);
    const down = await voters[0]!.request({ type: 'vote', questionId: q.id, up: false });
    expect(down).toMatchObject({ type: 'ack', votes: 11, voted: false });
    await author.waitFor((m) => m.type === 'events' && m.to >= down.seq, 10_000, true);
    expect(questionsOf(author).get(q.id).votes).toBe(11);
    // A rejected question cannot be voted on.
    await mod.request({ type: 'reject', questionId: q.id });
    expect((await voters[1]!.request({ type: 'vote', questionId: q.id, up: true })).code).toBe('not_votable');
    for (const v of voters) expect(v.gaps).toEqual([]);
  });

  test('a retried ask with the same ref is the same question', async () => {
    const id = await w.newBroadcast();
    const v = await open(id, { session: await w.viewer() });
    const r = ref();
    const a = await v.request({ type: 'ask', ref: r, text: 'Нужна ли регистрация?', lang: 'ru' });
    const b = await v.request({ type: 'ask', ref: r, text: 'Нужна ли регистрация?', lang: 'ru' });
    expect(b.id).toBe(a.id);
    const [{ n }] = await w.t.efir.db.query<any>('select count(*)::int as n from qa_questions where broadcast_id = $1', [id]);
    expect(n).toBe(1);
  });
});

describe('bad input gets an error with a stable code, and the socket keeps serving', () => {
  test('malformed frames', async () => {
    const id = await w.newBroadcast();
    const v = await open(id, { session: await w.viewer(), hello: false });
    const next = () => v.waitFor((m) => m.type === 'error');
    const cases: [unknown, string, string?][] = [
      ['{"type":"ask",', 'bad_json'],
      ['[1,2]', 'bad_message'],
      ['{"text":"x"}', 'bad_message'],
      [{ type: 'shout', ref: 'a' }, 'unknown_type'],
      [{ type: 'ask', ref: 'a', text: 'x', lang: 'ru' }, 'hello_first'],
      [{ type: 'hello', v: 'one' }, 'invalid_field', 'v'],
      [{ type: 'hello', v: 1, extra: true }, 'invalid_field', 'extra'],
      [{ type: 'hello', v: 2 }, 'unsupported_version', 'v'],
      [Buffer.from([1, 2, 3]), 'binary_frame'],
      ['{"type":"ping","t":"' + 'x'.repeat(9000) + '"}', 'frame_too_large']
    ];
    for (const [frame, code, field] of cases) {
      const reply = next();
      if (Buffer.isBuffer(frame)) v.ws.send(frame, { binary: true });
      else v.send(frame);
      const e = await reply;
      expect(e.code, JSON.stringify(frame).slice(0, 80)).toBe(code);
      expect(e.message.length).toBeGreaterThan(5);
      if (field) expect(e.field).toBe(field);
    }
    v.send({ type: 'hello', v: 1 });
    await v.waitFor((m) => m.type === 'welcome');
    const again = v.waitFor((m) => m.type === 'error');
    v.send({ type: 'hello', v: 1 });
    expect((await again).code).toBe('already_joined');
    const wrong: [Record<string, unknown>, string, string?][] = [
      [{ type: 'ask', text: 42, lang: 'ru' }, 'invalid_field', 'text'],
      [{ type: 'ask', text: 'x', lang: 'fr' }, 'invalid_field', 'lang'],
      [{ type: 'vote', questionId: 'q', up: 'yes' }, 'invalid_field', 'up'],
      [{ type: 'ask', text: '   \u0007  ', lang: 'ru' }, 'empty_text', 'text'],
      [{ type: 'ask', text: 'я'.repeat(501), lang: 'ru' }, 'text_too_long', 'text'],
      [{ type: 'approve', questionId: 'q' }, 'forbidden'],
      [{ type: 'settings', open: false }, 'forbidden']
    ];
    for (const [msg, code, field] of wrong) {
      const e = await v.request(msg);
      expect(e.code, JSON.stringify(msg)).toBe(code);
      if (field) expect(e.field).toBe(field);
    }
    expect((await v.ask('Всё ещё работает?')).type).toBe('ack');
    expect(v.schemaErrors).toEqual([]);
  });

  test('a frame over the hard limit closes the socket with 1009; the server still serves', async () => {
    const id = await w.newBroadcast();
    const v = await open(id, { session: await w.viewer() });
    v.send('x'.repeat(w.t.efir.qa.limits.hardFrameBytes + 10));
    expect(await v.closed).toBe(1009);
    const again = await open(id, { session: await w.viewer() });
    expect((await again.ask('Снова здесь')).type).toBe('ack');
  });

  test('a moderator without the CSRF token is a viewer', async () => {
    const id = await w.newBroadcast();
    const m = await open(id, { session: w.moderator, csrf: false });
    expect(m.welcome.moderator).toBe(false);
    expect((await m.request({ type: 'settings', open: false })).code).toBe('forbidden');
  });

  test('a closed Q&A refuses questions and votes', async () => {
    const id = await w.newBroadcast();
    const mod = await open(id, { session: w.moderator });
    const v = await open(id, { session: await w.viewer() });
    const q = await v.ask('До закрытия');
    await mod.request({ type: 'approve', questionId: q.id });
    await mod.request({ type: 'settings', open: false });
    await v.waitEvent((e) => e.type === 'qa' && e.qa.open === false);
    expect((await v.ask('После закрытия')).code).toBe('qa_closed');
    expect((await v.request({ type: 'vote', questionId: q.id, up: true })).code).toBe('qa_closed');
  });
});

describe('limits', () => {
  test('per-identity and per-IP question rates, flood and connections per IP', async () => {
    const { limits } = w.t.efir.qa;
    const saved = { ...limits };
    try {
      Object.assign(limits, { askBurst: 2, asksPerMinute: 1, askBurstPerIp: 3, asksPerMinutePerIp: 1 });
      const id = await w.newBroadcast();
      const a = await open(id, { session: await w.viewer(), ip: '10.9.0.1' });
      expect((await a.ask('Первый')).type).toBe('ack');
      expect((await a.ask('Второй')).type).toBe('ack');
      const limited = await a.ask('Третий');
      expect(limited).toMatchObject({ code: 'rate_limited' });
      expect(limited.retryAfter).toBeGreaterThan(0);
      // A fresh cookie from the same address: the per-IP limit still holds.
      const b = await open(id, { session: await w.viewer(), ip: '10.9.0.1' });
      expect((await b.ask('Четвёртый')).type).toBe('ack');
      expect((await b.ask('Пятый')).code).toBe('rate_limited');

      Object.assign(limits, { messagesPerSecond: 1, messageBurst: 5, floodCloseAfter: 20 });
      const f = await open(id, { session: await w.viewer(), ip: '10.9.0.2' });
      for (let i = 0; i < 40; i++) f.send({ type: 'ping' });
      expect(await f.closed).toBe(4029);
      expect(f.messages.filter((m) => m.type === 'error' && m.code === 'rate_limited').length).toBeGreaterThan(5);

      Object.assign(limits, saved, { connectionsPerIp: 2 });
      await open(id, { session: await w.viewer(), ip: '10.9.0.3' });
      await open(id, { session: await w.viewer(), ip: '10.9.0.3' });
      const third = await open(id, { session: await w.viewer(), ip: '10.9.0.3', hello: false });
      const e = await third.waitFor((m) => m.type === 'error', 5000, true);
      expect(e.code).toBe('too_many_connections');
      expect(await third.closed).toBe(4029);
    } finally {
      Object.assign(limits, saved);
    }
  });

  test('a slow reader is closed with 4008 and resumes by seq without gap; the others are not held up', async () => {
    const { limits } = w.t.efir.qa;
    const saved = { ...limits };
    Object.assign(limits, { sendBufferBytes: 256 * 1024, slowConsumerGraceMs: 1500 });
    try {
      const id = await w.newBroadcast();
      const mod = await open(id, { session: w.moderator });
      const slow = await open(id, { session: await w.viewer() });
      const fast = await open(id, { session: await w.viewer() });
      slow.ws._socket.pause();
      // Counted before the flood: on a loaded machine the server may cut the slow reader off while the
      // fast one is still catching up, before the check below begins.
      const before = w.t.efir.qa.connectionCount;
      // ~10 MB of events, more than the kernel's socket buffers hold: written straight into the
      // event log (as if published by an instance that then lost its Redis), then one real action;
      // the room sees the hole and reads the events back from the database.
      const db = w.t.efir.db;
      const [{ last_seq }] = await db.query<any>('select last_seq from broadcasts where id = $1', [id]);
      const n = 5000;
      const pad = 'ж'.repeat(1000);
      await db.query(
        `insert into qa_events (broadcast_id, seq, mod, pub)
         select $1, $2::bigint + g, jsonb_build_object('seq', $2::bigint + g, 'type', 'votes', 'counts', jsonb_build_object('pad', 0), 'pad', $3::text),
                jsonb_build_object('seq', $2::bigint + g, 'type', 'votes', 'counts', jsonb_build_object('pad', 0), 'pad', $3::text)
           from generate_series(1, $4::int) g`,
        [id, last_seq, pad, n]
      );
      await db.query('update broadcasts set last_seq = last_seq + $2 where id = $1', [id, n]);
      await mod.request({ type: 'settings', slowModeSeconds: 5 });
      const finalSeq = last_seq + n + 1;
      await fast.waitFor((m) => m.type === 'events' && m.to >= finalSeq, 30_000, true);
      expect(fast.gaps).toEqual([]);
      // The server cuts it off while it is still not reading (it cannot know why it stalls).
      for (let i = 0; i < 300 && w.t.efir.qa.connectionCount === before; i++) await new Promise((r) => setTimeout(r, 50));
      expect(w.t.efir.qa.connectionCount).toBe(before - 1);
      slow.ws._socket.resume();
      expect(await slow.closed).toBe(4008);
      expect(slow.closeReason).toMatch(/slow consumer/);
      expect(slow.lastSeq).toBeLessThan(finalSeq);
      const resumed = await open(id, { session: await w.viewer(), since: slow.lastSeq });
      expect(resumed.welcome.resumed).toBe(true);
      await resumed.waitFor((m) => m.type === 'events' && m.to >= finalSeq, 30_000, true);
      expect(resumed.gaps).toEqual([]);
      expect([...slow.seqs, ...resumed.seqs]).toEqual(Array.from({ length: finalSeq - last_seq }, (_, i) => last_seq + 1 + i));
    } finally {
      Object.assign(limits, saved);
    }
  });
});

describe('resume', () => {
  test('a client that reconnects with since gets exactly what it missed; a new joiner gets a snapshot', async () => {
    const id = await w.newBroadcast();
    await w.t.efir.db.query(`update broadcasts set qa_mode = 'post' where id = $1`, [id]);
    const mod = await open(id, { session: w.moderator });
    const session = await w.viewer();
    const v = await open(id, { session });
    const asker = await open(id, { session: await w.viewer() });
    const first = await asker.ask('Первый вопрос');
    await v.waitEvent((e) => e.question?.id === first.id);
    const since = v.lastSeq;
    await v.close();
    const missed: string[] = [];
    for (let i = 0; i < 5; i++) missed.push((await asker.ask(`Пропущенный ${i}`, { ref: `m${i}-${id}` })).id);
    await mod.request({ type: 'pin', questionId: missed[2] });
    const back = await open(id, { session, since });
    expect(back.welcome).toMatchObject({ resumed: true, seq: since });
    expect(back.welcome.snapshot).toBeUndefined();
    await back.waitEvent((e) => e.type === 'onair' && e.questionId === missed[2]);
    expect(back.events.filter((e) => e.type === 'question').map((e) => e.question.id)).toEqual(missed);
    expect(back.gaps).toEqual([]);
    expect(back.seqs[0]).toBe(since + 1);

    const fresh = await open(id, { session: await w.viewer() });
    expect(fresh.welcome.resumed).toBe(false);
    expect(fresh.welcome.snapshot.questions.map((q: any) => q.id).sort()).toEqual([first.id, ...missed].sort());
    expect(fresh.welcome.snapshot.broadcast.onAirQuestionId).toBe(missed[2]);
    expect(fresh.welcome.seq).toBe(back.lastSeq);
    // From the future (a database restored from backup) or too far back: a snapshot.
    const future = await open(id, { session: await w.viewer(), since: 10_000_000 });
    expect(future.welcome.resumed).toBe(false);
  });

  test('requests sent right after hello, before the welcome, are not lost', async () => {
    const id = await w.newBroadcast();
    const session = await w.viewer();
    const c = await open(id, { session, hello: false });
    const r1 = ref();
    c.ws.send(JSON.stringify({ type: 'hello', v: 1 }) );
    c.ws.send(JSON.stringify({ type: 'ask', ref: r1, text: 'Сразу после hello', lang: 'tg' }));
    const ack = await c.waitFor((m) => m.ref === r1);
    expect(ack.type).toBe('ack');
    expect(c.messages.findIndex((m) => m.type === 'welcome')).toBeLessThan(c.messages.indexOf(ack));
  });
});

test('the broadcasts API', async () => {
  const { api } = await import('../api/helpers.ts');
  const v = await w.viewer();
  expect((await api(w.t, v, 'POST', '/api/broadcasts', { title: 'x' })).status).toBe(403);
  expect((await api(w.t, w.producer, 'POST', '/api/broadcasts', { title: '' })).body.error.field).toBe('body.title'.replace('body.', ''));
  const id = await w.newBroadcast('Амнистия');
  const live = await api(w.t, w.producer, 'POST', `/api/broadcasts/${id}/start`);
  expect(live.body.state).toBe('live');
  expect((await api(w.t, v, 'GET', `/api/broadcasts/${id}`)).body.qa.blockedWords).toBeUndefined();
  expect((await api(w.t, v, 'GET', '/api/broadcasts/nope')).status).toBe(404);
  expect((await api(w.t, v, 'GET', `/api/broadcasts/${id}/audit`)).status).toBe(403);
  expect((await api(w.t, w.moderator, 'GET', `/api/broadcasts/${id}/audit`)).body.items[0].action).toBe('start');
  const ws = new WebSocket(`${w.t.baseUrl.replace('http', 'ws')}/api/broadcasts/nope/qa`, { headers: { cookie: v.cookie } });
  const c = new QaClient(ws);
  await new Promise((r) => ws.once('open', r));
  c.send({ type: 'hello', v: 1 });
  expect((await c.waitFor((m) => m.type === 'error')).code).toBe('unknown_broadcast');
  expect(await c.closed).toBe(4004);
});
