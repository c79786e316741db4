/**
 * What both players (on-demand Player.svelte and LivePlayer.svelte) do with each hls.js instance
 * that the source handler (hls-source-handler.ts) creates: feed the quality menu with its levels,
 * start where data-saver.ts decides (lowest rung with data saver, the remembered choice, 360p on a
 * phone), follow level switches, and recover or report fatal errors.
 */
import type Hls from 'hls.js';
import type { ErrorData } from 'hls.js';
import { qualityOptions } from './levels.ts';
import { lowestLevel, startChoice } from './data-saver.ts';
import { LIVE_SYNC_SECONDS, liveTargetLatency } from './hls-config.ts';
import type { QualityMenu, QualityState } from './quality-menu.ts';

type HlsClass = typeof Hls;

/** Phones start at 360p at most: sharp enough on a small screen, and it fits a weak cell. */
export const PHONE_START_HEIGHT = 360;

export interface HlsWiring {
  /** The quality menu's state (its pick() drives hls.js). */
  readonly quality: QualityState;
  /** The current hls.js instance (a new one per source). */
  readonly hls: Hls | null;
  /** For `html5.hlsjs.onCreate`. */
  onCreate(instance: Hls): void;
  /** The menu, once the control bar has it. */
  setMenu(menu: QualityMenu): void;
  /** Data saver switched while playing: Auto is held at (or freed from) the lowest rung. */
  setSaver(on: boolean): void;
  /** Bits per second of the rendition playing (else the lowest); null before the manifest. */
  videoBitrate(): number | null;
}

export interface HlsWiringOptions {
  isPhone: boolean;
  /** Data saver at the start (read before the player was made). */
  saver: boolean;
  /** The height last chosen in the quality menu (null: Auto or never). */
  rememberedHeight?(): number | null;
  /** The viewer chose in the quality menu: a height, or null for Auto (to remember). */
  onPick?(height: number | null): void;
  labels: { quality: string; auto: string };
  /**
   * A fatal error that media recovery did not take: return true when handled (the live player
   * retries a dropped stream), false to let the player show its error.
   */
  onFatal(data: ErrorData, instance: Hls): boolean;
  /** Each manifest: e.g. the live player's first play. */
  onManifest?(instance: Hls): void;
}

export function wireHls(HlsCtor: HlsClass, opts: HlsWiringOptions): HlsWiring {
  let hls: Hls | null = null;
  let menu: QualityMenu | null = null;
  let mediaRecoveries = 0;
  let saver = opts.saver;
  const quality: QualityState = {
    options: [],
    selected: -1,
    playingHeight: null,
    labels: opts.labels,
    pick(level) {
      if (!hls) return;
      quality.selected = level;
      // A chosen rendition switches now (buffer flushed); Auto takes over from the next fragment.
      if (level >= 0) hls.currentLevel = level;
      else hls.nextLevel = -1;
      menu?.update();
      opts.onPick?.(level >= 0 ? (hls.levels[level]?.height ?? null) : null);
    }
  };

  return {
    quality,
    get hls() {
      return hls;
    },
    setMenu(m) {
      menu = m;
    },
    setSaver(on) {
      saver = on;
      if (!hls) return;
      // hls.js's own cap (the player's size) would move autoLevelCapping again: off while saving.
      hls.capLevelToPlayerSize = !on;
      const lowest = lowestLevel(hls.levels);
      hls.autoLevelCapping = on ? lowest : -1;
    },
    videoBitrate() {
      if (!hls?.levels.length) return null;
      const playing = hls.levels[hls.currentLevel];
      if (playing?.height) return playing.bitrate;
      const lowest = lowestLevel(hls.levels);
      return lowest >= 0 ? hls.levels[lowest].bitrate : null;
    },
    onCreate(instance) {
      hls = instance;
      mediaRecoveries = 0;
      const Events = HlsCtor.Events;
      instance.on(Events.MANIFEST_PARSED, () => {
        quality.options = qualityOptions(instance.levels);
        const choice = startChoice(instance.levels, { saver, rememberedHeight: opts.rememberedHeight?.() ?? null, isPhone: opts.isPhone, phoneHeight: PHONE_START_HEIGHT });
        if (choice.startLevel >= 0) instance.startLevel = choice.startLevel;
        if (saver) instance.capLevelToPlayerSize = false;
        if (choice.cap >= 0) instance.autoLevelCapping = choice.cap;
        // A remembered choice is held like one made in the menu (Auto would leave it at once).
        if (choice.manual >= 0) {
          quality.selected = choice.manual;
          instance.loadLevel = choice.manual;
        } else quality.selected = -1;
        // Loading starts once the start level is chosen (the configs set autoStartLoad: false), at
        // config.startPosition (a shared link's ?t=), which hls.js reads only when it starts itself.
        instance.startLoad(instance.config.startPosition);
        menu?.update();
        opts.onManifest?.(instance);
      });
      // Live: the distance kept from the edge follows the run's kind (hls-config.ts liveTargetLatency),
      // set on the first playlist, before hls.js picks the first fragment (on its next tick).
      let latencySet = false;
      instance.on(Events.LEVEL_LOADED, (_e, data) => {
        if (latencySet || !data.details.live) return;
        latencySet = true;
        const target = liveTargetLatency(data.details, LIVE_SYNC_SECONDS);
        if (instance.targetLatency !== target) instance.targetLatency = target;
      });
      instance.on(Events.LEVEL_SWITCHED, (_e, data) => {
        quality.playingHeight = instance.levels[data.level]?.height ?? null;
        menu?.update();
      });
      instance.on(Events.ERROR, (_e, data) => {
        if (!data.fatal) return;
        // A decoder hiccup is often recoverable; a network error is fatal only after the retries
        // of hls-config.ts ran out.
        if (data.type === HlsCtor.ErrorTypes.MEDIA_ERROR && mediaRecoveries++ < 2) return instance.recoverMediaError();
        opts.onFatal(data, instance);
      });
    }
  };
}
