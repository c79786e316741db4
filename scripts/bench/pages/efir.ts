/**
 * bench:pages's Efir, in a process of its own (forked by pages.ts, its stdout sent to pages.ts's
 * stderr: the harness's pino logs must not mix with the one JSON line): the Fastify app serving the
 * built pages with a media worker (test/helpers/harness.ts), one video produced and published
 * through the studio service with its six subtitle files (as the browser tests make it), an
 * upcoming broadcast for the live page, and a producer for the studio page.
 *
 * IPC: → {baseUrl, videoId, broadcastId, email, password, database}; {cmd:'close'} → closes and exits.
 */
import { PASSWORD, producePublishedVideo, startEfirWithPages } from '../../../test/browser/helpers.ts';

const t = await startEfirWithPages();
let closing: Promise<void> | null = null;
const close = () => (closing ??= t.close().catch((err) => console.error('[bench:pages efir] close failed:', err)));
process.on('disconnect', () => void close().finally(() => process.exit(0)));
process.on('SIGTERM', () => void close().finally(() => process.exit(0)));

const email = `bench-pages-${Date.now()}@example.test`;
const producer = await t.efir.auth.createUser({ email, displayName: 'Bench', role: 'producer', password: PASSWORD });
const videoId = await producePublishedVideo(t, 'Патент: первые шаги', producer);
const b = await t.efir.live.createBroadcast(producer, {
  title: 'Регистрация по месту пребывания',
  scheduledAt: new Date(Date.now() + 3600_000).toISOString()
});
process.send!({ baseUrl: t.baseUrl, videoId, broadcastId: b.id, email, password: PASSWORD, database: t.env.DATABASE_URL ? 'postgres' : 'pglite' });
process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'close') void close().finally(() => process.exit(0));
});
