/**
 * bench:login's Efir, in a process of its own (forked by login.ts with PASSWORD_HASH_CONCURRENCY in
 * its environment; its stdout goes to login.ts's stderr, so pino's logs never mix with the JSON
 * lines): the Fastify app without pages or worker (test/helpers/harness.ts), and one published
 * video whose revision holds the bench's segments, hard-linked from the fixture folder given as
 * argv[2] (one copy on disk for every run; the bench drops them from the page cache before each
 * phase).
 *
 * The process has libuv's thread pool to itself: argon2 and the file reads of /media share it here
 * as they do in production, and the bench's own client (another process) takes nothing from it.
 *
 * IPC: → {ready, baseUrl, mediaPath, segments, files, hashLimit, threadPool, database}; {cmd:'stats'} → {hashPeak};
 * {cmd:'close'} → closes everything and exits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startTestEfir } from '../../../test/helpers/harness.ts';
import { fakePublishedRevision } from '../../../test/integration/api/helpers.ts';

const fixtureDir = process.argv[2];
if (!fixtureDir) throw new Error('usage: efir.ts <fixture dir>');

const t = await startTestEfir({
  pages: false,
  worker: false,
  env: {
    PASSWORD_HASH_CONCURRENCY: process.env.PASSWORD_HASH_CONCURRENCY ?? '2',
    // Every bench login is a failure; the sign-in throttle must let each one reach argon2 (the
    // bench also gives each its own address and email).
    LOGIN_FAILURES_PER_IP: '100000',
    LOGIN_FAILURES_PER_ACCOUNT: '10000'
  }
});
let closing: Promise<void> | null = null;
const close = () => (closing ??= t.close().catch((err) => console.error('[bench:login efir] close failed:', err)));
process.on('disconnect', () => void close().finally(() => process.exit(0)));
process.on('SIGTERM', () => void close().finally(() => process.exit(0)));

const producer = await t.efir.auth.createUser({ email: 'bench-login@example.test', displayName: 'Bench', role: 'producer', password: 'bench-login-password' });
const video = await t.efir.videos.createDraft({ ownerId: producer.id, title: 'bench:login', description: 'segments for bench:login' });
const revDir = await fakePublishedRevision(t, video.id, 1);
const segments: string[] = [];
const files: string[] = [];
for (const name of fs.readdirSync(fixtureDir).sort()) {
  const to = path.join(revDir, 'video', '360p', name);
  try {
    fs.linkSync(path.join(fixtureDir, name), to);
  } catch {
    fs.copyFileSync(path.join(fixtureDir, name), to); // another file system: a copy (the bench still evicts the fixture's pages)
  }
  segments.push(`video/360p/${name}`);
  files.push(to);
}

process.send!({
  ready: true,
  baseUrl: t.baseUrl,
  mediaPath: `/media/${video.id}/1/`,
  segments,
  files,
  hashLimit: t.efir.auth.hashing.limit,
  threadPool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
  database: t.env.DATABASE_URL ? 'postgres' : 'pglite'
});

process.on('message', async (m: { cmd: string }) => {
  if (m.cmd === 'stats') process.send!({ hashPeak: t.efir.auth.hashing.peak });
  if (m.cmd === 'close') {
    await close();
    process.exit(0);
  }
});
