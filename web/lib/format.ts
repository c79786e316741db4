/** Small formatting helpers shared by pages (pure, so the server and the browser agree). */

/** 75.4 → "1:15"; 3725 → "1:02:05". Durations are not localised: digits and colons read the same everywhere. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Machine-readable duration for <time datetime>: PT1M15S. */
export function isoDuration(seconds: number | null | undefined): string | undefined {
  if (seconds == null || !Number.isFinite(seconds)) return undefined;
  return `PT${Math.round(seconds)}S`;
}

/** A language Intl can format in here, else Russian (numbers and units; dates go through dateText). */
function locale(lang: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([lang]).length ? lang : 'ru';
  } catch {
    return 'en';
  }
}

/**
 * Dates in Uzbek and Tajik, written out from CLDR: Chromium's ICU has no date data for either
 * (Intl printed "2026 M11 23" there) while Node's has, so the server and the browser disagreed.
 * These print the same everywhere: "23-noyabr, 2026, 19:00", "23 ноябр 2026, 19:00".
 */
const OWN_DATES: Record<string, { long: string[]; medium: string[]; date(day: number, month: string, year: number): string }> = {
  uz: {
    long: ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avgust', 'sentabr', 'oktabr', 'noyabr', 'dekabr'],
    medium: ['yan', 'fev', 'mar', 'apr', 'may', 'iyn', 'iyl', 'avg', 'sen', 'okt', 'noy', 'dek'],
    date: (d, m, y) => `${d}-${m}, ${y}`
  },
  tg: {
    long: ['январ', 'феврал', 'март', 'апрел', 'май', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'],
    medium: ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'],
    date: (d, m, y) => `${d} ${m} ${y}`
  }
};

export interface DateTextOptions {
  /** Day, month and year; none prints the time alone. */
  date?: 'long' | 'medium';
  /** Hours and minutes ('short'), with seconds ('medium'). */
  time?: 'short' | 'medium';
  /** IANA zone; the runtime's own (the viewer's, in a browser) when absent. */
  timeZone?: string;
}

/** Calendar fields of `d` in `timeZone` (or the runtime's zone). */
function fields(d: Date, timeZone?: string) {
  if (!timeZone) return { y: d.getFullYear(), mo: d.getMonth(), d: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds() };
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, Number(x.value)]));
  return { y: p.year!, mo: p.month! - 1, d: p.day!, h: p.hour! % 24, mi: p.minute!, s: p.second! };
}

/** A date, a time or both in the UI language; '' for a missing or bad date. */
export function dateText(iso: string | Date | null | undefined, lang: string, opts: DateTextOptions): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const own = OWN_DATES[lang];
  if (own) {
    const f = fields(d, opts.timeZone);
    const two = (n: number) => String(n).padStart(2, '0');
    const date = opts.date ? own.date(f.d, own[opts.date][f.mo]!, f.y) : '';
    const time = opts.time ? `${two(f.h)}:${two(f.mi)}${opts.time === 'medium' ? `:${two(f.s)}` : ''}` : '';
    return date && time ? `${date}, ${time}` : date || time;
  }
  return new Intl.DateTimeFormat(locale(lang), {
    ...(opts.date ? { dateStyle: opts.date } : {}),
    ...(opts.time ? { timeStyle: opts.time } : {}),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {})
  }).format(d);
}

/** A video's date in the library: long, in Moscow time (where the organisation publishes). */
export function formatDate(iso: string | null | undefined, lang: string): string {
  return dateText(iso, lang, { date: 'long', timeZone: 'Europe/Moscow' });
}

/** 1536000 → "1.5 MB" in the UI language's number format. */
export function formatBytes(bytes: number, lang: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  try {
    return new Intl.NumberFormat(locale(lang), {
      style: 'unit',
      unit: units[i],
      unitDisplay: 'short',
      maximumFractionDigits: i >= 2 ? 1 : 0
    }).format(value);
  } catch {
    return `${value.toFixed(i >= 2 ? 1 : 0)} ${['B', 'KB', 'MB', 'GB'][i]}`;
  }
}

export function percent(fraction: number): number {
  if (!Number.isFinite(fraction)) return 0;
  return Math.max(0, Math.min(100, Math.floor(fraction * 100)));
}
