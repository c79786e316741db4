/**
 * Live HLS and broadcast posters, for everyone.
 *
 *   /media/live/<broadcast>/<run>/master.m3u8, …/<rung>/index.m3u8, …/<rung>/seg000123.ts
 *   /media/posters/<broadcast>/<hash>.<ext>
 *   /media/posters/v-<video>/<hash>.jpg   (a mirrored video's poster, fetched once by the YouTube sync)
 *
 * Live media playlists change every second: cacheable for one second (a CDN in front then asks
 * the origin once a second per rung, however many watch); segments never change once listed, so
 * they are immutable. A broadcast's live folder is only served while it is live: after the end the
 * replay is the way to watch it.
 */
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors } from '../routes/schemas.ts';
import { isSafeRelativePath, mediaErrorHandler, sendMediaFile } from './media.ts';
import { canManage, isWatchable } from '../services/library.ts';

const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const LIVE_PLAYLIST = 'public, max-age=1';
const FILE = {
  200: Type.Unsafe({ description: 'the file' }),
  206: Type.Unsafe({ description: 'the requested byte range' }),
  304: Type.Null(),
  ...errors(400, 404, 412, 416)
};

export default async function liveMediaPlugin(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { paths } = app.efir;
  const notFound = (reply: FastifyReply) => reply.status(404).send({ error: { code: 'not_found', message: 'No such media file' } });

  app.route({
    method: ['GET', 'HEAD'],
    url: '/media/live/:broadcastId/:run/*',
    config: { role: 'public' },
    schema: { params: Type.Object({ broadcastId: Id, run: Id, '*': Type.String({ maxLength: 512 }) }), response: FILE },
    errorHandler: mediaErrorHandler,
    async handler(req, typedReply) {
      const reply = typedReply as unknown as FastifyReply;
      const { broadcastId, run } = req.params;
      const rel = req.params['*'];
      if (!isSafeRelativePath(rel) || !/\.(m3u8|ts)$/.test(rel)) return notFound(reply);
      const b = await app.efir.live.repo.get(broadcastId);
      if (!b || b.state !== 'live' || b.live_run !== run) return notFound(reply);
      const root = path.resolve(paths.live, broadcastId, run);
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep)) return notFound(reply);
      return sendMediaFile(req, reply, file, rel.endsWith('.m3u8') ? LIVE_PLAYLIST : undefined);
    }
  });

  app.route({
    method: ['GET', 'HEAD'],
    url: '/media/posters/:broadcastId/:file',
    config: { role: 'public' },
    schema: { params: Type.Object({ broadcastId: Id, file: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}\\.(jpg|png|webp)$' }) }), response: FILE },
    errorHandler: mediaErrorHandler,
    async handler(req, typedReply) {
      const reply = typedReply as unknown as FastifyReply;
      const file = path.resolve(paths.posters, req.params.broadcastId, req.params.file);
      if (!file.startsWith(path.resolve(paths.posters) + path.sep)) return notFound(reply);
      // A video's poster follows its video: the one it names now, of a video viewers may watch (a
      // hidden one's stays with its manager). Broadcasts' posters are public as their pages are.
      const video = /^v-(.+)$/.exec(req.params.broadcastId);
      if (video) {
        const v = await app.efir.videos.get(video[1]!);
        const rel = `${req.params.broadcastId}/${req.params.file}`;
        if (!v || v.posterPath !== rel || !(isWatchable(v) || canManage(req.user, v))) return notFound(reply);
      }
      // The name is the content's hash: a new poster is a new URL, so this one never changes.
      return sendMediaFile(req, reply, file);
    }
  });
}
