import type { Cue } from './cue.js';
import { webVttCueBlock } from './webvtt-output.js';

export interface SubtitleSegment {
  name: string;
  duration: number;
  body: string;
}

/**
 * Splits cues into the segments of an HLS WebVTT rendition, aligned with the video segments.
 * A cue that spans a boundary is written, with its full timing, into every segment it touches (the HLS
 * spec allows it and players de-duplicate), so it shows whichever segment the viewer seeks into.
 * X-TIMESTAMP-MAP ties cue times to the video's MPEG-TS clock: offset 0 when the video segments are fMP4
 * or start at presentation time 0; for MPEG-TS segments pass the stream's start time (ffmpeg's default
 * is 1.4 s) so subtitles do not run early.
 */
export function segmentWebVtt(cues: readonly Cue[], segmentDuration: number, totalDuration: number, mpegtsOffset = 0): SubtitleSegment[] {
  if (!(segmentDuration > 0)) throw new RangeError(`segmentDuration must be positive, got ${segmentDuration}`);
  if (!(totalDuration > 0)) throw new RangeError(`totalDuration must be positive, got ${totalDuration}`);
  // Work in whole milliseconds so that the segment durations add up to exactly the total.
  const stepMs = Math.round(segmentDuration * 1000);
  const totalMs = Math.round(totalDuration * 1000);
  const header = `WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:${Math.round(mpegtsOffset * 90_000)},LOCAL:00:00:00.000\n\n`;

  const segments: SubtitleSegment[] = [];
  for (let i = 0, fromMs = 0; fromMs < totalMs; i++, fromMs += stepMs) {
    const toMs = Math.min(fromMs + stepMs, totalMs);
    const inside = cues.filter((c) => Math.round(c.start * 1000) < toMs && Math.round(c.end * 1000) > fromMs);
    segments.push({
      name: `seg${i}.vtt`,
      duration: (toMs - fromMs) / 1000,
      body: header + inside.map((c) => webVttCueBlock(c) + '\n').join('\n')
    });
  }
  return segments;
}

/** VOD media playlist for the segments of one subtitle rendition. */
export function subtitlePlaylist(segments: readonly { name: string; duration: number }[]): string {
  if (segments.length === 0) throw new RangeError('a subtitle playlist needs at least one segment');
  // EXT-X-TARGETDURATION must be at least every EXTINF rounded up; the rounding to ms first keeps a
  // float like 6.0000000001 from becoming 7.
  const target = Math.ceil(Math.max(...segments.map((s) => Math.round(s.duration * 1000) / 1000)));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    ...segments.flatMap((s) => [`#EXTINF:${s.duration.toFixed(3)},`, s.name]),
    '#EXT-X-ENDLIST'
  ];
  return lines.join('\n') + '\n';
}
