/**
 * npm run restore -- DIR
 * Brings back a backup made by `npm run backup` into this configuration's DATA_DIR (which must hold
 * no data yet) and database (PostgreSQL: DATABASE_URL must be an empty database; else the embedded
 * PGlite under DATA_DIR/db). Efir must be stopped on the target. Migrations newer than the backup
 * are applied at the next start, as after any upgrade.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, dataPaths } from '../config/index.ts';
import { BACKED_UP, MANIFEST, copyTree, isEmptyDir, type Manifest } from './lib/backup-files.ts';

async function main() {
  const dir = process.argv[2];
  if (!dir || process.argv.length > 3) {
    console.error('usage: npm run restore -- DIR   (a folder made by npm run backup)');
    process.exit(2);
  }
  const source = path.resolve(dir);
  const manifestFile = path.join(source, MANIFEST);
  if (!fs.existsSync(manifestFile)) throw new Error(`${source} is not an Efir backup: ${MANIFEST} is missing`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  if (manifest.format !== 'efir-backup' || manifest.version !== 1) throw new Error(`${manifestFile}: not a backup this Efir reads (format ${manifest.format}, version ${manifest.version})`);

  const config = loadConfig();
  const paths = dataPaths(config.dataDir);
  const want = config.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.db !== want) {
    throw new Error(
      `The backup holds a ${manifest.db} database but this configuration uses ${want}` +
        (want === 'postgres' ? ' (DATABASE_URL is set): unset it to restore the embedded database' : ': set DATABASE_URL to restore into PostgreSQL')
    );
  }
  const busy = [...BACKED_UP, 'db'].filter((name) => {
    const p = path.join(config.dataDir, name);
    return fs.existsSync(p) && (fs.statSync(p).isFile() || !isEmptyDir(p));
  });
  if (busy.length) throw new Error(`DATA_DIR ${config.dataDir} already holds data (${busy.join(', ')}): restore into an empty data directory`);

  const dbFile = path.join(source, manifest.dbFile);
  if (manifest.db === 'postgres') await pgRestore(config.databaseUrl!, dbFile);
  else await pgliteRestore(paths.db, dbFile);
  console.log(`database (${manifest.db}) restored`);

  const files = { files: 0, bytes: 0, linked: 0, vanished: 0 };
  for (const name of BACKED_UP) copyTree(path.join(source, 'data', name), path.join(config.dataDir, name), files);
  console.log(`${files.files} files (${(files.bytes / 1024 ** 2).toFixed(1)} MiB) restored into ${config.dataDir}`);
}

async function pgRestore(url: string, file: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
    if (rows[0]!.n > 0) throw new Error('DATABASE_URL is not an empty database: restore into a new one (createdb)');
  } finally {
    await client.end();
  }
  const r = spawnSync('pg_restore', ['--no-owner', '--no-acl', '--exit-on-error', '--dbname', url, file], { stdio: ['ignore', 'inherit', 'pipe'] });
  if (r.error) throw new Error(`pg_restore could not run (${(r.error as NodeJS.ErrnoException).code}): install the PostgreSQL client tools`);
  if (r.status !== 0) throw new Error(`pg_restore failed: ${r.stderr.toString().trim()}`);
}

/** PGlite unpacks the tarball into its (empty) directory when it opens it with loadDataDir. */
async function pgliteRestore(dir: string, file: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  fs.mkdirSync(dir, { recursive: true });
  // The database uses them (search, migration 009): PGlite opens it with their bundles at hand.
  const db = await PGlite.create(dir, { loadDataDir: new Blob([fs.readFileSync(file)]), extensions: { unaccent, pg_trgm } });
  await db.query('select 1');
  await db.close();
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
