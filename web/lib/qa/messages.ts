/**
 * How the Q&A words what the server answers: a refusal by its code, a moderator's action by its
 * name. The words are the `qa` namespace of the catalogues (web/lib/i18n/catalogues).
 */
import { errorText as anyErrorText } from '../i18n/errors.ts';
import type { Translator } from '../i18n/index.ts';

/** The message for a server error code, when the Q&A has one; else the general one for the code. */
export function errorText(tr: Translator, e: { code: string; message: string; retryAfter?: number }): string {
  const n = e.retryAfter ?? 0;
  switch (e.code) {
    case 'rate_limited': return tr.t('qa.qa_err_rate_limited', { n });
    case 'slow_mode': return tr.t('qa.qa_err_slow_mode', { n });
    case 'banned': return tr.t('qa.qa_err_banned');
    case 'timed_out': return tr.t('qa.qa_err_timed_out', { n });
    case 'text_too_long': return tr.t('qa.qa_err_text_too_long');
    case 'empty_text': return tr.t('qa.qa_err_empty_text');
    case 'qa_closed': return tr.t('qa.qa_closed');
    case 'forbidden': return tr.t('qa.mod_forbidden');
    // Worded from the code (web/lib/i18n/errors.ts), never the server's English.
    default: return anyErrorText(tr, e);
  }
}

/** A moderator action of the Q&A protocol (pin, answer…) as the console's header says it. */
export function modActionName(tr: Translator, action: string): string {
  const key = `qa.mod_act_${action}`;
  return tr.has(key) ? tr.t(key) : tr.t('qa.mod_act_settings');
}
