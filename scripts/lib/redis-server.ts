/**
 * Redis as a managed child process, for `npm start` and `npm test` when REDIS_URL is unset.
 * It listens on loopback on a free port and keeps its append-only file under dataDir/redis, so
 * queued jobs survive a restart of Efir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { assertRedisReachable } from '../../server/redis.ts';
import { stopChild } from './processes.ts';

export interface ManagedRedis {
  url: string;
  child: ChildProcess;
  /** SIGTERM (Redis writes its append-only file and exits), SIGKILL after ms. */
  stop(ms?: number): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ManagedRedisOptions {
  /** false: no append-only file (test runs). */
  persist?: boolean;
  /**
   * A process group of its own, for `npm start`: a signal to its group must not stop Redis before
   * the web process and the workers that use it (the start script stops Redis last). Scripts that
   * stop with their group (Ctrl-C) and have nothing to stop before Redis leave it in theirs.
   */
  ownProcessGroup?: boolean;
}

export async function startManagedRedis(dir: string, opts: ManagedRedisOptions = {}): Promise<ManagedRedis> {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--appendonly', opts.persist === false ? 'no' : 'yes');
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'], detached: opts.ownProcessGroup === true });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = `redis://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    try {
      await assertRedisReachable(url);
      break;
    } catch (err) {
      if (child.exitCode !== null || i > 50) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start: ${stderr.trim() || (err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    child,
    async stop(ms = 3000) {
      await stopChild(child, ms);
      await exited;
    }
  };
}
