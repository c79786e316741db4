/**
 * The Range header of a file request (RFC 9110 §14), one range only: that is what players send
 * (hls.js for byte-range playlists, <video> for MP4). Several ranges are answered with the whole file,
 * which the RFC allows.
 */
export type ByteRange = { start: number; end: number };

/** undefined: no (usable) range, send the whole file; 'unsatisfiable': answer 416. */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return undefined; // another unit: ignored, as the RFC says
  const spec = m[1]!.trim();
  if (spec.includes(',')) return undefined;
  const r = /^(\d*)\s*-\s*(\d*)$/.exec(spec);
  if (!r || (r[1] === '' && r[2] === '')) return 'unsatisfiable';
  if (r[1] === '') {
    // Suffix: the last N bytes.
    const n = Number(r[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(r[1]);
  const end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
  if (start >= size || (r[2] !== '' && Number(r[2]) < start)) return 'unsatisfiable';
  return { start, end };
}
