/**
 * What the studio says when the server refuses or stops an upload for the disk's sake: the server's
 * answers carry a stable `code`, and `upload.<code>` of the catalogues words the ones a producer can
 * meet, so the reason reads in their language instead of the server's English.
 */
import type { Translator } from '../i18n/index.ts';

/** Codes of upload refusals that stand until the producer (or an administrator) acts: never retried by themselves. */
export const FINAL_UPLOAD_CODES: ReadonlySet<string> = new Set(['disk_full', 'quota_exceeded', 'upload_in_progress', 'bad_metadata', 'has_file']);

/**
 * Whether a failed upload request is tried again by itself (`code`: the `error.code` of the server's
 * JSON answer, null for tus's own plain-text answers and for no answer at all). Yes for a lost
 * connection and a server error, and for tus's own 409 and 423 (an offset out of step, an upload
 * still locked by a request that is ending): those clear up. No for a refusal the server decided and
 * coded, 4xx or a final code: asking again gets the same answer. So a draft whose file arrived after
 * all (`has_file`: the earlier upload finished in another tab, or just as this page reloaded, and this
 * page then offered to continue it) is said at once, not retried for ten minutes as a dropped connection.
 */
export function retriesUpload(status: number, code: string | null): boolean {
  if (code !== null && FINAL_UPLOAD_CODES.has(code)) return false;
  if (status >= 400 && status < 500) return code === null && (status === 409 || status === 423);
  return true;
}

/** The producer's words for an upload refusal with this code; null for codes the general error words explain. */
export function uploadProblem(tr: Translator, code: string | null, file: string): string | null {
  const key = `upload.${code}`;
  return code !== null && tr.has(key) ? tr.t(key, { file }) : null;
}

/** A run or video error that begins with the disk_full code (what the media worker writes), in the producer's words. */
export function runProblem(tr: Translator, error: string | null): string | null {
  return error?.startsWith('disk_full:') ? tr.t('upload.run_disk_full') : error;
}
