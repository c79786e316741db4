/**
 * The RTMP ingest OBS publishes to: node-media-server's RTMP session class (the protocol:
 * handshake, chunking, publish and play) on a TCP server of our own. Not NodeMediaServer itself: it
 * starts an express HTTP server and a JSON store in the working directory, exits the process when its
 * port is taken, and prints every stream path (which holds the stream key) to the console. The
 * session class gives us the protocol; listening, logging and the publish hook stay ours.
 * This is the only module that knows node-media-server (swap it here).
 *
 * Our ffmpeg workers read the stream back with RTMP `play` on the same path (rtmp://…/live/<key>).
 */
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
}

/** Hides stream keys in node-media-server's messages: "/live/AbC…" → "/live/…". */
export const redactKeys = (message: string) => message.replace(/(\/[A-Za-z0-9_-]+\/)[A-Za-z0-9_-]{4,}/g, '$1…');

let loggerRouted = false;

export class RtmpIngest {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
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

  private onSocket(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    // A client that never finishes its handshake (or never publishes) would hold a socket forever.
    socket.setTimeout(this.opts.handshakeTimeoutMs ?? 10_000, () => {
      this.log.info({ address: socket.remoteAddress }, 'RTMP connection dropped: no publish or play in time');
      socket.destroy();
    });
    const session = new RtmpSession(socket);
    session.run();
    Context.sessions.set(session.id, session);
    // Playing (our own ffmpeg reading the stream back) is not a timeout case once it has started.
    const onPlay = session.onPlay;
    session.rtmp.onPlayCallback = () => {
      socket.setTimeout(0);
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
    this.opts.onPublish({
      sessionId: String(session.id),
      key: String(session.streamName ?? ''),
      app: String(session.streamApp ?? ''),
      address: String(socket.remoteAddress ?? ''),
      alreadyPublishing,
      accept: () => {
        decided = true;
        // A publisher that goes silent (network gone without a FIN) is dropped after 30 s.
        socket.setTimeout(30_000, () => socket.destroy());
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
