/**
 * Puts a video file from disk through the same flow as a studio upload: a draft, its subtitle files
 * (parsed now, so a broken one is refused with its file and line), then the source handed over as a
 * finished upload, which probes it and starts the processing run. Used by `npm run import` and by the
 * demo seed. On any error the draft is deleted again: nothing is left half-made.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Efir } from '../../server/context.ts';
import type { User } from '../../server/repositories/users.ts';
import { isLang, type Lang } from '../../media/subtitles/index.ts';

export interface IngestSubtitle {
  lang: Lang;
  path: string;
}

export interface IngestInput {
  user: User;
  sourcePath: string;
  title: string;
  description?: string;
  subtitles: IngestSubtitle[];
  publishWhenReady: boolean;
}

export class IngestError extends Error {}

const SUBTITLE_EXTENSIONS = ['srt', 'vtt', 'ass', 'ssa'];

/** NAME.LANG.srt|vtt|ass|ssa beside NAME.mp4, LANG one of the six languages; one file per language. */
export async function siblingSubtitles(sourcePath: string): Promise<IngestSubtitle[]> {
  const dir = path.dirname(sourcePath);
  const stem = path.basename(sourcePath, path.extname(sourcePath));
  const found = new Map<Lang, string>();
  for (const entry of (await fs.readdir(dir)).sort()) {
    if (!entry.startsWith(`${stem}.`)) continue;
    const parts = entry.slice(stem.length + 1).split('.');
    if (parts.length !== 2) continue;
    const [lang, ext] = parts;
    if (!isLang(lang) || !SUBTITLE_EXTENSIONS.includes(ext.toLowerCase())) continue;
    if (found.has(lang)) {
      throw new IngestError(`${sourcePath}: two ${lang} subtitle files (${path.basename(found.get(lang)!)} and ${entry}); keep one`);
    }
    found.set(lang, path.join(dir, entry));
  }
  return [...found].map(([lang, p]) => ({ lang, path: p }));
}

export async function ingestFile(efir: Efir, input: IngestInput): Promise<{ videoId: string; runId: string; rev: number }> {
  const stat = await fs.stat(input.sourcePath).catch(() => null);
  if (!stat?.isFile()) throw new IngestError(`${input.sourcePath}: no such file`);
  const draft = await efir.studio.createDraft(input.user, {
    title: input.title,
    description: input.description,
    publishWhenReady: input.publishWhenReady
  });
  try {
    for (const sub of input.subtitles) {
      await efir.studio.attachSubtitle(input.user, draft.id, sub.lang, path.basename(sub.path), await fs.readFile(sub.path));
    }
    // The studio moves a finished upload into sources/; hand it a link (or a copy) so the
    // admin's original file stays where it is.
    const staged = path.join(efir.paths.uploads, `${draft.id}-import${path.extname(input.sourcePath)}`);
    await fs.link(input.sourcePath, staged).catch(() => fs.copyFile(input.sourcePath, staged));
    const outcome = await efir.studio.onUploadFinished(draft.id, staged, path.basename(input.sourcePath), stat.size);
    if (!outcome.ok) throw new IngestError(outcome.error);
    return { videoId: draft.id, runId: outcome.runId, rev: outcome.rev };
  } catch (err) {
    await efir.studio.delete(input.user, draft.id).catch(() => {});
    throw err;
  }
}

/** "2024-05_patent-renewal.mp4" → "2024-05 patent renewal" */
export function titleFromFileName(file: string): string {
  return path.basename(file, path.extname(file)).replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim() || 'Untitled';
}
