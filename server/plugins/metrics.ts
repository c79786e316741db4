/**
 * /metrics in Prometheus' text format (prom-client), for admins and for the addresses METRICS_ALLOW
 * names (a Prometheus scraping over the network has no session).
 * One registry per app, not prom-client's global one: two test Efirs in one process would otherwise
 * register the same metric twice.
 * What is counted as it happens: HTTP requests (by method, route pattern and status), Q&A fan-out
 * sweeps, BullMQ job durations (QueueEvents). What is read at scrape: open WebSockets, queue depths,
 * broadcasts by ingest state, free disk space.
 */
import fs from 'node:fs';
import net from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Job, QueueEvents } from 'bullmq';
import { EfirError } from '../errors.ts';
import type { User } from '../repositories/users.ts';
import { hasRole } from '../services/auth.ts';
import { bullConnection } from '../../jobs/redis.ts';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/** Admins, and the addresses of the allow-list (IPv4, IPv6, CIDRs; an IPv4-mapped IPv6 address counts as IPv4). */
export function mayReadMetrics(user: User | null, ip: string, allow: readonly string[]): boolean {
  if (hasRole(user, 'admin')) return true;
  const list = new net.BlockList();
  for (const entry of allow) {
    const [addr, bits] = entry.split('/');
    const family = net.isIP(addr!) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr!, family);
    else list.addSubnet(addr!, Number(bits), family);
  }
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const addr = mapped ? mapped[1]! : ip;
  const family = net.isIP(addr);
  return family !== 0 && list.check(addr, family === 6 ? 'ipv6' : 'ipv4');
}

export default fp(
  async function metricsPlugin(app: FastifyInstance) {
    const efir = app.efir;
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'efir_' });

    const http = new Histogram({
      name: 'efir_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status: duration until the response was sent',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry]
    });
    app.addHook('onResponse', async (req, reply) => {
      // The route's pattern, not its URL: ids would make a series per video.
      const route = req.routeOptions.url ?? 'unmatched';
      http.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    new Gauge({
      name: 'efir_websocket_connections',
      help: 'Q&A WebSockets open on this instance',
      registers: [registry],
      collect() {
        this.set(efir.qa.connectionCount);
      }
    });
    new Counter({
      name: 'efir_websocket_connections_accepted_total',
      help: 'Q&A WebSockets accepted by this instance since it started',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(efir.qa.acceptedTotal);
      }
    });
    const fanout = new Histogram({
      name: 'efir_qa_fanout_seconds',
      help: 'Q&A: from an event reaching this instance (its commit here, or Redis) until every socket of its room was written',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry]
    });
    efir.qa.hub.onSwept = (seconds) => fanout.observe(seconds);

    const connection = bullConnection(efir.redisUrl);
    const prefix = efir.config.queuePrefix;
    const queues = app.operatorQueues;
    const names = queues.map((q) => q.name);
    new Gauge({
      name: 'efir_queue_jobs',
      help: 'BullMQ jobs by queue and state, read at scrape',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        const counts = await Promise.all(queues.map((q) => q.getJobCounts(...QUEUE_STATES)));
        counts.forEach((c, i) => {
          for (const state of QUEUE_STATES) this.set({ queue: names[i]!, state }, c[state] ?? 0);
        });
      }
    });
    const jobs = new Histogram({
      name: 'efir_job_duration_seconds',
      help: 'BullMQ jobs, from a worker taking them to their end, by queue, job name and outcome',
      labelNames: ['queue', 'name', 'outcome'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14400],
      registers: [registry]
    });
    // Events carry the job id only; its times are on the job (which may already be removed: skipped).
    const streams = queues.map((queue) => {
      const events = new QueueEvents(queue.name, { connection, prefix });
      const observe = (outcome: 'completed' | 'failed') => async ({ jobId }: { jobId: string }) => {
        const job = await Job.fromId(queue, jobId).catch(() => undefined);
        if (job?.processedOn && job.finishedOn) {
          jobs.observe({ queue: queue.name, name: job.name, outcome }, (job.finishedOn - job.processedOn) / 1000);
        }
      };
      events.on('completed', observe('completed'));
      events.on('failed', observe('failed'));
      events.on('error', (err) => efir.log.debug({ err }, 'metrics: queue events error'));
      return events;
    });

    new Gauge({
      name: 'efir_broadcasts',
      help: 'Broadcasts by state and live ingest state (idle, publishing, reconnecting)',
      labelNames: ['state', 'ingest_state'],
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await efir.db.query<{ state: string; ingest_state: string; n: number }>(
          'select state, ingest_state, count(*) as n from broadcasts group by state, ingest_state'
        );
        for (const r of rows) this.set({ state: r.state, ingest_state: r.ingest_state }, r.n);
      }
    });
    const disk = (name: string, help: string, pick: (s: fs.StatsFs) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.set(pick(await fs.promises.statfs(efir.config.dataDir)));
        }
      });
    disk('efir_data_disk_free_bytes', 'Bytes free for Efir on the data directory’s file system', (s) => s.bavail * s.bsize);
    disk('efir_data_disk_size_bytes', 'Size of the data directory’s file system', (s) => s.blocks * s.bsize);

    app.get('/metrics', { config: { role: 'public' } }, async (req, reply) => {
      if (!mayReadMetrics(req.user, req.ip, efir.config.metricsAllow)) {
        throw new EfirError('forbidden', 'Metrics are for admins and the addresses METRICS_ALLOW names');
      }
      const body = await registry.metrics();
      return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(body);
    });

    app.addHook('onClose', async () => {
      efir.qa.hub.onSwept = null;
      await Promise.all(streams.map((s) => s.close()));
    });
  },
  { name: 'efir-metrics', dependencies: ['efir-auth', 'efir-operator-queues'] }
);
