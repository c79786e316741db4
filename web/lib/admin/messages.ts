/** The admin page's words for AccountsService's refusals: `admin.err_<code>` of the catalogues. */
import type { Translator } from '../i18n/index.ts';

/** The translated message of an error code, or null when the admin namespace has none. */
export function admError(tr: Translator, code: string): string | null {
  const key = `admin.err_${code}`;
  return tr.has(key) ? tr.t(key) : null;
}
