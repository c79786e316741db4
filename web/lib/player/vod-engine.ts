/**
 * The on-demand player itself: video.js's UI (core build, no VHS) over hls.js (light build). Player.svelte
 * imports this module only when the viewer presses Play, so before that the page loads no player
 * script, no player CSS, no playlist, segment or subtitle file: nothing but the poster.
 */
import videojs from 'video.js/dist/alt/video.core.js';
import HlsCtor from 'hls.js/light';
import { ui } from '$lib/i18n/ui.ts';
import { HLS_VOD_CONFIG } from './hls-config.ts';
import { registerHlsSourceHandler } from './hls-source-handler.ts';
import { wireHls } from './hls-wiring.ts';
import { addQualityMenu, type QualityMenu } from './quality-menu.ts';
import { addSubtitles, type SubtitleControl } from './subtitles.ts';
import { attachSeekPreview } from './seek-preview.ts';
import { makeHotkeys } from './hotkeys.ts';
import { loadVideojsLanguage } from './vjs-lang.ts';
import { loadVideojsCss } from './vjs-css.ts';
import { addChapters } from './chapter-ui.ts';
import { attachDoubleTap } from './double-tap.ts';
import { attachMediaSession } from './media-session.ts';
import { fetchAudioRendition, switchSource } from './listen-only.ts';
import { rememberQuality, rememberedQuality } from './player-prefs.ts';
import type { AudioRendition } from './audio-rendition.ts';
import type { Chapter } from './chapters.ts';
import type { PlayerSubtitle, VjsPlayer } from './types.ts';

export interface VodOptions {
  host: HTMLElement;
  masterUrl: string;
  posterUrl: string;
  spritesUrl: string | null;
  subtitles: PlayerSubtitle[];
  title: string;
  chapters: Chapter[];
  ontime?: (seconds: number) => void;
  startTime: number | null;
  /** Data saver on at the start: lowest rung, held there. */
  saver: boolean;
  /** The player could not play (its error shows). */
  onFailed(): void;
  /** The master lists an audio-only rendition: the listen-only switch may show. */
  onAudioRendition(audio: AudioRendition): void;
  /** The rendition playing changed (lines), for the data-saver note. */
  onHeight?(height: number | null): void;
}

export interface VodController {
  player: VjsPlayer;
  seek(seconds: number): void;
  /** The header switched the UI language: video.js's words, the menus and the subtitles follow. */
  setLanguage(lang: string): Promise<void>;
  setSaver(on: boolean): void;
  /** Listen only on or off, at the same moment. */
  setListen(on: boolean): void;
  /** Bits per second of the rendition a viewer would watch (for the savings figure). */
  videoBitrate(): number | null;
  dispose(): void;
}

/** Plays the video (the viewer pressed Play: with sound, the browser allows it after a tap). */
export async function startVodPlayer(o: VodOptions): Promise<VodController> {
  registerHlsSourceHandler(videojs, HlsCtor);
  const cleanups: (() => void)[] = [];
  const [lang] = await Promise.all([loadVideojsLanguage(videojs, ui.lang, { Chapters: ui.t('live.chapters') }), loadVideojsCss()]);

  const isPhone = matchMedia('(max-width: 40rem), (pointer: coarse)').matches;
  let menu: QualityMenu | null = null;
  let player: VjsPlayer | null = null;
  const wiring = wireHls(HlsCtor, {
    isPhone,
    saver: o.saver,
    rememberedHeight: rememberedQuality,
    onPick: rememberQuality,
    labels: { quality: ui.t('site.player_quality'), auto: ui.t('site.player_quality_auto') },
    onFatal(data) {
      (player as any)?.error({ code: data.type === HlsCtor.ErrorTypes.NETWORK_ERROR ? 2 : 3, message: ui.t('site.player_error') });
      return true;
    }
  });

  const el = document.createElement('video');
  el.className = 'video-js vjs-big-play-centered';
  el.setAttribute('playsinline', '');
  o.host.appendChild(el);

  player = videojs(el, {
    controls: true,
    fill: true,
    // Narrow players (phones) get the two-row control bar of player-box.css.
    responsive: true,
    language: lang,
    poster: o.posterUrl,
    preload: 'auto',
    // Slower speeds help viewers who follow the Russian audio with effort.
    playbackRates: [0.75, 1, 1.25, 1.5],
    // The settings dialog is not needed: player-box.css makes the cues readable on every screen.
    textTrackSettings: false,
    // The volume slider opens above its button instead of beside it: phones need the width for the seek bar.
    controlBar: { volumePanel: { inline: false }, remainingTimeDisplay: { displayNegative: true } },
    html5: {
      nativeTextTracks: false,
      nativeAudioTracks: false,
      nativeVideoTracks: false,
      hlsjs: {
        // Loading starts once the start level is chosen (MANIFEST_PARSED, hls-wiring.ts). A shared
        // link's ?t=: hls.js fetches that moment's fragments first, not the start's. Data saver: the
        // player's size does not raise the cap (hls-wiring.ts holds Auto at the lowest rung).
        config: { ...HLS_VOD_CONFIG, autoStartLoad: false, startPosition: o.startTime ?? -1, capLevelToPlayerSize: !o.saver },
        onCreate: wiring.onCreate
      }
    },
    userActions: { hotkeys: makeHotkeys(() => subs?.toggle()) }
  } as any);
  const p = player as any;
  let subs: SubtitleControl | null = null;
  let audio: AudioRendition | null = null;
  let listening = false;
  const aborter = new AbortController();

  await new Promise<void>((resolve) => p.ready(resolve));
  // The region's name for screen readers is the video's title, not "Video Player".
  p.el().setAttribute('aria-label', o.title);
  p.el().setAttribute('tabindex', '0');
  menu = addQualityMenu(videojs, player, wiring.quality);
  wiring.setMenu(menu);
  subs = addSubtitles(player, o.subtitles, ui.lang);
  if (o.spritesUrl) cleanups.push(attachSeekPreview(player, o.spritesUrl));
  if (o.chapters.length) {
    cleanups.push(addChapters(player, o.chapters, { label: ui.t('live.chapters'), lang, marker: (time, text) => ui.t('live.chapter_marker', { time, title: text }) }));
  }
  cleanups.push(attachDoubleTap(player, (d) => ui.t(`site.${d < 0 ? 'player_tap_back' : 'player_tap_forward'}`)));
  cleanups.push(attachMediaSession(player, { title: o.title, artist: ui.t('site.site_name'), posterUrl: o.posterUrl || null }));
  if (o.ontime) p.on('timeupdate', () => o.ontime!(p.currentTime()));
  p.on('error', () => o.onFailed());
  p.on('loadedmetadata', () => o.onHeight?.(listening ? null : el.videoHeight || null));
  p.on('resize', () => o.onHeight?.(listening ? null : el.videoHeight || null));

  p.src({ src: o.masterUrl, type: 'application/x-mpegURL' });
  // hls.js seeks to its startPosition itself; a browser playing HLS natively needs the seek, which
  // only holds once the metadata (the duration) is known.
  const startTime = o.startTime;
  if (startTime) {
    p.one('loadedmetadata', () => {
      if (Math.abs(p.currentTime() - startTime) > 0.5) p.currentTime(startTime);
    });
  }
  // The tap on Play was the viewer's: the browser lets this start with sound.
  void p.play()?.catch?.(() => {});
  p.el().focus({ preventScroll: true });

  // The listen-only switch shows only when the master has the audio rendition to play.
  p.one('loadedmetadata', () => {
    void fetchAudioRendition(o.masterUrl, aborter.signal).then((a) => {
      if (!a || aborter.signal.aborted) return;
      audio = a;
      o.onAudioRendition(a);
    });
  });

  let lastVideoBitrate: number | null = null;
  return {
    player,
    seek(seconds) {
      p.currentTime(seconds);
      void p.play()?.catch?.(() => {});
      p.el().focus({ preventScroll: true });
    },
    async setLanguage(next) {
      await loadVideojsLanguage(videojs, next, { Chapters: ui.t('live.chapters') });
      if (!player || p.isDisposed()) return;
      // languagechange: video.js's buttons and the subtitle menu's "off" item say it anew.
      p.language(next);
      wiring.quality.labels = { quality: ui.t('site.player_quality'), auto: ui.t('site.player_quality_auto') };
      menu?.update();
      p.getChild('ControlBar')?.getChild('SubsCapsButton')?.update?.();
      subs?.select(next);
    },
    setSaver(on) {
      wiring.setSaver(on);
    },
    setListen(on) {
      if (!audio || on === listening) return;
      if (on) lastVideoBitrate = wiring.videoBitrate();
      listening = on;
      switchSource(player!, on ? audio.url : o.masterUrl, on);
      if (on) o.onHeight?.(null);
    },
    videoBitrate() {
      return listening ? lastVideoBitrate : wiring.videoBitrate();
    },
    dispose() {
      aborter.abort();
      subs = null;
      for (const c of cleanups) c();
      p.dispose();
    }
  };
}
