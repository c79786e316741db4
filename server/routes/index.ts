/** The video domain's routes (library, studio, uploads, subtitles, media files, progress events). */
import type { FastifyInstance } from 'fastify';
import libraryRoutes from './library.ts';
import studioRoutes from './studio.ts';
import subtitleRoutes from './subtitles.ts';
import eventRoutes from './events.ts';
import adminRoutes from './admin.ts';
import uploadsPlugin from '../plugins/uploads.ts';
import mediaPlugin from '../plugins/media.ts';
import liveMediaPlugin from '../plugins/live-media.ts';

export async function registerVideoRoutes(app: FastifyInstance): Promise<void> {
  await app.register(libraryRoutes, { prefix: '/api/videos' });
  await app.register(studioRoutes, { prefix: '/api/studio/videos' });
  // Its own plugin for its raw-body content-type parsers; same prefix as the studio routes.
  await app.register(subtitleRoutes, { prefix: '/api/studio/videos' });
  await app.register(eventRoutes, { prefix: '/api/studio' });
  await app.register(adminRoutes, { prefix: '/api/admin' });
  await app.register(uploadsPlugin);
  await app.register(mediaPlugin);
  await app.register(liveMediaPlugin);
}
