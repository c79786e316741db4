/**
 * The Q&A of one process: service (logic and SQL), fan-out (Redis), hub (rooms) and the open
 * connections. Built once in the Efir container; the Fastify plugin (plugin.ts) serves it.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { QaFanout } from './fanout.ts';
import { QaHub } from './hub.ts';
import { ConnectionCounter, DEFAULT_LIMITS, SharedBuckets, type QaLimits } from './limits.ts';
import { newId } from '../ids.ts';
import { QaService, hashIp } from './service.ts';
import { ConsoleList } from './console-list.ts';
import { QaConnection, type ConnectionInfo } from './connection.ts';
import type { WebSocket } from 'ws';
import { CLOSE } from './protocol.ts';

export interface QaOptions {
  db: Db;
  redis: Redis;
  redisUrl: string;
  prefix: string;
  secret: string;
  log: Logger;
  limits?: QaLimits;
  /** QA_BAN_IP_HOURS (config.qaBanIpHours): how long a sanction also catches a fresh cookie from its address. */
  banIpHours?: number;
}

export class Qa {
  readonly limits: QaLimits;
  readonly fanout: QaFanout;
  readonly hub: QaHub;
  readonly service: QaService;
  /** The moderators' home and console pages (who may see which broadcast, with its viewer count). */
  readonly consoles: ConsoleList;
  /** Sockets per address over every instance (Redis). */
  private readonly perIp: ConnectionCounter;
  private readonly connections = new Set<QaConnection>();
  private connSeq = 0;
  private pinger: NodeJS.Timeout | null = null;
  /** Sockets taken over since the start (refused ones not counted), for /metrics. */
  acceptedTotal = 0;

  constructor(private readonly opts: QaOptions) {
    // A copy: tests and benchmarks change an instance's limits in place.
    this.limits = { ...(opts.limits ?? DEFAULT_LIMITS) };
    this.fanout = new QaFanout(opts.redis, opts.redisUrl, opts.prefix, opts.log);
    this.service = new QaService(opts.db, this.fanout, this.limits, opts.log, new SharedBuckets(opts.redis, opts.prefix), opts.banIpHours);
    this.perIp = new ConnectionCounter(opts.redis, opts.prefix, newId(12), (err) => opts.log.warn({ err }, 'Q&A connection count in Redis failed'));
    this.hub = new QaHub(this.fanout, this.service.repo, this.limits, opts.log);
    this.consoles = new ConsoleList(this.service.repo, this.fanout);
  }

  hashIp(ip: string): string {
    return hashIp(this.opts.secret, ip);
  }

  /**
   * Takes over a freshly upgraded socket (call synchronously from the route handler: the
   * connection listens at once). Whether the address has a socket left is asked of Redis meanwhile;
   * the connection's hello waits for the answer.
   */
  accept(ws: WebSocket, ip: string, info: Omit<ConnectionInfo, 'ipHash'>): void {
    const ipHash = this.hashIp(ip);
    const connId = String(++this.connSeq);
    const limit = this.limits.connectionsPerIp;
    const admitted = this.perIp.admit(ipHash, connId, limit).catch((err) => {
      // Redis away: the Q&A cannot work anyway (events go through it); let the socket in.
      this.opts.log.warn({ err }, 'Q&A connection count unavailable');
      return true;
    });
    const conn: QaConnection = new QaConnection(ws, { ...info, ipHash }, {
      service: this.service,
      hub: this.hub,
      limits: this.limits,
      log: this.opts.log,
      admitted,
      onClose: () => {
        this.connections.delete(conn);
        this.perIp.leave(connId);
      }
    });
    this.connections.add(conn);
    void admitted.then((ok) => {
      if (ok) {
        this.acceptedTotal++;
        return;
      }
      conn.send({ type: 'error', code: 'too_many_connections', message: `At most ${limit} connections from one address` });
      conn.close(CLOSE.flood, 'too many connections from this address');
    });
    this.pinger ??= setInterval(() => {
      for (const c of this.connections) c.heartbeat();
    }, this.limits.pingIntervalMs).unref();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Going away: clients reconnect (to another instance) and resume. */
  closeConnections(): void {
    for (const c of [...this.connections]) c.close(1001, 'server shutting down');
  }

  async close(): Promise<void> {
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = null;
    this.closeConnections();
    await this.perIp.close();
    await this.hub.close();
    await this.service.close();
    await this.fanout.close();
  }
}
