// Reading ffmpeg's `-progress` output. ffmpeg prints blocks of key=value lines, each block ending
// with `progress=continue` (or `progress=end`), roughly twice a second.

const TIME_KEYS_US = ['out_time_us', 'out_time_ms'] as const;

/**
 * Fraction done (0..1) from the latest position in `chunk`, or null if the chunk holds none.
 *
 * `out_time_ms` is, despite its name, in microseconds (a long-standing ffmpeg quirk kept for
 * compatibility), so both keys are read the same way; `out_time=HH:MM:SS.micro` is the fallback.
 * Early blocks say `N/A` or even a huge negative number before the first packet is written;
 * those are ignored or clamped to 0.
 */
export function parseProgress(chunk: string, durationSeconds: number): number | null {
  let seconds: number | null = null;
  let ended = false;
  for (const line of chunk.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'progress' && value === 'end') ended = true;
    const t = timeOf(key, value);
    // Keep the last position seen: the chunk may hold several blocks.
    if (t !== null) seconds = t;
  }
  if (ended) return 1;
  if (seconds === null || !(durationSeconds > 0)) return null;
  return Math.min(1, Math.max(0, seconds / durationSeconds));
}

function timeOf(key: string, value: string): number | null {
  if ((TIME_KEYS_US as readonly string[]).includes(key)) {
    if (!/^-?\d+$/.test(value)) return null;
    return Number(value) / 1e6;
  }
  if (key === 'out_time') {
    const m = /^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value);
    if (!m) return null;
    const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
    return m[1] === '-' ? -s : s;
  }
  return null;
}
