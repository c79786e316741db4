/**
 * /media/variants/<videoId>/<file>: a subtitled MP4 for messengers (server/variants/). Only the
 * current file of a ready variant of a video with a watch page for this viewer; an older file (its
 * subtitles changed since) is gone or refused. Range, If-Range and ETag through the same `send`
 * path as every media file (media.ts sendMediaFile); saved under a name people read (the title and
 * the language), RFC 5987.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors } from '../routes/schemas.ts';
import { contentDisposition } from '../variants/service.ts';
import { mediaErrorHandler, sendMediaFile } from './media.ts';

// A file name changes with every new batch, so a given URL's bytes never change; still revalidated,
// since it stops being served when the subtitles change or the video is unpublished.
const CACHE = 'public, max-age=0, must-revalidate';
const PRIVATE = 'private, no-cache';

export default async function variantMediaPlugin(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { variants } = app.efir;

  app.route({
    method: ['GET', 'HEAD'],
    url: '/media/variants/:videoId/:file',
    config: { role: 'public' },
    schema: {
      params: Type.Object({ videoId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }), file: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' }) }),
      response: {
        200: Type.Unsafe({ description: 'the MP4' }),
        206: Type.Unsafe({ description: 'the requested byte range' }),
        304: Type.Null(),
        ...errors(400, 404, 412, 416)
      }
    },
    errorHandler: mediaErrorHandler,
    async handler(req, typedReply) {
      const reply = typedReply as unknown as FastifyReply;
      const found = await variants.file(req.user, req.params.videoId, req.params.file);
      if (!found) return reply.status(404).send({ error: { code: 'not_found', message: 'No such variant file' } });
      reply.header('content-disposition', contentDisposition(found.downloadName, found.lang));
      // A signed-in viewer may see it only as owner (a preview): no shared cache keeps it then.
      return sendMediaFile(req, reply, found.path, req.user ? PRIVATE : CACHE, !req.user);
    }
  });
}
