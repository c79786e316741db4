/**
 * An Efir web process for the crash test, run as a child so the test can SIGKILL it: the
 * configuration comes from the environment like server/main.ts, and a broadcast with the id in
 * QA_TEST_BROADCAST (post-moderation, so every question is public at once) is made if missing.
 */
import pino from 'pino';
import { loadConfig } from '../../../config/index.ts';
import { createEfir } from '../../../server/context.ts';
import { buildApp } from '../../../server/app.ts';

const config = loadConfig();
const efir = await createEfir(config, { redisUrl: process.env.REDIS_URL!, log: pino({ level: config.logLevel }) });
const id = process.env.QA_TEST_BROADCAST!;
await efir.db.query(
  `insert into broadcasts (id, title, qa_mode, state, started_at) values ($1, 'Crash test', 'post', 'live', now()) on conflict (id) do nothing`,
  [id]
);
const app = await buildApp(efir, { pages: false });
await app.listen({ port: config.port, host: '127.0.0.1' });
process.send!({ port: (app.server.address() as { port: number }).port });
