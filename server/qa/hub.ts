/**
 * The broadcasts' rooms on this instance. A room receives its broadcast's events from Redis,
 * puts them in sequence order (filling any gap from the database), batches them for `batchMs`
 * and hands each client one `events` frame. Frames are built once per audience (moderators,
 * viewers at the same position) and sent as the same Buffer to every socket of that audience;
 * only an author whose own question changed gets a frame of their own.
 */
import type { Logger } from 'pino';
import type { QaFanout } from './fanout.ts';
import type { EventRow, QaRepository } from './repository.ts';
import type { QaLimits } from './limits.ts';

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
  sendFrame(frame: Buffer): void;
  /** Too many events waited for it while it joined. */
  pendingOverflow(): void;
}

/**
 * The frame a client gets for rows (ascending seq), or null when none of them is for it.
 * `cache` shares frames between clients of the same audience and position.
 */
export function frameFor(c: HubClient, rows: EventRow[], cache?: Map<string, Buffer>, authors?: Set<string>): Buffer | null {
  let start = 0;
  while (start < rows.length && rows[start]!.seq <= c.lastSeq) start++;
  if (start === rows.length) return null;
  const to = rows[rows.length - 1]!.seq;
  const own = !c.moderator && (authors ? authors.has(c.viewerId) : true);
  const key = !own && cache ? `${c.moderator ? 'm' : 'p'}:${c.clientSeq}:${c.lastSeq}` : null;
  let frame = key ? cache!.get(key) : undefined;
  if (frame === undefined) {
    const parts: string[] = [];
    for (let i = start; i < rows.length; i++) {
      const r = rows[i]!;
      const v = c.moderator ? r.mod : own && r.author === c.viewerId && r.own ? r.own : r.pub;
      if (v) parts.push(v);
    }
    frame = parts.length
      ? Buffer.from(`{"type":"events","from":${c.clientSeq + 1},"to":${to},"events":[${parts.join(',')}]}`)
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

interface Part {
  rows: EventRow[];
  cache: Map<string, Buffer>;
  authors: Set<string>;
}

class Room {
  readonly clients = new Set<HubClient>();
  delivered = -1;
  watching = 0;
  readonly ahead = new Map<number, EventRow>();
  outbox: EventRow[] = [];
  ready: Promise<void>;
  lastFlush = 0;
  flushTimer: NodeJS.Timeout | null = null;
  gapTimer: NodeJS.Timeout | null = null;
  filling = false;
  /** A send to the clients is in progress (in slices). */
  sending = false;
  idleTimer: NodeJS.Timeout | null = null;
  constructor(readonly id: string, init: (room: Room) => Promise<void>) {
    this.ready = init(this);
  }
}

export class QaHub {
  private readonly rooms = new Map<string, Room>();
  private readonly ticker: NodeJS.Timeout;
  private ticks = 0;
  private closed = false;

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
    return room;
  }

  leave(broadcastId: string, c: HubClient): void {
    const room = this.rooms.get(broadcastId);
    if (!room || !room.clients.delete(c)) return;
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

  /** Moves the in-order head of `ahead` to the outbox; a hole waits briefly, then is read from the database. */
  private drain(room: Room): void {
    let moved = false;
    for (const seq of room.ahead.keys()) if (seq <= room.delivered) room.ahead.delete(seq);
    let next = room.ahead.get(room.delivered + 1);
    while (next) {
      room.ahead.delete(next.seq);
      room.outbox.push(next);
      room.delivered = next.seq;
      moved = true;
      next = room.ahead.get(room.delivered + 1);
    }
    if (moved) this.scheduleFlush(room);
    if (room.ahead.size && !room.gapTimer) {
      // Two instances' publications can arrive out of order; only a hole that stays is read back.
      room.gapTimer = setTimeout(() => {
        room.gapTimer = null;
        if (room.ahead.size) void this.catchUp(room);
      }, 150);
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

  private scheduleFlush(room: Room): void {
    if (room.flushTimer) return;
    const wait = Math.max(0, room.lastFlush + this.limits.batchMs - Date.now());
    room.flushTimer = setTimeout(() => {
      room.flushTimer = null;
      this.flush(room);
    }, wait);
  }

  private flush(room: Room): void {
    // One send at a time: frames must reach each client in seq order. The end of the current
    // send schedules the next, with what arrived meanwhile.
    if (room.sending) return;
    const all = room.outbox;
    if (!all.length) return;
    room.outbox = [];
    room.lastFlush = Date.now();
    // Frames of at most FRAME_EVENTS events, so that a big catch-up is many frames a slow reader
    // can be cut off between, not one that must be written whole.
    const parts: Part[] = [];
    for (let i = 0; i < all.length; i += FRAME_EVENTS) {
      const rows = all.slice(i, i + FRAME_EVENTS);
      const authors = new Set<string>();
      for (const r of rows) if (r.own && r.author) authors.add(r.author);
      parts.push({ rows, cache: new Map(), authors });
    }
    // Thousands of sockets are written in slices, with the event loop's I/O in between: a send to
    // every client in one go held up the database replies of the transactions in progress (which
    // hold the broadcast's lock) for as long as it took. A client that joins meanwhile reads its
    // snapshot after these events were committed, so it needs none of them.
    const clients = [...room.clients];
    room.sending = true;
    const slice = (from: number) => {
      const until = performance.now() + SEND_SLICE_MS;
      let k = from;
      while (k < clients.length) {
        for (const p of parts) this.sendTo(clients[k]!, p);
        if (++k % 16 === 0 && performance.now() > until) break;
      }
      if (k < clients.length && !this.closed) return void setImmediate(slice, k);
      room.sending = false;
      if (room.outbox.length) this.scheduleFlush(room);
    };
    slice(0);
  }

  private sendTo(c: HubClient, p: Part): void {
    if (!c.live) {
      // Still joining (or gone: a closed client has left the room, its pending is dropped).
      for (const r of p.rows) c.pending.push(r);
      if (c.pending.length > this.limits.resumeWindow) c.pendingOverflow();
      return;
    }
    const frame = frameFor(c, p.rows, p.cache, p.authors);
    if (frame) c.sendFrame(frame);
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
          const frame = Buffer.from(JSON.stringify({ type: 'presence', watching: total }));
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
    for (const t of [room.flushTimer, room.gapTimer, room.idleTimer]) if (t) clearTimeout(t);
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
