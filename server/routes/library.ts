/**
 * Public library API: the list of published videos, one video's watch data, and the subtitle files
 * of a video Efir plays in YouTube's embed (no revision of its own yet, so none under /media).
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EfirError } from '../errors.ts';
import { LIBRARY_MAX_LIMIT } from '../services/library.ts';
import { LibraryItem, VideoId, VideoParams, WatchData, errors } from './schemas.ts';

export default async function libraryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { library } = app.efir;

  app.get(
    '/',
    {
      config: { role: 'public' },
      schema: {
        querystring: Type.Object({
          // Bounded: 1e308 is an integer to JSON Schema, and its offset broke the query (a 500).
          page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
          limit: Type.Integer({ minimum: 1, maximum: LIBRARY_MAX_LIMIT, default: 24 })
        }),
        response: {
          200: Type.Object({ items: Type.Array(LibraryItem), page: Type.Integer(), limit: Type.Integer(), total: Type.Integer() }),
          ...errors(400)
        }
      }
    },
    async (req, reply) => {
      // Newly published videos must show at once; the posters it links to are the cached part.
      reply.header('cache-control', 'no-cache');
      return library.listLibrary(req.query);
    }
  );

  app.get(
    '/:id',
    { config: { role: 'public' }, schema: { params: VideoParams, response: { 200: WatchData, ...errors(400, 404) } } },
    async (req, reply) => {
      const watch = await library.getWatch(req.params.id, req.user);
      if (!watch) throw new EfirError('not_found', `No published video ${req.params.id}`);
      // Short-lived by design: it names the current revision, which a subtitle run or an unpublish
      // changes; a preview is the owner's alone.
      reply.header('cache-control', watch.preview ? 'private, no-store' : 'no-cache');
      return watch;
    }
  );

  app.get(
    '/:id/subtitles/:lang',
    {
      config: { role: 'public' },
      schema: {
        params: Type.Object({ id: VideoId, lang: Type.String({ pattern: '^[a-z]{2}$' }) }),
        response: { 200: Type.String({ description: 'WebVTT' }), ...errors(400, 404) }
      }
    },
    async (req, reply) => {
      const vtt = await library.subtitleVtt(req.params.id, req.params.lang);
      if (vtt === null) throw new EfirError('not_found', `No ${req.params.lang} subtitles for video ${req.params.id}`);
      // A producer may replace the file at any time: revalidate, never keep.
      reply
        .header('cache-control', 'no-cache')
        .header('content-disposition', `inline; filename="${req.params.id}.${req.params.lang}.vtt"`)
        .type('text/vtt; charset=utf-8');
      return vtt;
    }
  );
}
