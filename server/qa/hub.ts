/**
 * The broadcasts' rooms on this instance. A room receives its broadcast's events from Redis,
 * puts them in sequence order (filling any gap from the database) and appends them to its log.
 * A sweep walks the room's clients and writes each one frame with every logged event it has not
 * had; events that arrive during a sweep reach the clients it has not passed yet in the same
 * sweep, and the others in the next one, which starts as soon as this one ends (at most one every
 * `batchMs`). So an event waits at most one sweep, not the rest of one and then a whole other.
 * Frames are built once per audience and position (moderators, viewers who had the same events),
 * WebSocket header included, and written as the same Buffer to every such socket; only an author
 * whose own question changed gets a frame of their own.
 */
import type { Logger } from 'pino';
import type { QaFanout } from './fanout.ts';
import type { EventRow, QaRepository } from './repository.ts';
import type { QaLimits } from './limits.ts';
import { jsonFrame, textFrame } from './wire.ts';

export interface HubClient {
  viewerId: string;
  moderator: boolean;
  /** Last seq this client has had accounted for (the `to` of the last frame, or its welcome seq). */
  clientSeq: number;
  /** Last seq considered for this client (invisible events move it without a frame). */
  lastSeq: number;
  /** false while it catches up (snapshot or replay): events wait in `pending`. */
  live: boolean;
  pending: EventRow[];
  /** A ready WebSocket frame (wire.ts), the same Buffer for every client of an audience. */
  sendFrame(frame: Buffer): void;
  /** Too many events waited for it while it joined. */
  pendingOverflow(): void;
}

/**
 * The frame a client gets for rows (ascending seq), or null when none of them is for it.
 * `cache` shares frames between clients of the same audience and position.
 */
export function frameFor(c: HubClient, rows: EventRow[], cache?: Map<string, Buffer>, authors?: { has(viewerId: string): boolean }): Buffer | null {
  let start = 0;
  while (start < rows.length && rows[start]!.seq <= c.lastSeq) start++;
  if (start === rows.length) return null;
  const to = rows[rows.length - 1]!.seq;
  const own = !c.moderator && (authors ? authors.has(c.viewerId) : true);
  const key = !own && cache ? `${c.moderator ? 'm' : 'p'}:${c.clientSeq}:${c.lastSeq}:${to}` : null;
  let frame = key ? cache!.get(key) : undefined;
  if (frame === undefined) {
    const parts: string[] = [];
    for (let i = start; i < rows.length; i++) {
      const r = rows[i]!;
      const v = c.moderator ? r.mod : own && r.author === c.viewerId && r.own ? r.own : r.pub;
      if (v) parts.push(v);
    }
    frame = parts.length
      ? textFrame(Buffer.from(`{"type":"events","from":${c.clientSeq + 1},"to":${to},"events":[${parts.join(',')}]}`))
      : (EMPTY as Buffer);
    if (key) cache!.set(key, frame);
  }
  c.lastSeq = to;
  if (frame === EMPTY) return null;
  c.clientSeq = to;
  return frame;
}
const EMPTY = Buffer.alloc(0);
const FRAME_EVENTS = 100;
/** Milliseconds of socket writes per turn of the event loop (checked every 16 sockets). */
const SEND_SLICE_MS = 2;

/** What one sweep builds once and shares: frames by audience and position, log slices by range. */
interface SweepCache {
  frames: Map<string, Buffer>;
  slices: Map<string, EventRow[]>;
}

class Room {
  readonly clients = new Set<HubClient>();
  /** Clients still joining: each delivered event goes to their `pending` until they are live. */
  readonly joining = new Set<HubClient>();
  delivered = -1;
  watching = 0;
  readonly ahead = new Map<number, EventRow>();
  /** Delivered events not yet written to every live client: seqs log[0].seq … delivered. */
  log: EventRow[] = [];
  /** viewer id → how many events in `log` have an own view for them. */
  readonly authors = new Map<string, number>();
  ready: Promise<void>;
  /** A sweep over the clients is in progress (in slices), or waits for its timer. */
  sweeping = false;
  lastSweep = 0;
  sweepTimer: NodeJS.Timeout | null = null;
  gapTimer: NodeJS.Timeout | null = null;
  filling = false;
  idleTimer: NodeJS.Timeout | null = null;
  /** When the oldest event no sweep has taken yet reached this room (performance.now()), for the fan-out latency. */
  waitingSince: number | null = null;
  constructor(readonly id: string, init: (room: Room) => Promise<void>) {
    this.ready = init(this);
  }

  append(r: EventRow): void {
    this.log.push(r);
    if (r.own && r.author) this.authors.set(r.author, (this.authors.get(r.author) ?? 0) + 1);
  }

  /** Drops logged events up to `seq` (every live client has had them). */
  trim(seq: number): void {
    let n = 0;
    while (n < this.log.length && this.log[n]!.seq <= seq) {
      const r = this.log[n++]!;
      if (r.own && r.author) {
        const k = this.authors.get(r.author)! - 1;
        if (k) this.authors.set(r.author, k);
        else this.authors.delete(r.author);
      }
    }
    if (n) this.log = this.log.slice(n);
  }
}

export class QaHub {
  private readonly rooms = new Map<string, Room>();
  private readonly ticker: NodeJS.Timeout;
  private ticks = 0;
  private closed = false;
  /**
   * Told after each sweep how long its oldest event waited from reaching this room (a local commit
   * or a Redis message) until the last client's socket was written: /metrics' fan-out latency.
   */
  onSwept: ((seconds: number) => void) | null = null;

  constructor(
    private readonly fanout: QaFanout,
    private readonly repo: QaRepository,
    private readonly limits: QaLimits,
    private readonly log: Logger
  ) {
    fanout.onEvents = (id, rows) => this.receive(id, rows);
    fanout.onResubscribed = () => {
      for (const room of this.rooms.values()) void this.catchUp(room);
    };
    // Presence every 2 s; every 4 s a check for events whose publication was lost.
    this.ticker = setInterval(() => this.tick(), 2000).unref();
  }

  room(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /** Adds a client (synchronously: it sees every event delivered from now on). */
  join(broadcastId: string, c: HubClient): Room {
    let room = this.rooms.get(broadcastId);
    if (!room) {
      room = new Room(broadcastId, async (r) => {
        await this.fanout.subscribe(broadcastId);
        const last = await this.repo.lastSeq(broadcastId);
        r.delivered = last ?? 0;
        this.drain(r);
      });
      room.ready.catch((err) => {
        this.log.error({ err, broadcastId }, 'Q&A room could not start');
        if (this.rooms.get(broadcastId) === room) this.rooms.delete(broadcastId);
      });
      this.rooms.set(broadcastId, room);
    }
    if (room.idleTimer) {
      clearTimeout(room.idleTimer);
      room.idleTimer = null;
    }
    room.clients.add(c);
    if (!c.live) room.joining.add(c);
    return room;
  }

  leave(broadcastId: string, c: HubClient): void {
    const room = this.rooms.get(broadcastId);
    if (!room || !room.clients.delete(c)) return;
    room.joining.delete(c);
    if (room.clients.size === 0 && !room.idleTimer) {
      // Kept for a while: a reconnecting client should not make us unsubscribe and subscribe again.
      room.idleTimer = setTimeout(() => {
        if (room.clients.size || this.rooms.get(broadcastId) !== room) return;
        this.rooms.delete(broadcastId);
        this.clearTimers(room);
        void this.fanout.unsubscribe(broadcastId).catch(() => {});
        void this.fanout.forget(broadcastId).catch(() => {});
      }, 30_000).unref();
    }
  }

  localCount(broadcastId: string): number {
    return this.rooms.get(broadcastId)?.clients.size ?? 0;
  }

  private receive(broadcastId: string, rows: EventRow[]): void {
    const room = this.rooms.get(broadcastId);
    if (!room) return;
    for (const r of rows) if (r.seq > room.delivered) room.ahead.set(r.seq, r);
    if (room.delivered >= 0) this.drain(room);
  }

  /** Moves the in-order head of `ahead` to the log; a hole waits briefly, then is read from the database. */
  private drain(room: Room): void {
    let moved = false;
    for (const seq of room.ahead.keys()) if (seq <= room.delivered) room.ahead.delete(seq);
    let next = room.ahead.get(room.delivered + 1);
    while (next) {
      room.ahead.delete(next.seq);
      room.append(next);
      this.toJoining(room, next);
      room.delivered = next.seq;
      moved = true;
      next = room.ahead.get(room.delivered + 1);
    }
    if (moved) {
      room.waitingSince ??= performance.now();
      this.scheduleSweep(room);
    }
    if (room.ahead.size && !room.gapTimer) {
      // Two instances' publications can arrive out of order; only a hole that stays is read back.
      room.gapTimer = setTimeout(() => {
        room.gapTimer = null;
        if (room.ahead.size) void this.catchUp(room);
      }, 150);
    }
  }

  /** A joining client gets every event delivered until it is live (then sweeps take over). */
  private toJoining(room: Room, r: EventRow): void {
    for (const c of room.joining) {
      if (c.live) {
        room.joining.delete(c);
        continue;
      }
      c.pending.push(r);
      if (c.pending.length > this.limits.resumeWindow) c.pendingOverflow();
    }
  }

  /** Reads events after `delivered` from the database (lost or late publications). */
  private async catchUp(room: Room): Promise<void> {
    if (room.filling || room.delivered < 0 || this.closed) return;
    room.filling = true;
    try {
      for (;;) {
        const last = await this.repo.lastSeq(room.id);
        if (last === null || last <= room.delivered) break;
        const rows = await this.repo.events(room.id, room.delivered, last, 1000);
        if (!rows.length) break;
        for (const r of rows) if (r.seq > room.delivered) room.ahead.set(r.seq, r);
        this.drain(room);
        if (rows.at(-1)!.seq >= last) break;
      }
    } catch (err) {
      this.log.warn({ err, broadcastId: room.id }, 'Q&A catch-up from the database failed; will retry');
    } finally {
      room.filling = false;
    }
  }

  private scheduleSweep(room: Room): void {
    if (room.sweeping) return; // the sweep in progress takes what was appended, or starts the next
    room.sweeping = true;
    const wait = Math.max(0, room.lastSweep + this.limits.batchMs - Date.now());
    room.sweepTimer = setTimeout(() => {
      room.sweepTimer = null;
      this.sweep(room);
    }, wait);
  }

  private sweep(room: Room): void {
    room.lastSweep = Date.now();
    const start = room.delivered;
    const since = room.waitingSince;
    room.waitingSince = null;
    // Thousands of sockets are written in slices, with the event loop's I/O in between: a send to
    // every client in one go held up the database replies of the changes in progress for as long
    // as it took. Each client is written what the log holds when the sweep reaches it.
    const clients = [...room.clients];
    const cache: SweepCache = { frames: new Map(), slices: new Map() };
    const slice = (from: number) => {
      const until = performance.now() + SEND_SLICE_MS;
      let k = from;
      while (k < clients.length) {
        this.catchClientUp(room, clients[k]!, cache);
        if (++k % 16 === 0 && performance.now() > until) break;
      }
      if (k < clients.length && !this.closed) return void setImmediate(slice, k);
      // Every client swept has had everything up to `start`; one that joined since went live
      // after `start` with its own pending events.
      room.trim(start);
      room.sweeping = false;
      if (since !== null) this.onSwept?.((performance.now() - since) / 1000);
      if (room.delivered > start && !this.closed) this.scheduleSweep(room);
    };
    slice(0);
  }

  /** Writes a live client the logged events it has not had, in frames of at most FRAME_EVENTS. */
  private catchClientUp(room: Room, c: HubClient, cache: SweepCache): void {
    if (!c.live || c.lastSeq >= room.delivered) return;
    const first = room.log[0]?.seq ?? room.delivered + 1;
    if (c.lastSeq + 1 < first) return c.pendingOverflow(); // cannot happen; if it did: resume by seq
    let i = c.lastSeq + 1 - first;
    while (i < room.log.length && c.live) {
      // Chunks aligned to the log, so clients at the same position share every frame.
      const end = Math.min(room.log.length, (Math.floor(i / FRAME_EVENTS) + 1) * FRAME_EVENTS);
      const range = `${i}:${end}`;
      let rows = cache.slices.get(range);
      if (!rows) cache.slices.set(range, (rows = room.log.slice(i, end)));
      const frame = frameFor(c, rows, cache.frames, room.authors);
      if (frame) c.sendFrame(frame);
      i = end;
    }
  }

  private tick(): void {
    this.ticks++;
    for (const room of this.rooms.values()) {
      if (room.delivered < 0) continue;
      if (this.ticks % 2 === 0) void this.catchUp(room);
      void this.fanout
        .presence(room.id, room.clients.size)
        .then((total) => {
          if (total === room.watching) return;
          room.watching = total;
          const frame = jsonFrame({ type: 'presence', watching: total });
          for (const c of room.clients) if (c.live) c.sendFrame(frame);
        })
        .catch(() => {});
    }
  }

  /** The number watching as last counted (this instance's count before the first count). */
  watching(broadcastId: string): number {
    const room = this.rooms.get(broadcastId);
    return room ? Math.max(room.watching, room.clients.size) : 0;
  }

  private clearTimers(room: Room): void {
    for (const t of [room.sweepTimer, room.gapTimer, room.idleTimer]) if (t) clearTimeout(t);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.ticker);
    for (const room of this.rooms.values()) {
      this.clearTimers(room);
      await this.fanout.forget(room.id).catch(() => {});
    }
    this.rooms.clear();
  }
}
