/** Studio API: a producer's own videos (an admin's: everybody's), their text and visibility. */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { StudioVideo, VideoParams, errors } from './schemas.ts';

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 5000 });
/** The five translations; Russian is title/description. An empty text is dropped (pages fall back to Russian). */
const Translation = Type.Object(
  { title: Type.Optional(Type.String({ maxLength: 200 })), description: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false }
);
const I18n = Type.Object(
  { uz: Type.Optional(Translation), tg: Type.Optional(Translation), az: Type.Optional(Translation), ro: Type.Optional(Translation), en: Type.Optional(Translation) },
  { additionalProperties: false }
);
/** A title and description in six languages, Cyrillic at two bytes a character. */
const TEXTS_BODY_LIMIT = 256 * 1024;
/** "Publish when processed": the run that makes the video ready publishes it. */
const PublishWhenReady = Type.Boolean();

export default async function studioRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { studio } = app.efir;
  const config = { role: 'producer' as const };

  app.get('/', { config, schema: { response: { 200: Type.Object({ items: Type.Array(StudioVideo) }), ...errors(403) } } }, async (req) => ({
    items: await studio.list(req.user!)
  }));

  app.post(
    '/',
    {
      config,
      bodyLimit: TEXTS_BODY_LIMIT,
      schema: {
        body: Type.Object(
          {
            title: Title,
            description: Type.Optional(Description),
            i18n: Type.Optional(I18n),
            publishWhenReady: Type.Optional(PublishWhenReady),
            // Watchable only with every rung (issue 15); by default a new upload plays at 360p first.
            holdFullLadder: Type.Optional(Type.Boolean())
          },
          { additionalProperties: false }
        ),
        response: { 201: StudioVideo, ...errors(400, 403) }
      }
    },
    async (req, reply) => reply.status(201).send(await studio.createDraft(req.user!, req.body))
  );

  app.get('/:id', { config, schema: { params: VideoParams, response: { 200: StudioVideo, ...errors(403, 404) } } }, async (req) =>
    studio.get(req.user!, req.params.id)
  );

  app.patch(
    '/:id',
    {
      config,
      bodyLimit: TEXTS_BODY_LIMIT,
      schema: {
        params: VideoParams,
        body: Type.Object(
          {
            title: Type.Optional(Title),
            description: Type.Optional(Description),
            // Replaces all five translations; leave it out to keep them.
            i18n: Type.Optional(I18n),
            publishWhenReady: Type.Optional(PublishWhenReady)
          },
          { additionalProperties: false }
        ),
        response: { 200: StudioVideo, ...errors(400, 403, 404) }
      }
    },
    async (req) => studio.update(req.user!, req.params.id, req.body)
  );

  app.delete(
    '/:id',
    { config, schema: { params: VideoParams, response: { 204: Type.Null(), ...errors(403, 404, 409) } } },
    async (req, reply) => {
      await studio.delete(req.user!, req.params.id);
      return reply.status(204).send(null);
    }
  );

  app.post(
    '/:id/publish',
    { config, schema: { params: VideoParams, response: { 200: StudioVideo, ...errors(403, 404, 409) } } },
    // A video still processing gets publishWhenReady instead (see StudioService.publish).
    async (req) => studio.publish(req.user!, req.params.id)
  );

  app.post(
    '/:id/unpublish',
    { config, schema: { params: VideoParams, response: { 200: StudioVideo, ...errors(403, 404, 409) } } },
    async (req) => studio.unpublish(req.user!, req.params.id)
  );
}
