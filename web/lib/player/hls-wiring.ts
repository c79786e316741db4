/**
 * What both players (on-demand Player.svelte and LivePlayer.svelte) do with each hls.js instance
 * that the source handler (hls-source-handler.ts) creates: feed the quality menu with its levels,
 * start phones at a modest rendition, follow level switches, and recover or report fatal errors.
 */
import type Hls from 'hls.js';
import type { ErrorData } from 'hls.js';
import { pickStartLevel, qualityOptions } from './levels.ts';
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
}

export interface HlsWiringOptions {
  isPhone: boolean;
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
    onCreate(instance) {
      hls = instance;
      mediaRecoveries = 0;
      const Events = HlsCtor.Events;
      instance.on(Events.MANIFEST_PARSED, () => {
        quality.options = qualityOptions(instance.levels);
        if (opts.isPhone) instance.startLevel = pickStartLevel(instance.levels, PHONE_START_HEIGHT);
        // Loading starts once the start level is chosen (the configs set autoStartLoad: false), at
        // config.startPosition (a shared link's ?t=), which hls.js reads only when it starts itself.
        instance.startLoad(instance.config.startPosition);
        menu?.update();
        opts.onManifest?.(instance);
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
