/**
 * What the viewer set in the player and the browser remembers (localStorage, this device only):
 * the data-saver switch and the last quality chosen in the menu. Storage can be missing or refuse
 * (private mode, full disk): then nothing is remembered and nothing breaks.
 */
import { dataSaverReason, parseRememberedQuality, type ConnectionLike, type SaverReason, type SaverSetting } from './data-saver.ts';

const SAVER_KEY = 'efir.dataSaver';
const QUALITY_KEY = 'efir.quality';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* not remembered */
  }
}

export function saverSetting(): SaverSetting {
  const v = read(SAVER_KEY);
  return v === 'on' || v === 'off' ? v : null;
}
export function setSaverSetting(on: boolean): void {
  write(SAVER_KEY, on ? 'on' : 'off');
}

/** Data saver now: the viewer's switch, else the connection (navigator.connection where it exists). */
export function currentSaverReason(): SaverReason {
  const connection = (navigator as Navigator & { connection?: ConnectionLike }).connection;
  return dataSaverReason(connection, saverSetting());
}

export function rememberedQuality(): number | null {
  return parseRememberedQuality(read(QUALITY_KEY));
}
/** A height, or null for Auto. */
export function rememberQuality(height: number | null): void {
  write(QUALITY_KEY, height ? String(height) : 'auto');
}
