/**
 * The Q&A over HTTP: the WebSocket at /api/broadcasts/:id/qa and the broadcasts API. Encapsulated:
 * @fastify/websocket is registered here, with ws's hard frame limit.
 */
import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import broadcastRoutes from '../routes/broadcasts.ts';

export default async function qaPlugin(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const qa = app.efir.qa;
  await app.register(websocket, {
    options: { maxPayload: qa.limits.hardFrameBytes, perMessageDeflate: false },
    // A client's protocol violation (e.g. a frame over maxPayload: ws closes with 1009) is not our
    // error; log it quietly and let ws close the socket.
    errorHandler: (error, socket, request) => {
      request.log.info({ err: error }, 'Q&A socket closed on a protocol error');
      if (socket.readyState === 1) socket.terminate();
    },
    // On close: tell clients to go elsewhere and resume, rather than waiting for them.
    preClose: (done) => {
      qa.closeConnections();
      done();
    }
  });

  app.get(
    '/api/broadcasts/:id/qa',
    {
      websocket: true,
      config: { role: 'public' },
      schema: { params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }) }
    },
    (socket, req) => {
      // Synchronously: the connection attaches its message listener before any await.
      qa.accept(socket, req.ip, {
        broadcastId: (req.params as { id: string }).id,
        viewerId: req.viewerId,
        user: req.user,
        csrfToken: req.csrfToken
      });
    }
  );

  await app.register(broadcastRoutes, { prefix: '/api/broadcasts' });
}
