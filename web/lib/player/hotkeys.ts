/**
 * Keyboard control while focus is in the player (the usual video-site keys): space/k play-pause,
 * ←/→ 5 s, j/l 10 s, ↑/↓ volume, Home/End, 0–9 jump to 0–90 %, f fullscreen, m mute, c subtitles.
 * Keys with a modifier pass through (browser shortcuts); handled keys do not scroll the page.
 */
import type { VjsPlayer } from './types.ts';

/** A live stream's range instead of 0…duration: Home/End/digits move in the DVR window, End goes live. */
export interface LiveKeys {
  /** Start and end of the seekable window (seconds). */
  window(): { start: number; end: number } | null;
  toLive(): void;
}

export function makeHotkeys(toggleSubtitles: () => void, live: LiveKeys | null = null) {
  return function hotkeys(this: VjsPlayer, e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const p = this as any;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (live && (key === 'Home' || key === 'End' || /^[0-9]$/.test(key))) {
      const w = live.window();
      if (key === 'End') live.toLive();
      else if (w && key === 'Home') p.currentTime(w.start);
      else if (w) p.currentTime(w.start + ((w.end - w.start) * Number(key)) / 10);
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    const seek = (delta: number) => {
      const w = live?.window();
      const [lo, hi] = w ? [w.start, w.end] : [0, p.duration() || Infinity];
      p.currentTime(Math.min(Math.max(lo, p.currentTime() + delta), hi));
    };
    switch (key) {
      case ' ':
      case 'k':
        if (p.paused()) void p.play()?.catch?.(() => {});
        else p.pause();
        break;
      case 'ArrowLeft':
        seek(-5);
        break;
      case 'ArrowRight':
        seek(5);
        break;
      case 'j':
        seek(-10);
        break;
      case 'l':
        seek(10);
        break;
      case 'ArrowUp':
        p.muted(false);
        p.volume(Math.min(1, p.volume() + 0.1));
        break;
      case 'ArrowDown':
        p.volume(Math.max(0, p.volume() - 0.1));
        break;
      case 'Home':
        p.currentTime(0);
        break;
      case 'End':
        if (p.duration()) p.currentTime(p.duration());
        break;
      case 'f':
        if (p.isFullscreen()) p.exitFullscreen();
        else p.requestFullscreen();
        break;
      case 'm':
        p.muted(!p.muted());
        break;
      case 'c':
        toggleSubtitles();
        break;
      default:
        if (/^[0-9]$/.test(key) && p.duration()) {
          p.currentTime((p.duration() * Number(key)) / 10);
          break;
        }
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };
}
