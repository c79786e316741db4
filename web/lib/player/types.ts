import type videojs from 'video.js';

export type VideoJs = typeof videojs;
export type VjsPlayer = ReturnType<typeof videojs>;

/** One subtitle language of a video, as the watch data gives it. */
export interface PlayerSubtitle {
  lang: string;
  /** The language's name in its own script (the menu's label). */
  name: string;
  /** The whole-file WebVTT. */
  url: string;
  /** Some cues are machine-translated (the page puts that in `name`, in the viewer's language). */
  machine?: boolean;
}

/** The words the player shows that are Efir's own (not video.js's). */
export interface PlayerLabels {
  quality: string;
  auto: string;
}
