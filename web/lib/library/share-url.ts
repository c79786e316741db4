/**
 * Sharing links of a watch page (pure, unit-tested in test/unit/web/share-url.test.ts): the URL a
 * viewer sends into a messenger, and the `?t=` start time such a link carries. `?lang=` makes the
 * page (and its Open Graph card) speak the language the sender chose; `?t=` opens the video there.
 */

/** Longer than any video Efir keeps (a day): a larger `t` is a typo or garbage, not a moment. */
const MAX_START_SECONDS = 24 * 3600;
const SECONDS = /^\d{1,6}(?:\.\d+)?$/;
/** YouTube's forms: 1h2m3s, 1m30s, 90s, 2m (each part optional, in this order). */
const UNITS = /^(?:(\d{1,3})h)?(?:(\d{1,5})m)?(?:(\d{1,6})s)?$/;
/** A clock: 1:30, 01:02:03 (minutes and seconds two digits after a colon). */
const CLOCK = /^(?:(\d{1,3}):)?(\d{1,5}):([0-5]\d)$/;

/**
 * A start time in seconds from a `?t=` value: `90`, `90.5`, `1m30s`, `90s`, `1h2m`, `1:30`,
 * `1:02:03`. Anything else, zero, or more than a day: null (the link still opens, at the start).
 */
export function parseStartTime(value: string | null | undefined): number | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  let seconds: number | null = null;
  if (SECONDS.test(v)) seconds = Number(v);
  else if (v && UNITS.test(v)) {
    const [, h, m, s] = UNITS.exec(v)!;
    seconds = Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
  } else if (CLOCK.test(v)) {
    const [, h, m, s] = CLOCK.exec(v)!;
    seconds = Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s);
  }
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_START_SECONDS) return null;
  return seconds;
}

export interface ShareOptions {
  /** The language the page and its card are shown in (one of the six UI languages). */
  lang?: string | null;
  /** Where the video starts, in seconds; whole seconds in the link, none for 0 or less. */
  t?: number | null;
}

/**
 * The absolute link to a watch page: `${publicUrl}/watch/<id>?lang=uz&t=90`. `publicUrl` is
 * config.publicUrl (PUBLIC_URL), with or without a trailing slash.
 */
export function shareUrl(publicUrl: string, videoId: string, opts: ShareOptions = {}): string {
  const q = new URLSearchParams();
  if (opts.lang) q.set('lang', opts.lang);
  const t = opts.t == null || !Number.isFinite(opts.t) ? 0 : Math.floor(opts.t);
  if (t > 0) q.set('t', String(t));
  const query = q.toString();
  return `${publicUrl.replace(/\/+$/, '')}/watch/${encodeURIComponent(videoId)}${query ? `?${query}` : ''}`;
}
