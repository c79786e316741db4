/**
 * bench:live's Efir, in a process of its own (forked by live.ts, its stdout sent to live.ts's
 * stderr: the harness's pino logs must not mix with the one JSON line): the Fastify app, the RTMP
 * ingest and a live worker (test/helpers/harness.ts), a producer and a broadcast; LIVE_LOW_LATENCY
 * from BENCH_LIVE_LOW_LATENCY (live.ts sets it per phase). Its CPU is then
 * Efir's alone, and the live ladder's ffmpeg is its child.
 *
 * IPC: → {ready, baseUrl, rtmpUrl, broadcastId, streamKey, dataDir}; {cmd:'waitLive'} → {run};
 * {cmd:'close'} → closes everything and exits.
 */
import { startTestEfir } from '../../../test/helpers/harness.ts';

// The phase's mode (live.ts): LL-HLS or today's MPEG-TS, as an operator sets LIVE_LOW_LATENCY.
const t = await startTestEfir({ live: true, pages: false, worker: false, env: { LIVE_LOW_LATENCY: process.env.BENCH_LIVE_LOW_LATENCY ?? 'true' } });
let closing: Promise<void> | null = null;
const close = () => (closing ??= t.close().catch((err) => console.error('[bench:live efir] close failed:', err)));
process.on('disconnect', () => void close().finally(() => process.exit(0)));
process.on('SIGTERM', () => void close().finally(() => process.exit(0)));

const producer = await t.efir.auth.createUser({ email: 'bench-live@example.test', displayName: 'Bench', role: 'producer', password: 'bench-live-password' });
const b = await t.efir.live.createBroadcast(producer, { title: 'bench:live' });
const { streamKey } = await t.efir.live.ingestInfo(producer, b.id);
process.send!({
  ready: true,
  baseUrl: t.baseUrl,
  rtmpUrl: `rtmp://127.0.0.1:${t.efir.liveIngest.port}/live/${streamKey}`,
  broadcastId: b.id,
  dataDir: t.dataDir,
  database: t.env.DATABASE_URL ? 'postgres' : 'pglite'
});

process.on('message', async (m: { cmd: string; timeoutMs?: number }) => {
  if (m.cmd === 'waitLive') {
    const deadline = Date.now() + (m.timeoutMs ?? 30_000);
    for (;;) {
      const row = await t.efir.live.repo.get(b.id);
      if (row?.state === 'live' && row.live_run) return process.send!({ run: row.live_run });
      if (Date.now() > deadline) return process.send!({ error: `not live after ${m.timeoutMs} ms (state ${row?.state}, ingest ${row?.ingest_state}, error ${row?.ingest_error ?? 'none'})` });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (m.cmd === 'close') {
    await close();
    process.exit(0);
  }
});
