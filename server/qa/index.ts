/**
 * The Q&A of one process: service (logic and SQL), fan-out (Redis), hub (rooms) and the open
 * connections. Built once in the Efir container; the Fastify plugin (plugin.ts) serves it.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { QaFanout } from './fanout.ts';
import { QaHub } from './hub.ts';
import { loadQaLimits, type QaLimits } from './limits.ts';
import { QaService, hashIp } from './service.ts';
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
}

export class Qa {
  readonly limits: QaLimits;
  readonly fanout: QaFanout;
  readonly hub: QaHub;
  readonly service: QaService;
  private readonly perIp = new Map<string, number>();
  private readonly connections = new Set<QaConnection>();
  /** Sockets taken over since the start (refused ones not counted), for /metrics. */
  acceptedTotal = 0;

  constructor(private readonly opts: QaOptions) {
    this.limits = opts.limits ?? loadQaLimits();
    this.fanout = new QaFanout(opts.redis, opts.redisUrl, opts.prefix, opts.log);
    this.service = new QaService(opts.db, this.fanout, this.limits, opts.log);
    this.hub = new QaHub(this.fanout, this.service.repo, this.limits, opts.log);
  }

  hashIp(ip: string): string {
    return hashIp(this.opts.secret, ip);
  }

  /** Takes over a freshly upgraded socket (call synchronously from the route handler). */
  accept(ws: WebSocket, ip: string, info: Omit<ConnectionInfo, 'ipHash'>): void {
    const n = this.perIp.get(ip) ?? 0;
    if (n >= this.limits.connectionsPerIp) {
      ws.send(JSON.stringify({ type: 'error', code: 'too_many_connections', message: `At most ${this.limits.connectionsPerIp} connections from one address` }));
      ws.close(CLOSE.flood, 'too many connections from this address');
      return;
    }
    this.perIp.set(ip, n + 1);
    this.acceptedTotal++;
    const conn: QaConnection = new QaConnection(ws, { ...info, ipHash: this.hashIp(ip) }, {
      service: this.service,
      hub: this.hub,
      limits: this.limits,
      log: this.opts.log,
      onClose: () => {
        this.connections.delete(conn);
        const left = (this.perIp.get(ip) ?? 1) - 1;
        if (left > 0) this.perIp.set(ip, left);
        else this.perIp.delete(ip);
      }
    });
    this.connections.add(conn);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Going away: clients reconnect (to another instance) and resume. */
  closeConnections(): void {
    for (const c of [...this.connections]) c.close(1001, 'server shutting down');
  }

  async close(): Promise<void> {
    this.closeConnections();
    await this.hub.close();
    await this.fanout.close();
  }
}
