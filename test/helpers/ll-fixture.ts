/**
 * LL-HLS media playlists as the live worker writes them (hls-parser, media/llhls/), for the serving
 * side's tests: `full` complete segments from msn `first` (the last `withParts` listing their three
 * parts), then `open` parts of the segment in progress and the preload hint of the next part.
 */
import HLS from 'hls-parser';

const { MediaPlaylist, Segment, PartialSegment, RenditionReport } = HLS.types;

export const pad6 = (n: number) => String(n).padStart(6, '0');
export const partName = (msn: number, i: number) => `part${pad6(msn)}.${i}.m4s`;

export interface LlFixture {
  full: number;
  withParts?: number;
  open: number;
  first?: number;
  hint?: boolean;
  endlist?: boolean;
  targetDuration?: number;
}

export function llPlaylist({ full, withParts = 3, open, first = 10, hint = true, endlist = false, targetDuration = 1 }: LlFixture): string {
  const part = (msn: number, i: number) => new PartialSegment({ hint: false, uri: partName(msn, i), duration: 0.334, independent: i === 0 });
  const segments = [];
  for (let k = 0; k < full; k++) {
    const msn = first + k;
    segments.push(
      new Segment({
        uri: `seg${pad6(msn)}.m4s`,
        duration: 1,
        mediaSequenceNumber: msn,
        discontinuitySequence: 0,
        parts: k >= full - withParts ? [0, 1, 2].map((i) => part(msn, i)) : undefined
      } as never)
    );
  }
  const next = first + full;
  // The segment in progress: its parts so far and the hint of the next (hls-parser writes a hint part
  // as EXT-X-PRELOAD-HINT), with no URI of its own yet.
  const parts = Array.from({ length: open }, (_, i) => part(next, i));
  if (hint && !endlist) parts.push(new PartialSegment({ hint: true, uri: partName(next, open) }));
  if (parts.length) segments.push(new Segment({ uri: '', mediaSequenceNumber: next, discontinuitySequence: 0, parts } as never));
  const pl = new MediaPlaylist({
    version: 9,
    targetDuration,
    mediaSequenceBase: first,
    partTargetDuration: 0.334,
    lowLatencyCompatibility: { canBlockReload: true, canSkipUntil: 0, holdBack: 0, partHoldBack: 1 },
    segments,
    renditionReports: [new RenditionReport({ uri: '../360p/index.m3u8', lastMSN: next, lastPart: Math.max(0, open - 1) })],
    endlist
  } as never);
  return HLS.stringify(pl);
}
