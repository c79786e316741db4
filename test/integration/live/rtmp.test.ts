/**
 * The RTMP listener on its own: what it does with connections that are not a publisher, who may play
 * a stream back (only a worker holding the publish's token), and the connection caps. Real clients:
 * ffmpeg publishing, ffprobe playing, raw sockets doing the RTMP handshake.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RtmpIngest, redactKeys, type PublishRequest } from '../../../server/live/rtmp.ts';

let ingest: RtmpIngest;
let port: number;
const publishes: string[] = [];
/** Accepted publishes of the key `good-key`, by key. */
const accepted = new Map<string, PublishRequest>();
const children = new Set<ChildProcess>();
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  ingest = new RtmpIngest({
    log: pino({ level: 'silent' }),
    onPublish: (r) => {
      publishes.push(r.key);
      if (r.key !== 'good-key') return r.refuse('test');
      r.accept();
      accepted.set(r.key, r);
    },
    handshakeTimeoutMs: 1500
  });
  port = await ingest.listen(0, '127.0.0.1');
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of sockets) s.destroy();
  await ingest.close();
});

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

/** Runs a real player (ffprobe) on `url`: its exit code and the codecs it found, or 'still playing' after 12 s. */
function play(url: string): Promise<{ code: number | null; out: string } | 'still playing'> {
  const child = spawn('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', url], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('still playing');
    }, 12_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, out: out.trim() });
    });
  });
}

/**
 * Opens an RTMP connection from `localAddress` and sends the handshake's C0+C1: 'answered' when the
 * server replies (the connection is taken and stays open), 'refused' when it closes without a byte.
 */
function handshake(p: number, localAddress = '127.0.0.1'): Promise<'answered' | 'refused'> {
  return new Promise((resolve) => {
    const s = net.connect({ port: p, host: '127.0.0.1', localAddress }, () => {
      const c0c1 = Buffer.alloc(1537);
      c0c1[0] = 3;
      s.write(c0c1);
    });
    sockets.add(s);
    s.on('error', () => {});
    s.once('data', () => resolve('answered'));
    s.once('close', () => resolve('refused'));
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

test('only a worker holding the publish\'s play token may play: an unknown key, and a live key without or with a wrong token, are dropped', async () => {
  // A play on a key nobody publishes: dropped, not kept open past the idle timeout.
  const unknown = await play(`rtmp://127.0.0.1:${port}/live/no-such-key`);
  expect(unknown).not.toBe('still playing');
  expect(unknown).not.toMatchObject({ code: 0 });

  const publisher = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15', '-t', '40',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', '-pix_fmt', 'yuv420p', '-f', 'flv', `rtmp://127.0.0.1:${port}/live/good-key`
  ], { stdio: 'ignore' });
  children.add(publisher);
  for (let i = 0; !accepted.has('good-key'); i++) {
    if (i > 100) throw new Error('the publisher never reached the ingest');
    await new Promise((r) => setTimeout(r, 100));
  }
  const token = accepted.get('good-key')!.playToken;
  expect(token).toMatch(/^[A-Za-z0-9_.-]{20,}$/);

  // The key alone (what a viewer who learnt the key would try), a wrong token, a token of another key.
  for (const url of [
    `rtmp://127.0.0.1:${port}/live/good-key`,
    `rtmp://127.0.0.1:${port}/live/good-key?play=${token.slice(0, -2)}xx`,
    `rtmp://127.0.0.1:${port}/live/other-key?play=${token}`
  ]) {
    const r = await play(url);
    expect(r, url).not.toBe('still playing');
    expect(r, url).not.toMatchObject({ code: 0 });
  }

  // The worker's URL: the stream plays.
  expect(await play(`rtmp://127.0.0.1:${port}/live/good-key?play=${token}`)).toEqual({ code: 0, out: 'h264' });
  publisher.kill('SIGKILL');
}, 90_000);

test('connections are capped per address and in total; other addresses still get in', async () => {
  const capped = new RtmpIngest({ log: pino({ level: 'silent' }), onPublish: (r) => r.refuse('test'), handshakeTimeoutMs: 60_000, maxConnectionsPerIp: 3, maxConnections: 5 });
  const p = await capped.listen(0, '127.0.0.1');
  try {
    for (let i = 0; i < 3; i++) expect(await handshake(p, '127.0.0.1')).toBe('answered');
    expect(await handshake(p, '127.0.0.1')).toBe('refused'); // the 4th from one address
    expect(await handshake(p, '127.0.0.2')).toBe('answered'); // another address still gets in
    expect(await handshake(p, '127.0.0.3')).toBe('answered');
    expect(await handshake(p, '127.0.0.4')).toBe('refused'); // the 6th in total
  } finally {
    for (const s of sockets) s.destroy();
    await capped.close();
  }
});
