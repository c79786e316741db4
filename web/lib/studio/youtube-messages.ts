/** The producer's words for a refusal of the publish-to-YouTube action: `studio_youtube.err_<code>`. */
import type { Translator } from '../i18n/index.ts';

/** The translated refusal; null for a code without one (the general error words are shown). */
export function publishProblem(tr: Translator, code: string | null): string | null {
  const key = `studio_youtube.err_${code}`;
  return code && tr.has(key) ? tr.t(key) : null;
}
