/**
 * Subtitle tracks: each language's whole-file WebVTT as a video.js remote text track, labelled with the
 * language's name in its own script (Тоҷикӣ, Oʻzbekcha). video.js renders the cues itself in Chrome and
 * Firefox (emulated tracks), so they look the same everywhere and sit above the control bar.
 * hls.js's own subtitle handling is off (hls-config.ts), so each language is listed once.
 */
import { pickSubtitle } from './levels.ts';
import type { PlayerSubtitle, VjsPlayer } from './types.ts';

interface TrackLike {
  kind: string;
  language: string;
  mode: 'disabled' | 'hidden' | 'showing';
}

export interface SubtitleControl {
  /** Shows the track of this language (the UI language), if the video has one; others go off. */
  select(lang: string | null): void;
  /** The `c` key: off when one shows, else back to the last one shown (or the UI language's). */
  toggle(): void;
}

export function addSubtitles(player: VjsPlayer, subtitles: readonly PlayerSubtitle[], uiLang: string): SubtitleControl {
  const p = player as any;
  for (const s of subtitles) {
    // manualCleanup: the player never changes source (a new video gets a new player), so the tracks
    // live as long as it does.
    p.addRemoteTextTrack({ kind: 'subtitles', srclang: s.lang, label: s.name, src: s.url }, true);
  }
  const tracks = (): TrackLike[] => Array.from(p.textTracks() as ArrayLike<TrackLike>).filter((t) => t.kind === 'subtitles');
  let last: string | null = pickSubtitle(subtitles, uiLang)?.lang ?? null;
  p.textTracks().addEventListener('change', () => {
    const shown = tracks().find((t) => t.mode === 'showing');
    if (shown) last = shown.language;
  });

  const select = (lang: string | null) => {
    for (const t of tracks()) t.mode = lang !== null && t.language === lang ? 'showing' : 'disabled';
  };
  select(last);
  return {
    select(lang) {
      if (lang && subtitles.some((s) => s.lang === lang)) select(lang);
    },
    toggle() {
      if (tracks().some((t) => t.mode === 'showing')) select(null);
      else select(last ?? subtitles[0]?.lang ?? null);
    }
  };
}
