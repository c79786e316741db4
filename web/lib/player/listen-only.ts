/**
 * Listen only, in the browser: finds the master's audio-only rendition (audio-rendition.ts) and swaps
 * the player's source between it and the ladder at the same moment. The swap goes through video.js's
 * source machinery, so the hls-source-handler makes a second hls.js instance for the audio playlist on
 * the same <video> (the ladder's is disposed) and the menus, subtitles and errors go on working;
 * video.js's audioPosterMode shows the poster meanwhile.
 */
import { findAudioRendition, type AudioRendition } from './audio-rendition.ts';
import type { VjsPlayer } from './types.ts';

/** Reads the master once more (the browser's cache usually has it) for its audio-only variant. */
export async function fetchAudioRendition(masterUrl: string, signal?: AbortSignal): Promise<AudioRendition | null> {
  try {
    const res = await fetch(masterUrl, { signal });
    if (!res.ok) return null;
    return findAudioRendition(await res.text(), new URL(masterUrl, location.href).href);
  } catch {
    return null;
  }
}

/**
 * Plays `url` (the audio playlist or the master again) from where the player is now; keeps playing
 * if it was. `live`: a player at the live edge goes on at the edge rather than at its old position.
 */
export function switchSource(player: VjsPlayer, url: string, listen: boolean, opts: { live?: boolean; atLiveEdge?: boolean } = {}): void {
  const p = player as any;
  const at = Number(p.currentTime()) || 0;
  const playing = !p.paused();
  const startPosition = opts.live && opts.atLiveEdge ? -1 : at;
  void p.audioPosterMode(listen);
  p.src({ src: url, type: 'application/x-mpegURL', hlsjsConfig: { startPosition } });
  // hls.js starts at startPosition itself; a browser playing HLS natively needs the seek.
  if (startPosition > 0) {
    p.one('loadedmetadata', () => {
      if (Math.abs(p.currentTime() - startPosition) > 0.5) p.currentTime(startPosition);
    });
  }
  if (playing) void p.play()?.catch?.(() => {});
}
