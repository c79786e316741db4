/**
 * The database: PostgreSQL through `pg` when DATABASE_URL is set, else PGlite (real Postgres in WASM)
 * under dataDir/db. Both speak the same SQL with $1 parameters, so repositories never know which.
 * PGlite is one connection in one process: a lock file keeps a second process from opening it.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; a throw rolls everything back. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * A read that takes no lock, for a transaction about to start: call it before `transaction` and
   * the returned function inside. On PostgreSQL it runs at once on another pooled connection, while
   * the transaction's own connection sends BEGIN (one round trip less on the Q&A's hot paths; under
   * read committed a lock-free read before BEGIN sees what the same read after it would). PGlite
   * runs one statement at a time and has no round trips to save: there it runs inside, on `tx`.
   */
  beside<T>(read: (q: Queryable) => Promise<T>): (tx: Queryable) => Promise<T>;
  /**
   * PGlite only (PostgreSQL has pg_dump): its data directory as a gzipped tarball, taken between two
   * transactions, so a backup of a running Efir is consistent (npm run backup, server/backup/).
   */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl: string | null;
  /** Directory of the embedded database; ignored with databaseUrl. `memory://` for tests. */
  pgliteDir: string;
}

// int8 (count(*), sizes) as a JS number on both drivers: sizes stay far below 2^53.
const INT8_OID = 20;

export async function openDb(opts: DbOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.pgliteDir);
}

async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {}); // an idle client dropped by the server: the pool replaces it
  const types = { getTypeParser: (oid: number, format?: any) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) };
  const run = async <T>(client: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) =>
    (await client.query({ text: sql, values: params as any[], types: types as any })).rows as T[];
  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end();
    throw new Error(`Cannot connect to PostgreSQL at DATABASE_URL: ${(err as Error).message}`);
  }
  const onPool: Queryable = { query: (sql, params) => run(pool, sql, params), exec: async (sql) => void (await pool.query(sql)) };
  return {
    kind: 'postgres',
    ...onPool,
    beside(read) {
      const early = read(onPool);
      early.catch(() => {}); // awaited inside the transaction; a transaction that failed first never asks
      return () => early;
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => void (await client.query(sql))
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end()
  };
}

async function openPglite(dir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  // Search (migration 009) needs unaccent and pg_trgm; PGlite ships them as separate bundles.
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const inMemory = dir.startsWith('memory://');
  let releaseLock = () => {};
  if (!inMemory) {
    fs.mkdirSync(dir, { recursive: true });
    releaseLock = takeLock(path.join(path.dirname(dir), `${path.basename(dir)}.lock`));
  }
  let db: PGlite;
  try {
    db = await PGlite.create(inMemory ? undefined : dir, { parsers: { [INT8_OID]: Number }, extensions: { unaccent, pg_trgm } });
  } catch (err) {
    releaseLock();
    throw err;
  }
  // PGlite runs one statement at a time; a transaction holds it exclusively, so queries from other
  // requests wait for it rather than interleave.
  return {
    kind: 'pglite',
    query: async (sql, params) => (await db.query(sql, params as any[])).rows as any[],
    exec: async (sql) => void (await db.exec(sql)),
    beside: (read) => (tx) => read(tx),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async (sql, params) => (await tx.query(sql, params as any[])).rows as any[],
          exec: async (sql) => void (await tx.exec(sql))
        })
      ),
    async dumpDataDir() {
      // After a checkpoint, so the tarball needs little WAL replay; inside PGlite's transaction
      // lock, so no other transaction is half-way through while the files are read.
      await db.query('checkpoint');
      return db.transaction(() => db.dumpDataDir('gzip'));
    },
    async close() {
      await db.close();
      releaseLock();
    }
  };
}

/** An exclusive lock file holding our pid; a stale one (dead pid) is taken over. */
function takeLock(file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err: any) {
      if (err.code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `The embedded database (${path.dirname(file)}) is in use by process ${pid}. ` +
            'Stop that Efir first, or point both at PostgreSQL with DATABASE_URL.'
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Cannot lock the embedded database: ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: any) {
    return err.code === 'EPERM';
  }
}
