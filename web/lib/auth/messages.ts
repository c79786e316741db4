/**
 * Interface strings of signing in that came with the sign-in limits (issue 10), in the six UI
 * languages, one row per key in the order ru, uz, tg, az, ro, en (as web/lib/live/messages.ts).
 */
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  login_throttled_minutes: [
    'Слишком много попыток входа. Попробуйте снова через {n} мин.',
    'Kirishga urinishlar juda koʻp. {n} daqiqadan keyin qayta urinib koʻring.',
    'Кӯшишҳои воридшавӣ аз ҳад зиёд. Пас аз {n} дақиқа бори дигар кӯшиш кунед.',
    'Çox sayda giriş cəhdi. {n} dəqiqədən sonra yenidən cəhd edin.',
    'Prea multe încercări de autentificare. Încercați din nou peste {n} min.',
    'Too many sign-in attempts. Try again in {n} min.'
  ],
  login_throttled_seconds: [
    'Слишком много попыток входа. Попробуйте снова через {n} с.',
    'Kirishga urinishlar juda koʻp. {n} soniyadan keyin qayta urinib koʻring.',
    'Кӯшишҳои воридшавӣ аз ҳад зиёд. Пас аз {n} сония бори дигар кӯшиш кунед.',
    'Çox sayda giriş cəhdi. {n} saniyədən sonra yenidən cəhd edin.',
    'Prea multe încercări de autentificare. Încercați din nou peste {n} s.',
    'Too many sign-in attempts. Try again in {n} s.'
  ]
} satisfies Record<string, [string, string, string, string, string, string]>;

export type AuthMessageKey = keyof typeof ROWS;
export const AUTH_MESSAGE_ROWS: Record<AuthMessageKey, readonly string[]> = ROWS;

/** A sign-in message in a UI language (Russian for an unknown one), {placeholders} filled. */
export const at = messageTable<AuthMessageKey>(ROWS);

/** "Try again in …" for a wait in seconds: whole minutes (rounded up) from a minute on. */
export function throttledMessage(lang: string, retryAfterSeconds: number): string {
  return retryAfterSeconds >= 60
    ? at(lang, 'login_throttled_minutes', { n: Math.ceil(retryAfterSeconds / 60) })
    : at(lang, 'login_throttled_seconds', { n: Math.max(1, Math.ceil(retryAfterSeconds)) });
}
