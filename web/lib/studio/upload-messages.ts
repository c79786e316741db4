/**
 * What the studio says when the server refuses or stops an upload for the disk's sake: the server's
 * answers carry a stable `code`, and `upload.<code>` of the catalogues words the ones a producer can
 * meet, so the reason reads in their language instead of the server's English.
 */
import type { Translator } from '../i18n/index.ts';

/** Codes of upload refusals that stand until the producer (or an administrator) acts: never retried by themselves. */
export const FINAL_UPLOAD_CODES: ReadonlySet<string> = new Set(['disk_full', 'quota_exceeded', 'upload_in_progress', 'bad_metadata']);

/** The producer's words for an upload refusal with this code; null for codes the general error words explain. */
export function uploadProblem(tr: Translator, code: string | null, file: string): string | null {
  const key = `upload.${code}`;
  return code !== null && tr.has(key) ? tr.t(key, { file }) : null;
}

/** A run or video error that begins with the disk_full code (what the media worker writes), in the producer's words. */
export function runProblem(tr: Translator, error: string | null): string | null {
  return error?.startsWith('disk_full:') ? tr.t('upload.run_disk_full') : error;
}
