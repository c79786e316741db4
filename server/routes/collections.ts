/**
 * Public collections API: the collections viewers can browse (the channel's playlists and
 * producers' series with visible videos) and one collection's visible videos in order. Producers
 * manage theirs on the studio pages (/studio/collections), through the same service.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EfirError } from '../errors.ts';
import { CollectionView, LibraryItem, VideoId, errors } from './schemas.ts';

export default async function collectionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { collections } = app.efir;

  app.get(
    '/',
    { config: { role: 'public' }, schema: { response: { 200: Type.Object({ items: Type.Array(CollectionView) }) } } },
    async (_req, reply) => {
      reply.header('cache-control', 'no-cache');
      return { items: await collections.listPublic() };
    }
  );

  app.get(
    '/:id',
    {
      config: { role: 'public' },
      schema: {
        params: Type.Object({ id: VideoId }),
        response: { 200: Type.Object({ collection: CollectionView, items: Type.Array(LibraryItem) }), ...errors(400, 404) }
      }
    },
    async (req, reply) => {
      const found = await collections.getPublic(req.params.id);
      if (!found) throw new EfirError('not_found', `No collection ${req.params.id}`);
      reply.header('cache-control', 'no-cache');
      return found;
    }
  );
}
