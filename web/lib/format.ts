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
 * Dates in all six languages, written out from CLDR here rather than by Intl: Chromium's ICU lacks
 * date data for Uzbek, Tajik and Azerbaijani (Intl printed "2026 M11 23" there) while Node's has,
 * so the server's HTML and the page after hydration disagreed; and the two ICU versions differ in
 * small ways for the others too (Russian "г.", English "at"). These print the same everywhere:
 * "23 ноября 2026 г., 19:00", "23-noyabr, 2026, 19:00", "23 ноябр 2026, 19:00", "23 noyabr 2026, 19:00",
 * "23 noiembrie 2026, 19:00", "November 23, 2026, 7:00 PM".
 */
interface OwnDates {
  long: string[];
  medium: string[];
  date(day: number, month: string, year: number): string;
  time?(h: number, m: number, s: number | null): string;
}

const OWN_DATES: Record<string, OwnDates> = {
  ru: {
    long: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
    medium: ['янв.', 'февр.', 'мар.', 'апр.', 'мая', 'июн.', 'июл.', 'авг.', 'сент.', 'окт.', 'нояб.', 'дек.'],
    date: (d, m, y) => `${d} ${m} ${y} г.`
  },
  uz: {
    long: ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avgust', 'sentabr', 'oktabr', 'noyabr', 'dekabr'],
    medium: ['yan', 'fev', 'mar', 'apr', 'may', 'iyn', 'iyl', 'avg', 'sen', 'okt', 'noy', 'dek'],
    date: (d, m, y) => `${d}-${m}, ${y}`
  },
  tg: {
    long: ['январ', 'феврал', 'март', 'апрел', 'май', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'],
    medium: ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'],
    date: (d, m, y) => `${d} ${m} ${y}`
  },
  az: {
    long: ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avqust', 'sentyabr', 'oktyabr', 'noyabr', 'dekabr'],
    medium: ['yan', 'fev', 'mar', 'apr', 'may', 'iyn', 'iyl', 'avq', 'sen', 'okt', 'noy', 'dek'],
    date: (d, m, y) => `${d} ${m} ${y}`
  },
  ro: {
    long: ['ianuarie', 'februarie', 'martie', 'aprilie', 'mai', 'iunie', 'iulie', 'august', 'septembrie', 'octombrie', 'noiembrie', 'decembrie'],
    medium: ['ian.', 'feb.', 'mar.', 'apr.', 'mai', 'iun.', 'iul.', 'aug.', 'sept.', 'oct.', 'nov.', 'dec.'],
    date: (d, m, y) => `${d} ${m} ${y}`
  },
  en: {
    long: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    medium: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    date: (d, m, y) => `${m} ${d}, ${y}`,
    // 12-hour clock, as CLDR's en: "7:05 PM"
    time: (h, m, s) => `${h % 12 || 12}:${pad(m)}${s === null ? '' : `:${pad(s)}`}\u00a0${h < 12 ? 'AM' : 'PM'}`
  }
};

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The zone every date is printed in unless a caller names another: the organisation's (Moscow), so
 * the server (which does not know the viewer's zone) and the browser print the same; pages that
 * show a time of day say so with zoneNote().
 */
export const ORG_TIME_ZONE = 'Europe/Moscow';

export interface DateTextOptions {
  /** Day, month and year; none prints the time alone. */
  date?: 'long' | 'medium';
  /** Hours and minutes ('short'), with seconds ('medium'). */
  time?: 'short' | 'medium';
  /** IANA zone; Moscow (ORG_TIME_ZONE) when absent, never the runtime's own (server and browser differ). */
  timeZone?: string;
}

/** Calendar fields of `d` in `timeZone`. */
function fields(d: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, Number(x.value)]));
  return { y: p.year!, mo: p.month! - 1, d: p.day!, h: p.hour! % 24, mi: p.minute!, s: p.second! };
}

/** A date, a time or both in the UI language (Russian for an unknown one); '' for a missing or bad date. */
export function dateText(iso: string | Date | null | undefined, lang: string, opts: DateTextOptions): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const own = OWN_DATES[lang] ?? OWN_DATES.ru!;
  const f = fields(d, opts.timeZone ?? ORG_TIME_ZONE);
  const date = opts.date ? own.date(f.d, own[opts.date][f.mo]!, f.y) : '';
  const seconds = opts.time === 'medium' ? f.s : null;
  const time = opts.time ? (own.time ? own.time(f.h, f.mi, seconds) : `${pad(f.h)}:${pad(f.mi)}${seconds === null ? '' : `:${pad(seconds)}`}`) : '';
  return date && time ? `${date}, ${time}` : date || time;
}

/** "(Moscow time)" in the UI language, for a time of day printed in ORG_TIME_ZONE. */
const ZONE_NOTE: Record<string, string> = {
  ru: 'по московскому времени',
  uz: 'Moskva vaqti bilan',
  tg: 'бо вақти Маскав',
  az: 'Moskva vaxtı ilə',
  ro: 'ora Moscovei',
  en: 'Moscow time'
};

/**
 * The zone a time of day was printed in, in brackets, for a viewer whose zone differs: ' (по
 * московскому времени)'. `viewerZone` null (the server, which cannot know it): the note is given,
 * so the first HTML is never wrong; the browser drops it after hydration when the viewer's clock
 * agrees with Moscow's at that moment (web/lib/viewer-zone.svelte.ts).
 */
export function zoneNote(lang: string, at: string | Date | null | undefined, viewerZone: string | null, timeZone = ORG_TIME_ZONE): string {
  if (!at) return '';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  if (viewerZone !== null && sameClock(d, viewerZone, timeZone)) return '';
  return ` (${ZONE_NOTE[lang] ?? ZONE_NOTE.ru})`;
}

/** Whether two zones show the same wall-clock time at a moment. */
function sameClock(d: Date, a: string, b: string): boolean {
  try {
    const x = fields(d, a);
    const y = fields(d, b);
    return x.h === y.h && x.mi === y.mi && x.d === y.d;
  } catch {
    return false; // an unknown zone name: say which zone the time is in
  }
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
