/**
 * How the library's collection pages word a refusal of CollectionsService: `library.err_<code>` of
 * the catalogues (web/lib/i18n/catalogues), else the general words for the code.
 */
import { errorText } from '../i18n/errors.ts';
import type { Translator } from '../i18n/index.ts';

/** The translated refusal of a collections action. */
export function lmError(tr: Translator, problem: { code: string; message: string; params?: Record<string, string | number> }): string {
  const key = `library.err_${problem.code}`;
  // A field's refusal is worded from its field and rule (web/lib/i18n/errors.ts), never the server's English.
  if (problem.code === 'invalid_field' || problem.code === 'invalid_request' || !tr.has(key)) return errorText(tr, problem);
  return tr.t(key, { message: problem.message });
}
