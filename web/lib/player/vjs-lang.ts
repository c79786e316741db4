/**
 * video.js's own words (its localize() keys: every string of video.js 8's dist/lang/en.json, plus
 * the few it shows without listing them there, e.g. "Skip Backward", "Non-Fullscreen") in the six UI
 * languages. video.js ships ru, az and ro but not uz or tg, and some of its wording is raw ("Loaded",
 * "Modal Window"), so Efir keeps its own tables, one file per language: the player loads only the
 * UI language's, and only once the viewer presses Play. test/unit/web/player-vjs-lang.test.ts
 * checks every key against video.js's en.json.
 */
import type { VideoJs } from './types.ts';

export type VjsDictionary = Record<string, string>;

const loaders: Record<string, () => Promise<{ default: VjsDictionary }>> = {
  ru: () => import('./vjs-lang/ru.ts'),
  uz: () => import('./vjs-lang/uz.ts'),
  tg: () => import('./vjs-lang/tg.ts'),
  az: () => import('./vjs-lang/az.ts'),
  ro: () => import('./vjs-lang/ro.ts'),
  en: () => import('./vjs-lang/en.ts')
};

/**
 * Gives video.js the language's words (once per language and page) plus `extra` (Efir's words the
 * player adds, e.g. the chapter menu's title), and returns the language code to pass to video.js.
 */
export async function loadVideojsLanguage(videojs: VideoJs, lang: string, extra: VjsDictionary = {}): Promise<string> {
  const load = loaders[lang] ?? loaders.en;
  const { default: dictionary } = await load();
  videojs.addLanguage(lang, { ...dictionary, ...extra });
  return lang;
}
