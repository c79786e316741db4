/**
 * hls.js as a video.js source handler of the Html5 tech: `player.src({type: 'application/x-mpegURL'})`
 * reaches hls.js, which feeds the tech's own <video> element through Media Source Extensions. Going
 * through video.js's source machinery (rather than attaching hls.js beside it) keeps video.js's state
 * right: currentSrc, the poster, the big play button, errors and dispose all behave as for a plain file.
 *
 * The core build of video.js carries no VHS, so this is the only HLS engine; where MSE is missing
 * (iPhones before iOS 17.1) the native handler plays the stream instead.
 */
import type Hls from 'hls.js';
import type { HlsConfig } from 'hls.js';
import type { VideoJs } from './types.ts';

type HlsClass = typeof Hls;

/** What the player passes in `html5.hlsjs` (video.js copies it into the tech's options). */
export interface HlsjsTechOptions {
  config: Partial<HlsConfig>;
  /** Called with each new hls.js instance before its manifest loads, to wire menus and events. */
  onCreate(hls: Hls): void;
}

const HLS_TYPE = /^application\/(x-mpegurl|vnd\.apple\.mpegurl)$/i;
const registered = new WeakSet<object>();

export function registerHlsSourceHandler(videojs: VideoJs, HlsCtor: HlsClass): void {
  const Html5 = videojs.getTech('Html5') as any;
  if (!Html5 || registered.has(Html5)) return;
  registered.add(Html5);
  const supported = () => HlsCtor.isSupported();
  Html5.registerSourceHandler(
    {
      canPlayType: (type: string) => (HLS_TYPE.test(type) && supported() ? 'probably' : ''),
      canHandleSource: (source: { type?: string }) => (source.type && HLS_TYPE.test(source.type) && supported() ? 'probably' : ''),
      // A source may carry settings of its own (`hlsjsConfig`): listen-only starts the audio
      // playlist where the picture was, and switching back starts the ladder there again.
      handleSource(source: { src: string; hlsjsConfig?: Partial<HlsConfig> }, tech: any, options: { hlsjs?: HlsjsTechOptions }) {
        const hls = new HlsCtor({ ...options.hlsjs?.config, ...source.hlsjsConfig });
        options.hlsjs?.onCreate(hls);
        hls.attachMedia(tech.el());
        hls.loadSource(source.src);
        return {
          dispose() {
            hls.destroy();
          }
        };
      }
    },
    0 // before the native handler: MSE desktop Safari gets hls.js too, and with it the quality menu
  );
}
