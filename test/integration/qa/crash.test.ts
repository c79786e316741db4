/**
 * The server is SIGKILLed while viewers post, then started again on the same database: every
 * acknowledged question is there, retried asks (same ref) are not doubled, and every client
 * resumes from its last seq with no gap and no duplicate.
 * With DATABASE_URL, PostgreSQL; without, PGlite in a data directory reopened after the kill.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { QaClient } from './helpers.ts';
import { freshDatabase, tempDir, testRedisUrl, uniquePrefix } from '../../helpers/env.ts';
import { newId } from '../../../server/ids.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.join(here, 'server-process.ts'), [], {
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  cleanups.push(async () => void child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    child.once('message', (m: any) => resolve({ child, url: `http://127.0.0.1:${m.port}` }));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function viewerCookie(url: string): Promise<{ cookie: string; csrf: null; userId: null }> {
  const res = await fetch(`${url}/api/auth/me`);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: null, userId: null };
}

test('SIGKILL while viewers post: nothing acknowledged is lost, clients resume without gap or duplicate', async () => {
  const dataDir = tempDir();
  const db = await freshDatabase(dataDir);
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }), db.drop);
  const broadcastId = newId();
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix(),
    LOG_LEVEL: 'warn',
    PORT: '0',
    TRUST_PROXY: 'loopback',
    QA_TEST_BROADCAST: broadcastId,
    QA_ASKS_PER_MINUTE: '100000',
    QA_ASK_BURST: '10000',
    QA_ASKS_PER_MINUTE_PER_IP: '100000',
    QA_ASK_BURST_PER_IP: '10000',
    ...(db.url ? { DATABASE_URL: db.url } : {})
  };
  let server = await start(env);

  // Viewers that post as fast as their acks come back, and one that only watches.
  const sessions = await Promise.all([0, 1, 2, 3].map(() => viewerCookie(server.url)));
  const watcherSession = await viewerCookie(server.url);
  const askers = await Promise.all(sessions.map((s) => QaClient.connect(server.url, broadcastId, { session: s })));
  const watcher = await QaClient.connect(server.url, broadcastId, { session: watcherSession });
  const acked = new Map<string, string>(); // ref -> question id
  const unacked = new Map<number, { ref: string; text: string }>(); // asker -> the ask in flight at the kill
  let n = 0;
  const loops = askers.map(async (c, i) => {
    while (c.closeCode === null) {
      const ref = `c${i}-${++n}`;
      const text = `Вопрос ${ref}`;
      unacked.set(i, { ref, text });
      const reply = await Promise.race([c.ask(text, { ref }), c.closed.then(() => null)]);
      if (!reply) return;
      expect(reply.type).toBe('ack');
      acked.set(ref, reply.id);
      unacked.delete(i);
    }
  });
  // Killed once a dozen questions are acknowledged: waited for rather than a fixed 1.5 s, which on a
  // busy machine (the two integration passes side by side) was sometimes too few acks to test.
  for (const deadline = Date.now() + 30_000; acked.size <= 10 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
  server.child.kill('SIGKILL');
  await Promise.all(loops);
  expect(acked.size).toBeGreaterThan(10);

  server = await start(env);
  // Every acknowledged question is stored.
  const stored = await (await fetch(`${server.url}/api/broadcasts/${broadcastId}/questions`)).json();
  const ids = new Set(stored.questions.map((q: any) => q.id));
  for (const [ref, id] of acked) expect(ids.has(id), `acked ${ref} (${id}) lost`).toBe(true);

  // Clients come back with their last seq; the asks in flight at the kill are sent again (same ref).
  const resumed = await Promise.all(askers.map((c, i) => QaClient.connect(server.url, broadcastId, { session: sessions[i], since: c.lastSeq })));
  const watcher2 = await QaClient.connect(server.url, broadcastId, { session: watcherSession, since: watcher.lastSeq });
  for (const c of [...resumed, watcher2]) expect(c.welcome.resumed).toBe(true);
  const retried = await Promise.all([...unacked].map(([i, a]) => resumed[i]!.ask(a.text, { ref: a.ref })));
  for (const r of retried) expect(r.type).toBe('ack');
  const total = await (await fetch(`${server.url}/api/broadcasts/${broadcastId}`)).json();
  await Promise.all([...resumed, watcher2].map((c) => c.waitFor(() => c.lastSeq >= total.lastSeq, 10_000, true).catch(() => {})));

  // Before and after the kill together: every seq exactly once, in order.
  const everySeq = Array.from({ length: total.lastSeq }, (_, i) => i + 1);
  expect([...watcher.seqs, ...watcher2.seqs]).toEqual(everySeq);
  for (const [i, c] of askers.entries()) {
    expect([...c.seqs, ...resumed[i]!.seqs]).toEqual(everySeq);
    expect(c.gaps).toEqual([]);
    expect(resumed[i]!.gaps).toEqual([]);
  }
  // …and one question per ref: the retried ones were not stored twice.
  const after = await (await fetch(`${server.url}/api/broadcasts/${broadcastId}/questions`)).json();
  expect(after.questions.length).toBe(total.lastSeq);
  expect(after.questions.length).toBe(acked.size + retried.length);
  for (const c of [...resumed, watcher2]) await c.close();
  server.child.kill('SIGTERM');
}, 120_000);
