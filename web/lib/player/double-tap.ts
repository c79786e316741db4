/**
 * Double-tap to seek on touch screens, as on the usual video apps: two taps in the left third go back
 * 10 s, in the right third forward 10 s; the middle third is left to video.js (a tap shows or hides
 * the controls). A short badge says what happened.
 */
import type { VjsPlayer } from './types.ts';

export const DOUBLE_TAP_MS = 300;
export const DOUBLE_TAP_SECONDS = 10;

/** −1 (left third), +1 (right third) or 0 (middle) for a tap at `x` in a box `width` wide. */
export function tapZone(x: number, width: number): -1 | 0 | 1 {
  if (!(width > 0)) return 0;
  const f = x / width;
  return f < 1 / 3 ? -1 : f > 2 / 3 ? 1 : 0;
}

/** Seeks a double tap; `label(direction)` is the badge's text ("−10 s"). Returns the cleanup. */
export function attachDoubleTap(player: VjsPlayer, label: (direction: -1 | 1) => string): () => void {
  const p = player as any;
  const root: HTMLElement = p.el();
  const badge = document.createElement('div');
  badge.className = 'efir-tap-seek';
  badge.setAttribute('aria-hidden', 'true'); // the time displays speak the new position
  badge.hidden = true;
  root.appendChild(badge);
  let last = { at: 0, zone: 0 as -1 | 0 | 1 };
  let hide: ReturnType<typeof setTimeout> | undefined;

  const onTouchEnd = (e: TouchEvent) => {
    // Only taps on the picture: the control bar and menus keep their own touches.
    const target = e.target as HTMLElement;
    if (!target.closest('.vjs-tech, .vjs-poster, .vjs-text-track-display') || e.changedTouches.length !== 1) return;
    const rect = root.getBoundingClientRect();
    const zone = tapZone(e.changedTouches[0].clientX - rect.left, rect.width);
    const now = e.timeStamp;
    if (zone !== 0 && last.zone === zone && now - last.at < DOUBLE_TAP_MS) {
      e.preventDefault();
      const duration = p.duration();
      const end = Number.isFinite(duration) ? duration : p.seekable()?.length ? p.seekable().end(0) : Infinity;
      p.currentTime(Math.max(0, Math.min(end, p.currentTime() + zone * DOUBLE_TAP_SECONDS)));
      badge.textContent = label(zone);
      badge.dataset.side = zone < 0 ? 'left' : 'right';
      badge.hidden = false;
      clearTimeout(hide);
      hide = setTimeout(() => (badge.hidden = true), 700);
      last = { at: 0, zone: 0 };
      return;
    }
    last = { at: now, zone };
  };
  root.addEventListener('touchend', onTouchEnd, { passive: false });
  return () => {
    clearTimeout(hide);
    root.removeEventListener('touchend', onTouchEnd);
    badge.remove();
  };
}
