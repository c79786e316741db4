/** Signing in's words that depend on data (issue 10): the wait before the next try. */
import type { Translator } from '../i18n/index.ts';

/** "Try again in …" for a wait in seconds: whole minutes (rounded up) from a minute on. */
export function throttledMessage(tr: Translator, retryAfterSeconds: number): string {
  return retryAfterSeconds >= 60
    ? tr.t('auth.login_throttled_minutes', { n: Math.ceil(retryAfterSeconds / 60) })
    : tr.t('auth.login_throttled_seconds', { n: Math.max(1, Math.ceil(retryAfterSeconds)) });
}
