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

/** Tajik and Uzbek date data may be missing in a small ICU; fall back to Russian, then English. */
function locale(lang: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([lang]).length ? lang : 'ru';
  } catch {
    return 'en';
  }
}

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Moscow' }).format(d);
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
