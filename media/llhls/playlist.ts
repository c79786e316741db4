// The LL-HLS media playlist of one variant, written by hls-parser (it knows the LL tags' syntax:
// EXT-X-PART, EXT-X-PRELOAD-HINT, EXT-X-RENDITION-REPORT, EXT-X-SERVER-CONTROL), from the
// packager's listing; and read back when a new worker resumes a run. Pure.

import HLS from 'hls-parser';
import type { LlTiming } from './timing.js';
import type { SegmentOut } from './packager.js';
import { segmentName } from './names.js';

const { MediaPlaylist, Segment, PartialSegment, RenditionReport, MediaInitializationSection } = HLS.types;

export interface RenditionReportIn {
  /** Relative to this playlist: ../<variant>/index.m3u8 */
  uri: string;
  lastMsn: number;
  lastPart: number;
}

export interface LlPlaylistInput {
  timing: LlTiming;
  segments: SegmentOut[];
  hint: string | null;
  discontinuitySequence: number;
  independentSegments: boolean;
  reports: RenditionReportIn[];
}

/**
 * EXT-X-VERSION 6: the lowest that allows EXT-X-MAP in a playlist that is not I-frames only.
 * RFC 8216bis ties no version to the LL tags (only EXT-X-SKIP needs 9, and there is no SKIP here),
 * so players without LL-HLS accept the playlist and play its full segments.
 */
export const LL_PLAYLIST_VERSION = 6;

export function llMediaPlaylist(input: LlPlaylistInput): string {
  const { timing, segments } = input;
  const maps = new Map<string, InstanceType<typeof MediaInitializationSection>>();
  const mapOf = (uri: string) => {
    if (!maps.has(uri)) maps.set(uri, new MediaInitializationSection({ uri }));
    return maps.get(uri)!;
  };
  // EXT-X-PROGRAM-DATE-TIME on the first segment, after each discontinuity and on the segments
  // with parts (where players start); RFC 8216bis derives the others' dates from the durations.
  // Not on every segment: hls-parser checks each tag line it writes against all lines before it, so
  // a date per segment makes a 30-minute DVR window (1,800 segments) take ~250 ms to write, five
  // times a second per variant.
  const dated = (s: SegmentOut, i: number) => i === 0 || s.discontinuity || s.parts.length > 0 || !s.complete || s.gap || segments[i - 1]!.gap;
  const out = segments.map(
    (s, i) =>
      new Segment({
        uri: s.complete ? segmentName(s.msn) : '',
        duration: s.complete ? round5(s.duration) : undefined,
        mediaSequenceNumber: s.msn,
        discontinuitySequence: 0,
        discontinuity: s.discontinuity,
        map: mapOf(s.init),
        programDateTime: s.programDateTime === null || !dated(s, i) ? undefined : new Date(s.programDateTime),
        gap: s.gap || undefined,
        parts: s.parts.map((p) => new PartialSegment({ hint: false, uri: p.uri, duration: p.duration, independent: p.independent || undefined }))
      })
  );
  if (input.hint) {
    const hint = new PartialSegment({ hint: true, uri: input.hint });
    const last = out.at(-1);
    if (last && !segments.at(-1)!.complete) {
      last.parts.push(hint);
    } else {
      // The next segment has no part yet: a segment of the hint alone (hls-parser writes its
      // EXT-X-PRELOAD-HINT line and nothing else for it).
      const lastIn = segments.at(-1);
      out.push(
        new Segment({
          uri: '',
          mediaSequenceNumber: (lastIn?.msn ?? -1) + 1,
          discontinuitySequence: 0,
          map: lastIn ? mapOf(lastIn.init) : undefined,
          parts: [hint]
        })
      );
    }
  }
  const playlist = new MediaPlaylist({
    version: LL_PLAYLIST_VERSION,
    independentSegments: input.independentSegments,
    targetDuration: timing.segmentDuration,
    mediaSequenceBase: segments[0]?.msn ?? 0,
    discontinuitySequenceBase: input.discontinuitySequence,
    // No CAN-SKIP-UNTIL (no delta updates) and no HOLD-BACK (its default, three target durations, applies).
    lowLatencyCompatibility: { canBlockReload: true, partHoldBack: timing.partHoldBack } as unknown as InstanceType<typeof MediaPlaylist>['lowLatencyCompatibility'],
    partTargetDuration: timing.partTarget,
    segments: out,
    renditionReports: input.reports.map((r) => new RenditionReport({ uri: r.uri, lastMSN: r.lastMsn, lastPart: r.lastPart }))
  });
  return HLS.stringify(playlist);
}

/** Where the segments start in hls-parser's output: the first line that belongs to a segment. */
function firstSegmentLine(lines: string[]): number {
  const i = lines.findIndex(
    (l, k) =>
      k > 0 &&
      (!l.startsWith('#') ||
        /^#(EXTINF|EXT-X-MAP|EXT-X-PROGRAM-DATE-TIME|EXT-X-GAP|EXT-X-PART:|EXT-X-PRELOAD-HINT|EXT-X-RENDITION-REPORT)/.test(l) ||
        l === '#EXT-X-DISCONTINUITY')
  );
  return i < 0 ? lines.length : i;
}

/** Below this many segments without parts, a playlist is written in one pass. */
const CACHE_FROM_SEGMENTS = 60;

/**
 * llMediaPlaylist for one variant, five times a second, without rewriting the whole DVR window
 * each time: the full segments older than the parts window change only when a segment completes,
 * so hls-parser writes them once per change (cached) and the tail (parts, hint, reports) per part;
 * the two are joined where hls-parser's own output has its segment lines, dropping the tail's
 * repeated EXT-X-MAP. The text is the same as llMediaPlaylist's (test/unit/media/llhls.test.ts).
 */
export class LlPlaylistWriter {
  private body: { key: string; lines: string[]; lastMap: string | undefined } | null = null;

  write(input: LlPlaylistInput): string {
    const split = input.segments.findIndex((s) => s.parts.length > 0 || !s.complete);
    const bodyEnd = split < 0 ? input.segments.length : split;
    if (bodyEnd < CACHE_FROM_SEGMENTS || bodyEnd === input.segments.length) return llMediaPlaylist(input);
    const bodySegments = input.segments.slice(0, bodyEnd);
    const key = JSON.stringify([bodySegments[0]!.msn, bodySegments.at(-1)!.msn, input.discontinuitySequence, input.independentSegments, input.timing]);
    if (this.body?.key !== key) {
      const lines = llMediaPlaylist({ ...input, segments: bodySegments, hint: null, reports: [] }).split('\n');
      this.body = { key, lines, lastMap: lines.filter((l) => l.startsWith('#EXT-X-MAP:')).at(-1) };
    }
    const tail = llMediaPlaylist({ ...input, segments: input.segments.slice(bodyEnd), discontinuitySequence: 0 }).split('\n');
    let from = firstSegmentLine(tail);
    if (tail[from] === this.body.lastMap) from++;
    return [...this.body.lines, ...tail.slice(from)].join('\n');
  }
}

/** What a playlist this module wrote lists, for VariantPackager.resume. */
export function parseLlMediaPlaylist(text: string): { segments: SegmentOut[]; discontinuitySequence: number } {
  // hls-parser logs what it finds invalid on the console; its check of the 85% floor predates the
  // draft's exemption of INDEPENDENT parts (our audio-only parts), so it is silenced here.
  const options = HLS.getOptions();
  HLS.setOptions({ ...options, silent: true });
  let parsed: ReturnType<typeof HLS.parse>;
  try {
    parsed = HLS.parse(text);
  } finally {
    HLS.setOptions(options);
  }
  if (parsed.isMasterPlaylist) throw new Error('parseLlMediaPlaylist: a master playlist');
  // An MPEG-TS playlist of the same run (LIVE_LOW_LATENCY changed between two publishes) is not ours to continue.
  if (!parsed.partTargetDuration) throw new Error('parseLlMediaPlaylist: not an LL-HLS playlist (no EXT-X-PART-INF)');
  const segments: SegmentOut[] = [];
  for (const s of parsed.segments) {
    const parts = s.parts.filter((p) => !p.hint).map((p) => ({ uri: p.uri, duration: p.duration ?? 0, independent: !!p.independent }));
    if (!s.uri && parts.length === 0) continue; // the preload hint's placeholder
    segments.push({
      msn: s.mediaSequenceNumber,
      programDateTime: s.programDateTime ? s.programDateTime.getTime() : null,
      discontinuity: !!s.discontinuity,
      init: s.map?.uri ?? 'init0.mp4',
      parts,
      duration: s.uri ? s.duration : parts.reduce((a, p) => a + p.duration, 0),
      complete: !!s.uri,
      gap: !!s.gap
    });
  }
  return { segments, discontinuitySequence: parsed.discontinuitySequenceBase ?? 0 };
}

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;
