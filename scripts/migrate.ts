/** npm run migrate: applies pending migrations (with PGlite, stop a running Efir first). */
import { dataPaths, loadConfig, ConfigError } from '../config/index.ts';
import { openDb } from '../server/db/index.ts';
import { migrate } from '../server/db/migrate.ts';

async function main() {
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, pgliteDir: dataPaths(config.dataDir).db });
  try {
    const applied = await migrate(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err?.message ?? err);
  process.exit(1);
});
