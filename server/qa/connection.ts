/**
 * One client's WebSocket: the hello (snapshot or resume), then its requests, each answered by
 * exactly one `ack`, `error` or `pong`, and the events of its broadcast.
 * The message listener is attached in the constructor, synchronously in the route handler, so
 * nothing sent while the hello is being answered is lost: such requests wait in `early`.
 * Frames come ready-made (wire.ts) and are written straight to the socket. The send buffer we
 * bound is our own: at most WRITE_WINDOW bytes are handed to the socket at a time (what it has not
 * passed to the kernel yet, `writableLength`), the rest waits in `queue`, and `backlog` counts both.
 * ws's bufferedAmount cannot tell a stalled reader from a fast one: the kernel's buffer takes
 * megabytes before it moves; our queue grows from the first frame the socket cannot take.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { User } from '../repositories/users.ts';
import { Bucket, type QaLimits } from './limits.ts';
import { CLOSE, ERROR_CODES, MODERATOR_TYPES, PROTOCOL_VERSION, decodeClientMessage, type ClientMessage, type ClientMessageOf, type ErrorCode, type ProtocolError } from './protocol.ts';
import { isEfirError } from '../errors.ts';
import type { EventRow } from './repository.ts';
import { canModerate, type Actor, type Ack, type QaService } from './service.ts';
import { frameFor, type HubClient, type QaHub } from './hub.ts';
import { jsonFrame, socketOf } from './wire.ts';

const OPEN = 1; // WebSocket.OPEN
/** Bytes handed to the socket at once before we queue ourselves (the rest waits in `queue`). */
const WRITE_WINDOW = 64 * 1024;

export interface ConnectionInfo {
  broadcastId: string;
  viewerId: string;
  ipHash: string;
  user: User | null;
  csrfToken: string | null;
}

export interface ConnectionDeps {
  service: QaService;
  hub: QaHub;
  limits: QaLimits;
  log: Logger;
  /** Whether the address had a socket left (Redis); hello waits for it. */
  admitted: Promise<boolean>;
  onClose(): void;
}

export class QaConnection implements HubClient {
  viewerId: string;
  /** When the socket opened (ms): this viewer was seen then (sanctions made later do not catch them by address). */
  private readonly openedAt: number;
  moderator = false;
  clientSeq = 0;
  lastSeq = 0;
  live = false;
  pending: EventRow[] = [];
  private state: 'new' | 'joining' | 'joined' | 'closed' = 'new';
  private early: ClientMessage[] = [];
  private readonly bucket: Bucket;
  private overLimit = 0;
  private inFlight = 0;
  private readonly socket: Socket;
  /** Called when a write reached the kernel (one function for every write: no closure per frame). */
  private readonly afterWrite = () => this.pump();
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private slowTimer: NodeJS.Timeout | null = null;
  private drainWaiters: (() => void)[] = [];
  /** While it replays missed events the client is fed only as fast as it reads (no cut-off). */
  private replaying = false;
  /** Closes a socket that never says hello (an idle socket costs memory and a connection slot). */
  private helloTimer: NodeJS.Timeout | null;
  /** Answered the last ping (or sent something since). */
  private alive = true;

  constructor(
    private readonly ws: WebSocket,
    private readonly info: ConnectionInfo,
    private readonly deps: ConnectionDeps
  ) {
    this.viewerId = info.viewerId;
    this.openedAt = Date.now();
    this.socket = socketOf(ws);
    this.bucket = new Bucket(deps.limits.messagesPerSecond, deps.limits.messageBurst);
    ws.on('message', (data, isBinary) => this.onFrame(data as Buffer, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => this.closed());
    this.helloTimer = setTimeout(() => {
      this.helloTimer = null;
      if (this.state === 'new') this.close(CLOSE.helloTimeout, 'no hello');
    }, deps.limits.helloTimeoutMs);
    ws.on('error', (err) => deps.log.debug({ err }, 'Q&A socket error'));
  }

  /** Our measure of what this client has not taken yet. */
  get backlog(): number {
    return this.socket.writableLength + this.queuedBytes;
  }

  private get actor(): Actor {
    return { viewerId: this.info.viewerId, ipHash: this.info.ipHash, seenAt: this.openedAt, user: this.info.user, moderator: this.moderator };
  }

  // ------------------------------------------------------------ receiving

  /**
   * Called every QA_PING_INTERVAL_MS: a socket that neither answered the last ping nor sent
   * anything since is gone (a phone that lost its network without a close) and is dropped.
   */
  heartbeat(): void {
    if (this.state === 'closed') return;
    if (!this.alive) {
      this.closed();
      this.ws.terminate();
      return;
    }
    this.alive = false;
    if (this.ws.readyState === OPEN) this.ws.ping();
  }

  private onFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.state === 'closed') return;
    this.alive = true;
    const { limits } = this.deps;
    const wait = this.bucket.take(limits.messagesPerSecond, limits.messageBurst);
    if (wait > 0) {
      if (++this.overLimit >= limits.floodCloseAfter) return this.close(CLOSE.flood, 'flood: too many messages');
      return this.error({ code: 'rate_limited', message: `Too many messages; slow down (${limits.messagesPerSecond} per second)` }, Math.ceil(wait));
    }
    this.overLimit = 0;
    const decoded = decodeClientMessage(data, isBinary, limits.frameBytes);
    if (!decoded.ok) return this.error(decoded.error);
    const msg = decoded.msg;
    if (msg.type === 'ping') return this.send({ type: 'pong', ...(msg.t !== undefined ? { t: msg.t } : {}) });
    if (msg.type === 'hello') {
      if (this.state !== 'new') return this.error({ code: 'already_joined', message: 'hello was already sent on this connection' });
      return void this.hello(msg);
    }
    if (this.state === 'new') return this.error({ code: 'hello_first', message: 'Send hello first', ref: (msg as { ref?: string }).ref });
    if (this.state === 'joining') {
      if (this.early.length >= 50) return this.error({ code: 'busy', message: 'Too many requests before the welcome', ref: (msg as { ref?: string }).ref });
      this.early.push(msg);
      return;
    }
    this.dispatch(msg);
  }

  private dispatch(msg: ClientMessage): void {
    const ref = (msg as { ref: string }).ref;
    if (MODERATOR_TYPES.has(msg.type) && !this.moderator) {
      return this.error({ code: 'forbidden', message: `Only moderators may send "${msg.type}"`, ref });
    }
    if (this.inFlight >= this.deps.limits.inFlightPerConnection) {
      return this.error({ code: 'busy', message: 'Too many requests in progress; wait for their replies', ref });
    }
    this.inFlight++;
    this.run(msg)
      .then((ack) => this.send({ type: 'ack', ref, ...ack }))
      .catch((err) => {
        if (isEfirError(err)) return this.error({ code: wireCode(err.code), message: err.message, ref, field: err.details.field }, err.details.retryAfter);
        this.deps.log.error({ err, type: msg.type }, 'Q&A request failed');
        this.error({ code: 'internal', message: 'Internal error; it has been logged. Try again.', ref });
      })
      .finally(() => this.inFlight--);
  }

  private run(msg: ClientMessage): Promise<Ack> {
    const { service } = this.deps;
    const id = this.info.broadcastId;
    if (msg.type === 'ask') return service.ask(this.actor, id, msg);
    if (msg.type === 'vote') return service.vote(this.actor, id, msg);
    return service.moderate(this.actor, id, msg as Parameters<QaService['moderate']>[2]);
  }

  // ------------------------------------------------------------ joining

  private async hello(msg: ClientMessageOf<'hello'>): Promise<void> {
    if (msg.v !== PROTOCOL_VERSION) {
      return this.error({ code: 'unsupported_version', message: `This server speaks protocol version ${PROTOCOL_VERSION}; reload the page`, field: 'v' });
    }
    this.state = 'joining';
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = null;
    const { service, hub, limits } = this.deps;
    const id = this.info.broadcastId;
    try {
      if (!(await this.deps.admitted)) return; // refused: Qa.accept closes it
      if ((this.state as string) === 'closed') return;
      const b = await service.repo.broadcast(id);
      if (!b) {
        this.error({ code: 'unknown_broadcast', message: `No broadcast "${id}"` });
        return this.close(CLOSE.gone, 'unknown broadcast');
      }
      this.moderator = canModerate(this.info.user, b) && !!msg.csrf && msg.csrf === this.info.csrfToken;
      if (this.state !== 'joining') return;
      // Known from now on: someone else's sanction on this address will not catch this viewer.
      if (!this.moderator) service.sawViewer(this.info.viewerId, this.openedAt);
      const room = hub.join(id, this);
      await room.ready;
      const last = (await service.repo.lastSeq(id)) ?? 0;
      const since = msg.since;
      const canResume = since !== undefined && since <= last && last - since <= limits.resumeWindow;
      if (canResume) {
        this.clientSeq = this.lastSeq = since;
        this.send({ type: 'welcome', v: PROTOCOL_VERSION, seq: since, resumed: true, moderator: this.moderator, watching: hub.watching(id) });
        // What it missed, a frame at a time, the next only once the previous one was taken.
        this.replaying = true;
        try {
          let from = since;
          while (from < last && (this.state as string) !== 'closed') {
            const rows = await service.repo.events(id, from, last, 500);
            if (!rows.length) break;
            for (let i = 0; i < rows.length && (this.state as string) !== 'closed'; i += 100) {
              const frame = frameFor(this, rows.slice(i, i + 100));
              if (frame) this.sendFrame(frame);
              await this.drained();
            }
            from = rows.at(-1)!.seq;
          }
        } finally {
          this.replaying = false;
        }
      } else {
        const { seq, snapshot } = await service.snapshot(id, { moderator: this.moderator, viewerId: this.info.viewerId });
        this.clientSeq = this.lastSeq = seq;
        this.send({ type: 'welcome', v: PROTOCOL_VERSION, seq, resumed: false, moderator: this.moderator, watching: hub.watching(id), snapshot });
      }
      if ((this.state as string) === 'closed') return;
      // Live from here: what the room delivered meanwhile, then everything as it comes.
      const pending = this.pending;
      this.pending = [];
      this.live = true;
      this.sendRows(pending);
      this.state = 'joined';
      const early = this.early;
      this.early = [];
      for (const m of early) this.dispatch(m);
    } catch (err) {
      if (isEfirError(err)) {
        this.error({ code: wireCode(err.code), message: err.message });
        return this.close(CLOSE.gone, err.message.slice(0, 100));
      }
      this.deps.log.error({ err }, 'Q&A hello failed');
      this.error({ code: 'internal', message: 'Could not join; reconnect to try again' });
      this.close(1011, 'internal error');
    }
  }

  // ------------------------------------------------------------ sending

  /** Events read back for this client alone (replay, or what arrived while it joined), 100 a frame. */
  private sendRows(rows: EventRow[]): void {
    for (let i = 0; i < rows.length; i += 100) {
      const frame = frameFor(this, rows.slice(i, i + 100));
      if (frame) this.sendFrame(frame);
    }
  }

  send(msg: Record<string, unknown>): void {
    this.sendFrame(jsonFrame(msg));
  }

  private error(e: ProtocolError & { code: ErrorCode }, retryAfter?: number): void {
    this.send({ type: 'error', ...e, ...(retryAfter !== undefined ? { retryAfter } : {}) });
  }

  sendFrame(frame: Buffer): void {
    if (this.state === 'closed') return;
    if (this.queue.length === 0 && this.socket.writableLength < WRITE_WINDOW) this.write(frame);
    else {
      this.queue.push(frame);
      this.queuedBytes += frame.length;
    }
    this.checkSlow();
  }

  private write(frame: Buffer): void {
    if (this.ws.readyState !== OPEN) return; // closing: ws is writing its close frame
    this.socket.write(frame, this.afterWrite);
  }

  private pump(): void {
    while (this.queue.length && this.socket.writableLength < WRITE_WINDOW && this.state !== 'closed') {
      const f = this.queue.shift()!;
      this.queuedBytes -= f.length;
      this.write(f);
    }
    this.checkSlow();
    if (this.backlog === 0 || this.state === 'closed') {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Resolves when everything handed over so far has been flushed to the kernel. */
  private drained(): Promise<void> {
    if (this.backlog === 0 || this.state === 'closed') return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private checkSlow(): void {
    const limit = this.deps.limits.sendBufferBytes;
    if (this.backlog <= limit || this.replaying) {
      if (this.slowTimer) {
        clearTimeout(this.slowTimer);
        this.slowTimer = null;
      }
      return;
    }
    // A burst (a catch-up, a busy moment) may pass the limit briefly; a reader that stays over it
    // for the grace period is cut off. Frames are shared between sockets, so the hard stop far
    // above the limit is only a bound on what one stuck reader can pin.
    if (this.backlog > 64 * limit) return this.slow();
    if (!this.slowTimer) {
      this.slowTimer = setTimeout(() => {
        this.slowTimer = null;
        if (this.backlog > limit) this.slow();
      }, this.deps.limits.slowConsumerGraceMs);
    }
  }

  /** The hub calls this when events waiting for a joining client pile up (its replay is stuck). */
  pendingOverflow(): void {
    this.slow();
  }

  private slow(): void {
    this.deps.log.info({ broadcastId: this.info.broadcastId, backlog: this.backlog }, 'Q&A slow consumer closed');
    this.close(CLOSE.slowConsumer, 'slow consumer: reconnect and resume with since');
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.closed();
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  private closed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.live = false;
    this.queue = [];
    this.queuedBytes = 0;
    this.pending = [];
    if (this.slowTimer) clearTimeout(this.slowTimer);
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.deps.hub.leave(this.info.broadcastId, this);
    for (const w of this.drainWaiters.splice(0)) w();
    this.deps.onClose();
  }
}

const WIRE_CODES = new Set<string>(ERROR_CODES);

/** The socket sends only the protocol's codes; any other service error reaches the client as `internal`. */
function wireCode(code: string): ErrorCode {
  return WIRE_CODES.has(code) ? (code as ErrorCode) : 'internal';
}
