/**
 * The lock screen and notification controls (Media Session API, where the browser has it): the
 * video's title and poster, play/pause and ±10 s. With listen only, a phone keeps playing the sound
 * with the screen off where the browser allows it, and this is what the viewer sees meanwhile.
 */
import type { VjsPlayer } from './types.ts';

export function attachMediaSession(player: VjsPlayer, info: { title: string; artist: string; posterUrl: string | null }): () => void {
  if (typeof navigator === 'undefined' || !('mediaSession' in navigator) || typeof MediaMetadata === 'undefined') return () => {};
  const session = navigator.mediaSession;
  const p = player as any;
  const set = () => {
    session.metadata = new MediaMetadata({
      title: info.title,
      artist: info.artist,
      artwork: info.posterUrl ? [{ src: new URL(info.posterUrl, location.href).href }] : []
    });
  };
  const seekBy = (delta: number) => () => p.currentTime(Math.max(0, p.currentTime() + delta));
  const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
    ['play', () => void p.play()?.catch?.(() => {})],
    ['pause', () => p.pause()],
    ['seekbackward', seekBy(-10)],
    ['seekforward', seekBy(10)],
    ['seekto', (d) => d.seekTime != null && p.currentTime(d.seekTime)]
  ];
  for (const [action, handler] of handlers) {
    try {
      session.setActionHandler(action, handler);
    } catch {
      /* an action this browser does not know */
    }
  }
  p.on('play', set);
  return () => {
    p.off('play', set);
    for (const [action] of handlers) {
      try {
        session.setActionHandler(action, null);
      } catch {
        /* as above */
      }
    }
  };
}
