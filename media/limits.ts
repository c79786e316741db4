/**
 * Caps on what a source may cost to process, checked when it is probed. A file's size says little
 * about its decoding cost: a few kilobytes of H.264 can describe hours of 1080p (repeated or still
 * frames compress to almost nothing), and the ladder then spends minutes of CPU on every one of
 * them. Pure; the values come from config (MEDIA_MAX_*), and every refusal names the setting.
 */
import { MediaInputError, type ProbeResult } from './probe.js';

export interface MediaLimits {
  /** Longest source, in seconds. */
  maxDurationSeconds: number;
  /** Most pixels in one displayed frame (width x height, so portrait and landscape count alike). */
  maxPixels: number;
  /** Most video frames (duration x frame rate): what decoding and encoding cost grows with. */
  maxFrames: number;
}

/**
 * Defaults: 6 h covers a whole-day event or a long broadcast's replay; 4096x2160 admits the largest
 * frames phones and cinema-style cameras record (DCI 4K, and UHD 3840x2160 in either orientation);
 * 6 h at 60 fps is the most frames a long recording from a phone or a screen recorder has, while a
 * 120 fps slow-motion clip may still run 3 h.
 */
export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  maxDurationSeconds: 6 * 3600,
  maxPixels: 4096 * 2160,
  maxFrames: 6 * 3600 * 60
};

/** 3725.4 -> '1:02:05' */
export function clockTime(seconds: number): string {
  const s = Math.round(seconds);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${mm}:${ss}`;
}

const megapixels = (n: number): string => `${(n / 1e6).toFixed(1)} MP`;

/** Throws MediaInputError (code `over_limit`, details naming the setting) when the probed source exceeds a cap. */
export function checkMediaLimits(probe: ProbeResult, limits: MediaLimits, fileName: string): void {
  // `kind` and `max` (the limit as people read it: 6:00:00, 8.8 MP) let the studio word it (the `errors` namespace of web/lib/i18n/catalogues).
  const over = (setting: string, reason: string, value: number, limit: number): never => {
    const kind = setting === 'MEDIA_MAX_DURATION_SECONDS' ? 'duration' : setting === 'MEDIA_MAX_PIXELS' ? 'pixels' : 'frames';
    const max = kind === 'duration' ? clockTime(limit) : kind === 'pixels' ? megapixels(limit) : String(limit);
    throw new MediaInputError(fileName, reason, 'over_limit', { setting, value, limit, kind, max });
  };
  if (probe.duration > limits.maxDurationSeconds) {
    over(
      'MEDIA_MAX_DURATION_SECONDS',
      `${clockTime(probe.duration)} long, over the limit of ${clockTime(limits.maxDurationSeconds)} (MEDIA_MAX_DURATION_SECONDS)`,
      probe.duration,
      limits.maxDurationSeconds
    );
  }
  const video = probe.video;
  if (!video) return;
  const pixels = video.width * video.height;
  if (pixels > limits.maxPixels) {
    over(
      'MEDIA_MAX_PIXELS',
      `${video.width}x${video.height} frames (${megapixels(pixels)}), over the limit of ${megapixels(limits.maxPixels)} (MEDIA_MAX_PIXELS)`,
      pixels,
      limits.maxPixels
    );
  }
  const frames = Math.round(probe.duration * video.fps);
  if (frames > limits.maxFrames) {
    over('MEDIA_MAX_FRAMES', `${frames} frames, over the limit of ${limits.maxFrames} (MEDIA_MAX_FRAMES)`, frames, limits.maxFrames);
  }
}
