// The Low-Latency HLS packager of one variant (a rung with its audio, or the audio-only rendition):
// a pure state machine. ffmpeg's fragmented MP4 comes in (media/mp4/: the init segment, then
// fragments with their decode times); out come parts and segments to write, files to delete, and
// the media playlist (playlist.ts). The worker (workers/live/) does the I/O.
//
// Parts and segments are cut on one media-time grid shared by every variant of the ladder (ffmpeg
// writes them all from one input clock): part slot j covers [j*g, (j+1)*g) with g = segment/3, and
// segment n is slots 3n..3n+2, numbered msn = epoch base + n. So the same media time has the same
// media sequence number and part index in every rung and in the audio-only rendition, which
// RENDITION-REPORT and rung switches rely on. A part is the fragments that start in its slot (one
// for video, whose fragments ffmpeg cuts on the grid; one or two for audio-only, see timing.ts).
//
// A part is complete when its end reaches the next slot, and a segment when its last part reaches
// the next segment boundary: then the full segment (the concatenation of its parts) is written at
// once and the preload hint already names part 0 of the next segment, which is where the next
// fragment goes.
//
// An epoch is one ffmpeg process. After a restart the in-progress segment is closed with the parts
// it has, the next segment carries EXT-X-DISCONTINUITY and the new init segment (init<k+1>.mp4),
// and every variant numbers on from the same base; a variant that had fewer segments than the
// others when ffmpeg died lists the missing numbers as EXT-X-GAP segments, so numbers stay aligned.

import type { LlTiming } from './timing.js';
import { initName, partName, segmentName } from './names.js';

/** What the packager needs to know about one fragment (media/mp4/fragments.ts reads it). */
export interface FragmentIn {
  bytes: Buffer;
  /** Decode time of its first sample, seconds, on ffmpeg's output clock. */
  time: number;
  /** Seconds of media it holds (the main track's sample durations). */
  duration: number;
  /** It starts with a sync sample (keyframe). */
  independent: boolean;
}

export interface PartOut {
  uri: string;
  duration: number;
  independent: boolean;
}

export interface SegmentOut {
  msn: number;
  /** Wall-clock time of its first sample (ms since the epoch), for PROGRAM-DATE-TIME. */
  programDateTime: number | null;
  discontinuity: boolean;
  /** init<k>.mp4 its EXT-X-MAP names. */
  init: string;
  parts: PartOut[];
  duration: number;
  complete: boolean;
  gap: boolean;
}

/** What the worker does after a call: write (temp + rename) these files, then delete those. */
export interface Update {
  writes: { name: string; bytes: Buffer }[];
  /** A full segment whose bytes are its parts' files (a segment left open by a dead worker). */
  concats: { name: string; parts: string[] }[];
  deletes: string[];
  /** The playlist lists something new: rewrite it and publish. */
  changed: boolean;
}

export interface PackagerOptions {
  timing: LlTiming;
  /** Complete segments kept listed (the DVR window). */
  dvrSegments: number;
  /** Segments (and their parts) are deleted this many segments after they leave the playlist, for players still reading the previous one. */
  graceSegments?: number;
}

interface Seg extends SegmentOut {
  /** Time index of the segment within its epoch (floor(time / segment)). */
  n: number;
  epoch: number;
  /** Part bytes of the segment in progress, for its full segment. */
  chunks: Buffer[];
  /** Part files of this segment on disk. */
  partFiles: string[];
  segFile: boolean;
  /** Its first part starts with a keyframe. */
  independentStart: boolean;
}

interface OpenPart {
  slot: number;
  start: number;
  duration: number;
  independent: boolean;
  chunks: Buffer[];
}

/** More missing segments than this are a jump of the input's clock, not segments to mark as gaps. */
const MAX_GAP_SEGMENTS = 5;
/** Decode times within this much of a grid line count as on it (ffmpeg rounds; ms timestamps). */
const TOLERANCE = 0.03;

export class VariantPackager {
  private readonly t: LlTiming;
  private readonly dvr: number;
  private readonly grace: number;
  /** Every segment whose files still exist or which is listed, oldest first. */
  private segs: Seg[] = [];
  private open: OpenPart | null = null;
  private epoch = -1;
  private epochBase = 0;
  private initIndex = -1;
  /** Wall clock (ms) of media time 0 of this epoch; set by the caller's clock. */
  private wallAtZero: number | null = null;
  private discontinuityPending = false;
  /** EXT-X-DISCONTINUITY-SEQUENCE of the first retained segment. */
  private dsnBase = 0;
  /** Init files written and not yet deleted. */
  private inits = new Set<string>();
  /** Parts longer than PART-TARGET (an irregular copied stream): counted for the worker's log. */
  overlongParts = 0;

  constructor(opts: PackagerOptions) {
    this.t = opts.timing;
    this.dvr = Math.max(1, opts.dvrSegments);
    this.grace = opts.graceSegments ?? 2;
  }

  get timing(): LlTiming {
    return this.t;
  }

  /** The media sequence number the next new segment gets (the epoch base for a restart). */
  nextMsn(): number {
    const last = this.segs.at(-1);
    return last ? last.msn + (last.complete || last.parts.length > 0 || last.gap ? 1 : 0) : this.epochBase;
  }

  /**
   * A new ffmpeg (epoch): its init segment, the media sequence number its segment 0 gets (the same
   * for every variant), and the wall clock at its media time 0. Closes what the last one left open.
   */
  startEpoch(init: Buffer, msnBase: number): Update {
    const update = emptyUpdate();
    this.closeOpenPart(update);
    this.closeSegment(update);
    this.epoch++;
    this.initIndex++;
    this.epochBase = Math.max(msnBase, this.nextMsn());
    this.wallAtZero = null;
    this.discontinuityPending = this.segs.length > 0;
    const name = initName(this.initIndex);
    update.writes.push({ name, bytes: init });
    this.inits.add(name);
    return update;
  }

  /**
   * One fragment of the current epoch. `wallAtZero`: the wall clock (ms) at this epoch's media time
   * 0, the same for every variant (the worker takes it from the first fragment any variant gets),
   * for PROGRAM-DATE-TIME.
   */
  addFragment(f: FragmentIn, wallAtZero: number): Update {
    if (this.epoch < 0) throw new Error('VariantPackager: a fragment before the init segment');
    this.wallAtZero ??= wallAtZero;
    const update = emptyUpdate();
    const g = this.t.partGrid;
    const slot = Math.floor((f.time + TOLERANCE) / g);
    // A fragment in a later slot than the open part (shorter fragments than expected): close it.
    if (this.open && (slot > this.open.slot || this.open.duration + f.duration > this.t.partTarget + 1e-6)) {
      this.closeOpenPart(update);
    }
    if (!this.open) {
      const n = Math.floor(slot / this.t.partsPerSegment);
      this.enterSegment(n, f.time, update);
      this.open = { slot, start: f.time, duration: 0, independent: f.independent, chunks: [] };
    }
    this.open.chunks.push(f.bytes);
    this.open.duration += f.duration;
    // Complete once it reaches the next grid line.
    const end = f.time + f.duration;
    if (end + TOLERANCE >= (this.open.slot + 1) * g) this.closeOpenPart(update);
    return update;
  }

  /** The newest part listed: what the notification names. Null before the first part. */
  lastPart(): { msn: number; part: number } | null {
    for (let i = this.segs.length - 1; i >= 0; i--) {
      const s = this.segs[i]!;
      if (s.parts.length) return { msn: s.msn, part: s.parts.length - 1 };
      if (s.gap) continue;
    }
    return null;
  }

  /** The listed segments (the DVR window, then the one in progress if it has parts) and the preload hint. */
  listing(): { segments: SegmentOut[]; hint: string | null; discontinuitySequence: number; independentSegments: boolean } {
    const complete = this.segs.filter((s) => s.complete);
    const listedComplete = complete.slice(-this.dvr);
    const inProgress = this.segs.at(-1) && !this.segs.at(-1)!.complete ? this.segs.at(-1)! : null;
    const firstMsn = listedComplete[0]?.msn ?? inProgress?.msn ?? 0;
    const partFrom = this.partWindowStart();
    const listed = [...listedComplete, ...(inProgress && inProgress.parts.length ? [inProgress] : [])];
    let dsn = this.dsnBase;
    for (const s of this.segs) if (s.msn < firstMsn && s.discontinuity) dsn++;
    const segments = listed.map((s) => ({
      msn: s.msn,
      programDateTime: s.programDateTime,
      discontinuity: s.discontinuity,
      init: s.init,
      parts: s.msn >= partFrom ? s.parts : [],
      duration: s.duration,
      complete: s.complete,
      gap: s.gap
    }));
    return {
      segments,
      hint: this.epoch < 0 ? null : this.nextPartName(),
      discontinuitySequence: dsn,
      independentSegments: listed.every((s) => s.gap || s.independentStart)
    };
  }

  /** Restores the state a previous worker left in this variant's playlist (a publisher came back). */
  resume(listing: { segments: SegmentOut[]; discontinuitySequence: number }): Update {
    const update = emptyUpdate();
    this.dsnBase = listing.discontinuitySequence;
    this.segs = listing.segments.map((s) => ({
      ...s,
      n: -1,
      epoch: -1,
      chunks: [],
      partFiles: s.parts.map((p) => p.uri),
      segFile: s.complete && !s.gap,
      independentStart: s.parts[0]?.independent ?? true
    }));
    for (const s of this.segs) {
      this.inits.add(s.init);
      const k = Number(/^init(\d+)\.mp4$/.exec(s.init)?.[1] ?? -1);
      this.initIndex = Math.max(this.initIndex, k);
    }
    const last = this.segs.at(-1);
    if (last && !last.complete) {
      if (last.parts.length) {
        // Its parts exist on disk, its full segment does not: the worker joins them.
        last.complete = true;
        last.segFile = true;
        last.duration = sum(last.parts.map((p) => p.duration));
        update.concats.push({ name: segmentName(last.msn), parts: last.parts.map((p) => p.uri) });
      } else {
        this.segs.pop();
      }
    }
    this.epochBase = this.nextMsn();
    update.changed = true;
    return update;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The first segment whose parts are listed. RFC 8216bis (4.4.4.9): EXT-X-PART tags should go once
   * they are more than three target durations from the end of the playlist; the window is measured
   * from the end (the parts of the segment in progress included) and kept a little under that, so
   * parts always cover two full segments, more than PART-HOLD-BACK, where players start.
   */
  private partWindowStart(): number {
    const limit = 3 * this.t.segmentDuration - 0.01;
    let distance = 0;
    let from = Number.POSITIVE_INFINITY;
    for (let i = this.segs.length - 1; i >= 0; i--) {
      const s = this.segs[i]!;
      distance += s.duration;
      if (distance >= limit && s.complete) break;
      from = s.msn;
    }
    return from;
  }

  private nextPartName(): string {
    const cur = this.segs.at(-1);
    if (cur && !cur.complete) return partName(cur.msn, cur.parts.length);
    return partName(Math.max(this.nextMsn(), this.epochBase), 0);
  }

  /** Makes segment n of this epoch the one in progress (closing the current one, filling gaps). */
  private enterSegment(n: number, time: number, update: Update): void {
    const cur = this.segs.at(-1);
    let clockWentBack = false;
    if (cur && cur.epoch === this.epoch && n <= cur.n) {
      if (n === cur.n && !cur.complete) return; // still this segment
      if (n === cur.n) {
        // The segment was closed a little early (its parts reached the boundary within TOLERANCE):
        // what follows belongs to the next one, never to a second segment with the same time index.
        n = cur.n + 1;
      } else {
        clockWentBack = true; // the input's timestamps went back (a publisher's encoder restarted)
      }
    }
    this.closeSegment(update);
    if (clockWentBack) this.epochBase = this.nextMsn() - n;
    // A jump in the input's clock (not a missing segment): renumber from here rather than list
    // minutes of gaps. Every variant sees the same jump and renumbers alike.
    if (this.epochBase + n - this.nextMsn() > MAX_GAP_SEGMENTS) this.epochBase = this.nextMsn() - n;
    const msn = Math.max(this.epochBase + n, this.nextMsn());
    // A variant that is behind the others' numbering (it had fewer segments when its ffmpeg died, or
    // its first fragment came a segment late): the numbers it lacks become EXT-X-GAP segments.
    for (let gap = this.nextMsn(); gap < msn; gap++) {
      const at = (gap - this.epochBase) * this.t.segmentDuration;
      this.segs.push(this.newSeg(gap, gap - this.epochBase, Math.round(this.wallAtZero! + at * 1000), true));
    }
    const seg = this.newSeg(msn, n, this.wallAtZero === null ? null : Math.round(this.wallAtZero + time * 1000), false);
    this.segs.push(seg);
  }

  private newSeg(msn: number, n: number, pdt: number | null, gap: boolean): Seg {
    const discontinuity = this.discontinuityPending;
    this.discontinuityPending = false;
    return {
      msn,
      n,
      epoch: this.epoch,
      programDateTime: pdt,
      discontinuity,
      init: initName(this.initIndex),
      parts: [],
      duration: gap ? this.t.segmentDuration : 0,
      complete: gap,
      gap,
      chunks: [],
      partFiles: [],
      segFile: false,
      independentStart: gap
    };
  }

  private closeOpenPart(update: Update): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    const seg = this.segs.at(-1)!;
    const uri = partName(seg.msn, seg.parts.length);
    const bytes = Buffer.concat(open.chunks);
    if (open.duration > this.t.partTarget + 1e-6) this.overlongParts++;
    if (seg.parts.length === 0) seg.independentStart = open.independent;
    seg.parts.push({ uri, duration: round5(open.duration), independent: open.independent });
    seg.chunks.push(bytes);
    seg.partFiles.push(uri);
    seg.duration += open.duration;
    update.writes.push({ name: uri, bytes });
    update.changed = true;
    // The segment is complete once its last part reaches the next segment boundary.
    const segEnd = (seg.n + 1) * this.t.segmentDuration;
    if (open.start + open.duration + TOLERANCE >= segEnd) this.closeSegment(update);
  }

  /** Completes the segment in progress: writes its full segment and drops what left the window. */
  private closeSegment(update: Update): void {
    const seg = this.segs.at(-1);
    if (!seg || seg.complete) return;
    if (seg.parts.length === 0) {
      this.segs.pop(); // nothing arrived in it
      if (seg.discontinuity) this.discontinuityPending = true;
      return;
    }
    seg.complete = true;
    seg.segFile = true;
    update.writes.push({ name: segmentName(seg.msn), bytes: Buffer.concat(seg.chunks) });
    seg.chunks = [];
    update.changed = true;
    this.retire(update);
  }

  /** Deletes files a grace period after they left the playlist. */
  private retire(update: Update): void {
    const complete = this.segs.filter((s) => s.complete);
    const firstListed = complete.at(-this.dvr)?.msn ?? complete[0]?.msn ?? 0;
    const partFrom = this.partWindowStart();
    for (const s of this.segs) {
      if (s.msn < partFrom - this.grace && s.partFiles.length) {
        update.deletes.push(...s.partFiles);
        s.partFiles = [];
      }
    }
    while (this.segs.length && this.segs[0]!.msn < firstListed - this.grace) {
      const s = this.segs.shift()!;
      if (s.segFile) update.deletes.push(segmentName(s.msn));
      update.deletes.push(...s.partFiles);
      if (s.discontinuity) this.dsnBase++;
    }
    const used = new Set(this.segs.map((s) => s.init));
    used.add(initName(this.initIndex));
    for (const name of [...this.inits]) {
      if (!used.has(name)) {
        update.deletes.push(name);
        this.inits.delete(name);
      }
    }
  }
}

function emptyUpdate(): Update {
  return { writes: [], concats: [], deletes: [], changed: false };
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;
