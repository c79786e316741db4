/**
 * npm run backup -- DIR
 * Saves everything Efir holds into DIR (new or empty), while Efir runs:
 *   1. the database, as one consistent snapshot: PostgreSQL through pg_dump (one transaction's view);
 *      the embedded PGlite through the running Efir's control socket (server/backup/control.ts), or
 *      directly when no Efir is running on this DATA_DIR;
 *   2. then DATA_DIR's sources/, media/, posters/ and secret (hard links where possible).
 * Why this order is consistent: every file the snapshot refers to existed when it was taken and is
 * immutable (a new revision is a new folder; the one it replaces stays OLD_REVISION_GRACE_SECONDS
 * for players). Files made after the snapshot are copied too and are harmless extras. Only a video
 * deleted during the copy loses files the snapshot still lists (counted as `vanished`).
 * Not saved: uploads in progress, staging (work/), live segments and Redis (queued jobs are
 * re-created by the pipeline's reconcile for runs the database has).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, dataPaths } from '../config/index.ts';
import { openDb } from '../server/db/index.ts';
import { requestDatabaseDump, controlSocketPath } from '../server/backup/control.ts';
import { BACKED_UP, MANIFEST, copyTree, isEmptyDir, type Manifest } from './lib/backup-files.ts';

async function main() {
  const dir = process.argv[2];
  if (!dir || process.argv.length > 3) {
    console.error('usage: npm run backup -- DIR   (DIR: a new or empty folder)');
    process.exit(2);
  }
  const target = path.resolve(dir);
  if (!isEmptyDir(target)) throw new Error(`${target} is not empty: back up into a new or empty folder`);
  const config = loadConfig();
  const paths = dataPaths(config.dataDir);
  fs.mkdirSync(target, { recursive: true });

  let db: Manifest['db'];
  let dbFile: string;
  if (config.databaseUrl) {
    db = 'postgres';
    dbFile = 'db.pgdump';
    pgDump(config.databaseUrl, path.join(target, dbFile));
  } else {
    db = 'pglite';
    dbFile = 'db.tar.gz';
    fs.writeFileSync(path.join(target, dbFile), await pgliteDump(config.dataDir, paths.db));
  }
  console.log(`database (${db}) saved`);

  const files = { files: 0, bytes: 0, linked: 0, vanished: 0 };
  for (const name of BACKED_UP) copyTree(path.join(config.dataDir, name), path.join(target, 'data', name), files);
  const manifest: Manifest = { format: 'efir-backup', version: 1, createdAt: new Date().toISOString(), db, dbFile, files };
  fs.writeFileSync(path.join(target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `${files.files} files (${(files.bytes / 1024 ** 2).toFixed(1)} MiB, ${files.linked} hard-linked) saved to ${target}` +
      (files.vanished ? `; ${files.vanished} vanished while copying (deleted meanwhile)` : '')
  );
}

/** pg_dump's custom format: one snapshot, restorable into an empty database with pg_restore. */
function pgDump(url: string, file: string): void {
  const r = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--no-acl', '--file', file, '--dbname', url], { stdio: ['ignore', 'inherit', 'pipe'] });
  if (r.error) throw new Error(`pg_dump could not run (${(r.error as NodeJS.ErrnoException).code}): install the PostgreSQL client tools of your server's version`);
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr.toString().trim()}`);
}

/** From the running Efir if there is one on this DATA_DIR, else from the database files directly. */
async function pgliteDump(dataDir: string, pgliteDir: string): Promise<Buffer> {
  if (fs.existsSync(controlSocketPath(dataDir))) {
    try {
      return await requestDatabaseDump(dataDir);
    } catch (err) {
      // A socket file without a listener is left by an Efir that was killed; anything else is real.
      if (!/ECONNREFUSED|ENOENT/.test((err as Error).message)) throw err;
    }
  }
  // Opening it takes its lock: a running Efir that does not answer on the socket is refused here.
  const db = await openDb({ databaseUrl: null, pgliteDir });
  try {
    return Buffer.from(await (await db.dumpDataDir!()).arrayBuffer());
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
