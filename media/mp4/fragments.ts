// What the LL-HLS packager reads from ffmpeg's fragmented MP4: the init segment's tracks (moov) and,
// per fragment (moof + mdat), each track's base decode time, samples and whether it starts on a
// sync sample (a keyframe: a part a player can start or switch at). Pure, see boxes.ts.

import { Mp4FormatError, Reader, childBoxes, findChild, findChildren, readBox, type Box } from './boxes.js';

export interface InitTrack {
  trackId: number;
  /** mdhd: ticks per second of this track's times. */
  timescale: number;
  /** hdlr: 'vide', 'soun', ... */
  handler: string;
  /** trex (mvex): what a fragment's samples have unless tfhd or trun say otherwise. */
  defaultSampleDuration: number;
  defaultSampleSize: number;
  defaultSampleFlags: number;
}

export interface InitInfo {
  tracks: InitTrack[];
}

export interface FragmentTrack {
  trackId: number;
  /** tfdt, in the track's timescale. */
  baseDecodeTime: number;
  sampleCount: number;
  /** Sum of the sample durations, in the track's timescale. */
  duration: number;
  /** The first sample is a sync sample (a keyframe; every AAC frame is one). */
  startsWithSync: boolean;
  /** Decode times (track timescale, absolute) of every sync sample in the fragment. */
  syncTimes: number[];
}

export interface FragmentInfo {
  /** mfhd sequence number. */
  sequence: number;
  tracks: FragmentTrack[];
}

// Sample flags (8.8.3.1): sample_is_non_sync_sample is bit 16.
const NON_SYNC = 0x0001_0000;
export const isSyncFlags = (flags: number): boolean => (flags & NON_SYNC) === 0;

function fullBoxReader(buf: Uint8Array, box: Box): { r: Reader; version: number; flags: number } {
  const r = new Reader(buf, box.body, box.end);
  return { r, ...r.fullBox() };
}

/** Reads the tracks of an init segment (ftyp + moov). */
export function parseInit(buf: Uint8Array): InitInfo {
  const top = childBoxes(buf, 0, buf.length);
  const moov = top.find((b) => b.type === 'moov');
  if (!moov) throw new Mp4FormatError('no moov box in the init segment');
  const trex = new Map<number, { duration: number; size: number; flags: number }>();
  const mvex = findChild(buf, moov, 'mvex');
  if (mvex) {
    for (const box of findChildren(buf, mvex, 'trex')) {
      const { r } = fullBoxReader(buf, box);
      const trackId = r.u32('track_ID');
      r.u32('default_sample_description_index');
      trex.set(trackId, { duration: r.u32(), size: r.u32(), flags: r.u32() });
    }
  }
  const tracks: InitTrack[] = findChildren(buf, moov, 'trak').map((trak) => {
    const tkhd = findChild(buf, trak, 'tkhd');
    const mdia = findChild(buf, trak, 'mdia');
    if (!tkhd || !mdia) throw new Mp4FormatError('trak without tkhd or mdia');
    const t = fullBoxReader(buf, tkhd);
    t.r.skip(t.version === 1 ? 16 : 8, 'times');
    const trackId = t.r.u32('track_ID');
    const mdhd = findChild(buf, mdia, 'mdhd');
    const hdlr = findChild(buf, mdia, 'hdlr');
    if (!mdhd || !hdlr) throw new Mp4FormatError('mdia without mdhd or hdlr');
    const m = fullBoxReader(buf, mdhd);
    m.r.skip(m.version === 1 ? 16 : 8, 'times');
    const timescale = m.r.u32('timescale');
    if (timescale === 0) throw new Mp4FormatError(`track ${trackId} has a timescale of 0`);
    const h = fullBoxReader(buf, hdlr);
    h.r.u32('pre_defined');
    const handler = h.r.fourcc('handler_type');
    const d = trex.get(trackId) ?? { duration: 0, size: 0, flags: 0 };
    return { trackId, timescale, handler, defaultSampleDuration: d.duration, defaultSampleSize: d.size, defaultSampleFlags: d.flags };
  });
  if (!tracks.length) throw new Mp4FormatError('the init segment has no tracks');
  return { tracks };
}

/** Reads a fragment's moof (its mdat may follow in the same buffer; it is not read). */
export function parseFragment(buf: Uint8Array, init: InitInfo): FragmentInfo {
  const top = childBoxes(buf, 0, buf.length);
  const moof = top.find((b) => b.type === 'moof');
  if (!moof) throw new Mp4FormatError('no moof box in the fragment');
  const mfhd = findChild(buf, moof, 'mfhd');
  const sequence = mfhd ? fullBoxReader(buf, mfhd).r.u32('sequence_number') : 0;
  const tracks = findChildren(buf, moof, 'traf').map((traf) => readTraf(buf, traf, init));
  return { sequence, tracks };
}

function readTraf(buf: Uint8Array, traf: Box, init: InitInfo): FragmentTrack {
  const tfhdBox = findChild(buf, traf, 'tfhd');
  if (!tfhdBox) throw new Mp4FormatError('traf without tfhd');
  // tfhd (8.8.7): optional fields present by flag, in this order.
  const h = fullBoxReader(buf, tfhdBox);
  const trackId = h.r.u32('track_ID');
  const track = init.tracks.find((t) => t.trackId === trackId);
  if (!track) throw new Mp4FormatError(`fragment for track ${trackId}, which the init segment does not have`);
  let defaultDuration = track.defaultSampleDuration;
  let defaultFlags = track.defaultSampleFlags;
  if (h.flags & 0x01) h.r.u64('base_data_offset');
  if (h.flags & 0x02) h.r.u32('sample_description_index');
  if (h.flags & 0x08) defaultDuration = h.r.u32('default_sample_duration');
  if (h.flags & 0x10) h.r.u32('default_sample_size');
  if (h.flags & 0x20) defaultFlags = h.r.u32('default_sample_flags');

  // tfdt (8.8.12): the decode time of the fragment's first sample.
  const tfdtBox = findChild(buf, traf, 'tfdt');
  if (!tfdtBox) throw new Mp4FormatError(`track ${trackId}: fragment without tfdt (ffmpeg writes one unless told not to)`);
  const t = fullBoxReader(buf, tfdtBox);
  const baseDecodeTime = t.version === 1 ? t.r.u64('baseMediaDecodeTime') : t.r.u32('baseMediaDecodeTime');

  // trun (8.8.8): per-sample fields present by flag; the first sample may have its own flags.
  let sampleCount = 0;
  let duration = 0;
  let startsWithSync: boolean | null = null;
  const syncTimes: number[] = [];
  for (const trunBox of findChildren(buf, traf, 'trun')) {
    const u = fullBoxReader(buf, trunBox);
    const count = u.r.u32('sample_count');
    if (u.flags & 0x001) u.r.i32('data_offset');
    const firstFlags = u.flags & 0x004 ? u.r.u32('first_sample_flags') : null;
    for (let i = 0; i < count; i++) {
      const d = u.flags & 0x100 ? u.r.u32('sample_duration') : defaultDuration;
      if (u.flags & 0x200) u.r.u32('sample_size');
      let flags = u.flags & 0x400 ? u.r.u32('sample_flags') : defaultFlags;
      if (i === 0 && firstFlags !== null) flags = firstFlags;
      if (u.flags & 0x800) u.r.u32('sample_composition_time_offset');
      const sync = isSyncFlags(flags);
      if (startsWithSync === null) startsWithSync = sync;
      if (sync) syncTimes.push(baseDecodeTime + duration);
      duration += d;
    }
    sampleCount += count;
  }
  return { trackId, baseDecodeTime, sampleCount, duration, startsWithSync: startsWithSync ?? false, syncTimes };
}

/** What Mp4Splitter found: the init segment once, then each whole fragment. */
export type Mp4Piece = { kind: 'init'; bytes: Buffer } | { kind: 'fragment'; bytes: Buffer };

/**
 * Cuts a fragmented MP4 byte stream (a pipe from ffmpeg) into the init segment (everything up to
 * and including moov: ftyp, moov) and fragments (any styp/sidx/prft boxes, then moof and its mdat).
 * A fragment is handed out only once its mdat has fully arrived; bytes of a box still arriving stay
 * buffered, and what is left when the stream ends (ffmpeg killed mid-fragment) is never handed out.
 */
export class Mp4Splitter {
  private pending: Buffer = Buffer.alloc(0);
  /** Offset in `pending` where the current piece (init or fragment) started. */
  private pieceStart = 0;
  /** Offset in `pending` of the next box to read. */
  private at = 0;
  private sawInit = false;
  private sawMoof = false;

  push(chunk: Buffer): Mp4Piece[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Mp4Piece[] = [];
    for (;;) {
      const box = readBox(this.pending, this.at);
      if (!box) break;
      this.at = box.end;
      if (!this.sawInit) {
        if (box.type === 'moof' || box.type === 'mdat') throw new Mp4FormatError(`${box.type} before moov`);
        if (box.type === 'moov') {
          out.push({ kind: 'init', bytes: this.take() });
          this.sawInit = true;
        }
        continue;
      }
      if (box.type === 'moof') {
        if (this.sawMoof) throw new Mp4FormatError('moof without its mdat');
        this.sawMoof = true;
      } else if (box.type === 'mdat') {
        if (!this.sawMoof) throw new Mp4FormatError('mdat without a moof');
        this.sawMoof = false;
        out.push({ kind: 'fragment', bytes: this.take() });
      }
      // styp, sidx, prft, free...: kept with the fragment they precede. A trailing mfra (ffmpeg's
      // end of file) stays pending and is dropped with the rest.
    }
    return out;
  }

  /** Bytes of a piece not yet complete (for a stalled publisher or a killed ffmpeg: never used). */
  get bufferedBytes(): number {
    return this.pending.length - this.pieceStart;
  }

  private take(): Buffer {
    const piece = Buffer.from(this.pending.subarray(this.pieceStart, this.at));
    this.pending = this.pending.subarray(this.at);
    this.at = 0;
    this.pieceStart = 0;
    return piece;
  }
}
