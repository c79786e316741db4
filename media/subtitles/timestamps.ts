// Clock times as the three formats write them: [H:]MM:SS followed by ',' or '.' and a fraction.
// The fraction is read as a decimal fraction of a second (",5" = 500 ms, ".50" = 500 ms), which is what
// ASS centiseconds and sloppy SRT writers that drop trailing zeros both mean.
const CLOCK = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})$/;

/**
 * Milliseconds for a clock time, or null when it is malformed. `hoursRequired` is false only for
 * WebVTT, whose short form MM:SS.mmm omits the hours.
 */
export function parseClock(text: string, hoursRequired: boolean): number | null {
  const m = CLOCK.exec(text.trim());
  if (!m) return null;
  const [, h, mm, ss, frac] = m;
  if (h === undefined && hoursRequired) return null;
  const minutes = Number(mm);
  const seconds = Number(ss);
  if (minutes > 59 || seconds > 59) return null;
  return ((Number(h ?? 0) * 60 + minutes) * 60 + seconds) * 1000 + Number(frac!.padEnd(3, '0'));
}

/** HH:MM:SS.mmm, hours widened past two digits for very long videos. */
export function formatVttTimestamp(seconds: number): string {
  const total = Math.max(0, Math.round(seconds * 1000));
  const ms = total % 1000;
  const s = Math.floor(total / 1000) % 60;
  const m = Math.floor(total / 60_000) % 60;
  const h = Math.floor(total / 3_600_000);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms, 3)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// "start --> end" with anything after the end time (WebVTT cue settings, SRT X1:.. Y2:.. coordinates)
// ignored. Returns null when either time is malformed.
export function parseTimingLine(line: string, hoursRequired: boolean): { startMs: number; endMs: number } | null {
  const m = /^\s*(\S+?)\s*-->\s*(\S+)(?:\s.*)?$/.exec(line);
  if (!m) return null;
  const startMs = parseClock(m[1]!, hoursRequired);
  const endMs = parseClock(m[2]!, hoursRequired);
  if (startMs === null || endMs === null) return null;
  return { startMs, endMs };
}

// Whether a line was meant as a timing line, even a broken one, so that it is reported instead of being
// taken for subtitle text. A '-->' preceded by one token with a digit or ':' ("00:00:0x,500 -->"), or a
// full clock time followed by a one-dash or dash-like arrow ("00:00:01,000 - 00:00:02,000"). Text such
// as "Step 1 --> Step 2" or "10:30 - 11:00" stays text.
export function looksLikeTimingLine(line: string): boolean {
  return (
    /^\s*\S*[\d:]\S*?\s*-->/.test(line) ||
    /^\s*\d+:\d{1,2}:\d{1,2}[.,]\d+\s*(?:-{1,2}>?|–|—|=>)\s*\d/.test(line)
  );
}
