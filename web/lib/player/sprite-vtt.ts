/**
 * The thumbnail sprite's WebVTT (seek previews): each cue's text is `sprite.jpg#xywh=x,y,w,h`,
 * relative to the .vtt's own URL.
 */
export interface SpriteTile {
  start: number;
  end: number;
  url: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const TIME = /(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})/;

function seconds(text: string): number | null {
  const m = TIME.exec(text);
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4].padEnd(3, '0')) / 1000;
}

export function parseSpriteVtt(text: string, vttUrl: string): SpriteTile[] {
  const tiles: SpriteTile[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    const timing = lines.findIndex((l) => l.includes('-->'));
    if (timing < 0 || !lines[timing + 1]) continue;
    const [a, b] = lines[timing].split('-->');
    const start = seconds(a);
    const end = seconds(b);
    const target = lines[timing + 1].trim();
    const hash = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(target);
    if (start === null || end === null || !hash) continue;
    tiles.push({
      start,
      end,
      url: resolve(hash[1], vttUrl),
      x: Number(hash[2]),
      y: Number(hash[3]),
      w: Number(hash[4]),
      h: Number(hash[5])
    });
  }
  return tiles;
}

/** A URL relative to the .vtt: absolute ones stay, relative ones are resolved against its folder. */
function resolve(target: string, vttUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) return target;
  return vttUrl.replace(/[^/]*$/, '') + target;
}

/** The tile shown at a time (binary search: a two-hour video has over a thousand tiles). */
export function tileAt(tiles: SpriteTile[], time: number): SpriteTile | null {
  let lo = 0;
  let hi = tiles.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tiles[mid];
    if (time < t.start) hi = mid - 1;
    else if (time >= t.end) lo = mid + 1;
    else return t;
  }
  // Past the last tile's end (rounding): the last one.
  return tiles.length && time >= tiles[tiles.length - 1].start ? tiles[tiles.length - 1] : null;
}
