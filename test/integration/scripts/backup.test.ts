/**
 * npm run backup while Efir runs (its requests go on meanwhile), then npm run restore into an empty
 * data directory (and, on the PostgreSQL pass, an empty database): the Efir started there serves the
 * same library, the same media bytes, the same poster and signs cookies with the same secret.
 * With PGlite the running Efir holds the database; the backup gets its dump over the control socket.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { freshDatabase, tempDir, uniquePrefix } from '../../helpers/env.ts';
import { createDraft, fakePublishedRevision, signIn } from '../api/helpers.ts';
import { ROOT } from '../../../scripts/lib/processes.ts';
import { startControlSocket, type ControlSocket } from '../../../server/backup/control.ts';
import { loadConfig } from '../../../config/index.ts';
import { createEfir, type Efir } from '../../../server/context.ts';
import { buildApp } from '../../../server/app.ts';

let t: TestEfir;
let control: ControlSocket | null;
/** The restored Efir of the first test and its environment, for the second. */
let restored: { env: Record<string, string>; stop(): Promise<void> } | null = null;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  t = await startTestEfir({ worker: false });
  // What server/main.ts does after listening (PGlite only; null on PostgreSQL).
  control = await startControlSocket({ dataDir: t.dataDir, db: t.efir.db, log: t.efir.log });
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await control?.close();
  await t?.close();
});

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env }
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

async function get(baseUrl: string, url: string) {
  const res = await fetch(`${baseUrl}${url}`);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** An Efir on an existing data directory (and database), as `npm start` would open it. */
async function efirOn(env: Record<string, string>): Promise<{ efir: Efir; app: FastifyInstance; baseUrl: string; stop(): Promise<void> }> {
  const efir = await createEfir(loadConfig(env), { redisUrl: t.env.REDIS_URL, log: pino({ level: 'warn' }) });
  const app = await buildApp(efir, { pages: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
    await efir.close();
  };
  cleanups.push(stop);
  return { efir, app, stop, baseUrl: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

test('a backup taken while Efir runs restores into an empty data directory that serves the same library', async () => {
  const producer = await signIn(t, 'producer');
  const ids: string[] = [];
  for (const title of ['Патент: что нужно знать', 'Регистрация за 7 дней']) {
    const id = await createDraft(t, producer, title);
    await fakePublishedRevision(t, id);
    ids.push(id);
  }
  // An original under sources/ and a poster, as the studio and live pages leave them.
  const sourceFile = path.join(t.efir.paths.sources, ids[0]!, 'source.mp4');
  fs.mkdirSync(path.dirname(sourceFile), { recursive: true });
  fs.writeFileSync(sourceFile, Buffer.from('not really a video, but bytes to compare'));
  const poster = path.join(t.efir.paths.posters, 'b1', 'abc123.jpg');
  fs.mkdirSync(path.dirname(poster), { recursive: true });
  fs.writeFileSync(poster, Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]));

  const before = await get(t.baseUrl, '/api/videos');
  const segment = `/media/${ids[0]}/1/video/360p/seg0.ts`;
  const segBefore = await get(t.baseUrl, segment);
  expect(before.status).toBe(200);
  expect(segBefore.status).toBe(200);

  // The backup runs while this Efir serves requests.
  const backupDir = path.join(tempDir('efir-backup-'), 'backup');
  let serving = true;
  const load = (async () => {
    let n = 0;
    while (serving) {
      expect((await get(t.baseUrl, '/api/videos')).status).toBe(200);
      n++;
    }
    return n;
  })();
  const backup = await run('backup.ts', [backupDir], t.env);
  serving = false;
  expect(await load).toBeGreaterThan(0);
  expect(backup.code, backup.out).toBe(0);
  const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8'));
  expect(manifest.db).toBe(t.efir.db.kind);

  // A second backup into the same folder is refused rather than mixed with the first.
  expect((await run('backup.ts', [backupDir], t.env)).out).toMatch(/not empty/);

  const restoredDir = tempDir('efir-restored-');
  const db = t.env.DATABASE_URL ? await freshDatabase(restoredDir) : null;
  if (db) cleanups.push(db.drop);
  cleanups.push(async () => fs.rmSync(restoredDir, { recursive: true, force: true }));
  const env: Record<string, string> = {
    DATA_DIR: restoredDir,
    QUEUE_PREFIX: uniquePrefix(),
    LOG_LEVEL: 'warn',
    RTMP_PORT: '-1',
    ...(db?.url ? { DATABASE_URL: db.url } : {})
  };
  const restore = await run('restore.ts', [backupDir], env);
  expect(restore.code, restore.out).toBe(0);
  // Restoring again over what was just restored is refused.
  expect((await run('restore.ts', [backupDir], env)).out).toMatch(/already holds data/);

  const copy = await efirOn(env);
  const after = await get(copy.baseUrl, '/api/videos');
  expect(after.status).toBe(200);
  expect(JSON.parse(after.bytes.toString())).toEqual(JSON.parse(before.bytes.toString()));
  expect(JSON.parse(after.bytes.toString()).items.map((v: { id: string }) => v.id).sort()).toEqual([...ids].sort());
  for (const id of ids) {
    const [a, b] = [await get(t.baseUrl, `/api/videos/${id}`), await get(copy.baseUrl, `/api/videos/${id}`)];
    expect(b.status).toBe(200);
    expect(b.bytes.toString()).toBe(a.bytes.toString());
  }
  const segAfter = await get(copy.baseUrl, segment);
  expect(segAfter.status).toBe(200);
  expect(segAfter.bytes.equals(segBefore.bytes)).toBe(true);
  expect(fs.readFileSync(path.join(restoredDir, 'sources', ids[0]!, 'source.mp4')).equals(fs.readFileSync(sourceFile))).toBe(true);
  expect(fs.readFileSync(path.join(restoredDir, 'posters', 'b1', 'abc123.jpg')).equals(fs.readFileSync(poster))).toBe(true);
  expect(copy.efir.secret).toBe(t.efir.secret);
  // Accounts came back too: the producer signs in on the restored Efir.
  expect((await copy.efir.users.get(producer.userId!))?.role).toBe('producer');
  fs.rmSync(path.dirname(backupDir), { recursive: true, force: true });
  restored = { env, stop: copy.stop };
});

test('with Efir stopped, the backup of an embedded database opens it itself', async (ctx) => {
  if (t.efir.db.kind !== 'pglite' || !restored) return ctx.skip();
  await restored.stop();
  const dir = path.join(tempDir('efir-backup-'), 'stopped');
  cleanups.push(async () => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));
  const res = await run('backup.ts', [dir], restored.env);
  expect(res.code, res.out).toBe(0);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'))).toMatchObject({ db: 'pglite', dbFile: 'db.tar.gz' });
  expect(fs.statSync(path.join(dir, 'db.tar.gz')).size).toBeGreaterThan(0);
});
