/**
 * Stopping `npm start`, the real command with its whole process tree (npm, the start script, the web
 * process, the worker, the managed redis-server and the worker's ffmpeg), the two ways it happens:
 * SIGTERM to its process group (Ctrl-C, systemd, container runtimes) and SIGTERM to the npm process
 * alone. Every process of the tree must be gone within 10 s (what a container runtime gives before
 * SIGKILL), with a transcode running and idle.
 *
 * One data directory for both starts, to pay for the demo content once: the first start seeds it and
 * is stopped while the worker transcodes the demo clip; the second finds it seeded and is stopped
 * idle. The job the first worker left in hand keeps its lock for the whole test
 * (WORKER_LOCK_DURATION_MS), so the second worker does not take it up again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, tempDir, uniquePrefix } from '../../helpers/env.ts';
import { ROOT } from '../../../scripts/lib/processes.ts';
import { freePort, startManagedRedis } from '../../../scripts/lib/redis-server.ts';

const STOP_BOUND_MS = 10_000;

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  cmd: string;
}

/** Every process on the machine, from /proc. */
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
      const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid: Number(name), ppid: Number(ppid), pgid: Number(pgid), state: state!, cmd });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** The process and its descendants (by parent pid), alive now. */
function tree(root: number): Proc[] {
  const all = processes();
  const found = all.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) found.push(...all.filter((p) => p.ppid === found[i]!.pid));
  return found.filter((p) => p.state !== 'Z');
}

/**
 * Waits until nothing is left of `procs` nor of their process groups (where what they spawned lives
 * on after a parent died); returns what is still running after `ms`.
 */
async function survivorsAfter(procs: Proc[], ms: number): Promise<Proc[]> {
  const pids = new Set(procs.map((p) => p.pid));
  const groups = new Set(procs.map((p) => p.pgid));
  const deadline = Date.now() + ms;
  for (;;) {
    const alive = processes().filter((p) => p.state !== 'Z' && (pids.has(p.pid) || groups.has(p.pgid)));
    if (!alive.length || Date.now() > deadline) return alive;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function until<T>(what: string, check: () => T | undefined | null | false, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('stopping npm start', () => {
  let dataDir: string;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const started: ChildProcess[] = [];
  const seen: Proc[] = [];

  beforeAll(async () => {
    dataDir = tempDir('efir-stop-data-');
    db = await freshDatabase(dataDir);
  });

  afterAll(async () => {
    // A failed test must not leave its tree running.
    for (const npm of started) seen.push(...tree(npm.pid!));
    for (const p of await survivorsAfter(seen, 0)) process.kill(p.pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  /** `npm start` in its own process group, as a shell runs a command; resolves once it serves. */
  async function npmStart(): Promise<{ npm: ChildProcess; port: number; output: () => string }> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      RTMP_PORT: '-1',
      LOG_LEVEL: 'warn',
      WORKER_LOCK_DURATION_MS: '600000',
      ...(db.url ? { DATABASE_URL: db.url } : {})
    };
    // The managed Redis is part of what is tested.
    delete env.REDIS_URL;
    if (!db.url) delete env.DATABASE_URL;
    for (const k of ['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'STOP_GRACE_SECONDS', 'QUEUE_PREFIX']) delete env[k];
    const npm = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(npm);
    let output = '';
    npm.stdout!.on('data', (d) => (output += d));
    npm.stderr!.on('data', (d) => (output += d));
    await until('Efir to start', () => output.includes('Efir is running at') || npm.exitCode !== null, 100_000);
    expect(npm.exitCode, output).toBeNull();
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(res.status, output).toBe(200);
    return { npm, port, output: () => output };
  }

  /** The processes `npm start` is made of, checked to be all there. */
  function startTree(npm: ChildProcess): Proc[] {
    const procs = tree(npm.pid!);
    const has = (re: RegExp) => procs.some((p) => re.test(p.cmd));
    const shown = procs.map((p) => `${p.pid} ${p.cmd}`).join('\n');
    expect(has(/^npm start/), shown).toBe(true);
    expect(has(/scripts\/start\.ts/), shown).toBe(true);
    expect(has(/server\/main\.ts/), shown).toBe(true);
    expect(has(/workers\/main\.ts/), shown).toBe(true);
    expect(has(/^redis-server/), shown).toBe(true);
    seen.push(...procs);
    return procs;
  }

  it('SIGTERM to its process group, mid-transcode: every process ends within 10 s', async () => {
    const { npm, output } = await npmStart();
    expect(output()).toMatch(/demo content is being processed now/);
    // The worker's ffmpeg transcoding the demo clip.
    const procs = await until('the demo transcode', () => {
      const t = tree(npm.pid!);
      return t.some((p) => /^\S*ffmpeg /.test(p.cmd) && t.some((w) => w.pid === p.ppid && /workers\/main\.ts/.test(w.cmd))) && t;
    }, 60_000);
    startTree(npm);

    process.kill(-npm.pid!, 'SIGTERM');
    const left = await survivorsAfter(procs, STOP_BOUND_MS);
    expect(left.map((p) => `${p.pid} ${p.cmd}`), output()).toEqual([]);
  });

  it('SIGTERM to the npm process alone, idle: every process ends within 10 s', async () => {
    const { npm, output } = await npmStart();
    expect(output()).not.toMatch(/demo content is being processed now/);
    const procs = startTree(npm);
    expect(procs.filter((p) => /ffmpeg|ffprobe/.test(p.cmd))).toEqual([]);

    process.kill(npm.pid!, 'SIGTERM');
    const left = await survivorsAfter(procs, STOP_BOUND_MS);
    expect(left.map((p) => `${p.pid} ${p.cmd}`), output()).toEqual([]);
  });
});

describe('a worker whose Redis is gone', () => {
  it('still stops on SIGTERM, within its grace and bound', async () => {
    const dir = tempDir('efir-stop-worker-');
    const redis = await startManagedRedis(path.join(dir, 'redis'), { persist: false });
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: redis.url, DATA_DIR: dir, QUEUE_PREFIX: uniquePrefix(), LOG_LEVEL: 'info', STOP_GRACE_SECONDS: '1' },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    try {
      let output = '';
      worker.stdout.on('data', (d) => (output += d));
      worker.stderr.on('data', (d) => (output += d));
      await until('the worker to start', () => output.includes('worker ready'), 60_000);
      await redis.stop();
      worker.kill('SIGTERM');
      // 1 s of grace, 3.5 s for ffmpeg and connections: then the worker exits, whatever hangs.
      const exited = await until('the worker to exit', () => worker.exitCode !== null || worker.signalCode !== null, STOP_BOUND_MS).catch(() => false);
      expect(exited, output).toBe(true);
    } finally {
      worker.kill('SIGKILL');
      await redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
