// Seek-preview thumbnails: one JPEG "sprite" holding a grid of small frames, plus a WebVTT file
// mapping time ranges to rectangles in it (`sprite.jpg#xywh=x,y,w,h`), the format video.js and
// most HLS players understand. One image instead of hundreds keeps requests down on slow links.

/** More tiles make the sprite heavier than the preview is worth on a phone. */
export const MAX_SPRITE_TILES = 100;
export const SPRITE_COLUMNS = 10;
/** Length of a tile's longer side in pixels. */
export const SPRITE_TILE_SIZE = 160;

export interface SpritePlan {
  /** Seconds between tiles (whole seconds keep the VTT times exact). */
  interval: number;
  /** Number of tiles, ceil(duration / interval). */
  count: number;
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

const even = (x: number): number => Math.max(2, Math.round(x / 2) * 2);

/**
 * Pick the interval so there are at most MAX_SPRITE_TILES tiles, and tile sizes that keep the
 * source's aspect ratio (16:9 assumed when the size is not given). Tile sizes are fixed here,
 * and passed to both spriteArgs and spriteVtt, so the image and the map cannot disagree.
 */
export function planSprite(
  duration: number,
  source: { width: number; height: number } = { width: 16, height: 9 }
): SpritePlan {
  if (!(duration > 0)) throw new Error(`planSprite: duration must be positive, got ${duration}`);
  const interval = Math.max(1, Math.ceil(duration / MAX_SPRITE_TILES));
  const count = tileCount(duration, interval);
  const columns = Math.min(SPRITE_COLUMNS, count);
  const rows = Math.ceil(count / columns);
  const landscape = source.width >= source.height;
  const tileWidth = landscape ? SPRITE_TILE_SIZE : even((SPRITE_TILE_SIZE * source.width) / source.height);
  const tileHeight = landscape ? even((SPRITE_TILE_SIZE * source.height) / source.width) : SPRITE_TILE_SIZE;
  return { interval, count, columns, rows, tileWidth, tileHeight };
}

export function tileCount(duration: number, interval: number): number {
  // The epsilon keeps 300.0000001 s at interval 3 from needing a 101st tile.
  return Math.max(1, Math.ceil(duration / interval - 1e-6));
}

export function spriteVtt(
  duration: number,
  interval: number,
  columns: number,
  tileWidth: number,
  tileHeight: number,
  spriteUrl: string
): string {
  const cues: string[] = [];
  const count = tileCount(duration, interval);
  for (let i = 0; i < count; i++) {
    const start = i * interval;
    const end = Math.min((i + 1) * interval, duration);
    const x = (i % columns) * tileWidth;
    const y = Math.floor(i / columns) * tileHeight;
    cues.push(`${vttTime(start)} --> ${vttTime(end)}\n${spriteUrl}#xywh=${x},${y},${tileWidth},${tileHeight}`);
  }
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}
