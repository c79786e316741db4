/**
 * The BullMQ queues as the operators' endpoints read them (/metrics' depths, the /admin/queues board):
 * one Queue per name for the app, opened once and closed with it, rather than a connection each.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Queue } from 'bullmq';
import { QUEUE } from '../../jobs/queues.ts';
import { bullConnection } from '../../jobs/redis.ts';
import { YOUTUBE_QUEUE } from '../youtube/queue.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** media, pipeline, live and the web process's youtube queue, for reading and for admins' actions (not for the pipeline's own use). */
    operatorQueues: Queue[];
  }
}

export default fp(
  async function queuesPlugin(app: FastifyInstance) {
    const connection = bullConnection(app.efir.redisUrl);
    const queues = [...Object.values(QUEUE), YOUTUBE_QUEUE].map((name) => new Queue(name, { connection, prefix: app.efir.config.queuePrefix }));
    app.decorate('operatorQueues', queues);
    app.addHook('onClose', async () => {
      await Promise.all(queues.map((q) => q.close()));
    });
  },
  { name: 'efir-operator-queues', dependencies: ['efir-context'] }
);
