/**
 * Publishing a tutorial to YouTube (server/youtube/publish.ts): the producer's own processed video,
 * any for an admin. POST queues the `publish` job of the youtube queue; GET reads its progress (the
 * youtube_publications row) for the studio until it shows the YouTube link.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Nullable, VideoParams, errors } from './schemas.ts';
import { PRIVACY_STATUSES } from '../youtube/publish.ts';

export const Publication = Type.Object({
  state: Type.Union([Type.Literal('queued'), Type.Literal('uploading'), Type.Literal('captions'), Type.Literal('done'), Type.Literal('failed')]),
  bytesSent: Type.Number(),
  totalBytes: Nullable(Type.Number()),
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
  captionsDone: Type.Array(Type.String()),
  youtubeVideoId: Nullable(Type.String()),
  youtubeUrl: Nullable(Type.String()),
  error: Nullable(Type.String())
});

export default async function youtubePublishRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const config = { role: 'producer' as const };

  app.post(
    '/:id/youtube',
    {
      config,
      schema: {
        params: VideoParams,
        body: Type.Optional(
          Type.Object({ privacyStatus: Type.Optional(Type.Union(PRIVACY_STATUSES.map((p) => Type.Literal(p)))) }, { additionalProperties: false })
        ),
        response: { 202: Publication, ...errors(400, 403, 404, 409, 429) }
      }
    },
    async (req, reply) => reply.status(202).send(await app.efir.youtube.publish.request(req.user!, req.params.id, req.body?.privacyStatus))
  );

  app.get(
    '/:id/youtube',
    { config, schema: { params: VideoParams, response: { 200: Type.Object({ publication: Nullable(Publication) }), ...errors(403, 404) } } },
    async (req) => ({ publication: await app.efir.youtube.publish.view(req.user!, req.params.id) })
  );
}
