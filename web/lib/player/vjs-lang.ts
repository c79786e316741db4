import type { Messages } from '$lib/i18n/index.ts';

/**
 * video.js's own English strings (its localize() keys) mapped to Efir's catalogue, so the controls'
 * visible text and screen-reader labels speak the UI language, Tajik and Uzbek included (video.js
 * ships neither).
 */
export function videojsDictionary(m: Messages): Record<string, string> {
  return {
    Play: m.vjs_play,
    Pause: m.vjs_pause,
    Replay: m.vjs_replay,
    'Play Video': m.vjs_play_video,
    Mute: m.vjs_mute,
    Unmute: m.vjs_unmute,
    'Volume Level': m.vjs_volume,
    Fullscreen: m.vjs_fullscreen,
    'Exit Fullscreen': m.vjs_exit_fullscreen,
    'Non-Fullscreen': m.vjs_exit_fullscreen,
    'Picture-in-Picture': m.vjs_pip,
    'Exit Picture-in-Picture': m.vjs_exit_pip,
    Subtitles: m.vjs_subtitles,
    Captions: m.vjs_captions,
    'subtitles off': m.vjs_subtitles_off,
    'captions off': m.vjs_subtitles_off,
    'captions and subtitles off': m.vjs_subtitles_off,
    'Current Time': m.vjs_current_time,
    Duration: m.vjs_duration,
    'Remaining Time': m.vjs_remaining_time,
    Progress: m.vjs_progress,
    'Progress Bar': m.vjs_progress,
    Close: m.vjs_close,
    'Close Modal Dialog': m.vjs_close,
    'The media could not be loaded, either because the server or network failed or because the format is not supported.': m.player_error,
    'A network error caused the media download to fail part-way.': m.player_error,
    'The media playback was aborted due to a corruption problem or because the media used features your browser did not support.':
      m.player_error,
    'No compatible source was found for this media.': m.player_error
  };
}
