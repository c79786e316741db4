/**
 * The control bar's quality menu: Auto plus one item per rendition height, fed by hls.js's levels.
 * The button shows the current choice ("Auto", "360p"), so the viewer sees at a glance what they
 * picked; under Auto its menu item names the height hls.js is playing now.
 */
import type { QualityOption } from './levels.ts';
import type { VideoJs, VjsPlayer } from './types.ts';

export interface QualityState {
  options: QualityOption[];
  /** The chosen hls.js level; -1 = Auto. */
  selected: number;
  /** Height playing now (shown beside Auto). */
  playingHeight: number | null;
  labels: { quality: string; auto: string };
  pick(level: number): void;
}

export interface QualityMenu {
  update(): void;
}

const NAME = 'EfirQualityMenuButton';

function register(videojs: VideoJs): void {
  if (videojs.getComponent(NAME)) return;
  const MenuButton = videojs.getComponent('MenuButton') as any;
  const MenuItem = videojs.getComponent('MenuItem') as any;

  class QualityItem extends MenuItem {
    constructor(player: VjsPlayer, options: any) {
      super(player, { ...options, selectable: true, multiSelectable: false });
    }
    handleClick() {
      (this as any).options_.state().pick((this as any).options_.level);
    }
  }

  class QualityMenuButton extends MenuButton {
    constructor(player: VjsPlayer, options: any) {
      super(player, options);
      (this as any).controlText(options.state().labels.quality);
    }
    buildCSSClass() {
      return `vjs-quality-button ${super.buildCSSClass()}`;
    }
    buildWrapperCSSClass() {
      return `vjs-quality-button ${super.buildWrapperCSSClass()}`;
    }
    createItems() {
      const state: QualityState = (this as any).options_.state();
      if (!state || state.options.length < 2) return []; // one rendition: nothing to choose, button hidden
      const player = (this as any).player();
      const auto = state.playingHeight && state.selected === -1 ? `${state.labels.auto} (${state.playingHeight}p)` : state.labels.auto;
      return [
        ...state.options.map((o) => new QualityItem(player, { label: o.label, level: o.level, selected: state.selected === o.level, state: () => state })),
        new QualityItem(player, { label: auto, level: -1, selected: state.selected === -1, state: () => state })
      ];
    }
    update() {
      super.update();
      const state: QualityState = (this as any).options_.state();
      const current = state.options.find((o) => o.level === state.selected);
      const placeholder = (this as any).menuButton_?.el().querySelector('.vjs-icon-placeholder');
      if (placeholder) placeholder.textContent = current ? current.label : state.labels.auto;
      // The labels change with the UI language (Player.svelte sets them anew).
      (this as any).controlText(state.labels.quality);
    }
  }

  videojs.registerComponent('EfirQualityItem', QualityItem as any);
  videojs.registerComponent(NAME, QualityMenuButton as any);
}

/** Adds the menu to the control bar, left of the fullscreen button. */
export function addQualityMenu(videojs: VideoJs, player: VjsPlayer, state: QualityState): QualityMenu {
  register(videojs);
  const controlBar = (player as any).getChild('ControlBar');
  const fullscreen = controlBar.getChild('FullscreenToggle');
  const index = fullscreen ? controlBar.children().indexOf(fullscreen) : controlBar.children().length;
    // A getter, not the object: video.js deep-copies plain objects in component options, so the
  // button would never see the levels that arrive later.
  const button = controlBar.addChild(NAME, { state: () => state }, index);
  button.update();
  return { update: () => button.update() };
}
