/**
 * npm run bench:sockets -- [--sockets 5000] [--rounds 10] [--bytes 300]
 *
 * The floor under bench:chat's latency: what one write of a small frame to each of N loopback TCP
 * sockets costs this machine, with nothing else in the way (plain `net`, no WebSocket, no Efir).
 * Two child processes hold the client ends and read them, as bench:chat's viewer shards do. One
 * pass over N sockets is the least time a single-threaded server needs before the last of them
 * has an event, so it is a floor under the p99 bench:chat can reach at N viewers on this machine.
 * Ends with one JSON line.
 */
import { fork } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberOption } from './options.ts';

const N = numberOption('sockets', 5000);
const ROUNDS = numberOption('rounds', 10);
const BYTES = numberOption('bytes', 300);
const log = (...a: unknown[]) => console.error('[bench:sockets]', ...a);

const sockets: net.Socket[] = [];
const server = net.createServer((s) => {
  s.setNoDelay(true); // as ws sets it
  sockets.push(s);
});
await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 8192 }, resolve));
const port = (server.address() as net.AddressInfo).port;
const clients = [0, 1].map((k) =>
  fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'sockets', 'readers.ts'), [String(port), String(N / 2 + (k ? N % 2 : 0))], {
    execArgv: ['--import', 'tsx']
  })
);
while (sockets.length < N) await new Promise((r) => setTimeout(r, 200));
log(`${N} sockets connected`);

const frame = Buffer.alloc(BYTES, 0x61);
const perWrite: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  await new Promise((r) => setTimeout(r, 300)); // the readers have read the previous round
  const t0 = process.hrtime.bigint();
  for (const s of sockets) s.write(frame);
  const us = Number(process.hrtime.bigint() - t0) / 1000 / N;
  perWrite.push(us);
  log(`round ${round}: ${us.toFixed(1)} µs per write, one pass ${((us * N) / 1000).toFixed(0)} ms`);
}
const sorted = [...perWrite].sort((x, y) => x - y);
const median = sorted[sorted.length >> 1]!;
for (const c of clients) c.kill();
server.close();
for (const s of sockets) s.destroy();
console.log(
  JSON.stringify({
    sockets: N,
    bytes: BYTES,
    rounds: ROUNDS,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}`,
    loadAverageBefore: os.loadavg().map((l) => Math.round(l * 100) / 100),
    microsecondsPerWrite: { median: +median.toFixed(1), min: +sorted[0]!.toFixed(1), max: +sorted.at(-1)!.toFixed(1) },
    onePassMs: { median: Math.round((median * N) / 1000), min: Math.round((sorted[0]! * N) / 1000) }
  })
);
process.exit(0);
