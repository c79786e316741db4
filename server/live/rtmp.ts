/**
 * The RTMP ingest OBS publishes to: node-media-server's RTMP session class (the protocol:
 * handshake, chunking, publish and play) on a TCP server of our own. Not NodeMediaServer itself: it
 * starts an express HTTP server and a JSON store in the working directory, exits the process when its
 * port is taken, and prints every stream path (which holds the stream key) to the console. The
 * session class gives us the protocol; listening, logging and the publish hook stay ours.
 * This is the only module that knows node-media-server (swap it here).
 *
 * Our ffmpeg workers read the stream back with RTMP `play` on the same path, and nobody else may:
 * a play must carry the token this ingest minted for the publish it reads
 * (rtmp://…/live/<key>?play=<token>, PublishRequest.playToken, handed to the worker in its job).
 * The token is an HMAC of the stream path and the publish's session id under a key this process
 * draws at start and never shares: only the process holding the publisher's connection has the
 * stream, so only it needs to check, wherever the worker runs (another machine, another address),
 * and a token dies with its publish. A refused play is dropped; a client that is neither a publisher
 * nor a worker keeps the 10 s idle timeout and is dropped by it.
 *
 * Connections are capped per address and in total (RTMP_MAX_CONNECTIONS_PER_IP, RTMP_MAX_CONNECTIONS);
 * a worker's play, once its token is checked, stops counting against its address, so one worker
 * machine may read many broadcasts.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { createRequire } from 'node:module';
import type { Logger } from 'pino';

const require = createRequire(import.meta.url);
const Context = require('node-media-server/src/core/context.js');
const RtmpSession = require('node-media-server/src/session/rtmp_session.js');
const nmsLogger = require('node-media-server/src/core/logger.js');

/** A connection that asked to publish; `accept` or `refuse` it once the key has been checked. */
export interface PublishRequest {
  sessionId: string;
  /** The stream name: the stream key. Never log it. */
  key: string;
  app: string;
  address: string;
  /** Another connection is publishing on this key right now. */
  alreadyPublishing: boolean;
  /** What a worker appends to the play URL (`?play=<token>`) to read this publish back; secret like the key. */
  playToken: string;
  accept(): void;
  /** Refuses the publish, or cuts an accepted publisher off (the broadcast ended). */
  refuse(reason: string): void;
  /** Called once, when the connection closes (the publisher stopped or dropped). */
  onClose(listener: () => void): void;
}

export interface RtmpIngestOptions {
  log: Logger;
  onPublish(req: PublishRequest): void;
  /** A connection that has not started publishing (or playing) by then is dropped. */
  handshakeTimeoutMs?: number;
  /** Connections one address may hold at once (a checked worker play does not count); 0: no cap. */
  maxConnectionsPerIp?: number;
  /** Connections the ingest holds at once; 0: no cap. */
  maxConnections?: number;
}

/** Hides stream keys in node-media-server's messages: "/live/AbC…" → "/live/…". */
export const redactKeys = (message: string) => message.replace(/(\/[A-Za-z0-9_-]+\/)[A-Za-z0-9_-]{4,}/g, '$1…');

let loggerRouted = false;
/** A publisher (or a worker's play) silent this long has lost its network without a FIN. */
const PUBLISHER_IDLE_MS = 30_000;

export class RtmpIngest {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  /** Open connections per remote address that are not a checked worker play. */
  private readonly perAddress = new Map<string, number>();
  /** Sessions whose publish was accepted: only those may be played back. */
  private readonly accepted = new Set<string>();
  /** Signs play tokens; drawn per process, since only this process can serve its publishers' streams. */
  private readonly playKey = crypto.randomBytes(32);
  private readonly log: Logger;

  constructor(private readonly opts: RtmpIngestOptions) {
    this.log = opts.log.child({ component: 'rtmp' });
    // node-media-server's state is per process: one config, one event emitter, one logger.
    Context.config = { rtmp: { chunk_size: 60000, gop_cache: true, ping: 30, ping_timeout: 60 } };
    if (!loggerRouted) {
      loggerRouted = true;
      nmsLogger.log = (message: string, level = 'info') => this.log.debug({ nms: level }, redactKeys(String(message)));
    }
    Context.eventEmitter.on('prePublish', this.onPrePublish);
  }

  /** Listens on `port` (0: a free one); resolves with the port. */
  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    const server = net.createServer((socket) => this.onSocket(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.log.error({ err }, 'RTMP server error'));
    this.server = server;
    return (server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    Context.eventEmitter.off('prePublish', this.onPrePublish);
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The token a worker shows to play `/<app>/<key>` while publish session `sessionId` lasts. */
  private playToken(streamPath: string, sessionId: string): string {
    const mac = crypto.createHmac('sha256', this.playKey).update(`${streamPath}\0${sessionId}`).digest('base64url');
    return `${sessionId}.${mac}`;
  }

  /** Why a play may not start, or null: a token minted for the publish this path has now. */
  private playRefusal(session: any): string | null {
    const given = session.rtmp?.streamQuery?.play;
    if (typeof given !== 'string' || !given) return 'no play token (only Efir\'s workers may play)';
    const publisher = session.broadcast?.publisher;
    const sessionId = publisher ? String(publisher.id) : '';
    if (!publisher || publisher.socket?.destroyed || !this.accepted.has(sessionId)) return 'nothing is being published on this key';
    const want = Buffer.from(this.playToken(String(session.streamPath), sessionId));
    const got = Buffer.from(given);
    if (got.length !== want.length || !crypto.timingSafeEqual(got, want)) return 'wrong play token';
    return null;
  }

  private onSocket(socket: net.Socket): void {
    const address = String(socket.remoteAddress ?? '');
    const perIp = this.opts.maxConnectionsPerIp ?? 0;
    const total = this.opts.maxConnections ?? 0;
    if ((total > 0 && this.sockets.size >= total) || (perIp > 0 && (this.perAddress.get(address) ?? 0) >= perIp)) {
      const cap = total > 0 && this.sockets.size >= total ? 'RTMP_MAX_CONNECTIONS' : 'RTMP_MAX_CONNECTIONS_PER_IP';
      this.log.warn({ address, cap }, 'RTMP connection refused: too many connections');
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    let counted = true;
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    const uncount = () => {
      if (!counted) return;
      counted = false;
      const n = (this.perAddress.get(address) ?? 1) - 1;
      if (n > 0) this.perAddress.set(address, n);
      else this.perAddress.delete(address);
    };
    socket.on('close', () => {
      this.sockets.delete(socket);
      uncount();
    });
    // A client that never finishes its handshake (or never publishes) would hold a socket forever.
    socket.setTimeout(this.opts.handshakeTimeoutMs ?? 10_000, () => {
      this.log.info({ address: socket.remoteAddress }, 'RTMP connection dropped: no publish or play in time');
      socket.destroy();
    });
    const session = new RtmpSession(socket);
    session.run();
    Context.sessions.set(session.id, session);
    // Playing is for our own workers only: a play without this publish's token is dropped at once.
    // A worker's play reads a steady stream; one that goes silent as long as a publisher may is dropped.
    const onPlay = session.onPlay;
    session.rtmp.onPlayCallback = () => {
      if (socket.destroyed) return; // node-media-server refused the path already
      const refusal = this.playRefusal(session);
      if (refusal) {
        this.log.warn({ address, reason: refusal }, 'RTMP play refused');
        socket.destroy();
        return;
      }
      uncount();
      socket.setTimeout(PUBLISHER_IDLE_MS, () => socket.destroy());
      onPlay();
    };
  }

  /** node-media-server calls this synchronously while a session becomes the publisher. */
  private readonly onPrePublish = (session: any) => {
    const socket: net.Socket = session.socket;
    if (!this.sockets.has(socket)) return; // another ingest in this process
    socket.setTimeout(0);
    const current = session.broadcast?.publisher;
    const alreadyPublishing = !!current && current !== session && !current.socket?.destroyed;
    let decided = false;
    const closeListeners: (() => void)[] = [];
    socket.once('close', () => {
      for (const l of closeListeners) l();
    });
    // Until the key is checked the stream goes nowhere: nobody reads it before accept().
    const sessionId = String(session.id);
    socket.once('close', () => this.accepted.delete(sessionId));
    this.opts.onPublish({
      sessionId,
      key: String(session.streamName ?? ''),
      app: String(session.streamApp ?? ''),
      address: String(socket.remoteAddress ?? ''),
      alreadyPublishing,
      playToken: this.playToken(String(session.streamPath), sessionId),
      accept: () => {
        decided = true;
        if (!socket.destroyed) this.accepted.add(sessionId);
        // A publisher that goes silent (network gone without a FIN) is dropped after 30 s.
        socket.setTimeout(PUBLISHER_IDLE_MS, () => socket.destroy());
      },
      refuse: (reason: string) => {
        this.log.warn({ address: socket.remoteAddress, reason }, decided ? 'RTMP publisher cut off' : 'RTMP publish refused');
        decided = true;
        socket.destroy();
      },
      onClose: (listener) => {
        if (socket.destroyed) listener();
        else closeListeners.push(listener);
      }
    });
  };
}
