/**
 * One Efir web process of bench:chat (a child: its CPU and RSS are measured alone), and beside it in
 * the same process the bare comparison: a plain `ws` server whose one control socket's frames go to
 * every other socket. The first instance (BENCH_SETUP=1) makes the broadcast and a moderator.
 */
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { loadConfig } from '../../../config/index.ts';
import { createEfir } from '../../../server/context.ts';
import { buildApp } from '../../../server/app.ts';
import { cpuMeter, serve, wallClock } from './stats.ts';

const config = loadConfig();
const efir = await createEfir(config, { redisUrl: process.env.REDIS_URL!, log: pino({ level: 'warn' }) });
const app = await buildApp(efir, { pages: false });
await app.listen({ port: 0, host: '127.0.0.1' });

const bare = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
// address() is null until the server listens: the second instance, with no set-up to await, got there
// first and crashed reading its port (the "hang" of the first two-instance attempt).
await new Promise<void>((resolve, reject) => {
  bare.once('listening', resolve);
  bare.once('error', reject);
});
const viewers = new Set<WebSocket>();
bare.on('connection', (ws, req) => {
  if (req.url === '/control') {
    ws.on('message', (data) => {
      const buf = data as Buffer;
      for (const v of viewers) v.send(buf, { binary: false });
    });
    return;
  }
  viewers.add(ws);
  ws.on('close', () => viewers.delete(ws));
});

// When each event reached this instance's rooms (the hub's input: straight after the commit on the
// instance that made it, through Redis on the other), so the bench can split a viewer's latency into
// the request's path and the fan-out's.
const now = wallClock();
const arrivals = new Map<number, number>();
const hubInput = efir.qa.fanout.onEvents;
efir.qa.fanout.onEvents = (id, rows) => {
  const t = now();
  for (const r of rows) if (!arrivals.has(r.seq)) arrivals.set(r.seq, t);
  hubInput(id, rows);
};

const cpu = cpuMeter();
serve(async (m) => {
  if (m.cmd === 'mark') cpu.reset();
  if (m.cmd === 'arrivals') return { arrivals: [...arrivals] };
  if (m.cmd === 'usage') return { usage: cpu.read() };
  if (m.cmd === 'exit') setTimeout(() => process.exit(0), 10);
  return {};
});

let setup = {};
if (process.env.BENCH_SETUP === '1') {
  const password = crypto.randomBytes(12).toString('hex');
  const user = await efir.auth.createUser({ email: 'bench-mod@example.test', displayName: 'Bench', role: 'admin', password });
  const b = await efir.qa.service.createBroadcast(user, { title: 'bench:chat' });
  await efir.qa.service.setBroadcastState(user, b.id, 'live');
  setup = { broadcastId: b.id, email: 'bench-mod@example.test', password };
}
process.send!({ ready: true, port: (app.server.address() as AddressInfo).port, barePort: (bare.address() as AddressInfo).port, ...setup });
