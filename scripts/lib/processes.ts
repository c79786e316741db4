/** Child processes of `npm start`: the web process and the workers, run with Node + tsx. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Each child leads a process group of its own (with what it spawns, such as ffmpeg), so a signal to
 * `npm start`'s group (Ctrl-C, systemd, a container runtime) reaches `npm start` alone, which stops
 * its children in order; and every child has an IPC channel, whose closing tells it that `npm
 * start` is gone, even when it was killed with no chance to stop them.
 */
export function spawnTs(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
}

export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Whether the child exited within ms. */
export async function exitsWithin(child: ChildProcess, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const exited = await Promise.race([waitForExit(child).then(() => true as const), late]);
  clearTimeout(timer);
  return exited;
}

/** Signals the child's whole process group (it and what it spawned); quiet if it is gone already. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* ESRCH: nothing left in that group */
  }
}

/**
 * SIGTERM, up to ms for the child to exit, then SIGKILL to its group; either way its group is
 * killed after, so nothing it spawned (an ffmpeg, an ffprobe) outlives it.
 */
export async function stopChild(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    if (!(await exitsWithin(child, ms))) {
      signalGroup(child, 'SIGKILL');
      await waitForExit(child);
    }
  }
  signalGroup(child, 'SIGKILL');
}
