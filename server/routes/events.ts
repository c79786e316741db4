/**
 * Processing progress as server-sent events: each pipeline RunEvent of a video the user may see
 * (admins: all) is one `data:` line of JSON. A comment every 15 s keeps proxies from closing an idle
 * stream; the subscription ends with the connection, and open streams end when the server closes.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { Type } from '@fastify/type-provider-typebox';
import { errors } from './schemas.ts';

export interface EventsOptions {
  heartbeatMs?: number;
}

export default async function eventRoutes(app: FastifyInstance, opts: EventsOptions) {
  const { studio } = app.efir;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const open = new Set<ServerResponse>();

  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });

  app.get(
    '/events',
    {
      config: { role: 'producer' },
      // A HEAD of an endless stream would never end either.
      exposeHeadRoute: false,
      schema: { response: { 200: Type.String({ description: 'text/event-stream of RunEvent JSON' }), ...errors(403) } }
    },
    (req, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx would otherwise buffer the stream
        'x-accel-buffering': 'no'
      });
      res.write('retry: 3000\n\n');
      open.add(res);
      const unsubscribe = studio.subscribeEvents(req.user!, (event) => {
        if (!res.writableEnded) res.write(`data: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
    }
  );
}
