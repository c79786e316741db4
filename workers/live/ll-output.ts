/**
 * The LL-HLS output of one live run (workers/live/): ffmpeg's fragmented MP4 pipes in, the files of
 * live/<broadcast>/<run>/<variant>/ out, per the contract with server/live (docs/architecture.md):
 * init<k>.mp4, part<msn>.<i>.m4s, seg<msn>.m4s and index.m3u8, each written under a temporary name
 * and renamed, then a Redis notification naming the newest part after every playlist rename.
 *
 * One LlOutput lives as long as the transcode job; each ffmpeg it starts is an epoch (startEpoch).
 * The packaging itself is media/llhls/ (pure); this file does the I/O, one queue per variant so a
 * variant's files are written in order while variants proceed side by side.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { writeAtomically } from '../../jobs/staging.ts';
import type { LivePartsMessage } from '../../jobs/queues.ts';
import type { PipeOutputs } from '../../media/ffmpeg.ts';
import { Mp4Splitter, parseFragment, parseInit, type InitInfo } from '../../media/mp4/fragments.ts';
import { VariantPackager, type Update } from '../../media/llhls/packager.ts';
import { LlPlaylistWriter, parseLlMediaPlaylist } from '../../media/llhls/playlist.ts';
import { PLAYLIST_NAME } from '../../media/llhls/names.ts';
import { llAudioTiming, type LlTiming } from '../../media/llhls/timing.ts';
import type { LlOutput as PipeOutput } from '../../media/live-ll.ts';

export interface LlOutputOptions {
  outDir: string;
  /** Variant folder names in master playlist order. */
  variants: string[];
  /** The rungs' timing (media/llhls/timing.ts llTiming). */
  timing: LlTiming;
  /** The audio-only rendition's variant, packaged with llAudioTiming; null without one. */
  audioVariant: string | null;
  dvrSegments: number;
  /** Publishes a note on the broadcast's live-parts channel (after the playlist's rename). */
  notify: (note: Omit<LivePartsMessage, 'run'>) => Promise<void>;
  /** The copied rung, whose keyframe interval the publisher chose (null: every rung is encoded). */
  copiedVariant: string | null;
  /** The longest gap between the copied rung's keyframes, when it exceeds the segment target. */
  onKeyframeInterval?: (seconds: number) => void;
  log: Logger;
}

interface VariantState {
  name: string;
  packager: VariantPackager;
  writer: LlPlaylistWriter;
  queue: Promise<void>;
}

interface EpochPipe {
  variant: VariantState;
  splitter: Mp4Splitter;
  init: InitInfo | null;
  /** The track parts are timed by: the video, else the first. */
  mainTrack: number;
  timescale: number;
}

export class LlOutput {
  private readonly variants = new Map<string, VariantState>();
  private failure: Error | null = null;
  /** Wall clock (Date.now()) of the last fragment any variant got: the live worker's sign of life. */
  lastFragmentAt = 0;
  private keyframeMax = 0;
  private lastKeyframe: number | null = null;
  private reportedKeyframeInterval = 0;

  constructor(private readonly o: LlOutputOptions) {
    for (const name of o.variants) {
      const timing = name === o.audioVariant ? llAudioTiming(o.timing) : o.timing;
      this.variants.set(name, { name, packager: new VariantPackager({ timing, dvrSegments: o.dvrSegments }), writer: new LlPlaylistWriter(), queue: Promise.resolve() });
    }
  }

  /**
   * Continues the playlists a previous job left in outDir (a publisher that came back): their
   * segments stay listed and numbered, and the next epoch starts after a discontinuity.
   */
  async resume(): Promise<void> {
    for (const v of this.variants.values()) {
      const text = await fs.readFile(this.file(v.name, PLAYLIST_NAME), 'utf8').catch(() => null);
      if (!text) continue;
      try {
        await this.apply(v, v.packager.resume(parseLlMediaPlaylist(text)));
      } catch (err) {
        // Not an LL playlist (the run was MPEG-TS before a restart with the other mode): start afresh.
        this.o.log.warn({ variant: v.name, err: (err as Error).message }, 'could not resume the LL-HLS playlist; starting a new one');
      }
    }
  }

  /** A new ffmpeg: the pipe handlers for its outputs. Every variant numbers on from the same segment. */
  startEpoch(outputs: PipeOutput[]): PipeOutputs {
    this.failure = null;
    this.lastKeyframe = null;
    const base = Math.max(0, ...[...this.variants.values()].map((v) => v.packager.nextMsn()));
    let wallAtZero: number | null = null;
    const pipes: EpochPipe[] = outputs.map((out) => {
      const variant = this.variants.get(out.variant);
      if (!variant) throw new Error(`LlOutput: unknown variant ${out.variant}`);
      return { variant, splitter: new Mp4Splitter(), init: null, mainTrack: 0, timescale: 1 };
    });
    return {
      count: outputs.length,
      onData: (index, chunk) => {
        if (this.failure) throw this.failure;
        const pipe = pipes[outputs.findIndex((o) => o.pipe === index)];
        if (!pipe) return;
        for (const piece of pipe.splitter.push(chunk)) {
          if (piece.kind === 'init') {
            pipe.init = parseInit(piece.bytes);
            const main = pipe.init.tracks.find((t) => t.handler === 'vide') ?? pipe.init.tracks[0]!;
            pipe.mainTrack = main.trackId;
            pipe.timescale = main.timescale;
            this.enqueue(pipe.variant, () => this.apply(pipe.variant, pipe.variant.packager.startEpoch(piece.bytes, base)));
            continue;
          }
          if (!pipe.init) continue;
          const info = parseFragment(piece.bytes, pipe.init);
          const track = info.tracks.find((t) => t.trackId === pipe.mainTrack);
          if (!track) continue;
          const time = track.baseDecodeTime / pipe.timescale;
          const duration = track.duration / pipe.timescale;
          this.lastFragmentAt = Date.now();
          wallAtZero ??= Date.now() - (time + duration) * 1000;
          const at = wallAtZero;
          if (pipe.variant.name === this.o.copiedVariant) this.watchKeyframes(track.syncTimes.map((t) => t / pipe.timescale), time + duration);
          this.enqueue(pipe.variant, async () => {
            const update = pipe.variant.packager.addFragment({ bytes: piece.bytes, time, duration, independent: track.startsWithSync }, at);
            await this.apply(pipe.variant, update);
          });
        }
      }
    };
  }

  /** Resolves once every variant's queued writes are done (after ffmpeg exited). */
  async drain(): Promise<void> {
    await Promise.all([...this.variants.values()].map((v) => v.queue));
  }

  /** Parts longer than PART-TARGET so far (an irregular copied stream), for the log. */
  overlongParts(): number {
    return [...this.variants.values()].reduce((a, v) => a + v.packager.overlongParts, 0);
  }

  // ------------------------------------------------------------------------------------------

  private file(variant: string, name: string): string {
    return path.join(this.o.outDir, variant, name);
  }

  private enqueue(v: VariantState, task: () => Promise<void>): void {
    v.queue = v.queue.then(task).catch((err: unknown) => {
      // A file that cannot be written (disk full): stop this ffmpeg (the next pipe chunk throws);
      // the job's loop starts another one, which continues after a discontinuity.
      this.failure ??= err instanceof Error ? err : new Error(String(err));
      this.o.log.error({ variant: v.name, err: this.failure.message }, 'LL-HLS output failed');
    });
  }

  /** Writes, then the playlist (renamed into place) and its notification, then deletions. */
  private async apply(v: VariantState, u: Update): Promise<void> {
    if (!u.writes.length && !u.concats.length && !u.deletes.length && !u.changed) return;
    await fs.mkdir(path.join(this.o.outDir, v.name), { recursive: true });
    for (const w of u.writes) await writeAtomically(this.file(v.name, w.name), w.bytes);
    for (const c of u.concats) {
      const parts = await Promise.all(c.parts.map((p) => fs.readFile(this.file(v.name, p))));
      await writeAtomically(this.file(v.name, c.name), Buffer.concat(parts));
    }
    if (u.changed) {
      const listing = v.packager.listing();
      const reports = [...this.variants.values()].flatMap((o) => {
        if (o === v) return [];
        const last = o.packager.lastPart();
        return last ? [{ uri: `../${o.name}/${PLAYLIST_NAME}`, lastMsn: last.msn, lastPart: last.part }] : [];
      });
      await writeAtomically(this.file(v.name, PLAYLIST_NAME), v.writer.write({ timing: v.packager.timing, ...listing, reports }));
      const last = v.packager.lastPart();
      if (last) await this.o.notify({ rung: v.name, msn: last.msn, part: last.part }).catch(() => {});
    }
    for (const d of u.deletes) await fs.rm(this.file(v.name, d), { force: true });
  }

  /**
   * The copied rung's keyframe interval, from the sync samples of its fragments. Reported when the
   * longest gap exceeds the segment target (OBS's "Keyframe Interval" above 1 s), and again when a
   * longer gap closes or the open one grows by half a second (a stream without keyframes for that
   * long counts as the gap so far).
   */
  private watchKeyframes(syncTimes: number[], end: number): void {
    for (const t of syncTimes) {
      if (this.lastKeyframe !== null) this.keyframeMax = Math.max(this.keyframeMax, t - this.lastKeyframe);
      this.lastKeyframe = t;
    }
    const open = this.lastKeyframe === null ? 0 : end - this.lastKeyframe;
    const value = Math.round(Math.max(this.keyframeMax, open) * 10) / 10;
    const limit = this.o.timing.segmentDuration + 0.05;
    // A gap between two keyframes is exact: report it when it is larger; one still open only
    // every half second more (its end is not known yet).
    const closed = this.keyframeMax >= value - 0.05;
    if (value > limit && value > this.reportedKeyframeInterval && (closed || value >= this.reportedKeyframeInterval + 0.5)) {
      this.reportedKeyframeInterval = value;
      this.o.onKeyframeInterval?.(value);
    }
  }
}
