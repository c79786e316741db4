import type { HlsConfig } from 'hls.js';

/**
 * hls.js settings for the library (VOD) on weak mobile connections. Subtitles are not hls.js's job:
 * video.js shows the whole-file WebVTT tracks, so hls.js's own subtitle handling stays off and the
 * tracks are not doubled.
 */
export const HLS_VOD_CONFIG: Partial<HlsConfig> = {
  enableWorker: true,
  lowLatencyMode: false,
  // Before the first play only a few seconds are fetched (see PRELOAD_BUFFER_SECONDS); after it,
  // half a minute ahead rides out a dropped connection without stalling.
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

/** For the live broadcasts to come: low-latency HLS (partial segments, blocking playlist reloads). */
export const HLS_LIVE_CONFIG: Partial<HlsConfig> = {
  ...HLS_VOD_CONFIG,
  lowLatencyMode: true,
  backBufferLength: 10,
  maxBufferLength: 10
};

/** What the player buffers before the viewer presses play (a first frame, not a download). */
export const PRELOAD_BUFFER_SECONDS = 6;
