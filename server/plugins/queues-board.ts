/**
 * The job queues for admins: bull-board at /admin/queues (media, pipeline, live and youtube: waiting,
 * failed and completed jobs, retry, clean). Its routes take the admin role from this scope
 * (scopeRouteConfig), so the auth plugin's onRequest refuses everybody else before bull-board runs.
 * bull-board's page cannot send Efir's x-csrf-token header; its state-changing calls must come from
 * this origin instead (the browser's Sec-Fetch-Site or Origin), which a cross-site page cannot fake.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { codeForStatus, EfirError, isEfirError } from '../errors.ts';
import { scopeRouteConfig } from './auth.ts';

export const QUEUES_BOARD_PATH = '/admin/queues';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export default async function queuesBoard(app: FastifyInstance) {
  scopeRouteConfig(app, { role: 'admin', csrf: false });
  app.addHook('onRequest', async (req) => {
    if (UNSAFE.has(req.method) && !sameOrigin(req)) {
      throw new EfirError('csrf', 'Queue actions must come from the queues page of this site');
    }
  });
  // The board's own error handler would turn the role check's 403 into its generic 500.
  app.setErrorHandler((err: any, _req, reply) => {
    if (isEfirError(err)) return reply.status(err.status).send(err.toBody());
    const status = err.statusCode ?? 500;
    return reply.status(status).send({ error: { code: codeForStatus(status), message: err.message } });
  });

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUES_BOARD_PATH);
  createBullBoard({
    queues: app.operatorQueues.map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Efir queues' } }
  });
  await app.register(serverAdapter.registerPlugin() as any, { prefix: QUEUES_BOARD_PATH });
}

function sameOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site) return site === 'same-origin';
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
