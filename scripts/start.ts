/**
 * `npm start` (after scripts/setup.mjs installed what was missing): Redis (managed child unless
 * REDIS_URL), the database (PGlite unless DATABASE_URL) migrated, the first admin from the
 * environment, demo content on first run, then the web process and one worker. Prints the URL and
 * the demo logins. Ctrl-C / SIGTERM stops everything gracefully, workers finishing their jobs.
 */
import { loadConfig, ConfigError } from '../server/config.ts';
import { createEfir } from '../server/context.ts';
import { chooseRedis } from './lib/redis-choice.ts';
import { spawnTs, waitForExit } from './lib/processes.ts';
import { ensureAdminFromEnv } from './lib/admin.ts';
import { seedDemo, DEMO_LOGINS } from './seed.ts';
import type { ChildProcess } from 'node:child_process';

async function main() {
  const config = loadConfig();
  const redis = await chooseRedis(config);

  // Prepare the database in this process, then close it: PGlite admits one process at a time,
  // and the web process is the one that keeps it.
  const efir = await createEfir(config, { redisUrl: redis.url });
  let seeded: boolean;
  try {
    await ensureAdminFromEnv(efir);
    seeded = (await seedDemo(efir)).created;
  } finally {
    await efir.close();
  }

  const env = { ...process.env, REDIS_URL: redis.url, DATA_DIR: config.dataDir };
  const web = spawnTs('server/main.ts', env, { ipc: true });
  let worker: ChildProcess = spawnTs('workers/main.ts', env);
  let stopping = false;

  // A worker that dies (killed, out of memory) is started again; its job resumes via BullMQ.
  const watchWorker = (child: ChildProcess) =>
    child.once('exit', (code) => {
      if (stopping) return;
      console.error(`[start] worker exited (${code}); starting another in 2 s`);
      setTimeout(() => {
        if (stopping) return;
        worker = spawnTs('workers/main.ts', env);
        watchWorker(worker);
      }, 2000);
    });
  watchWorker(worker);

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of [web, worker]) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all([waitForExit(web), waitForExit(worker)]);
    await redis.managed?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  web.once('exit', (code) => {
    if (!stopping) {
      console.error(`[start] the web process exited (${code})`);
      void stop(code ?? 1);
    }
  });
  web.on('message', (msg: any) => {
    if (msg?.type !== 'listening') return;
    console.log(`
  Efir is running at ${config.publicUrl}
  data: ${config.dataDir} · database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (embedded)'} · redis: ${redis.managed ? 'managed child' : 'REDIS_URL'}
  going live: ${config.rtmpPort < 0 ? 'no RTMP ingest on this instance (RTMP_PORT=-1)' : `OBS → Server ${config.rtmpPublicUrl ?? `rtmp://${new URL(config.publicUrl).hostname}:${config.rtmpPort || 1935}/live`}, Stream Key from Studio → Broadcasts`}
  demo logins${seeded ? ' (demo content is being processed now)' : ''}:
${DEMO_LOGINS.map((l) => `    ${l.role.padEnd(10)} ${l.email.padEnd(24)} ${l.password}`).join('\n')}
`);
  });
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : `[start] ${err?.stack ?? err}`);
  process.exit(1);
});
