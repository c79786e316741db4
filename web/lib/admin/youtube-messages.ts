/**
 * The admin page's YouTube section words a youtube_* error code (server/errors.ts) wherever it shows
 * one (a form's refusal, the connection's last error) from `admin_youtube.err_<code>`.
 */
import type { Translator } from '../i18n/index.ts';

/** The translated message of an error code, or null when the namespace has none. */
export function ytError(tr: Translator, code: string): string | null {
  const key = `admin_youtube.err_${code}`;
  return tr.has(key) ? tr.t(key) : null;
}
