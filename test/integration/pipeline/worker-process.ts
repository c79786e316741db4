/**
 * A media worker as its own process (`node --import tsx workers/main.ts`), as production runs it,
 * so a test can SIGKILL or SIGTERM it in the middle of a step.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the worker logged so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Kills the worker's whole process group: the worker and the ffmpeg it runs, as when its machine dies. */
  killGroup(): void;
}

export async function spawnWorker(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: REPO,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so killGroup() reaches ffmpeg too.
    detached: true
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal }))
  );
  const worker: WorkerProcess = {
    child,
    exited,
    output: () => out,
    killGroup: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch (err: any) {
        if (err.code !== 'ESRCH') throw err;
      }
    }
  };
  // Ready once it says so; an early exit (bad config) fails with what it printed.
  const deadline = Date.now() + readyTimeoutMs;
  while (!out.includes('media worker started')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker exited before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      worker.killGroup();
      throw new Error(`worker not ready within ${readyTimeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return worker;
}
