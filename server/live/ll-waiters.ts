/**
 * Waiting for the next part of a live rung, for blocking playlist reloads and preload-hinted parts
 * (server/plugins/live-media.ts). The live worker PUBLISHes `{"run","rung","msn","part"}` on
 * `<prefix>:live-parts:<broadcastId>` after every playlist it renames into place (media/llhls/).
 *
 * One Redis subscriber per process (a connection of its own: a subscribed connection can do nothing
 * else), subscribed to a broadcast's channel while this process has a request waiting on it and
 * for LINGER_MS after (a viewer's next reload comes within a second; re-subscribing each time would
 * cost a round trip per reload). A request opens a Watch FIRST (subscription confirmed), THEN reads
 * the playlist, THEN waits: an update written between the read and the wait still wakes it, so no
 * part is missed; the wait is bounded by the caller (ll-playlist.ts holdMs) and ends when the
 * client goes away.
 *
 * Limits, per process: at most LIVE_BLOCKING_WAITERS_MAX requests wait at once (beyond that a request is answered
 * at once with the current playlist, as a server without blocking reloads would: the player just
 * asks again); each waits at most 12 s; each is an open HTTP request, so the process's connection
 * limit (and the proxy's) bounds them before this does. Reads of one rung's playlist are shared by
 * every request waiting on it: one file read per update per rung per process, however many watch.
 * Across instances nothing is shared but Redis's fan-out: each instance subscribes only to the
 * broadcasts its own viewers wait on, so N instances cost Redis N deliveries per part at most.
 */
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { closeRedis, createRedis } from '../redis.ts';
import { livePartsChannel, type LivePartsMessage } from '../../jobs/queues.ts';

const LINGER_MS = 30_000;

interface RungGroup {
  watches: Set<Watch>;
  /** Bumped by every note for this rung (and by a reconnect): a read older than it is stale. */
  version: number;
  cached: { version: number; file: string; text: Promise<string | null> } | null;
  /** The last playlist text gzipped, shared like the read. */
  gz: { text: string; body: Promise<Buffer> } | null;
}

const gzip = promisify(zlib.gzip);

interface Channel {
  name: string;
  ready: Promise<void>;
  rungs: Map<string, RungGroup>;
  watches: number;
  linger: NodeJS.Timeout | null;
}

/** One request's view of a rung: read the playlist, wait for the next update. */
export class Watch {
  private pending = false;
  private wake: ((updated: boolean) => void) | null = null;
  closed = false;

  constructor(
    private readonly group: RungGroup,
    private readonly onClose: (w: Watch) => void
  ) {}

  /** The rung's playlist (or another file of it) as of now: a read shared with the other watches. */
  read(file: string): Promise<string | null> {
    this.pending = false;
    const g = this.group;
    if (!g.cached || g.cached.version !== g.version || g.cached.file !== file) {
      g.cached = { version: g.version, file, text: fs.readFile(file, 'utf8').catch(() => null) };
    }
    return g.cached.text;
  }

  /**
   * `text` (a playlist this watch read) gzipped, once per playlist version for every request waiting
   * on the rung: a 30-minute DVR playlist is ~50 KB and players reload it five times a second; gzip
   * makes it ~5 KB for about half a millisecond.
   */
  gzipped(text: string): Promise<Buffer> {
    const g = this.group;
    if (g.gz?.text !== text) g.gz = { text, body: gzip(text, { level: 6 }) };
    return g.gz.body;
  }

  /** @internal a note for this rung arrived */
  notify(): void {
    this.pending = true;
    const w = this.wake;
    this.wake = null;
    w?.(true);
  }

  /**
   * Resolves true when the rung was updated since the last read (at once if it already was), false
   * when `ms` passed or the watch was closed (the client went away).
   */
  next(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.pending) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, Math.max(0, ms));
      this.wake = (updated) => {
        clearTimeout(timer);
        resolve(updated);
      };
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const w = this.wake;
    this.wake = null;
    w?.(false);
    this.onClose(this);
  }
}

export class LivePartsWatcher {
  private sub: Redis | null = null;
  private readonly channels = new Map<string, Channel>();
  private waiting = 0;
  private lastFullLog = 0;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly log: Logger,
    /** LIVE_BLOCKING_WAITERS_MAX */
    private readonly maxWaiters: number
  ) {}

  /** Requests waiting now, in this process. */
  get size(): number {
    return this.waiting;
  }

  private subscriber(): Redis {
    if (this.sub) return this.sub;
    const sub = createRedis(this.redisUrl, 'efir-live-parts');
    sub.on('error', (err) => this.log.warn({ err }, 'live parts subscriber'));
    sub.on('message', (channel: string, message: string) => this.onMessage(channel, message));
    // After a reconnect (ioredis subscribes again by itself) updates may have been missed: every
    // waiting request reads again.
    let first = true;
    sub.on('ready', () => {
      if (first) return void (first = false);
      for (const ch of this.channels.values()) for (const g of ch.rungs.values()) this.bump(g);
    });
    this.sub = sub;
    return sub;
  }

  private onMessage(channel: string, message: string): void {
    const ch = this.channels.get(channel);
    if (!ch) return;
    let note: LivePartsMessage;
    try {
      note = JSON.parse(message) as LivePartsMessage;
    } catch {
      return this.log.warn({ channel }, 'bad live parts message');
    }
    const g = ch.rungs.get(`${note.run}/${note.rung}`);
    if (g) this.bump(g);
  }

  private bump(g: RungGroup): void {
    g.version++;
    for (const w of g.watches) w.notify();
  }

  /**
   * Starts watching a rung of a broadcast's run: resolves once the subscription is active (so a read
   * after it cannot miss an update). Null when this process already holds `maxWaiters` requests: the
   * caller answers at once instead.
   */
  async open(broadcastId: string, run: string, rung: string): Promise<Watch | null> {
    if (this.waiting >= this.maxWaiters) {
      if (Date.now() - this.lastFullLog > 60_000) {
        this.lastFullLog = Date.now();
        this.log.warn({ waiting: this.waiting }, 'live blocking reloads: waiter limit reached; answering without waiting');
      }
      return null;
    }
    const name = livePartsChannel(this.prefix, broadcastId);
    let ch = this.channels.get(name);
    if (!ch) {
      const sub = this.subscriber();
      ch = { name, ready: sub.subscribe(name).then(() => undefined), rungs: new Map(), watches: 0, linger: null };
      this.channels.set(name, ch);
      const created = ch;
      created.ready.catch((err) => {
        this.log.warn({ err, channel: name }, 'could not subscribe to live parts');
        if (this.channels.get(name) === created) this.channels.delete(name);
      });
    }
    if (ch.linger) {
      clearTimeout(ch.linger);
      ch.linger = null;
    }
    const key = `${run}/${rung}`;
    let g = ch.rungs.get(key);
    if (!g) {
      g = { watches: new Set(), version: 0, cached: null, gz: null };
      ch.rungs.set(key, g);
    }
    const group = g;
    const channel = ch;
    const w = new Watch(group, (closed) => {
      group.watches.delete(closed);
      this.waiting--;
      channel.watches--;
      if (!group.watches.size && channel.rungs.get(key) === group) channel.rungs.delete(key);
      if (channel.watches === 0) this.linger(channel);
    });
    group.watches.add(w);
    this.waiting++;
    channel.watches++;
    try {
      await channel.ready;
    } catch {
      w.close();
      return null;
    }
    return w;
  }

  private linger(ch: Channel): void {
    if (ch.linger) clearTimeout(ch.linger);
    ch.linger = setTimeout(() => {
      if (ch.watches > 0 || this.channels.get(ch.name) !== ch) return;
      this.channels.delete(ch.name);
      void this.sub?.unsubscribe(ch.name).catch(() => {});
    }, LINGER_MS);
    ch.linger.unref();
  }

  async close(): Promise<void> {
    for (const ch of this.channels.values()) {
      if (ch.linger) clearTimeout(ch.linger);
      for (const g of ch.rungs.values()) for (const w of [...g.watches]) w.close();
    }
    this.channels.clear();
    const sub = this.sub;
    this.sub = null;
    if (sub) await closeRedis(sub);
  }
}
