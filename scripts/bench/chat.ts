/**
 * npm run bench:chat -- [--viewers 2000] [--seconds 15] [--questions 20] [--votes 200] [--instances 1|2]
 *
 * Viewers connected to one Efir instance (a child process: its CPU and RSS are measured alone),
 * 20 questions/s from askers, a moderator approving each, 200 votes/s from viewers. Latency is from
 * the moment a request is sent to the moment each viewer receives the event it produced (the same
 * clock: all clients live in this process). Then, in the same run, the same clients connect to a bare
 * `ws` server in the same child process, which broadcasts the recorded event stream at the recorded
 * times: the same frames, the same clients, no database, no Redis, no protocol. With --instances 2
 * (PostgreSQL only: DATABASE_URL), the viewers are split over two instances sharing Redis.
 * Ends with one JSON line of the figures.
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';

const SELF = fileURLToPath(import.meta.url);

// ------------------------------------------------------------------ server child

if (process.argv.includes('--serve')) {
  const pino = (await import('pino')).default;
  const { loadConfig } = await import('../../server/config.ts');
  const { createEfir } = await import('../../server/context.ts');
  const { buildApp } = await import('../../server/app.ts');
  const config = loadConfig();
  const efir = await createEfir(config, { redisUrl: process.env.REDIS_URL!, log: pino({ level: 'warn' }) });
  const app = await buildApp(efir, { pages: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The bare comparison: plain ws, one control socket whose messages go to every other socket.
  const bare = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
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
  // The benchmark that started us is gone (killed, crashed): so are we.
  process.on('disconnect', () => process.exit(0));
  let mark = { cpu: process.cpuUsage(), at: performance.now() };
  process.on('message', (m: any) => {
    if (m === 'mark') mark = { cpu: process.cpuUsage(), at: performance.now() };
    if (m === 'usage') {
      const cpu = process.cpuUsage(mark.cpu);
      const ms = performance.now() - mark.at;
      process.send!({ usage: { cpuPercent: ((cpu.user + cpu.system) / 1000 / ms) * 100, rssMB: process.memoryUsage().rss / 2 ** 20 } });
    }
  });
  let setup = {};
  if (process.env.BENCH_SETUP === '1') {
    // The first instance makes the broadcast and a moderator (an admin) the benchmark signs in as.
    const password = crypto.randomBytes(12).toString('hex');
    const user = await efir.auth.createUser({ email: 'bench-mod@example.test', displayName: 'Bench', role: 'admin', password });
    const b = await efir.qa.service.createBroadcast(user, { title: 'bench:chat' });
    await efir.qa.service.setBroadcastState(user, b.id, 'live');
    setup = { broadcastId: b.id, email: 'bench-mod@example.test', password };
  }
  process.send!({ port: (app.server.address() as any).port, barePort: (bare.address() as any).port, ...setup });
  await new Promise(() => {});
}

// ------------------------------------------------------------------ bench

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const VIEWERS = arg('viewers', 2000);
const SECONDS = arg('seconds', 15);
const QPS = arg('questions', 20);
const VPS = arg('votes', 200);
const INSTANCES = arg('instances', 1);
const log = (...a: unknown[]) => console.error('[bench:chat]', ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (INSTANCES === 2 && !process.env.DATABASE_URL) {
  log('--instances 2 needs PostgreSQL (DATABASE_URL): PGlite is one process');
  process.exit(2);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-bench-chat-'));
let dbUrl: string | null = null;
let dropDb = async () => {};
if (process.env.DATABASE_URL) {
  const pg = (await import('pg')).default;
  const name = `efir_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${name}`;
  dbUrl = u.toString();
  dropDb = async () => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}
const env: Record<string, string> = {
  ...(process.env as Record<string, string>),
  DATA_DIR: dataDir,
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: `efirbench-${crypto.randomBytes(3).toString('hex')}`,
  LOG_LEVEL: 'warn',
  SESSION_SECRET: crypto.randomBytes(24).toString('hex'),
  // One machine is every client: the per-address limits would stop the benchmark, not protect it.
  QA_CONNECTIONS_PER_IP: '100000',
  QA_IN_FLIGHT_PER_CONNECTION: '256',
  QA_MESSAGES_PER_SECOND: '10000',
  QA_MESSAGE_BURST: '10000',
  QA_ASKS_PER_MINUTE: '6000',
  QA_ASK_BURST: '1000',
  QA_ASKS_PER_MINUTE_PER_IP: '1000000',
  QA_ASK_BURST_PER_IP: '100000',
  QA_VOTES_PER_SECOND_PER_IP: '100000',
  QA_VOTE_BURST_PER_IP: '100000',
  ...(dbUrl ? { DATABASE_URL: dbUrl } : {})
};
delete env.PORT;

const children: ChildProcess[] = [];
async function startServer(first: boolean): Promise<{ child: ChildProcess; url: string; bare: string; setup: any }> {
  const child = fork(SELF, ['--serve'], { env: { ...env, BENCH_SETUP: first ? '1' : '0' }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (m: any) => resolve({ child, url: `ws://127.0.0.1:${m.port}`, bare: `ws://127.0.0.1:${m.barePort}`, setup: m }));
    child.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}
const usage = (child: ChildProcess) =>
  new Promise<{ cpuPercent: number; rssMB: number }>((resolve) => {
    child.once('message', (m: any) => resolve(m.usage));
    child.send('usage');
  });

async function cleanup() {
  for (const c of children) c.kill('SIGKILL');
  await dropDb().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
}

// ------------------------------------------------------------------ clients

const FRAME = /^\{"type":"events","from":(\d+),"to":(\d+),/;
const hist = () => ({ lat: [] as number[], events: 0, frames: 0 });
type Hist = ReturnType<typeof hist>;

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** A viewer: counts events and the latency of the measured ones, without parsing whole frames. */
async function viewer(url: string, sent: Map<number, number>, h: Hist, probe: { frames: { at: number; data: string }[] } | null): Promise<WebSocket> {
  const ws = await openSocket(url);
  await new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const s = data.toString();
      const m = FRAME.exec(s);
      if (!m) {
        if (s.startsWith('{"type":"welcome"')) resolve();
        return;
      }
      const now = performance.now();
      const from = Number(m[1]);
      const to = Number(m[2]);
      h.frames++;
      probe?.frames.push({ at: now, data: s });
      for (let seq = from; seq <= to; seq++) {
        const t0 = sent.get(seq);
        if (t0 !== undefined) {
          h.lat.push(now - t0);
          h.events++;
        }
      }
    });
    ws.send(JSON.stringify({ type: 'hello', v: 1 }));
  });
  return ws;
}

function pct(a: number[], p: number): number {
  if (!a.length) return NaN;
  const s = Float64Array.from(a).sort();
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
}

async function inBatches<T>(n: number, batch: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += batch) out.push(...(await Promise.all(Array.from({ length: Math.min(batch, n - i) }, (_, k) => fn(i + k)))));
  return out;
}

// ------------------------------------------------------------------ run

const servers = [await startServer(true)];
if (INSTANCES === 2) servers.push(await startServer(false));
const { broadcastId, email, password } = servers[0]!.setup;
const result: Record<string, unknown> = {
  viewers: VIEWERS, seconds: SECONDS, questionsPerSecond: QPS, votesPerSecond: VPS, instances: INSTANCES,
  database: dbUrl ? 'postgres' : 'pglite', machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`
};
try {
  const base = servers[0]!.url.replace('ws:', 'http:');
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const modCookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const qaPath = `/api/broadcasts/${broadcastId}/qa`;

  // ---- Efir
  const sent = new Map<number, number>(); // seq -> when the request that made it was sent
  const h = hist();
  const probe = { frames: [] as { at: number; data: string }[] };
  log(`connecting ${VIEWERS} viewers to ${INSTANCES} instance(s)…`);
  const t0 = performance.now();
  const viewers = await inBatches(VIEWERS, 100, (i) => viewer(servers[i % INSTANCES]!.url + qaPath, sent, h, i === 0 ? probe : null));
  log(`connected in ${Math.round(performance.now() - t0)} ms`);

  // Requests: askers on instance 0, the moderator on the last instance, votes from the viewers.
  const requester = async (url: string, headers: Record<string, string> = {}, csrf?: string) => {
    const ws = await openSocket(url + qaPath, headers);
    const waiting = new Map<string, (m: any) => void>();
    ws.on('message', (d) => {
      const s = d.toString();
      if (!s.startsWith('{"type":"ack"') && !s.startsWith('{"type":"error"')) return;
      const m = JSON.parse(s);
      waiting.get(m.ref)?.(m);
      waiting.delete(m.ref);
    });
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(JSON.stringify({ type: 'hello', v: 1, ...(csrf ? { csrf } : {}) }));
    });
    let n = 0;
    return (msg: Record<string, unknown>) =>
      new Promise<any>((resolve) => {
        const ref = `b${++n}`;
        waiting.set(ref, resolve);
        ws.send(JSON.stringify({ ...msg, ref }));
      });
  };
  const askers = await Promise.all(Array.from({ length: 20 }, () => requester(servers[0]!.url)));
  const moderate = await requester(servers[INSTANCES - 1]!.url, { cookie: modCookie }, csrfToken);
  const voters = await Promise.all(Array.from({ length: 50 }, () => requester(servers[i2(INSTANCES)]!.url)));
  function i2(n: number) { return n - 1; }
  const approved: string[] = [];
  const errors: Record<string, number> = {};
  const count = (r: any) => {
    if (r.type === 'error') errors[r.code] = (errors[r.code] ?? 0) + 1;
    return r;
  };

  // Seed a few approved questions so that votes have targets from the start.
  for (let i = 0; i < 10; i++) {
    const a = count(await askers[i % askers.length]!({ type: 'ask', text: `Вопрос для разогрева ${i}`, lang: 'ru' }));
    const ok = count(await moderate({ type: 'approve', questionId: a.id }));
    if (ok.type === 'ack') approved.push(a.id);
  }
  await sleep(1000);
  h.lat.length = 0;
  h.events = 0;
  h.frames = 0;
  probe.frames.length = 0;
  for (const s of servers) s.child.send('mark');
  const start = performance.now();
  let asks = 0;
  let votes = 0;
  let approvals = 0;
  const end = start + SECONDS * 1000;
  const timers: Promise<void>[] = [];
  // Paced loops: each sends at its rate without waiting for replies (as real clients would).
  const paced = (rate: number, fn: (i: number) => void) =>
    timers.push((async () => {
      let i = 0;
      while (performance.now() < end) {
        const due = start + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        fn(i++);
      }
    })());
  paced(QPS, (i) => {
    const t = performance.now();
    asks++;
    void askers[i % askers.length]!({ type: 'ask', text: `Вопрос ${i}: как продлить патент, если сменился работодатель?`, lang: 'ru' }).then(async (a) => {
      count(a);
      if (a.type !== 'ack') return;
      const tm = performance.now();
      const r = count(await moderate({ type: 'approve', questionId: a.id }));
      if (r.type === 'ack' && r.seq) {
        sent.set(r.seq, tm);
        approvals++;
        approved.push(a.id);
      }
      void t;
    });
  });
  paced(VPS, (i) => {
    const q = approved[Math.floor(Math.random() * approved.length)]!;
    const t = performance.now();
    votes++;
    void voters[i % voters.length]!({ type: 'vote', questionId: q, up: Math.random() < 0.8 }).then((r) => {
      count(r);
      if (r.type === 'ack' && r.seq) sent.set(r.seq, t);
    });
  });
  await Promise.all(timers);
  await sleep(2000); // let the last events arrive
  const elapsed = (performance.now() - start) / 1000;
  const serverUsage = await Promise.all(servers.map((s) => usage(s.child)));
  const efirFigures = {
    p50: pct(h.lat, 50), p95: pct(h.lat, 95), p99: pct(h.lat, 99), max: pct(h.lat, 100),
    eventsDelivered: h.events, eventsPerSecond: Math.round(h.events / elapsed), framesPerSecond: Math.round(h.frames / elapsed),
    measuredEvents: sent.size, asks, votes, approvals, errors,
    server: serverUsage.map((u) => ({ cpuPercent: Math.round(u.cpuPercent), rssMB: Math.round(u.rssMB) }))
  };
  log('efir', JSON.stringify(efirFigures));
  result.efir = efirFigures;
  for (const v of viewers) v.terminate();

  // ---- bare ws: the probe viewer's frames, replayed at their times to the same number of clients
  if (INSTANCES === 1) {
    const bh = hist();
    const bareSent = new Map<number, number>();
    const bareUrl = servers[0]!.bare;
    const bareViewers = await inBatches(VIEWERS, 200, async () => {
      const ws = await openSocket(bareUrl);
      ws.on('message', (data) => {
        const m = FRAME.exec(data.toString());
        if (!m) return;
        const now = performance.now();
        bh.frames++;
        for (let seq = Number(m[1]); seq <= Number(m[2]); seq++) {
          const t = bareSent.get(seq);
          if (t !== undefined) {
            bh.lat.push(now - t);
            bh.events++;
          }
        }
      });
      return ws;
    });
    const control = await openSocket(`${bareUrl}/control`);
    await sleep(500);
    servers[0]!.child.send('mark');
    const frames = probe.frames;
    const bstart = performance.now();
    const first = frames[0]?.at ?? 0;
    for (const f of frames) {
      const wait = bstart + (f.at - first) - performance.now();
      if (wait > 0) await sleep(wait);
      const m = FRAME.exec(f.data)!;
      const now = performance.now();
      for (let seq = Number(m[1]); seq <= Number(m[2]); seq++) if (sent.has(seq)) bareSent.set(seq, now);
      control.send(f.data);
    }
    await sleep(2000);
    const belapsed = (performance.now() - bstart) / 1000;
    const bu = await usage(servers[0]!.child);
    const bare = {
      p50: pct(bh.lat, 50), p95: pct(bh.lat, 95), p99: pct(bh.lat, 99), max: pct(bh.lat, 100),
      eventsDelivered: bh.events, eventsPerSecond: Math.round(bh.events / belapsed),
      server: { cpuPercent: Math.round(bu.cpuPercent), rssMB: Math.round(bu.rssMB) }
    };
    log('bare ws', JSON.stringify(bare));
    result.bareWs = bare;
    // Both ran over the same stream for about the same time: the ratio of events delivered.
    result.throughputRatio = Math.round((h.events / Math.max(1, bh.events)) * 100) / 100;
    for (const v of bareViewers) v.terminate();
    control.terminate();
  }
} finally {
  await cleanup();
}
console.log(JSON.stringify(result));
process.exit(0);
