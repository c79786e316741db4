/**
 * Machine translation's words that depend on data (issue 12): the viewers' label of a
 * machine-translated track and the draft's refusals. The words are the `mt` namespace of the
 * catalogues (web/lib/i18n/catalogues).
 */
import { errorText } from '../i18n/errors.ts';
import type { Translator } from '../i18n/index.ts';

/** A subtitle track's label for viewers: its language's name, and "(machine-translated)" in the viewer's language when it is. */
export function trackLabel(track: { name: string; machine?: boolean }, tr: Translator): string {
  return track.machine ? tr.t('mt.track_machine', { name: track.name }) : track.name;
}

/** The draft's refusal in the user's language, with the service's reason. */
export function mtError(tr: Translator, problem: { code: string; message: string; reason?: string; params?: Record<string, string | number> }): string {
  if (problem.code === 'translation_failed') {
    const reason = problem.reason ?? /\(([^,)]+)/.exec(problem.message)?.[1] ?? problem.code;
    return tr.t('mt.err_translation_failed', { reason });
  }
  if (problem.code === 'translation_unavailable') return tr.t('mt.err_translation_unavailable');
  return errorText(tr, problem);
}
