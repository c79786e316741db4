/**
 * Subtitled variants for messengers (server/variants/): viewers read every track's variant and ask
 * for one (queued on first request, rate-limited per address when it queues work); producers ask
 * for all of their video's at once, in one batch. The files themselves are under
 * /media/variants/ (server/plugins/variant-media.ts).
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Nullable, VideoId, VideoParams, errors } from './schemas.ts';

export const VariantView = Type.Object({
  lang: Type.String(),
  name: Type.String(),
  state: Type.Union([Type.Literal('none'), Type.Literal('queued'), Type.Literal('active'), Type.Literal('ready'), Type.Literal('failed')]),
  progress: Type.Number({ minimum: 0, maximum: 1 }),
  bytes: Nullable(Type.Number()),
  seconds: Nullable(Type.Number()),
  estimatedBytes: Type.Number(),
  overCap: Type.Boolean(),
  capBytes: Type.Number(),
  height: Type.Integer(),
  url: Nullable(Type.String()),
  error: Nullable(Type.String())
});

export const VariantsOverview = Type.Object({
  videoId: Type.String(),
  available: Type.Boolean(),
  capBytes: Type.Number(),
  variants: Type.Array(VariantView)
});

const LangParams = Type.Object({ id: VideoId, lang: Type.String({ pattern: '^[a-z]{2}$' }) });

/** Under /api/videos: public, for videos with a watch page. */
export async function variantRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { variants } = app.efir;

  app.get(
    '/:id/variants',
    { config: { role: 'public' }, schema: { params: VideoParams, response: { 200: VariantsOverview, ...errors(400, 404) } } },
    async (req, reply) => {
      // Polled while a variant is being made: never cached.
      reply.header('cache-control', 'no-store');
      return variants.overview(req.user, req.params.id);
    }
  );

  app.get(
    '/:id/variants/:lang',
    { config: { role: 'public' }, schema: { params: LangParams, response: { 200: VariantView, ...errors(400, 404) } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return variants.one(req.user, req.params.id, req.params.lang);
    }
  );

  app.post(
    '/:id/variants/:lang',
    { config: { role: 'public' }, schema: { params: LangParams, response: { 200: VariantView, 202: VariantView, ...errors(400, 403, 404, 409, 429) } } },
    async (req, reply) => {
      const view = await variants.request(req.user, req.params.id, req.params.lang, req.ip);
      return reply.header('cache-control', 'no-store').status(view.state === 'ready' ? 200 : 202).send(view);
    }
  );
}

/** Under /api/studio/videos: a producer's own video (an admin's: any), every track in one batch. */
export async function studioVariantRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/:id/variants',
    {
      config: { role: 'producer' },
      schema: {
        params: VideoParams,
        body: Type.Optional(Type.Object({ langs: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), { maxItems: 6 })) }, { additionalProperties: false })),
        response: { 202: VariantsOverview, ...errors(400, 403, 404, 409, 429) }
      }
    },
    async (req, reply) => reply.status(202).send(await app.efir.variants.makeAll(req.user!, req.params.id, req.body?.langs ?? null, req.ip))
  );
}
