/** The RTMP listener on its own: what it does with connections that are not a publisher. */
import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RtmpIngest, redactKeys } from '../../../server/live/rtmp.ts';

let ingest: RtmpIngest;
let port: number;
const publishes: string[] = [];

beforeAll(async () => {
  ingest = new RtmpIngest({ log: pino({ level: 'silent' }), onPublish: (r) => (publishes.push(r.key), r.refuse('test')), handshakeTimeoutMs: 1500 });
  port = await ingest.listen(0, '127.0.0.1');
});
afterAll(() => ingest.close());

/** Connects, sends `bytes` (if any) and resolves with how long the server took to close it. */
function closedAfter(bytes: Buffer | null): Promise<number> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => bytes && s.write(bytes));
    s.resume(); // read (and drop) what the server answers, or its close is never seen
    s.on('error', () => {});
    s.on('close', () => resolve(Date.now() - t0));
    setTimeout(() => reject(new Error('the server kept the connection open')), 10_000).unref();
  });
}

test('a client that never finishes its handshake, and one that sends garbage, are dropped; nothing is published', async () => {
  expect(await closedAfter(null)).toBeLessThan(5000);
  expect(await closedAfter(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(200)))).toBeLessThan(5000);
  expect(publishes).toEqual([]);
});

test('stream keys never reach the logs', () => {
  expect(redactKeys('RTMP session 1 push /live/AbCdEf123_-xyz error')).toBe('RTMP session 1 push /live/… error');
});
