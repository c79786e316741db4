/**
 * Pure choices the player makes about renditions and subtitle tracks (no hls.js, no DOM), so they are
 * unit-tested on their own.
 */

/** What the player needs of an hls.js level. */
export interface LevelLike {
  height: number;
  bitrate: number;
}

export interface QualityOption {
  /** hls.js level index; -1 is Auto (adaptive). */
  level: number;
  height: number;
  label: string;
}

/** "360p" for a 360-line rendition. */
export function qualityLabel(height: number): string {
  return `${height}p`;
}

/**
 * The menu's rungs, highest first (as viewers read a quality list). Two levels of the same height
 * (a ladder with two bitrates per size) show once: the higher bitrate of the two.
 */
export function qualityOptions(levels: readonly LevelLike[]): QualityOption[] {
  const byHeight = new Map<number, number>();
  levels.forEach((l, i) => {
    if (!l.height) return;
    const seen = byHeight.get(l.height);
    if (seen === undefined || levels[seen].bitrate < l.bitrate) byHeight.set(l.height, i);
  });
  return [...byHeight.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([height, level]) => ({ level, height, label: qualityLabel(height) }));
}

/**
 * Where a phone starts: the highest rendition at most `maxHeight` lines (360p is sharp on a 6-inch
 * screen and fits a weak 3G cell), else the lowest one. -1 (let hls.js decide) when no level has a
 * height (audio-only or an odd playlist).
 */
export function pickStartLevel(levels: readonly LevelLike[], maxHeight: number): number {
  let best = -1;
  let lowest = -1;
  levels.forEach((l, i) => {
    if (!l.height) return;
    if (lowest < 0 || l.height < levels[lowest].height) lowest = i;
    if (l.height <= maxHeight && (best < 0 || l.height > levels[best].height || (l.height === levels[best].height && l.bitrate > levels[best].bitrate))) best = i;
  });
  return best >= 0 ? best : lowest;
}

/**
 * The subtitle track to show first: the one in the viewer's UI language. Null when the video has
 * none in that language (then subtitles start off rather than in a language the viewer did not ask for).
 */
export function pickSubtitle<T extends { lang: string }>(tracks: readonly T[], uiLang: string): T | null {
  return tracks.find((t) => t.lang === uiLang) ?? null;
}
