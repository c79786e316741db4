/**
 * Broadcasts API: scheduling (with translations, the replay's review setting and the DVR window),
 * the stream key for OBS (producers only; never in a viewer's answer), the state, the Q&A's
 * readable page and its audit log. Live media is served by plugins/live-media.ts.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EfirError } from '../errors.ts';
import { broadcastView } from '../qa/views.ts';
import { BroadcastView, PublicQuestion } from '../qa/protocol.ts';
import { errors } from './schemas.ts';

const Params = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });

export default async function broadcastRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { service } = app.efir.qa;

  app.get(
    '/',
    { config: { role: 'public' }, schema: { response: { 200: Type.Object({ items: Type.Array(BroadcastView) }) } } },
    async () => ({ items: (await service.repo.listBroadcasts()).map((b) => broadcastView(b, false)) })
  );

  const Translation = Type.Object(
    { title: Type.Optional(Type.String({ maxLength: 200 })), description: Type.Optional(Type.String({ maxLength: 5000 })) },
    { additionalProperties: false }
  );
  const I18n = Type.Object(
    { uz: Type.Optional(Translation), tg: Type.Optional(Translation), az: Type.Optional(Translation), ro: Type.Optional(Translation), en: Type.Optional(Translation) },
    { additionalProperties: false }
  );
  app.post(
    '/',
    {
      config: { role: 'producer' },
      // A title and description in six languages, Cyrillic at two bytes a character.
      bodyLimit: 256 * 1024,
      schema: {
        body: Type.Object(
          {
            title: Type.String({ minLength: 1, maxLength: 200 }),
            description: Type.Optional(Type.String({ maxLength: 5000 })),
            i18n: Type.Optional(I18n),
            scheduledAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
            replayReview: Type.Optional(Type.Boolean()),
            dvrMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 }))
          },
          { additionalProperties: false }
        ),
        response: { 201: BroadcastView, ...errors(400, 403) }
      }
    },
    async (req, reply) => reply.status(201).send(await app.efir.live.createBroadcast(req.user!, req.body))
  );

  const Ingest = Type.Object({ rtmpUrl: Type.String(), streamKey: Type.String(), rotatedAt: Type.Union([Type.String(), Type.Null()]) });
  app.get(
    '/:id/ingest',
    { config: { role: 'producer' }, schema: { params: Params, response: { 200: Ingest, ...errors(403, 404) } } },
    async (req) => app.efir.live.ingestInfo(req.user!, req.params.id, req.headers.host)
  );
  app.post(
    '/:id/ingest/rotate',
    { config: { role: 'producer' }, schema: { params: Params, response: { 200: Ingest, ...errors(403, 404, 409) } } },
    async (req) => app.efir.live.rotateKey(req.user!, req.params.id, req.headers.host)
  );

  app.get(
    '/:id',
    { config: { role: 'public' }, schema: { params: Params, response: { 200: BroadcastView, ...errors(404) } } },
    async (req) => {
      const b = await service.repo.broadcast(req.params.id);
      if (!b) throw new EfirError('unknown_broadcast', `No broadcast "${req.params.id}"`);
      return broadcastView(b, false);
    }
  );

  app.get(
    '/:id/questions',
    {
      config: { role: 'public' },
      schema: {
        params: Params,
        response: { 200: Type.Object({ broadcast: BroadcastView, questions: Type.Array(PublicQuestion) }), ...errors(404) }
      }
    },
    async (req) => {
      const r = await service.readable(req.params.id);
      if (!r) throw new EfirError('unknown_broadcast', `No broadcast "${req.params.id}"`);
      return r;
    }
  );

  for (const [action, state] of [['start', 'live'], ['end', 'ended']] as const) {
    app.post(
      `/:id/${action}`,
      { config: { role: 'producer' }, schema: { params: Params, response: { 200: BroadcastView, ...errors(403, 404, 409) } } },
      async (req) => service.setBroadcastState(req.user!, req.params.id, state)
    );
  }

  app.get(
    '/:id/audit',
    {
      // Any account reaches the service, which lets moderators, admins and the broadcast's own producer read it.
      config: { role: 'signed-in' },
      schema: {
        params: Params,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                actorId: Type.Union([Type.String(), Type.Null()]),
                actorName: Type.String(),
                action: Type.String(),
                targetId: Type.Union([Type.String(), Type.Null()]),
                before: Type.Unknown(),
                after: Type.Unknown(),
                createdAt: Type.String()
              })
            )
          }),
          ...errors(403, 404)
        }
      }
    },
    async (req) => ({
      items: (await service.audit(req.user!, req.params.id)).map((a) => ({
        id: Number(a.id),
        actorId: a.actor_id,
        actorName: a.actor_name,
        action: a.action,
        targetId: a.target_id,
        before: a.before,
        after: a.after,
        createdAt: new Date(a.created_at).toISOString()
      }))
    })
  );
}
