/**
 * How the variants panel words a refusal and a size (issue 12); the words are the `variants`
 * namespace of the catalogues (web/lib/i18n/catalogues).
 */
import { errorText } from '../i18n/errors.ts';
import type { Translator } from '../i18n/index.ts';

/** A refusal translated by its code; another code is worded generally inside "failed". */
export function vmError(tr: Translator, problem: { code: string; message: string }): string {
  const key = `variants.err_${problem.code}`;
  return tr.has(key) ? tr.t(key) : tr.t('variants.failed', { message: errorText(tr, problem) });
}

/** Bytes as "4.2 MB" in the UI language (decimal megabytes, as messengers count). */
export function megabytes(tr: Translator, bytes: number): string {
  const n = bytes / 1_000_000;
  const text = (n < 10 ? n.toFixed(1) : Math.round(n).toString()).replace('.', tr.lang === 'en' ? '.' : ',');
  return tr.t('variants.mb', { n: text });
}
