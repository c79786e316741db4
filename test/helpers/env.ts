/**
 * What integration tests connect to: the Redis and PostgreSQL that scripts/test.ts chose
 * (REDIS_URL; DATABASE_URL for the PostgreSQL pass, unset for the PGlite pass).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

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
 * start from an empty schema; without it, null: the caller uses PGlite in its temp data dir.
 */
export async function freshDatabase(): Promise<{ url: string | null; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) return { url: null, drop: async () => {} };
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
