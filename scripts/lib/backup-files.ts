/**
 * The data directory's part of a backup: what Efir keeps besides the database. Files are
 * hard-linked when the two folders share a file system (Efir never rewrites one of these files in
 * place: it writes a new file and renames it, so a link keeps the content it had), else copied.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What a backup holds of DATA_DIR: originals and subtitles, published revisions, posters, the cookie secret. */
export const BACKED_UP = ['sources', 'media', 'posters', 'secret'] as const;

export interface CopyStats {
  files: number;
  bytes: number;
  linked: number;
  /** Files that disappeared while being copied (a video deleted meanwhile). */
  vanished: number;
}

export function copyTree(from: string, to: string, stats: CopyStats = { files: 0, bytes: 0, linked: 0, vanished: 0 }): CopyStats {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(from);
  } catch (err: any) {
    if (err.code === 'ENOENT') return stats;
    throw err;
  }
  if (st.isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const name of fs.readdirSync(from)) copyTree(path.join(from, name), path.join(to, name), stats);
    return stats;
  }
  if (!st.isFile()) return stats; // sockets, links: nothing Efir stores
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    try {
      fs.linkSync(from, to);
      stats.linked++;
    } catch (err: any) {
      if (err.code === 'ENOENT') throw err;
      fs.copyFileSync(from, to, fs.constants.COPYFILE_FICLONE);
    }
  } catch (err: any) {
    if (err.code !== 'ENOENT') throw err;
    stats.vanished++;
    return stats;
  }
  stats.files++;
  stats.bytes += st.size;
  return stats;
}

/** True when the folder is missing or holds nothing. */
export function isEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch (err: any) {
    if (err.code === 'ENOENT') return true;
    throw err;
  }
}

export interface Manifest {
  format: 'efir-backup';
  version: 1;
  createdAt: string;
  /** Which database the dump is of: a PGlite data directory (db.tar.gz) or pg_dump's custom format (db.pgdump). */
  db: 'pglite' | 'postgres';
  dbFile: string;
  files: CopyStats;
}

export const MANIFEST = 'manifest.json';
