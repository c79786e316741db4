/**
 * What integration tests connect to: the Redis and PostgreSQL that scripts/test.ts chose
 * (REDIS_URL; DATABASE_URL for the PostgreSQL pass, unset for the PGlite pass).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { dataPaths } from '../../config/index.ts';
import { openDb } from '../../server/db/index.ts';
import { listMigrations, migrate } from '../../server/db/migrate.ts';
import { ROOT } from '../../scripts/lib/processes.ts';

export function testRedisUrl(): string {
  return process.env.REDIS_URL || 'redis://127.0.0.1:6379';
}

export function tempDir(prefix = 'efir-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A unique BullMQ prefix, so parallel and repeated runs never see each other's jobs. */
export function uniquePrefix(): string {
  return `efirtest-${crypto.randomBytes(4).toString('hex')}`;
}

/**
 * With DATABASE_URL set, a fresh database per caller (dropped by the returned cleanup), so tests
 * start from an empty schema; without it, null: the caller's Efir uses PGlite in `dataDir`, where
 * this puts a copy of a migrated template (pgliteTemplate), so it opens an existing cluster instead
 * of running initdb (5 s of WebAssembly for every test Efir, most of the PGlite pass's extra time).
 */
export async function freshDatabase(dataDir: string): Promise<{ url: string | null; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    fs.cpSync(await pgliteTemplate(), dataPaths(dataDir).db, { recursive: true });
    return { url: null, drop: async () => {} };
  }
  const name = `efir_test_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  };
}

/**
 * A PGlite data directory with every migration applied, made once per PGlite version and migration
 * set (the name carries a hash of both) in the system's temp folder, and shared by the test runs of
 * this machine: made aside and renamed into place, so a run that finds it finds it whole.
 */
async function pgliteTemplate(): Promise<string> {
  const migrations = listMigrations();
  const hash = crypto.createHash('sha256');
  hash.update(JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version);
  for (const m of migrations) hash.update(`\0${m.name}\0${m.sql}`);
  const prefix = 'efir-pglite-template-';
  const dir = path.join(os.tmpdir(), `${prefix}${hash.digest('hex').slice(0, 16)}`);
  if (fs.existsSync(dir)) return dir;
  const aside = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-pglite-making-'));
  try {
    const db = await openDb({ databaseUrl: null, pgliteDir: path.join(aside, 'db') });
    try {
      await migrate(db, migrations);
    } finally {
      await db.close();
    }
    fs.renameSync(path.join(aside, 'db'), dir);
  } catch (err) {
    if (!fs.existsSync(dir)) throw err; // another run made it meanwhile: use theirs
  } finally {
    fs.rmSync(aside, { recursive: true, force: true });
  }
  // Templates of other migration sets are of no further use once an hour old (a run of another
  // checkout may still be copying a newer one).
  for (const f of fs.readdirSync(os.tmpdir())) {
    const other = path.join(os.tmpdir(), f);
    if (f.startsWith(prefix) && other !== dir && Date.now() - fs.statSync(other).mtimeMs > 3_600_000) fs.rmSync(other, { recursive: true, force: true });
  }
  return dir;
}
