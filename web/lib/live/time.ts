/**
 * Countdowns, "behind live" offsets and the studio's datetime-local field (pure; unit-tested in
 * test/unit/web/live-time.test.ts).
 */
import { formatDuration } from '../format.ts';

export interface Countdown {
  /** The start time has come (or passed): "starting soon". */
  past: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Time left from `now` to `target` (ms since the epoch), whole seconds rounded up. */
export function countdown(target: number, now: number): Countdown {
  const left = Math.ceil((target - now) / 1000);
  if (!Number.isFinite(left) || left <= 0) return { past: true, days: 0, hours: 0, minutes: 0, seconds: 0 };
  return {
    past: false,
    days: Math.floor(left / 86_400),
    hours: Math.floor((left % 86_400) / 3600),
    minutes: Math.floor((left % 3600) / 60),
    seconds: left % 60
  };
}

export const pad2 = (n: number) => String(n).padStart(2, '0');

/** How far behind the live edge playback may be and still count as "live" (seconds). */
export const LIVE_EDGE_TOLERANCE = 6;

/** Seconds behind the live edge (never negative; 0 when either is unknown). */
export function secondsBehind(edge: number | null | undefined, current: number | null | undefined): number {
  if (edge == null || current == null || !Number.isFinite(edge) || !Number.isFinite(current)) return 0;
  return Math.max(0, edge - current);
}

/** "−12 s" style offset for the control bar, or '' at the live edge. Digits read the same in all six languages. */
export function behindLiveLabel(behind: number, unitSeconds: string): string {
  if (!(behind > LIVE_EDGE_TOLERANCE)) return '';
  const s = Math.round(behind);
  return s < 60 ? `−${s} ${unitSeconds}` : `−${formatDuration(s)}`;
}

/**
 * Seconds with one decimal in the language's way of writing it ("1.4" in English, "1,4" in the
 * others); whole numbers without a decimal ("4").
 */
export function formatSeconds(seconds: number, lang: string): string {
  const rounded = Math.round(seconds * 10) / 10;
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  return lang === 'en' ? text : text.replace('.', ',');
}

/**
 * How far behind the live edge a viewer at the edge is, for the "1.4 s behind live" label: null when
 * there is nothing to say (not playing, or rewound past LIVE_EDGE_TOLERANCE, where the "−12 s"
 * offset speaks instead). `latency` is hls.js's own estimate (hls.latency: the distance to the end of
 * the newest listed part, the time since that playlist arrived included), else the seekable end.
 */
export function edgeLatency(latency: number | null | undefined, playing: boolean): number | null {
  if (!playing || latency == null || !Number.isFinite(latency) || latency <= 0) return null;
  return latency > LIVE_EDGE_TOLERANCE ? null : latency;
}

/**
 * A datetime-local value ("2025-05-01T19:00") as ISO 8601 with the offset of that moment in the
 * viewer's zone ("2025-05-01T19:00:00+05:00"). `offsetMinutes(local)` gives minutes east of UTC
 * (the browser: -new Date(local).getTimezoneOffset()). '' for an empty or malformed value.
 */
export function localInputToIso(local: string, offsetMinutes: (local: string) => number): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return '';
  const off = offsetMinutes(local);
  if (!Number.isFinite(off)) return '';
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** An ISO time as a datetime-local value in a zone `offsetMinutes` east of UTC ('' for null). */
export function isoToLocalInput(iso: string | null, offsetMinutes: (utcMs: number) => number): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms + offsetMinutes(ms) * 60_000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** Moscow has kept UTC+3 all year since 2014: the zone of a page rendered on the server (no browser yet). */
export const MOSCOW_OFFSET_MINUTES = 180;

/** The browser's offset at a moment (minutes east of UTC). */
export const browserOffsetAt = (utcMs: number) => -new Date(utcMs).getTimezoneOffset();
/** The browser's offset for a local wall-clock time (the Date constructor reads it as local). */
export const browserOffsetOfLocal = (local: string) => -new Date(local).getTimezoneOffset();
