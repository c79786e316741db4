/** Public library API: the list of published videos and one video's watch data. */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HttpError } from '../errors.ts';
import { LIBRARY_MAX_LIMIT } from '../services/library.ts';
import { LibraryItem, VideoParams, WatchData, errors } from './schemas.ts';

export default async function libraryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { library } = app.efir;

  app.get(
    '/',
    {
      config: { role: 'public' },
      schema: {
        querystring: Type.Object({
          page: Type.Integer({ minimum: 1, default: 1 }),
          limit: Type.Integer({ minimum: 1, maximum: LIBRARY_MAX_LIMIT, default: 24 })
        }),
        response: {
          200: Type.Object({ items: Type.Array(LibraryItem), page: Type.Integer(), limit: Type.Integer(), total: Type.Integer() }),
          ...errors(400)
        }
      }
    },
    async (req) => library.listLibrary(req.query)
  );

  app.get(
    '/:id',
    { config: { role: 'public' }, schema: { params: VideoParams, response: { 200: WatchData, ...errors(400, 404) } } },
    async (req) => {
      const watch = await library.getWatch(req.params.id, req.user);
      if (!watch) throw new HttpError(404, 'not_found', `No published video ${req.params.id}`);
      return watch;
    }
  );
}
