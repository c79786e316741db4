/**
 * npm run bench:login -- [--caps 2,16] [--logins 16] [--rounds 3] [--requests 200] [--seconds 30] [--kib 1024]
 *                         [--timeout 90]
 *
 * What a burst of sign-ins does to /media, with and without the cap on argon2 (issue 10 item 4):
 * argon2 runs on libuv's thread pool (4 threads), which the file reads of /media share, so enough
 * hashes at once leave a segment's ~20 reads (stat, open, 64 KiB chunks, close) queued behind them.
 * AuthService hashes at most PASSWORD_HASH_CONCURRENCY at once (server/services/semaphore.ts);
 * a cap of 16 lets 16 logins hash at once, i.e. no cap (16 > 4 threads).
 *
 * For each round, for each cap (so caps alternate: A, B, A, B…): a fresh Efir (login/efir.ts, its
 * own process, PASSWORD_HASH_CONCURRENCY=<cap>) serving one published revision of `--requests`
 * segments of `--kib` KiB (random bytes, written and fsynced once, hard-linked into each Efir's
 * data dir). Then, on loopback, from this process:
 * - idle: the segments dropped from the page cache (dd iflag=nocache; fincore checks it), then
 *   GET each of them once, one after another: latency = request sent → last byte received;
 * - loaded: the same with `--logins` clients each posting POST /api/auth/login (an unknown email,
 *   a wrong password: one argon2 verify each) in a loop, each login from its own X-Forwarded-For
 *   (the harness trusts loopback) and email, with the sign-in throttle raised, so every one hashes.
 *   The segments are dropped from the cache again and the GETs start once the logins have run for
 *   a second; they stop after `--requests` or once `--seconds` have passed (a request under way is
 *   finished), then the login clients stop (each finishes the login it has under way). A GET
 *   unanswered after `--timeout` seconds is abandoned and counted at that time (`timedOut`): its
 *   real latency is longer, so percentiles that reach it are lower bounds.
 *
 * Prints one JSON line per run (stdout) and, last, a summary: per cap the median over rounds of
 * loaded/idle (p50 and p95), and per round the ratio of each cap's loaded latency to the first
 * cap's, measured side by side, with their median. Logs on stderr.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberOption, stringOption } from './options.ts';

const CAPS = stringOption('caps', '2,16')
  .split(',')
  .map((c) => {
    const n = Number(c);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--caps: expected whole numbers 1–64, got ${c}`);
    return n;
  });
const LOGINS = numberOption('logins', 16);
const ROUNDS = numberOption('rounds', 3);
const REQUESTS = numberOption('requests', 200);
const SECONDS = numberOption('seconds', 30);
const KIB = numberOption('kib', 1024);
const TIMEOUT = numberOption('timeout', 90);
const HERE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'login');
const log = (...a: unknown[]) => console.error('[bench:login]', ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

interface Ready {
  baseUrl: string;
  mediaPath: string;
  segments: string[];
  files: string[];
  hashLimit: number;
  threadPool: number;
  database: string;
}

// ------------------------------------------------------------------ helpers

/** Nearest-rank percentile of sorted values. */
function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: round1(pct(s, 50)), p95: round1(pct(s, 95)), p99: round1(pct(s, 99)), max: round1(s.at(-1) ?? NaN) };
}

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Drops the files' pages from the page cache (clean pages; they were fsynced) and returns how many bytes stayed cached. */
function evict(files: string[]): number {
  execFileSync('sh', ['-c', 'for f do dd if="$f" iflag=nocache count=0 status=none; done', 'sh', ...files]);
  try {
    const out = execFileSync('fincore', ['--bytes', '--noheadings', '--raw', '--output', 'RES', ...files], { encoding: 'utf8' });
    return out.split('\n').reduce((sum, l) => sum + (Number(l.trim()) || 0), 0);
  } catch {
    return -1; // no fincore: unchecked
  }
}

function call<T>(child: ChildProcess, msg: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (c: number | null) => reject(new Error(`efir process exited (${c})`));
    child.once('exit', onExit);
    child.once('message', (r: T) => {
      child.off('exit', onExit);
      resolve(r);
    });
    child.send(msg as any);
  });
}

/**
 * GETs the segments one after another; stops after all of them or at the deadline. A request still
 * unanswered after `--timeout` seconds is given up and counted at that time (a lower bound).
 */
async function getSegments(ready: Ready, deadline: number): Promise<{ ms: number[]; bad: number; timedOut: number }> {
  const ms: number[] = [];
  let bad = 0;
  let timedOut = 0;
  for (const seg of ready.segments) {
    if (Date.now() >= deadline) break;
    const t0 = performance.now();
    try {
      const res = await fetch(`${ready.baseUrl}${ready.mediaPath}${seg}`, { signal: AbortSignal.timeout(TIMEOUT * 1000) });
      const body = await res.arrayBuffer();
      if (res.status !== 200 || body.byteLength !== KIB * 1024) bad++;
    } catch (err) {
      if ((err as Error).name !== 'TimeoutError') throw err;
      timedOut++;
    }
    ms.push(performance.now() - t0);
  }
  return { ms, bad, timedOut };
}

let ipCounter = 0;
/** `--logins` clients posting wrong passwords until stop() resolves; each login its own address and email. */
function loginLoad(baseUrl: string, tag: string) {
  let stopped = false;
  const statuses: Record<string, number> = {};
  const ms: number[] = [];
  const loops = Array.from({ length: LOGINS }, async (_, i) => {
    while (!stopped) {
      const k = ++ipCounter;
      const t0 = performance.now();
      let status = 'error';
      try {
        const res = await fetch(`${baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` },
          body: JSON.stringify({ email: `bench-${tag}-${i}-${k}@example.test`, password: 'not the password' }),
          signal: AbortSignal.timeout(120_000)
        });
        await res.arrayBuffer();
        status = String(res.status);
      } catch {
        await sleep(50);
      }
      ms.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  });
  const started = performance.now();
  return {
    async stop() {
      const seconds = (performance.now() - started) / 1000;
      stopped = true;
      await Promise.all(loops);
      return { completed: ms.length, perSecond: round1(ms.length / seconds), statuses, loginMs: summary(ms) };
    }
  };
}

// ------------------------------------------------------------------ fixture

const fixtureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'efir-bench-login-'));
for (let i = 0; i < REQUESTS; i++) {
  const f = path.join(fixtureDir, `seg${String(i).padStart(4, '0')}.ts`);
  const fd = fs.openSync(f, 'w');
  fs.writeSync(fd, crypto.randomBytes(KIB * 1024));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}
log(`${REQUESTS} segments of ${KIB} KiB in ${fixtureDir}`);

let efirChild: ChildProcess | null = null;
async function stopEfir() {
  const child = efirChild;
  efirChild = null;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.send({ cmd: 'close' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
const cleanUp = async () => {
  await stopEfir().catch(() => {});
  fs.rmSync(fixtureDir, { recursive: true, force: true });
};
process.on('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

// ------------------------------------------------------------------ runs

interface Run {
  round: number;
  cap: number;
  idle: ReturnType<typeof summary>;
  loaded: ReturnType<typeof summary>;
  ratio: { p50: number; p95: number; p99: number };
}
const runs: Run[] = [];
const loadAverageBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
const started = Date.now();

try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const cap of CAPS) {
      const child = fork(path.join(HERE, 'efir.ts'), [fixtureDir], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 2, 2, 'ipc'],
        env: { ...process.env, PASSWORD_HASH_CONCURRENCY: String(cap) }
      });
      efirChild = child;
      const ready = await new Promise<Ready>((resolve, reject) => {
        child.once('exit', (c) => reject(new Error(`efir process exited (${c}) before it was ready`)));
        child.once('message', (m: Ready) => resolve(m));
      });
      if (ready.hashLimit !== cap) throw new Error(`Efir hashes ${ready.hashLimit} at once, not ${cap}`);
      const tag = `r${round}c${cap}`;

      // Warm-up: the connection, the route, and the dummy hash an unknown email is verified against.
      await fetch(`${ready.baseUrl}${ready.mediaPath}master.m3u8`).then((r) => r.arrayBuffer());
      await fetch(`${ready.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.255.255.254' },
        body: JSON.stringify({ email: `warm-${tag}@example.test`, password: 'not the password' })
      }).then((r) => r.arrayBuffer());

      const idleCachedBytes = evict(ready.files);
      const idle = await getSegments(ready, Date.now() + SECONDS * 1000);

      const load = loginLoad(ready.baseUrl, tag);
      await sleep(1000); // every login client has a hash under way or queued
      const loadedCachedBytes = evict(ready.files);
      const loaded = await getSegments(ready, Date.now() + SECONDS * 1000);
      const logins = await load.stop();
      const { hashPeak } = await call<{ hashPeak: number }>(child, { cmd: 'stats' });
      await stopEfir();

      const run: Run & Record<string, unknown> = {
        round,
        cap,
        idle: summary(idle.ms),
        loaded: summary(loaded.ms),
        ratio: { p50: 0, p95: 0, p99: 0 },
        timedOut: { idle: idle.timedOut, loaded: loaded.timedOut },
        badResponses: idle.bad + loaded.bad,
        cachedBytesBeforePhase: { idle: idleCachedBytes, loaded: loadedCachedBytes },
        logins: { clients: LOGINS, ...logins, hashPeak },
        threadPool: ready.threadPool,
        database: ready.database,
        loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100)
      };
      run.ratio = {
        p50: round3(run.loaded.p50 / run.idle.p50),
        p95: round3(run.loaded.p95 / run.idle.p95),
        p99: round3(run.loaded.p99 / run.idle.p99)
      };
      runs.push(run);
      console.log(JSON.stringify(run));
      log(`round ${round} cap ${cap}: idle p50 ${run.idle.p50} ms, loaded p50 ${run.loaded.p50} ms (n ${run.loaded.n}), ×${run.ratio.p50}; ${logins.completed} logins, ${logins.perSecond}/s`);
    }
  }

  // Per round, each cap's loaded latency over the first cap's, the two measured side by side.
  const base = CAPS[0]!;
  const perCap = Object.fromEntries(
    CAPS.map((cap) => {
      const mine = runs.filter((r) => r.cap === cap);
      return [
        cap,
        {
          idleP50: mine.map((r) => r.idle.p50),
          loadedP50: mine.map((r) => r.loaded.p50),
          loadedP95: mine.map((r) => r.loaded.p95),
          loadedN: mine.map((r) => r.loaded.n),
          medianLoadedOverIdle: { p50: round3(median(mine.map((r) => r.ratio.p50))), p95: round3(median(mine.map((r) => r.ratio.p95))), p99: round3(median(mine.map((r) => r.ratio.p99))) }
        }
      ];
    })
  );
  const betweenCaps = Object.fromEntries(
    CAPS.filter((c) => c !== base).map((cap) => {
      const p50: number[] = [];
      const p95: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const a = runs.find((r) => r.round === round && r.cap === base)!;
        const b = runs.find((r) => r.round === round && r.cap === cap)!;
        p50.push(round3(b.loaded.p50 / a.loaded.p50));
        p95.push(round3(b.loaded.p95 / a.loaded.p95));
      }
      return [`${cap}/${base}`, { loadedP50: p50, loadedP95: p95, medianP50: round3(median(p50)), medianP95: round3(median(p95)) }];
    })
  );
  console.log(
    JSON.stringify({
      summary: true,
      caps: CAPS,
      logins: LOGINS,
      rounds: ROUNDS,
      requests: REQUESTS,
      kib: KIB,
      secondsBound: SECONDS,
      timeoutSeconds: TIMEOUT,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      node: process.version,
      loadAverageBefore,
      wallSeconds: Math.round((Date.now() - started) / 1000),
      perCap,
      betweenCaps
    })
  );
} finally {
  await cleanUp();
}
process.exit(0);
