import type { HlsConfig } from 'hls.js';

/**
 * hls.js settings for the library (VOD) on weak mobile connections. Subtitles are not hls.js's job:
 * video.js shows the whole-file WebVTT tracks, so hls.js's own subtitle handling stays off and the
 * tracks are not doubled.
 */
export const HLS_VOD_CONFIG: Partial<HlsConfig> = {
  enableWorker: true,
  lowLatencyMode: false,
  // Nothing loads before Play (Player.svelte); after it, half a minute ahead rides out a dropped
  // connection without stalling.
  maxBufferLength: 30,
  maxMaxBufferLength: 60,
  backBufferLength: 30,
  // A phone's 390-pixel player never needs the 1080p rendition.
  capLevelToPlayerSize: true,
  // Start from a modest estimate (3G-ish) instead of 500 kbit/s; ABR climbs after the first fragments.
  abrEwmaDefaultEstimate: 300_000,
  startFragPrefetch: true,
  enableWebVTT: false,
  enableIMSC1: false,
  enableCEA708Captions: false,
  renderTextTracksNatively: false,
  // Retry slowly and often: a lift, a metro tunnel, a weak signal come back after a while.
  fragLoadPolicy: {
    default: {
      maxTimeToFirstByteMs: 15_000,
      maxLoadTimeMs: 120_000,
      timeoutRetry: { maxNumRetry: 6, retryDelayMs: 1000, maxRetryDelayMs: 8000 },
      errorRetry: { maxNumRetry: 8, retryDelayMs: 1000, maxRetryDelayMs: 15_000 }
    }
  }
};

/**
 * Where a live viewer of a 1 s MPEG-TS run (LIVE_LOW_LATENCY=false) plays, behind the end of the
 * newest listed segment (seconds): two 1-second segments of buffer. bench:live measured 3 s here at
 * 4.3 s from camera to screen (p50, 720p), 2 s at 3.1 s. hls.js nudges the playback rate
 * (maxLiveSyncPlaybackRate) to hold this distance, and after a stall it starts again from it rather
 * than from the edge.
 */
export const LIVE_SYNC_SECONDS = 2;

/**
 * The distance a live player keeps from the edge, decided from the first media playlist, so one
 * configuration plays both kinds of run:
 * - Low-Latency HLS (the playlist has EXT-X-PART-INF): the playlist's own PART-HOLD-BACK (the worker
 *   writes 3 × PART-TARGET: 0.67 s behind the newest part with 0.2 s parts), which Safari's native
 *   player honours too; 3 × PART-TARGET if a playlist gave none.
 * - a playlist without parts: `tsSeconds` (LIVE_SYNC_SECONDS).
 * hls.js needs liveSyncDuration in its configuration (liveMaxLatencyDuration is refused without it)
 * and then ignores PART-HOLD-BACK, so hls-wiring.ts sets `hls.targetLatency` to this on the first
 * playlist, before the first fragment is chosen. Self-contained (bench:live's page runs it as text):
 * `tsSeconds` is passed, not imported.
 */
export function liveTargetLatency(details: { partTarget?: number; partHoldBack?: number }, tsSeconds: number): number {
  if (!details.partTarget || details.partTarget <= 0) return tsSeconds;
  return details.partHoldBack && details.partHoldBack > 0 ? details.partHoldBack : 3 * details.partTarget;
}

/**
 * Live broadcasts: low-latency HLS (partial segments and blocking playlist reloads when the server
 * offers them), starting at the live edge (PART-HOLD-BACK behind the newest part, 0.67 s, or
 * LIVE_SYNC_SECONDS behind the newest MPEG-TS segment: liveTargetLatency, applied by hls-wiring.ts on
 * the first playlist), with a DVR window of `dvrSeconds` to rewind in.
 *
 * - liveDurationInfinity: the media's duration is Infinity and its seekable range the playlist's
 *   window, which is what video.js's liveui needs for its seekable live bar and LIVE button.
 * - liveMaxLatencyDuration: hls.js jumps back to live whenever playback is further behind than
 *   this; it is the whole DVR window, so a viewer who rewinds stays where they went, and only one
 *   who falls out of the window (paused for long) is brought back.
 * - maxLiveSyncPlaybackRate: near the edge, plays up to 10 % faster to catch up after a stall,
 *   instead of jumping; liveSyncOnStallIncrease: each stall adds half a second to the distance kept
 *   (at most one target duration), so a viewer whose connection stalls once stays a little further
 *   back instead of stalling again.
 * - ABR: with about a second of buffer there is no time to finish a fragment the connection cannot
 *   carry, so live picks its rung with more headroom than on demand (80 % of the measured bandwidth,
 *   50 % to go up): a weak connection falls back to a lower rung rather than stalling. hls.js also
 *   abandons a late fragment and switches down (its abandon rules) before the buffer runs out. With
 *   60 % to go up, a 2.5 Mbit/s viewer of LL-HLS went up to the 1.4 Mbit/s rung, could not hold it
 *   and stalled four times in 30 s (bench:live --throttle-kbps 2500); at 50 % it stays a rung lower
 *   and never stalled, MPEG-TS neither.
 * - buffers are short ahead (live has little to fetch ahead) and bounded behind (memory on phones:
 *   rewinding further fetches again).
 */
export function hlsLiveConfig(dvrSeconds: number): Partial<HlsConfig> {
  const window = Number.isFinite(dvrSeconds) && dvrSeconds > 0 ? dvrSeconds : 30 * 60;
  return {
    ...HLS_VOD_CONFIG,
    lowLatencyMode: true,
    liveDurationInfinity: true,
    startPosition: -1,
    // Replaced by liveTargetLatency on the first playlist (hls-wiring.ts).
    liveSyncDuration: LIVE_SYNC_SECONDS,
    liveMaxLatencyDuration: Math.max(LIVE_SYNC_SECONDS + 10, window),
    maxLiveSyncPlaybackRate: 1.1,
    liveSyncOnStallIncrease: 0.5,
    abrBandWidthFactor: 0.8,
    abrBandWidthUpFactor: 0.5,
    maxBufferLength: 10,
    maxMaxBufferLength: 20,
    backBufferLength: 60,
    // Playlists reload every second or so (or are held by the server until the next part): a lost
    // one is retried at once, and for long, since the publisher may be reconnecting (the page says
    // so meanwhile). A blocking reload is held up to three target durations: within the first-byte limit.
    playlistLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: 10_000,
        maxLoadTimeMs: 20_000,
        timeoutRetry: { maxNumRetry: 10, retryDelayMs: 500, maxRetryDelayMs: 4000 },
        errorRetry: { maxNumRetry: 12, retryDelayMs: 1000, maxRetryDelayMs: 4000 }
      }
    },
    // A live fragment not here in a few seconds is late: retry soon rather than wait two minutes.
    fragLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: 8000,
        maxLoadTimeMs: 20_000,
        timeoutRetry: { maxNumRetry: 6, retryDelayMs: 500, maxRetryDelayMs: 4000 },
        errorRetry: { maxNumRetry: 8, retryDelayMs: 1000, maxRetryDelayMs: 4000 }
      }
    }
  };
}
