/**
 * The staging folders' rules, shared by the workers that write them and the web process that
 * publishes them: each step attempt writes a private folder renamed into place only when it
 * succeeded, and files are renamed into place whole, so no reader ever sees half of either.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Removes and recreates a step's output folder. Every step starts with it, so a step retried after a
 * crash, or re-run after its worker was killed, never mixes its new files with a half-written set.
 */
/** Whether a file or folder is there (any error reading it counts as no). */
export async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false
  );
}

export async function emptyDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
}

/**
 * Infix of a step attempt's private output folder (`video.partial-<random>`). A worker killed with
 * SIGKILL leaves its ffmpeg running as an orphan that keeps writing; giving each attempt its own
 * folder, renamed into place only when ffmpeg succeeded, keeps such an orphan from writing into the
 * files of the attempt that took over. publish deletes whatever partial folders are left.
 */
export const PARTIAL_INFIX = '.partial-';

/** A fresh, empty folder beside `finalDir` for one attempt; stale ones of killed attempts are removed. */
export async function attemptDir(finalDir: string): Promise<string> {
  await removePartials(path.dirname(finalDir), path.basename(finalDir));
  const dir = `${finalDir}${PARTIAL_INFIX}${crypto.randomBytes(4).toString('hex')}`;
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

/** Moves a finished attempt's folder to `finalDir`, replacing what an earlier attempt left there. */
export async function commitAttempt(dir: string, finalDir: string): Promise<void> {
  await fs.rm(finalDir, { recursive: true, force: true });
  await fs.rename(dir, finalDir);
}

/** Removes the partial folders in `parent` (of `base` only, if given). */
export async function removePartials(parent: string, base?: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(parent);
  } catch (err: any) {
    if (err.code === 'ENOENT') return;
    throw err;
  }
  const prefix = `${base ?? ''}${PARTIAL_INFIX}`;
  await Promise.all(
    names
      .filter((n) => (base === undefined ? n.includes(PARTIAL_INFIX) : n.startsWith(prefix)))
      .map((n) => fs.rm(path.join(parent, n), { recursive: true, force: true }))
  );
}

/** Written under a temporary name and renamed into place: a reader never sees half a file. */
export async function writeAtomically(file: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, file);
}
