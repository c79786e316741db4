/**
 * `npm run user:add` as an admin runs it, a real process on a real database (issue 10, item 10):
 * the password policy holds for new and existing accounts, the role given is applied and reported,
 * and a password change ends the account's sessions.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import argon2 from 'argon2';
import { freshDatabase, tempDir } from '../../helpers/env.ts';
import { ROOT } from '../../../scripts/lib/processes.ts';
import { dataPaths } from '../../../config/index.ts';
import { openDb, type Db } from '../../../server/db/index.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { SessionsRepository } from '../../../server/repositories/sessions.ts';
import { UsersRepository } from '../../../server/repositories/users.ts';

function userAdd(args: string[], password: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/user-add.ts'), ...args], {
      cwd: ROOT,
      env: { ...env, EFIR_PASSWORD: password }
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let dataDir: string;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let env: NodeJS.ProcessEnv;

/** The database between runs (PGlite is one process at a time: opened, used, closed). */
async function withDb<T>(fn: (d: Db) => Promise<T>): Promise<T> {
  const d = await openDb({ databaseUrl: db.url, pgliteDir: dataPaths(dataDir).db });
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

beforeAll(async () => {
  dataDir = tempDir('efir-user-add-');
  db = await freshDatabase(dataDir);
  env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(db.url ? { DATABASE_URL: db.url } : {}) };
  if (!db.url) delete env.DATABASE_URL;
  // The schema as Efir has it: the first test's refusals never open the database, so nothing else
  // would migrate a fresh PostgreSQL database before it is read (PGlite's template is migrated).
  await withDb((d) => migrate(d));
  delete env.ADMIN_EMAIL;
  delete env.ADMIN_PASSWORD;
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a new account: a short or common password is refused and nothing is created', async () => {
  for (const weak of ['short', 'Password1']) {
    const r = await userAdd(['new@example.test', 'admin'], weak);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/weak_password: password: (must be at least 8 characters|is one of the most common passwords)/);
  }
  expect(await withDb((d) => new UsersRepository(d).findByEmailWithHash('new@example.test'))).toBeNull();
});

test('an existing account: the role given is applied and reported, a new password ends its sessions, a weak one changes nothing', async () => {
  const created = await userAdd(['Editor@Example.test', 'producer', 'Editor'], 'first long password');
  expect(created.code, created.stderr).toBe(0);
  expect(JSON.parse(created.stdout)).toMatchObject({ email: 'editor@example.test', role: 'producer', created: true });

  const userId = JSON.parse(created.stdout).id as string;
  const sessionIds = await withDb(async (d) => {
    const s = new SessionsRepository(d);
    return [(await s.create(userId)).id, (await s.create(userId)).id];
  });

  // A weak password on an existing account: refused before anything is touched (role too).
  const weak = await userAdd(['editor@example.test', 'moderator'], '12345678');
  expect(weak.code).toBe(1);
  expect(weak.stderr).toContain('weak_password');
  await withDb(async (d) => {
    const u = await new UsersRepository(d).findByEmailWithHash('editor@example.test');
    expect(u!.role).toBe('producer');
    expect(await argon2.verify(u!.passwordHash, 'first long password')).toBe(true);
    for (const id of sessionIds) expect(await new SessionsRepository(d).find(id)).not.toBeNull();
  });

  // Same password, another role: the role changes (said on stderr), the sessions stay.
  const role = await userAdd(['editor@example.test', 'moderator'], 'first long password');
  expect(role.code, role.stderr).toBe(0);
  expect(JSON.parse(role.stdout)).toMatchObject({ role: 'moderator', created: false, passwordChanged: false, roleChangedFrom: 'producer', sessionsEnded: 0 });
  expect(role.stderr).toContain('role changed from producer to moderator');

  // A new password: set, and every session of the account ended.
  const reset = await userAdd(['editor@example.test', 'moderator'], 'second long password');
  expect(reset.code, reset.stderr).toBe(0);
  expect(JSON.parse(reset.stdout)).toMatchObject({ role: 'moderator', passwordChanged: true, roleChangedFrom: null, sessionsEnded: 2 });
  await withDb(async (d) => {
    const u = await new UsersRepository(d).findByEmailWithHash('editor@example.test');
    expect(u!.role).toBe('moderator');
    expect(await argon2.verify(u!.passwordHash, 'second long password')).toBe(true);
    for (const id of sessionIds) expect(await new SessionsRepository(d).find(id)).toBeNull();
  });
});
