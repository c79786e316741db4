/**
 * The studio's file handling: names as users send them, and moves and writes that never leave a
 * half-written file where a reader could find it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

// Shared with the workers, which write their playlists and recording lists the same way.
export { writeAtomically } from '../../jobs/staging.ts';

/** The name as the user's computer had it, without any directory part or control characters. */
export function cleanFileName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
}

/** The lower-case extension if it is a plain one (mp4, mov, mkv...); else 'bin'. ffprobe reads content, not names. */
export function extensionOf(fileName: string): string {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : 'bin';
}

export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (err: any) {
    if (err.code !== 'EXDEV') throw err;
    // uploads/ on another filesystem than sources/ (a mounted volume): copy, then remove.
    await fs.copyFile(from, to);
    await fs.rm(from, { force: true });
  }
}

export async function removeSiblings(dir: string, lang: string, keep: string): Promise<void> {
  for (const f of await fs.readdir(dir)) {
    const full = path.join(dir, f);
    if (full !== keep && f.startsWith(`${lang}.`) && !f.endsWith('.tmp')) await fs.rm(full, { force: true });
  }
}
