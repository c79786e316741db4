/**
 * Where playback starts, decided before hls.js loads anything: the lowest rung on a slow or metered
 * connection (the Network Information API's saveData or a 2G/3G effectiveType) or when the viewer
 * turned "Data saver" on; else the rendition the viewer last chose in the quality menu; else 360p on
 * a phone. Pure (no DOM, no storage): the player passes what it read.
 */
import { pickStartLevel, type LevelLike } from './levels.ts';

/** What the player reads of `navigator.connection` (Chromium, Android browsers; absent elsewhere). */
export interface ConnectionLike {
  saveData?: boolean;
  effectiveType?: string;
}

/** The viewer's own switch, as stored: 'on', 'off' or never touched (null). */
export type SaverSetting = 'on' | 'off' | null;

/** Why data saver is on, or null when it is off. */
export type SaverReason = 'viewer' | 'connection' | null;

const SLOW_TYPES = new Set(['slow-2g', '2g', '3g']);

/**
 * The viewer's switch wins both ways (one who turned it off on a 3G phone asked for quality);
 * untouched, the connection decides.
 */
export function dataSaverReason(connection: ConnectionLike | null | undefined, setting: SaverSetting): SaverReason {
  if (setting === 'on') return 'viewer';
  if (setting === 'off') return null;
  if (connection?.saveData) return 'connection';
  if (connection?.effectiveType && SLOW_TYPES.has(connection.effectiveType)) return 'connection';
  return null;
}

/** The index of the rendition with the fewest lines (then the lowest bitrate); -1 when none has a height. */
export function lowestLevel(levels: readonly LevelLike[]): number {
  let best = -1;
  levels.forEach((l, i) => {
    if (!l.height) return;
    const b = levels[best];
    if (best < 0 || l.height < b.height || (l.height === b.height && l.bitrate < b.bitrate)) best = i;
  });
  return best;
}

/** The level of a remembered height: that height, else the tallest below it, else the lowest. */
export function levelOfHeight(levels: readonly LevelLike[], height: number): number {
  return pickStartLevel(levels, height);
}

export interface StartChoice {
  /** hls.js startLevel; -1 lets hls.js estimate. */
  startLevel: number;
  /** hls.js autoLevelCapping (Auto never climbs above it); -1: no cap. */
  cap: number;
  /** A rendition held by hand (the quality menu's remembered choice); -1: Auto. */
  manual: number;
}

export interface StartInput {
  saver: boolean;
  /** The height the viewer last chose in the quality menu; null: Auto or never chosen. */
  rememberedHeight: number | null;
  isPhone: boolean;
  /** The phone's default start (lines). */
  phoneHeight: number;
}

export function startChoice(levels: readonly LevelLike[], input: StartInput): StartChoice {
  if (input.saver) {
    const lowest = lowestLevel(levels);
    return { startLevel: lowest, cap: lowest, manual: -1 };
  }
  if (input.rememberedHeight) {
    const level = levelOfHeight(levels, input.rememberedHeight);
    if (level >= 0) return { startLevel: level, cap: -1, manual: level };
  }
  return { startLevel: input.isPhone ? pickStartLevel(levels, input.phoneHeight) : -1, cap: -1, manual: -1 };
}

/** The remembered quality as stored: a height ("240") or "auto"; anything else is no memory. */
export function parseRememberedQuality(stored: string | null): number | null {
  if (!stored || !/^\d{3,4}$/.test(stored)) return null;
  return Number(stored);
}
