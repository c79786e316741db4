/**
 * Free space on the data disk, shared by the web process (uploads) and the workers (before a media
 * step writes): both keep DISK_RESERVE_BYTES free, so a full disk never stops the database, Redis,
 * live recordings or logs. Node's fs.statfs, no extra package.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** The stable code of the error, what pages translate and the studio recognises in a run's error. */
export const DISK_FULL = 'disk_full';

/**
 * Not enough free space to write `needed` bytes and still keep the reserve. The message starts with
 * the code, so a run's error (a plain string by the time it reaches the studio) still carries it.
 */
export class DiskSpaceError extends Error {
  readonly code = DISK_FULL;
  /** The message without the code, for answers that carry the code beside it. */
  readonly reason: string;

  constructor(
    readonly free: number,
    readonly reserve: number,
    readonly needed: number
  ) {
    const reason =
      `the server's disk is nearly full (${formatBytes(free)} free, ${formatBytes(reserve)} must stay free` +
      `${needed > 0 ? `, ${formatBytes(needed)} needed` : ''}); try again once space has been freed`;
    super(`${DISK_FULL}: ${reason}`);
    this.name = 'DiskSpaceError';
    this.reason = reason;
  }
}

/** Bytes an unprivileged process may still write on the filesystem holding `dir` (or its nearest existing parent). */
export async function freeBytes(dir: string): Promise<number> {
  let at = path.resolve(dir);
  for (;;) {
    try {
      const s = await fs.statfs(at);
      return s.bavail * s.bsize;
    } catch (err: any) {
      const parent = path.dirname(at);
      if (err.code !== 'ENOENT' || parent === at) throw err;
      at = parent;
    }
  }
}

/** Throws DiskSpaceError unless `needed` more bytes fit on the disk of `dir` with `reserve` left free. */
export async function ensureDiskSpace(dir: string, reserve: number, needed = 0): Promise<void> {
  const free = await freeBytes(dir);
  if (free - needed < reserve) throw new DiskSpaceError(free, reserve, needed);
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : Number(v.toFixed(v < 10 ? 1 : 0))} ${units[i]}`;
}
