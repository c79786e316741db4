/**
 * npm run bench:chat -- [--viewers 2000] [--seconds 15] [--questions 20] [--votes 200] [--instances 1|2] [--shards 2]
 *
 * Processes, all on this machine:
 * - Efir web instances (scripts/bench/chat/server.ts; one, or two sharing Redis and PostgreSQL),
 *   each with a bare `ws` server beside it; their CPU and RSS are measured alone;
 * - viewer shards (chat/viewers.ts): the viewer sockets spread over `--shards` processes, viewer i
 *   on instance i mod N; each notes when every events frame arrives;
 * - one load process (chat/load.ts): 20 questions/s from 20 askers (instance 1), a moderator
 *   approving each and 200 votes/s from 50 voters (the last instance: with two, the events cross).
 * Latency runs from a request's send to each viewer's receipt of the event it made, on the shared
 * wall clock (every process pins performance.now() to Date.now(); see chat/stats.ts); `fromCommit` is
 * the fan-out's share alone: from the event reaching the rooms of the instance that committed it. Then the same
 * shards connect the same number of sockets to the bare `ws` servers, and this process replays the
 * frames one viewer received, at the times it received them: the same stream, the same clients,
 * no database, no Redis, no protocol. Ends with one JSON line of the figures.
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { FRAME, Histogram, call, sleep, wallClock } from './chat/stats.ts';
import { numberOption, stringOption } from './options.ts';

const HERE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chat');
const VIEWERS = numberOption('viewers', 2000);
const SECONDS = numberOption('seconds', 15);
const QPS = numberOption('questions', 20);
const VPS = numberOption('votes', 200);
const INSTANCES = numberOption('instances', 1);
const SHARDS = Math.max(1, Math.min(numberOption('shards', 2), VIEWERS));
/** --cpu-prof DIR: the Efir instances write V8 CPU profiles there (for finding hot-path work). */
const PROFILE_DIR = process.argv.includes('--cpu-prof') ? path.resolve(stringOption('cpu-prof', '')) : null;
const log = (...a: unknown[]) => console.error('[bench:chat]', ...a);
const now = wallClock();

if (INSTANCES !== 1 && INSTANCES !== 2) {
  log('--instances is 1 or 2');
  process.exit(2);
}
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
/** Forks one of chat/*.ts and waits for its first message ({ready: true, …}). */
function start(file: string, extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; hello: any }> {
  const prof = PROFILE_DIR && file === 'server.ts' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = fork(path.join(HERE, file), [], { env: { ...env, ...extraEnv }, execArgv: ['--import', 'tsx', ...prof], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const onExit = (c: number | null) => reject(new Error(`${file} exited (${c}) before it was ready`));
    child.once('exit', onExit);
    child.once('message', (m: any) => {
      child.off('exit', onExit);
      resolve({ child, hello: m });
    });
  });
}

async function cleanup() {
  // A profiled process writes its profile when it exits by itself.
  if (PROFILE_DIR) {
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null) return resolve();
      const t = setTimeout(resolve, 5000);
      c.once('exit', () => (clearTimeout(t), resolve()));
      c.send({ cmd: 'exit', id: -1 });
    })));
  }
  for (const c of children) c.kill('SIGKILL');
  await dropDb().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));

const result: Record<string, unknown> = {
  viewers: VIEWERS, seconds: SECONDS, questionsPerSecond: QPS, votesPerSecond: VPS, instances: INSTANCES, shards: SHARDS,
  database: dbUrl ? 'postgres' : 'pglite',
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  loadAverageBefore: os.loadavg().map((l) => Math.round(l * 100) / 100)
};

type ShardOut = { hist: ReturnType<Histogram['toJSON']>; fanout: ReturnType<Histogram['toJSON']>; byKind: ReturnType<Histogram['toJSON']>[]; frames: number; outOfOrder: number; closed: Record<string, number>; usage: { cpuPercent: number; rssMB: number }; probe?: { at: number; data: string }[] };

try {
  // Instances one after the other: the first makes the broadcast (and migrates the database).
  const servers = [await start('server.ts', { BENCH_SETUP: '1' })];
  if (INSTANCES === 2) servers.push(await start('server.ts', { BENCH_SETUP: '0' }));
  const [load, ...shards] = await Promise.all([start('load.ts'), ...Array.from({ length: SHARDS }, () => start('viewers.ts'))]);
  const { broadcastId, email, password } = servers[0]!.hello;
  const qaPath = `/api/broadcasts/${broadcastId}/qa`;
  const efirUrls = servers.map((s) => `ws://127.0.0.1:${s.hello.port}${qaPath}`);
  const bareUrls = servers.map((s) => `ws://127.0.0.1:${s.hello.barePort}`);

  const login = await fetch(`http://127.0.0.1:${servers[0]!.hello.port}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password })
  });
  if (!login.ok) throw new Error(`moderator login failed: ${login.status} ${await login.text()}`);
  const modCookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };

  /** Viewer numbers split into contiguous ranges per shard; viewer i goes to urls[i % urls.length]. */
  const connect = async (urls: string[], efir: boolean) => {
    const t0 = performance.now();
    const per = Math.ceil(VIEWERS / SHARDS);
    await Promise.all(shards.map((s, k) => {
      const offset = k * per;
      return call(s.child, { cmd: 'connect', urls, count: Math.max(0, Math.min(per, VIEWERS - offset)), offset, efir, probe: k === 0 });
    }));
    log(`${VIEWERS} viewers connected to ${efir ? 'Efir' : 'bare ws'} (${urls.length} instance(s), ${SHARDS} shard processes) in ${Math.round(performance.now() - t0)} ms`);
  };
  const collect = async (sent: [number, number, number?][], wantProbe: boolean, arrived?: [number, number][]) => {
    const outs = await Promise.all(shards.map((s, k) => call<ShardOut>(s.child, { cmd: 'compute', sent, wantProbe: wantProbe && k === 0, arrived })));
    const h = new Histogram();
    const fanout = new Histogram();
    const approvals = new Histogram();
    const votes = new Histogram();
    const closed: Record<string, number> = {};
    let frames = 0;
    let outOfOrder = 0;
    for (const o of outs) {
      outOfOrder += o.outOfOrder;
      h.merge(o.hist);
      fanout.merge(o.fanout);
      approvals.merge(o.byKind[0]!);
      votes.merge(o.byKind[1]!);
      frames += o.frames;
      for (const [c, n] of Object.entries(o.closed)) closed[c] = (closed[c] ?? 0) + n;
    }
    return { h, fanout, approvals, votes, frames, outOfOrder, closed, shardUsage: outs.map((o) => o.usage), probe: outs[0]!.probe ?? [] };
  };
  const usage = () => Promise.all(servers.map((s) => call(s.child, { cmd: 'usage' }).then((r) => r.usage)));
  const mark = () => Promise.all(servers.map((s) => call(s.child, { cmd: 'mark' })));

  // ---- Efir
  await connect(efirUrls, true);
  await call(load.child, { cmd: 'connect', askerUrl: efirUrls[0], modUrl: efirUrls.at(-1), voterUrl: efirUrls.at(-1), modCookie, csrf: csrfToken });
  await sleep(1000);
  await Promise.all([mark(), ...shards.map((s) => call(s.child, { cmd: 'reset' }))]);
  const t0 = performance.now();
  log(`running ${SECONDS} s: ${QPS} questions/s, ${VPS} votes/s…`);
  const run = await call(load.child, { cmd: 'run', seconds: SECONDS, qps: QPS, vps: VPS });
  // The last events: 2 s after the last request.
  await sleep(Math.max(0, t0 + (SECONDS + 2) * 1000 - performance.now()));
  const elapsed = (performance.now() - t0) / 1000;
  const serverUsage = await usage();
  const sent = run.sent as [number, number, number][];
  // The first instance to see an event is the one that committed it (the others hear it through Redis).
  const arrived = new Map<number, number>();
  for (const s of servers) {
    for (const [seq, t] of (await call<{ arrivals: [number, number][] }>(s.child, { cmd: 'arrivals' })).arrivals) {
      if (!arrived.has(seq) || t < arrived.get(seq)!) arrived.set(seq, t);
    }
  }
  const measuredSeqs = new Set(sent.map(([seq]) => seq));
  const efir = await collect(sent, true, [...arrived].filter(([seq]) => measuredSeqs.has(seq)));
  const efirFigures = {
    ...efir.h.summary(),
    byKind: { approval: efir.approvals.summary(), votes: efir.votes.summary() },
    // From the event's arrival in the rooms of the instance that committed it to each viewer's
    // receipt: the fan-out's share of the latency above (the rest is the request: validation,
    // queueing for a vote group, the transaction).
    fromCommit: efir.fanout.summary(),
    measuredEvents: sent.length,
    eventsDelivered: efir.h.n,
    eventsPerSecond: Math.round(efir.h.n / elapsed),
    framesPerSecond: Math.round(efir.frames / elapsed),
    // Measured events a viewer had not received 2 s after the last request (late, not lost: the
    // server resumes clients by seq and closes none here unless closedSockets says so).
    notReceivedByEnd: sent.length * VIEWERS - efir.h.n,
    closedSockets: efir.closed,
    // Frames whose from was not the previous to + 1 (a gap or a repeat in the seq order).
    outOfOrderFrames: efir.outOfOrder,
    clockSkewedReceipts: efir.h.negative,
    asks: run.asks, votes: run.votes, approvals: run.approvals, unanswered: run.unanswered, errors: run.errors,
    server: serverUsage,
    clients: { shards: efir.shardUsage.map((u) => u.cpuPercent), load: run.usage.cpuPercent }
  };
  log('efir', JSON.stringify(efirFigures));
  result.efir = efirFigures;
  await Promise.all(shards.map((s) => call(s.child, { cmd: 'close' })));

  // ---- bare ws: the probe viewer's frames, replayed at their times to the same number of clients
  await connect(bareUrls, false);
  const controls = await Promise.all(bareUrls.map((u) => new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`${u}/control`, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  })));
  await sleep(500);
  await Promise.all([mark(), ...shards.map((s) => call(s.child, { cmd: 'reset' }))]);
  const measured = new Set(sent.map(([seq]) => seq));
  const bareSent = new Map<number, number>();
  const kinds = new Map(sent.map(([seq, , kind]) => [seq, kind]));
  const frames = efir.probe;
  const b0 = performance.now();
  const first = frames[0]?.at ?? 0;
  for (const f of frames) {
    const wait = b0 + (f.at - first) - performance.now();
    if (wait > 0) await sleep(wait);
    const m = FRAME.exec(f.data)!;
    const t = now();
    for (let seq = Number(m[1]); seq <= Number(m[2]); seq++) if (measured.has(seq)) bareSent.set(seq, t);
    for (const c of controls) c.send(f.data);
  }
  await sleep(Math.max(2000, b0 + (SECONDS + 2) * 1000 - performance.now()));
  const belapsed = (performance.now() - b0) / 1000;
  const bareUsage = await usage();
  const bare = await collect([...bareSent].map(([seq, t]) => [seq, t, kinds.get(seq)]), false);
  const bareFigures = {
    ...bare.h.summary(),
    eventsDelivered: bare.h.n,
    eventsPerSecond: Math.round(bare.h.n / belapsed),
    framesReplayed: frames.length,
    closedSockets: bare.closed,
    server: bareUsage,
    clients: { shards: bare.shardUsage.map((u) => u.cpuPercent) }
  };
  log('bare ws', JSON.stringify(bareFigures));
  result.bareWs = bareFigures;
  // The same stream over about the same time: the ratio of events delivered (and of events/s).
  result.throughputRatio = Math.round((efir.h.n / Math.max(1, bare.h.n)) * 100) / 100;
  result.eventsPerSecondRatio = Math.round((efirFigures.eventsPerSecond / Math.max(1, bareFigures.eventsPerSecond)) * 100) / 100;
  result.targets = {
    p99AtMost150ms: (efirFigures.p99 as number) <= 150,
    throughputAtLeast07OfBare: (result.throughputRatio as number) >= 0.7
  };
  for (const c of controls) c.terminate();
  await Promise.all(shards.map((s) => call(s.child, { cmd: 'close' })));
} catch (err) {
  log('failed:', err);
  result.error = String(err);
  process.exitCode = 1;
} finally {
  await cleanup();
}
console.log(JSON.stringify(result));
process.exit(process.exitCode ?? 0);
