/**
 * `npm start` (after scripts/setup.mjs installed what was missing): Redis (managed child unless
 * REDIS_URL), the database (PGlite unless DATABASE_URL) migrated, the first admin from the
 * environment, demo content on first run, then the web process and one worker. Prints the URL and
 * the demo logins.
 *
 * Stopping (Ctrl-C, SIGTERM to this process or to its whole process group, as systemd and container
 * runtimes send): the children run in process groups of their own (scripts/lib/processes.ts), so the
 * signal reaches this process, which stops them in order: the web process and the worker first (each
 * gets STOP_GRACE_SECONDS to finish what it holds), the managed Redis they use last. Every wait is
 * bounded; what is still running after it is killed, with whatever it spawned.
 */
import { loadConfig, ConfigError } from '../config/index.ts';
import { createEfir } from '../server/context.ts';
import { chooseRedis } from './lib/redis-choice.ts';
import { signalGroup, spawnTs, stopChild } from './lib/processes.ts';
import { ensureAdminFromEnv } from './lib/admin.ts';
import { seedDemo, DEMO_LOGINS } from './seed.ts';
import type { ChildProcess } from 'node:child_process';
import type { ManagedRedis } from './lib/redis-server.ts';

/** Beyond a child's own grace: for its ffmpeg to be killed (3 s at most) and its connections closed. */
const STOP_MARGIN_MS = 4000;
/** Redis writes its append-only file on SIGTERM; a second at most is normal. */
const REDIS_STOP_MS = 2000;

async function main() {
  const config = loadConfig();
  let web: ChildProcess | null = null;
  let worker: ChildProcess | null = null;
  let managedRedis: ManagedRedis | null = null;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const children = [web, worker].filter((c): c is ChildProcess => c !== null);
    await Promise.all(children.map((c) => stopChild(c, config.stopGraceMs + STOP_MARGIN_MS)));
    await managedRedis?.stop(REDIS_STOP_MS);
    process.exit(code);
  };
  // From the start: a signal while the database is prepared must stop the managed Redis too.
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // The last resort of every way out (a crash included): nothing this process started outlives it.
  process.on('exit', () => {
    for (const c of [web, worker, managedRedis?.child]) if (c) signalGroup(c, 'SIGKILL');
  });

  const redis = await chooseRedis(config, { ownProcessGroup: true });
  managedRedis = redis.managed;
  if (stopping) return;

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

  if (stopping) return;

  const env = { ...process.env, REDIS_URL: redis.url, DATA_DIR: config.dataDir };
  web = spawnTs('server/main.ts', env);
  worker = spawnTs('workers/main.ts', env);

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
